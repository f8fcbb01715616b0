/**
 * The AlarmRulesApi contract: what `provision-alarms` relies on, run against the CMS rules adapter on the
 * official SDK over the CMS emulator, and against the one FakeAlarmRules (src/testing). Each test starts with
 * no rules.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CloudApiError } from '../../src/core/errors.js';
import type { AlarmRule, AlarmRulesApi } from '../../src/ports/AlarmRulesApi.js';

export interface AlarmRulesSubject {
  api: AlarmRulesApi;
  close(): Promise<void>;
}

function rule(id: string, over: Partial<AlarmRule> = {}): AlarmRule {
  return {
    ruleId: `autoscaler-${id}-bw-up`,
    ruleName: `bandwidth up ${id}`,
    namespace: 'acs_ecs_dashboard',
    metricName: 'VPC_PublicIP_InternetOutRate',
    resources: [{ instanceId: id }],
    escalations: {
      critical: {
        statistics: 'Average',
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        threshold: 8e6,
        times: 3,
      },
      warn: { statistics: 'Maximum', comparisonOperator: 'GreaterThanThreshold', threshold: 7e6, times: 1 },
    },
    periodSec: 60,
    silenceTimeSec: 3600,
    effectiveInterval: '00:00-23:59',
    webhook: 'http://127.0.0.1:9000/cms?token=secret',
    contactGroups: 'autoscaler',
    labels: { 'managed-by': 'autoscaler', instance: id },
    ...over,
  };
}

export function alarmRulesContract(name: string, make: () => Promise<AlarmRulesSubject>): void {
  describe(`AlarmRulesApi contract: ${name}`, () => {
    let s: AlarmRulesSubject;
    beforeEach(async () => {
      s = await make();
    });
    afterEach(async () => {
      await s.close();
    });
    const ids = async (filter?: Parameters<AlarmRulesApi['listRules']>[0]) =>
      (await s.api.listRules(filter)).map((r) => r.ruleId).sort();

    it('lists a put rule back exactly as it was put; none before', async () => {
      expect(await s.api.listRules()).toEqual([]);
      const r = rule('i-1');
      await s.api.putRule(r);
      expect(await s.api.listRules({ ruleIds: [r.ruleId] })).toEqual([r]);
    });

    it('puts by ruleId: the same rule twice is one rule, a changed rule replaces it', async () => {
      await s.api.putRule(rule('i-1'));
      await s.api.putRule(rule('i-1'));
      expect(await ids()).toEqual(['autoscaler-i-1-bw-up']);
      const changed = rule('i-1', { silenceTimeSec: 7200, labels: { 'managed-by': 'autoscaler' } });
      await s.api.putRule(changed);
      expect(await s.api.listRules()).toEqual([changed]);
    });

    it('filters by namespace, metric and ids', async () => {
      await s.api.putRule(rule('i-1'));
      await s.api.putRule(rule('i-2'));
      await s.api.putRule(rule('i-3', { ruleId: 'autoscaler-i-3-cpu-up', metricName: 'CPUUtilization' }));
      expect(await ids({ namespace: 'acs_ecs_dashboard' })).toHaveLength(3);
      expect(await ids({ namespace: 'acs_other' })).toEqual([]);
      expect(await ids({ metricName: 'CPUUtilization' })).toEqual(['autoscaler-i-3-cpu-up']);
      expect(await ids({ ruleIds: ['autoscaler-i-2-bw-up', 'autoscaler-nope'] })).toEqual(['autoscaler-i-2-bw-up']);
    });

    it('deletes by id; unknown ids and a repeated delete are not errors', async () => {
      await s.api.putRule(rule('i-1'));
      await s.api.putRule(rule('i-2'));
      await s.api.deleteRules(['autoscaler-i-1-bw-up', 'autoscaler-nope']);
      await s.api.deleteRules(['autoscaler-i-1-bw-up']);
      await s.api.deleteRules([]);
      expect(await ids()).toEqual(['autoscaler-i-2-bw-up']);
    });

    it.each([
      { what: 'a silence time below 3600 s', over: { silenceTimeSec: 60 } },
      { what: 'Maximum on a _Percent metric', over: { metricName: 'VPC_PublicIP_InternetOutRate_Percent' } },
    ])('refuses $what with CMS code 400, and keeps nothing', async ({ over }) => {
      const err = await s.api.putRule(rule('i-bad', over)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CloudApiError);
      expect(err).toMatchObject({ code: '400', retryable: false });
      expect(await s.api.listRules()).toEqual([]);
    });
  });
}
