import { describe, expect, it } from 'vitest';
import { changedFields, type DesiredRule, diffRules, planAlarmRules } from '../../../src/app/alarms/index.js';
import type { AlarmRule } from '../../../src/ports/AlarmRulesApi.js';
import { bandwidthPolicy, config, group, instance } from '../builders.js';

const HOOK = 'https://alarm.example.fcapp.run/cms?token=s3cret';
const g = group({ bandwidth: bandwidthPolicy() });
const desired = planAlarmRules(config([g]), [{ instance: instance(), group: g }], HOOK);

/** What CMS would list for a desired rule (DescribeMetricRuleList adds defaults, drops our metadata). */
function listed(d: DesiredRule, over: Partial<AlarmRule> = {}): AlarmRule {
  const { instanceId: _i, group: _g, kind: _k, ...rule } = d;
  return { ...structuredClone(rule), effectiveInterval: '00:00-23:59', ...over };
}

describe('diffRules', () => {
  it('nothing listed → everything is created', () => {
    const diff = diffRules(desired, []);
    expect(diff.create.map((r) => r.ruleId)).toEqual(desired.map((r) => r.ruleId));
    expect([diff.update, diff.delete, diff.unchanged]).toEqual([[], [], []]);
  });

  it('the same rules listed back (with CMS defaults) → all unchanged', () => {
    const diff = diffRules(
      desired,
      desired.map((d) => listed(d)),
    );
    expect(diff.unchanged).toHaveLength(desired.length);
    expect([diff.create, diff.update, diff.delete]).toEqual([[], [], []]);
  });

  it.each<[string, Partial<AlarmRule>, string[]]>([
    [
      'threshold',
      {
        escalations: {
          critical: {
            statistics: 'Average',
            comparisonOperator: 'GreaterThanOrEqualToThreshold',
            threshold: 90,
            times: 1,
          },
        },
      },
      ['escalations'],
    ],
    ['webhook token', { webhook: 'https://alarm.example.fcapp.run/cms?token=old' }, ['webhook']],
    ['period and silence', { periodSec: 300, silenceTimeSec: 86_400 }, ['periodSec', 'silenceTimeSec']],
    ['metric', { metricName: 'InternetOutRate_Percent' }, ['metricName']],
    ['labels', { labels: { 'managed-by': 'someone-else' } }, ['labels']],
    ['resources', { resources: [{ instanceId: 'i-other' }] }, ['resources']],
    ['effective interval', { effectiveInterval: '08:00-20:00' }, ['effectiveInterval']],
  ])('a changed %s → update naming the field', (_label, over, fields) => {
    const up = desired.find((d) => d.kind === 'bw-up') as DesiredRule;
    const diff = diffRules([up], [listed(up, over)]);
    expect(diff.update).toHaveLength(1);
    expect(diff.update[0]?.changed).toEqual(fields);
  });

  it('label order, resource key order and string numbers do not count as changes', () => {
    const up = desired.find((d) => d.kind === 'bw-up') as DesiredRule;
    const reordered = listed(up, {
      labels: { 'autoscaler-group': 'web', 'managed-by': 'ecs-vertical-autoscaler' },
      periodSec: Number('60'),
    });
    expect(changedFields(up, reordered)).toEqual([]);
  });

  it('our rules no longer desired are deleted; foreign rules are never touched', () => {
    const stale = listed(desired[0] as DesiredRule, { ruleId: 'autoscaler-i-gone-bw-up' });
    const foreign = listed(desired[0] as DesiredRule, { ruleId: 'ops-disk-full' });
    const diff = diffRules(desired, [stale, foreign, ...desired.map((d) => listed(d))]);
    expect(diff.delete.map((r) => r.ruleId)).toEqual(['autoscaler-i-gone-bw-up']);
    expect(diff.unchanged).toHaveLength(desired.length);
  });
});
