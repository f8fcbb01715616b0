// provision-alarms compares rules as CMS means them, not as JSON happens to order them: escalation levels, keys
// inside a resource and labels in another order are the same rule (so a second run changes nothing), stale rules
// are deleted in id order, and a delete that fails for a reason other than a CMS error reports every id of its
// batch as failed with the reason.
import { describe, expect, it } from 'vitest';
import { applyRuleDiff, changedFields, type DesiredRule, diffRules } from '../../../src/app/alarms/index.js';
import type { AlarmRule, AlarmRulesApi } from '../../../src/ports/AlarmRulesApi.js';

const CRITICAL = {
  statistics: 'Average',
  comparisonOperator: 'GreaterThanOrEqualToThreshold',
  threshold: 9e6,
  times: 3,
};
const WARN = { statistics: 'Maximum', comparisonOperator: 'GreaterThanThreshold', threshold: 7e6, times: 1 };

function rule(over: Partial<AlarmRule> = {}): AlarmRule {
  return {
    ruleId: 'autoscaler-i-1-bw-up',
    ruleName: 'bandwidth up i-1',
    namespace: 'acs_ecs_dashboard',
    metricName: 'VPC_PublicIP_InternetOutRate',
    resources: [{ instanceId: 'i-1', userId: '42' }],
    escalations: { critical: CRITICAL, warn: WARN } as AlarmRule['escalations'],
    periodSec: 60,
    silenceTimeSec: 3600,
    contactGroups: 'autoscaler',
    labels: { 'managed-by': 'ecs-vertical-autoscaler', 'autoscaler-group': 'web' },
    ...over,
  };
}

const desired = (over: Partial<AlarmRule> = {}): DesiredRule => ({
  ...rule(over),
  instanceId: 'i-1',
  group: 'web',
  kind: 'bw-up',
});

describe('changedFields: order does not make a change', () => {
  it('escalation levels, resource keys and labels listed in another order are equal', () => {
    const listed = rule({
      escalations: { warn: WARN, critical: CRITICAL } as AlarmRule['escalations'],
      resources: [{ userId: '42', instanceId: 'i-1' }],
      labels: { 'autoscaler-group': 'web', 'managed-by': 'ecs-vertical-autoscaler' },
    });
    expect(changedFields(rule(), listed)).toEqual([]);
  });

  it('a rule without a webhook equals one listed with an empty webhook, not one with a URL', () => {
    expect(changedFields(rule(), rule({ webhook: '' }))).toEqual([]);
    expect(changedFields(rule(), rule({ webhook: 'https://x.example/cms' }))).toEqual(['webhook']);
  });

  it('a resource with another value, or resources in another order, is a change', () => {
    expect(changedFields(rule(), rule({ resources: [{ instanceId: 'i-2', userId: '42' }] }))).toEqual(['resources']);
    const two = [{ instanceId: 'i-1' }, { instanceId: 'i-2' }];
    expect(changedFields(rule({ resources: two }), rule({ resources: [...two].reverse() }))).toEqual(['resources']);
  });
});

describe('diffRules and applyRuleDiff', () => {
  it('deletes stale autoscaler rules in id order and leaves foreign rules alone', () => {
    const stale = ['autoscaler-i-9-bw-up', 'autoscaler-i-3-bw-up', 'autoscaler-i-5-bw-down'].map((ruleId) =>
      rule({ ruleId }),
    );
    const diff = diffRules([desired()], [...stale, rule({ ruleId: 'ops-disk-full' }), rule()]);
    expect(diff.delete.map((r) => r.ruleId)).toEqual([
      'autoscaler-i-3-bw-up',
      'autoscaler-i-5-bw-down',
      'autoscaler-i-9-bw-up',
    ]);
    expect(diff.unchanged.map((r) => r.ruleId)).toEqual(['autoscaler-i-1-bw-up']);
  });

  it('reports a put that threw a plain Error as Unexpected with its message, and carries on', async () => {
    const put: string[] = [];
    const alarms: AlarmRulesApi = {
      putRule: async (r) => {
        put.push(r.ruleId);
        if (r.ruleId === 'autoscaler-i-1-bw-up') throw new TypeError('body too large');
      },
      listRules: async () => [],
      deleteRules: async () => {},
    };
    const diff = diffRules([desired(), { ...desired(), ruleId: 'autoscaler-i-2-bw-up' }], []);
    expect(await applyRuleDiff(alarms, diff)).toEqual([
      { op: 'create', ruleId: 'autoscaler-i-1-bw-up', ok: false, code: 'Unexpected', message: 'body too large' },
      { op: 'create', ruleId: 'autoscaler-i-2-bw-up', ok: true },
    ]);
    expect(put).toEqual(['autoscaler-i-1-bw-up', 'autoscaler-i-2-bw-up']);
  });

  it('reports every id of a delete batch that threw something other than a CMS error', async () => {
    const deleted: string[][] = [];
    const alarms: AlarmRulesApi = {
      putRule: async () => {},
      listRules: async () => [],
      deleteRules: async (ids) => {
        deleted.push([...ids]);
        throw 'socket closed';
      },
    };
    const stale = Array.from({ length: 21 }, (_, i) => rule({ ruleId: `autoscaler-i-${String(i).padStart(2, '0')}` }));
    const results = await applyRuleDiff(alarms, diffRules([], stale));
    expect(deleted.map((b) => b.length)).toEqual([20, 1]);
    expect(results).toHaveLength(21);
    expect(
      results.every((r) => r.op === 'delete' && !r.ok && r.code === 'Unexpected' && r.message === 'socket closed'),
    ).toBe(true);
  });
});
