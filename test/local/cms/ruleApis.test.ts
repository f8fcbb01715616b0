// PutResourceMetricRule / DescribeMetricRuleList / DeleteMetricRules through the official CMS SDK.
import {
  DeleteMetricRulesRequest,
  DescribeMetricRuleListRequest,
  PutResourceMetricRuleRequest,
} from '@alicloud/cms20190101';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, T0 } from './harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h.cms.close();
});

function rule(over: Record<string, unknown> = {}) {
  return new PutResourceMetricRuleRequest({
    ruleId: 'rule-bw-i-1',
    ruleName: 'bandwidth high i-1',
    namespace: 'acs_ecs_dashboard',
    metricName: 'VPC_PublicIP_InternetOutRate',
    resources: '[{"instanceId":"i-1"}]',
    contactGroups: 'autoscaler',
    webhook: 'http://127.0.0.1:9/cms?token=x',
    period: '60',
    silenceTime: 3600,
    effectiveInterval: '00:00-23:59',
    labels: [{ key: 'managed-by', value: 'autoscaler' }],
    escalations: {
      critical: {
        statistics: 'Average',
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        threshold: '8000000',
        times: 3,
      },
      warn: { statistics: 'Maximum', comparisonOperator: 'GreaterThanThreshold', threshold: '6000000', times: 1 },
    },
    ...over,
  });
}

