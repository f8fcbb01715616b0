// Flow control of the metric-data APIs (Throttling.User beyond N calls per second of emulator time), and
// fault injection passed through the shared ACS shell.
import { DescribeMetricLastRequest, PutResourceMetricRuleRequest } from '@alicloud/cms20190101';
import { afterEach, describe, expect, it } from 'vitest';
import { FaultInjector } from '@ecs-autoscaler/local-cloud/faults.js';
import { type Harness, startHarness } from './harness.js';

let h: Harness | undefined;

afterEach(async () => {
  await h?.cms.close();
  h = undefined;
});

const last = () => new DescribeMetricLastRequest({ namespace: 'acs_ecs_dashboard', metricName: 'CPUUtilization' });

async function failure(p: Promise<unknown>): Promise<{ name?: string; code?: string; statusCode?: number }> {
  return p.then(
    () => ({}),
    (e: { name?: string; code?: string; statusCode?: number }) => e,
  );
}

describe('Throttling.User', () => {
  it.each([
    { limit: undefined, allowed: 50 },
    { limit: 5, allowed: 5 },
  ])(
    'allows $allowed calls per second (maxCallsPerSec $limit), then throttles until the second is over',
    async ({ limit, allowed }) => {
      h = await startHarness(limit !== undefined ? { maxCallsPerSec: limit } : {});
      for (let i = 0; i < allowed; i++) {
        const res = await h.client.describeMetricLast(last());
        expect(res.body?.success).toBe(true);
      }
      const err = await failure(h.client.describeMetricLast(last()));
      expect(err).toMatchObject({ name: 'ThrottlingError', code: 'Throttling.User', statusCode: 400 });
      await h.clock.advance(1000);
      expect((await h.client.describeMetricLast(last())).body?.success).toBe(true);
    },
  );

  it('does not count rule management calls against the metric-data limit', async () => {
    h = await startHarness({ maxCallsPerSec: 1 });
    await h.client.describeMetricLast(last());
    const put = await h.client.putResourceMetricRule(
      new PutResourceMetricRuleRequest({
        ruleId: 'r',
        ruleName: 'r',
        namespace: 'acs_ecs_dashboard',
        metricName: 'CPUUtilization',
        resources: '[{"instanceId":"i-1"}]',
        contactGroups: 'g',
        escalations: {
          info: { statistics: 'Average', comparisonOperator: 'GreaterThanThreshold', threshold: '1', times: 1 },
        },
      }),
    );
    expect(put.body?.success).toBe(true);
  });
});

describe('fault injection', () => {
  it('serves injected 503s through the ACS shell before any handler runs', async () => {
    const faults = new FaultInjector({
      rules: [{ action: 'DescribeMetricLast', kind: 'ServiceUnavailable', maxCount: 1 }],
    });
    h = await startHarness({ faults });
    const err = await failure(h.client.describeMetricLast(last()));
    expect(err).toMatchObject({ statusCode: 503, code: 'ServiceUnavailable' });
    expect((await h.client.describeMetricLast(last())).body?.success).toBe(true);
  });
});
