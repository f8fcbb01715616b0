// createAlarmRulesApi (official CMS SDK) against the emulator: put/list/delete round trip, idempotent re-put,
// paging through more than one page, and validation failures surfaced as CloudApiError. Each test gets its own
// emulator, so the tests hold in any order (vitest --sequence.shuffle) and alone (-t).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AlarmRule, createAlarmRulesApi } from '../../../src/adapters/aliyun/cmsRules.js';
import { NO_RETRY } from '../../../src/adapters/aliyun/retry.js';
import { CloudApiError } from '../../../src/core/errors.js';
import { AK, type Harness, SECRET, startHarness } from '../../local/cms/harness.js';

let h: Harness;
let rules: ReturnType<typeof createAlarmRulesApi>;

beforeEach(async () => {
  h = await startHarness();
  rules = createAlarmRulesApi({
    endpoint: h.cms.endpoint,
    protocol: 'http',
    regionId: 'cn-hangzhou',
    credentials: { accessKeyId: AK, accessKeySecret: SECRET },
    maxCallsPerSec: 10_000,
    retry: NO_RETRY,
  });
});

afterEach(async () => {
  await h.cms.close();
});

function bwRule(id: string, over: Partial<AlarmRule> = {}): AlarmRule {
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
        threshold: 8_500_000,
        times: 3,
      },
      warn: { statistics: 'Maximum', comparisonOperator: 'GreaterThanThreshold', threshold: 7_000_000, times: 1 },
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

describe('createAlarmRulesApi', () => {
  it('lists a put rule back exactly as it was put', async () => {
    const rule = bwRule('i-web01');
    await rules.putRule(rule);
    expect(await rules.listRules({ ruleIds: [rule.ruleId] })).toEqual([rule]);
  });

  it('a second identical put changes nothing (deterministic RuleId → idempotent provisioning)', async () => {
    const rule = bwRule('i-web01');
    await rules.putRule(rule);
    await rules.putRule(rule);
    const listed = await rules.listRules({ ruleIds: [rule.ruleId] });
    expect(listed).toEqual([rule]);
    expect(h.cms.metricRules().filter((r) => r.ruleId === rule.ruleId)).toHaveLength(1);
  });

  it('reads every page when there are more rules than one page holds', async () => {
    const many = Array.from({ length: 130 }, (_, i) =>
      bwRule(`i-many${String(i).padStart(3, '0')}`, { webhook: undefined }),
    );
    for (const r of many) await rules.putRule(r);
    const listed = await rules.listRules({ namespace: 'acs_ecs_dashboard' });
    expect(listed.length).toBe(130);
    expect(new Set(listed.map((r) => r.ruleId)).size).toBe(130);
  });

  it('deletes in batches, and a repeated delete is harmless', async () => {
    await rules.putRule(bwRule('i-web01'));
    for (let i = 0; i < 130; i++) {
      await rules.putRule(bwRule(`i-many${String(i).padStart(3, '0')}`, { webhook: undefined }));
    }
    const ids = Array.from({ length: 130 }, (_, i) => `autoscaler-i-many${String(i).padStart(3, '0')}-bw-up`);
    await rules.deleteRules(ids);
    await rules.deleteRules(ids);
    expect((await rules.listRules()).map((r) => r.ruleId)).toEqual(['autoscaler-i-web01-bw-up']);
  });

  it.each([
    { name: 'SilenceTime below 3600', over: { silenceTimeSec: 60 } },
    { name: 'Maximum on a _Percent metric', over: { metricName: 'VPC_PublicIP_InternetOutRate_Percent' } },
  ])('surfaces a Success:false rejection ($name) as a final CloudApiError', async ({ over }) => {
    const err = await rules.putRule(bwRule('i-bad', over)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CloudApiError);
    expect(err).toMatchObject({ code: '400', retryable: false });
  });
});