describe('PutResourceMetricRule + DescribeMetricRuleList', () => {
  it('creates a rule and describes it in the documented shape, Webhook included', async () => {
    const put = await h.client.putResourceMetricRule(rule());
    expect(put.body).toMatchObject({ success: true, code: '200' });
    const res = await h.client.describeMetricRuleList(new DescribeMetricRuleListRequest({ ruleIds: 'rule-bw-i-1' }));
    expect(res.body?.success).toBe(true);
    expect(res.body?.total).toBe('1');
    const alarm = res.body?.alarms?.alarm?.[0];
    expect(alarm).toMatchObject({
      ruleId: 'rule-bw-i-1',
      ruleName: 'bandwidth high i-1',
      namespace: 'acs_ecs_dashboard',
      metricName: 'VPC_PublicIP_InternetOutRate',
      resources: '[{"instanceId":"i-1"}]',
      webhook: 'http://127.0.0.1:9/cms?token=x',
      contactGroups: 'autoscaler',
      period: '60',
      silenceTime: 3600,
      effectiveInterval: '00:00-23:59',
      enableState: true,
      alertState: 'INSUFFICIENT_DATA',
    });
    // GmtCreate / GmtUpdate are not in DescribeMetricRuleList's response schema (api-meta cms.json).
    expect(alarm).not.toHaveProperty('gmtCreate');
    expect(alarm?.escalations?.critical).toMatchObject({
      statistics: 'Average',
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      threshold: '8000000',
      times: 3,
    });
    expect(alarm?.escalations?.warn?.statistics).toBe('Maximum');
    expect(alarm?.escalations?.info).toBeUndefined();
    expect(alarm?.labels?.labels).toEqual([expect.objectContaining({ key: 'managed-by', value: 'autoscaler' })]);
  });

  it('updates in place on a re-put of the same RuleId (create-or-update, no duplicate)', async () => {
    await h.clock.advance(60_000);
    await h.client.putResourceMetricRule(rule({ silenceTime: 7200, ruleName: 'renamed' }));
    const rules = h.cms.metricRules().filter((r) => r.ruleId === 'rule-bw-i-1');
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({
      ruleName: 'renamed',
      silenceTimeSec: 7200,
      createdMs: T0,
      updatedMs: T0 + 60_000,
    });
  });

  it('defaults SilenceTime to 86400 s and Period to 60 s', async () => {
    await h.client.putResourceMetricRule(rule({ ruleId: 'rule-defaults', silenceTime: undefined, period: undefined }));
    expect(h.cms.metricRules().find((r) => r.ruleId === 'rule-defaults')).toMatchObject({
      silenceTimeSec: 86400,
      periodSec: 60,
    });
  });

  it('pages with Page/PageSize and filters by Namespace, MetricName, RuleName and Dimensions', async () => {
    for (let i = 0; i < 5; i++) {
      await h.client.putResourceMetricRule(
        rule({
          ruleId: `rule-cpu-${i}`,
          ruleName: `cpu ${i}`,
          metricName: 'CPUUtilization',
          resources: `[{"instanceId":"i-c${i}"}]`,
          escalations: {
            info: { statistics: 'Average', comparisonOperator: 'LessThanThreshold', threshold: '10', times: 2 },
          },
        }),
      );
    }
    const pageOf = async (page: number) =>
      (
        await h.client.describeMetricRuleList(
          new DescribeMetricRuleListRequest({ metricName: 'CPUUtilization', page, pageSize: 2 }),
        )
      ).body;
    const pages = await Promise.all([1, 2, 3].map(pageOf));
    expect(pages.map((p) => p?.alarms?.alarm?.map((a) => a.ruleId))).toEqual([
      ['rule-cpu-0', 'rule-cpu-1'],
      ['rule-cpu-2', 'rule-cpu-3'],
      ['rule-cpu-4'],
    ]);
    expect(pages[0]?.total).toBe('5');
    const byName = await h.client.describeMetricRuleList(new DescribeMetricRuleListRequest({ ruleName: 'cpu 3' }));
    expect(byName.body?.alarms?.alarm?.map((a) => a.ruleId)).toEqual(['rule-cpu-3']);
    const byDims = await h.client.describeMetricRuleList(
      new DescribeMetricRuleListRequest({ dimensions: '[{"instanceId":"i-c4"}]', namespace: 'acs_ecs_dashboard' }),
    );
    expect(byDims.body?.alarms?.alarm?.map((a) => a.ruleId)).toEqual(['rule-cpu-4']);
  });

  it.each([
    { name: 'SilenceTime below 3600', over: { silenceTime: 600 }, msg: /SilenceTime.*3600/ },
    {
      name: 'Maximum on a _Percent metric',
      over: {
        metricName: 'VPC_PublicIP_InternetOutRate_Percent',
        escalations: {
          critical: { statistics: 'Maximum', comparisonOperator: 'GreaterThanThreshold', threshold: '90', times: 1 },
        },
      },
      msg: /Statistics.*Maximum/,
    },
    {
      name: 'a level without Times',
      over: {
        escalations: {
          critical: { statistics: 'Average', comparisonOperator: 'GreaterThanThreshold', threshold: '1' },
        },
      },
      msg: /Escalations\.Critical/,
    },
    { name: 'no level at all', over: { escalations: undefined }, msg: /At least one/ },
    { name: 'a bad EffectiveInterval', over: { effectiveInterval: '9-17' }, msg: /EffectiveInterval/ },
    { name: 'a Webhook that is not http(s)', over: { webhook: 'ftp://x' }, msg: /Webhook/ },
    { name: 'Resources not JSON', over: { resources: 'i-1' }, msg: /Resources/ },
    { name: 'an unknown metric', over: { metricName: 'NoSuchMetric' }, msg: /NoSuchMetric/ },
    {
      name: 'a non-numeric Threshold',
      over: {
        escalations: {
          critical: { statistics: 'Average', comparisonOperator: 'GreaterThanThreshold', threshold: 'high', times: 1 },
        },
      },
      msg: /Threshold/,
    },
  ])('rejects $name with HTTP 200 Success:false Code 400', async ({ over, msg }) => {
    const res = await h.client.putResourceMetricRule(rule({ ruleId: 'rule-invalid', ...over }));
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatchObject({ success: false, code: '400' });
    expect(res.body?.message).toMatch(msg);
    expect(h.cms.metricRules().some((r) => r.ruleId === 'rule-invalid')).toBe(false);
  });

  it('rejects a missing RuleId with a real HTTP 400 MissingParameter', async () => {
    const err = await h.client.putResourceMetricRule(rule({ ruleId: undefined })).then(
      () => undefined,
      (e: { statusCode?: number; code?: string }) => e,
    );
    expect(err).toMatchObject({ statusCode: 400, code: 'MissingParameter' });
  });
});

describe('DeleteMetricRules', () => {
  it('deletes the rules named by Id.N and ignores unknown ids', async () => {
    const res = await h.client.deleteMetricRules(
      new DeleteMetricRulesRequest({ id: ['rule-cpu-0', 'rule-cpu-1', 'nope'] }),
    );
    expect(res.body).toMatchObject({ success: true, code: '200' });
    const ids = h.cms.metricRules().map((r) => r.ruleId);
    expect(ids).not.toContain('rule-cpu-0');
    expect(ids).not.toContain('rule-cpu-1');
    expect(ids).toContain('rule-cpu-2');
  });
});
