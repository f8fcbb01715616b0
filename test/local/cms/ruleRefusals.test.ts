// PutResourceMetricRule values the CMS emulator refuses (HTTP 200, Success:false, Code 400, like CMS) beyond the
// rule API tests: composite and Prometheus rules it does not model, an empty resource list, an unknown comparison
// operator, a period off the metric's grid, an unknown NoDataPolicy. And optional fields it keeps: NoDataPolicy,
// EmailSubject, Interval and NoEffectiveInterval, with labels missing a key or value.
import { PutResourceMetricRuleRequest } from '@alicloud/cms20190101';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.cms.close();
});

function rule(over: Record<string, unknown> = {}) {
  return new PutResourceMetricRuleRequest({
    ruleId: 'rule-x',
    ruleName: 'bandwidth high i-1',
    namespace: 'acs_ecs_dashboard',
    metricName: 'VPC_PublicIP_InternetOutRate',
    resources: '[{"instanceId":"i-1"}]',
    contactGroups: 'autoscaler',
    period: '60',
    silenceTime: 3600,
    escalations: {
      critical: { statistics: 'Average', comparisonOperator: 'GreaterThanThreshold', threshold: '8000000', times: 1 },
    },
    ...over,
  });
}

describe('PutResourceMetricRule refusals', () => {
  it.each([
    {
      name: 'a composite expression',
      over: { compositeExpression: { expressionRaw: '$Average>1', level: 'CRITICAL', times: 1 } },
      msg: /CompositeExpression and Prometheus/,
    },
    { name: 'an empty resource list', over: { resources: '[]' }, msg: /Resources must name at least one/ },
    {
      name: 'an unknown comparison operator',
      over: {
        escalations: {
          critical: { statistics: 'Average', comparisonOperator: 'Above', threshold: '1', times: 1 },
        },
      },
      msg: /ComparisonOperator "Above" is not supported/,
    },
    { name: 'a period off the 60 s grid', over: { period: '90' }, msg: /Period must be a multiple of 60/ },
    { name: 'an unknown NoDataPolicy', over: { noDataPolicy: 'IGNORE' }, msg: /NoDataPolicy/ },
  ])('refuses $name with Success:false Code 400 and stores nothing', async ({ over, msg }) => {
    const res = await h.client.putResourceMetricRule(rule({ ruleId: 'rule-refused', ...over }));
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatchObject({ success: false, code: '400' });
    expect(res.body?.message).toMatch(msg);
    expect(h.cms.metricRules().some((r) => r.ruleId === 'rule-refused')).toBe(false);
  });
});

describe('PutResourceMetricRule optional fields', () => {
  it('keeps NoDataPolicy, EmailSubject, Interval and NoEffectiveInterval, and labels missing a key or value', async () => {
    const res = await h.client.putResourceMetricRule(
      rule({
        ruleId: 'rule-optional',
        noDataPolicy: 'OK',
        emailSubject: 'bandwidth',
        interval: '120',
        noEffectiveInterval: '00:00-06:00',
        labels: [{ key: 'managed-by' }, { value: 'orphan' }],
      }),
    );
    expect(res.body).toMatchObject({ success: true });
    expect(h.cms.metricRules().find((r) => r.ruleId === 'rule-optional')).toMatchObject({
      noDataPolicy: 'OK',
      emailSubject: 'bandwidth',
      intervalSec: 120,
      noEffectiveInterval: '00:00-06:00',
      labels: [
        { key: 'managed-by', value: '' },
        { key: '', value: 'orphan' },
      ],
    });
  });
});
