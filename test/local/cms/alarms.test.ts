// Alarm evaluator semantics end to end: rules put with the official SDK, metrics from the emulated workload,
// time on a VirtualClock, callbacks received by a 127.0.0.1 webhook.
import { DescribeMetricRuleListRequest, PutResourceMetricRuleRequest } from '@alicloud/cms20190101';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCmsAlarm } from '../../../src/core/events/cmsAlarm.js';
import { type Harness, startHarness, startWebhook, T0, USER_ID } from './harness.js';

const MIN = 60_000;
const CALLBACK_FIELDS = [
  'alertName',
  'alertState',
  'curValue',
  'dimensions',
  'expression',
  'groupId',
  'instanceName',
  'lastTime',
  'metricName',
  'metricProject',
  'namespace',
  'preTriggerLevel',
  'productGroupName',
  'rawMetricName',
  'regionId',
  'regionName',
  'ruleId',
  'signature',
  'timestamp',
  'transId',
  'triggerLevel',
  'unit',
  'userId',
];

type Webhook = Awaited<ReturnType<typeof startWebhook>>;
const cleanup: (() => Promise<void>)[] = [];

afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()?.();
});

/** i-1: VPC, 10 Mbps provisioned, demand 9 Mbps (served 9e6 bit/s) unless the test changes it. */
async function setup(
  opts: { failFirst?: number; callbackRetries?: number } = {},
): Promise<{ h: Harness; hook: Webhook }> {
  const h = await startHarness({
    ...(opts.callbackRetries !== undefined ? { callbackRetries: opts.callbackRetries } : {}),
  });
  const hook = await startWebhook(opts.failFirst !== undefined ? { failFirst: opts.failFirst } : {});
  cleanup.push(
    () => h.cms.close(),
    () => hook.close(),
  );
  h.fleet.set('i-1', { bandwidthOutMbps: 10, publicIp: '47.0.0.1', instanceName: 'web-01' });
  h.workload.demand.set('i-1', 9);
  return { h, hook };
}

async function putRule(h: Harness, webhook: string, over: Record<string, unknown> = {}): Promise<void> {
  const res = await h.client.putResourceMetricRule(
    new PutResourceMetricRuleRequest({
      ruleId: 'bw-up-i-1',
      ruleName: 'bandwidth up i-1',
      namespace: 'acs_ecs_dashboard',
      metricName: 'VPC_PublicIP_InternetOutRate',
      resources: '[{"instanceId":"i-1"}]',
      contactGroups: 'autoscaler',
      webhook,
      period: '60',
      silenceTime: 3600,
      escalations: {
        critical: {
          statistics: 'Average',
          comparisonOperator: 'GreaterThanOrEqualToThreshold',
          threshold: '8000000',
          times: 3,
        },
      },
      ...over,
    }),
  );
  expect(res.body?.success).toBe(true);
}

const states = (hook: Webhook) =>
  hook.received.map((r) => `${r.fields.alertState}@${(Number(r.fields.timestamp) - T0) / MIN}`);

describe('alarm evaluator', () => {
  it('alerts only after Times consecutive breaching periods, with every callback field, form-encoded', async () => {
    const { h, hook } = await setup();
    await putRule(h, hook.url);
    await h.clock.advance(2 * MIN);
    expect(hook.received).toHaveLength(0);
    await h.clock.advance(MIN);
    expect(states(hook)).toEqual(['ALERT@3']);
    const cb = hook.received[0];
    expect(cb?.contentType).toBe('application/x-www-form-urlencoded; charset=UTF-8');
    expect(Object.keys(cb?.fields ?? {}).sort()).toEqual([...CALLBACK_FIELDS].sort());
    expect(cb?.body).toContain('dimensions=%7BuserId%3D');
    expect(cb?.fields).toMatchObject({
      alertName: 'bandwidth up i-1',
      alertState: 'ALERT',
      curValue: '9000000',
      dimensions: `{userId=${USER_ID}, instanceId=i-1, ip=47.0.0.1}`,
      expression: '$Average>=8000000',
      instanceName: 'web-01',
      lastTime: '3 minutes',
      metricName: 'VPC_PublicIP_InternetOutRate',
      metricProject: 'acs_ecs',
      namespace: 'acs_ecs_dashboard',
      preTriggerLevel: 'null',
      rawMetricName: 'VPC_PublicIP_InternetOutRate',
      regionId: 'cn-hangzhou',
      regionName: 'China (Hangzhou)',
      ruleId: 'bw-up-i-1',
      timestamp: String(T0 + 3 * MIN),
      triggerLevel: 'CRITICAL',
      unit: 'bit/s',
      userId: USER_ID,
    });
    expect(cb?.fields.signature).toMatch(/^[A-Za-z0-9+/]{27}=$/);
    expect(h.cms.callbacks()).toEqual([
      expect.objectContaining({ ok: true, status: 200, attempts: 1, atMs: T0 + 3 * MIN }),
    ]);
    expect(h.cms.callbackCount()).toBe(1);
    // The product's own parser understands it.
    expect(parseCmsAlarm(cb?.fields ?? {})).toMatchObject({
      alertState: 'ALERT',
      curValue: 9e6,
      dimensions: { instanceId: 'i-1' },
    });
  });

  it('resets the count when a period does not breach (consecutive, not cumulative)', async () => {
    const { h, hook } = await setup();
    // Breach in minutes 0-1, dip in minute 2, breach again from minute 3: ALERT needs minutes 3, 4, 5.
    h.workload.demand.set('i-1', (t) => ((t - T0) / MIN === 2 ? 1 : 9));
    await putRule(h, hook.url);
    await h.clock.advance(5 * MIN);
    expect(hook.received).toHaveLength(0);
    await h.clock.advance(MIN);
    expect(states(hook)).toEqual(['ALERT@6']);
  });

  it('re-notifies a persisting alert at most once per SilenceTime, then sends one OK with the same transId', async () => {
    const { h, hook } = await setup();
    await putRule(h, hook.url);
    await h.clock.advance(130 * MIN);
    expect(states(hook)).toEqual(['ALERT@3', 'ALERT@63', 'ALERT@123']);
    h.workload.demand.set('i-1', 2);
    await h.clock.advance(20 * MIN);
    expect(states(hook)).toEqual(['ALERT@3', 'ALERT@63', 'ALERT@123', 'OK@131']);
    const transIds = new Set(hook.received.map((r) => r.fields.transId));
    expect(transIds.size).toBe(1);
    expect(hook.received[3]?.fields).toMatchObject({
      triggerLevel: 'OK',
      preTriggerLevel: 'CRITICAL',
      curValue: '2000000',
    });
  });

  it('starts a new transId for the next alert after recovery', async () => {
    const { h, hook } = await setup();
    h.workload.demand.set('i-1', (t) => ((t - T0) / MIN >= 5 && (t - T0) / MIN < 8 ? 1 : 9));
    await putRule(h, hook.url, {
      escalations: {
        critical: {
          statistics: 'Average',
          comparisonOperator: 'GreaterThanOrEqualToThreshold',
          threshold: '8000000',
          times: 1,
        },
      },
    });
    await h.clock.advance(10 * MIN);
    expect(states(hook)).toEqual(['ALERT@1', 'OK@6', 'ALERT@9']);
    const [a, ok, b] = hook.received.map((r) => r.fields.transId);
    expect(ok).toBe(a);
    expect(b).not.toBe(a);
  });

  it('escalates Warn → Critical with preTriggerLevel, within one transId', async () => {
    const { h, hook } = await setup();
    h.workload.demand.set('i-1', (t) => ((t - T0) / MIN < 2 ? 7 : 9.5));
    await putRule(h, hook.url, {
      escalations: {
        critical: { statistics: 'Maximum', comparisonOperator: 'GreaterThanThreshold', threshold: '9000000', times: 1 },
        warn: {
          statistics: 'Average',
          comparisonOperator: 'GreaterThanOrEqualToThreshold',
          threshold: '6000000',
          times: 1,
        },
      },
    });
    await h.clock.advance(4 * MIN);
    expect(hook.received.map((r) => [r.fields.triggerLevel, r.fields.preTriggerLevel])).toEqual([
      ['WARN', 'null'],
      ['CRITICAL', 'WARN'],
    ]);
    expect(new Set(hook.received.map((r) => r.fields.transId)).size).toBe(1);
  });

  it('sends no ALERT outside EffectiveInterval and alerts at the first evaluation inside it', async () => {
    const { h, hook } = await setup();
    // T0 is 08:00 in UTC+8: the window opens 60 minutes later.
    await putRule(h, hook.url, { effectiveInterval: '09:00-18:00' });
    await h.clock.advance(59 * MIN);
    expect(hook.received).toHaveLength(0);
    await h.clock.advance(MIN);
    expect(states(hook)).toEqual(['ALERT@60']);
    expect(hook.received[0]?.fields.lastTime).toBe('60 minutes');
  });

  it('evaluates a 300 s rule once per period on the 5-minute aggregate', async () => {
    const { h, hook } = await setup();
    await putRule(h, hook.url, {
      period: '300',
      escalations: {
        critical: {
          statistics: 'Average',
          comparisonOperator: 'GreaterThanOrEqualToThreshold',
          threshold: '8000000',
          times: 2,
        },
      },
    });
    await h.clock.advance(9 * MIN);
    expect(hook.received).toHaveLength(0);
    await h.clock.advance(MIN);
    expect(states(hook)).toEqual(['ALERT@10']);
  });

  it('stays INSUFFICIENT_DATA without callbacks when the resource has no data', async () => {
    const { h, hook } = await setup();
    await putRule(h, hook.url, { resources: '[{"instanceId":"i-gone"}]' });
    await h.clock.advance(10 * MIN);
    expect(hook.received).toHaveLength(0);
    const res = await h.client.describeMetricRuleList(new DescribeMetricRuleListRequest({ ruleIds: 'bw-up-i-1' }));
    expect(res.body?.alarms?.alarm?.[0]?.alertState).toBe('INSUFFICIENT_DATA');
  });

  // DescribeMetricRuleList documents OK / ALARM / INSUFFICIENT_DATA (parameter and answer); callbacks say ALERT.
  it('reports ALARM in DescribeMetricRuleList while alerting (the callback says ALERT)', async () => {
    const { h, hook } = await setup();
    await putRule(h, hook.url);
    await h.clock.advance(3 * MIN);
    const res = await h.client.describeMetricRuleList(new DescribeMetricRuleListRequest({ alertState: 'ALARM' }));
    expect(res.body?.alarms?.alarm?.map((a) => [a.ruleId, a.alertState])).toEqual([['bw-up-i-1', 'ALARM']]);
    expect(h.cms.callbacks().at(-1)?.fields.alertState).toBe('ALERT');
  });

  it.each([
    { failFirst: 2, retries: 3, attempts: 3, ok: true, status: 200 },
    { failFirst: 10, retries: 3, attempts: 4, ok: false, status: 500 },
  ])('retries a failing webhook (fail $failFirst, retries $retries) → attempts $attempts', async (c) => {
    const { h, hook } = await setup({ failFirst: c.failFirst, callbackRetries: c.retries });
    await putRule(h, hook.url, {
      escalations: {
        critical: {
          statistics: 'Average',
          comparisonOperator: 'GreaterThanOrEqualToThreshold',
          threshold: '8000000',
          times: 1,
        },
      },
    });
    await h.clock.advance(MIN);
    expect(hook.received).toHaveLength(c.attempts);
    expect(new Set(hook.received.map((r) => r.body)).size).toBe(1); // a retry is the same notification
    expect(h.cms.callbacks()).toEqual([expect.objectContaining({ attempts: c.attempts, ok: c.ok, status: c.status })]);
  });

  it('with awaitCallbacks:false a tick does not wait for the webhook; idle() does', async () => {
    const h = await startHarness({ awaitCallbacks: false });
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const slow = await startWebhook({ beforeAnswer: () => gate });
    cleanup.push(
      () => h.cms.close(),
      () => slow.close(),
    );
    h.fleet.set('i-1', { bandwidthOutMbps: 10, publicIp: '47.0.0.1' });
    h.workload.demand.set('i-1', 9);
    await putRule(h, slow.url, {
      escalations: {
        critical: {
          statistics: 'Average',
          comparisonOperator: 'GreaterThanOrEqualToThreshold',
          threshold: '8000000',
          times: 1,
        },
      },
    });
    await h.clock.advance(3 * MIN); // time moves on while the first callback is still unanswered
    expect(h.clock.now()).toBe(T0 + 3 * MIN);
    expect(h.cms.callbacks()).toHaveLength(0);
    expect(h.cms.callbackCount()).toBe(0);
    release();
    await h.cms.idle();
    expect(h.cms.callbacks()).toEqual([expect.objectContaining({ ok: true, atMs: T0 + MIN })]);
    expect(h.cms.callbackCount()).toBe(1);
  });

  it('evaluateNow() evaluates on demand and sampleNow() samples on demand', async () => {
    const { h, hook } = await setup();
    await putRule(h, hook.url, {
      escalations: {
        critical: {
          statistics: 'Average',
          comparisonOperator: 'GreaterThanOrEqualToThreshold',
          threshold: '8000000',
          times: 1,
        },
      },
    });
    await h.clock.advance(MIN);
    expect(hook.received).toHaveLength(1);
    h.workload.demand.set('i-1', 1);
    await h.clock.advance(30_000);
    await h.cms.evaluateNow(); // last closed period is still minute 0: no change
    expect(hook.received).toHaveLength(1);
    await h.clock.advance(30_000); // the tick at minute 2 samples minute 1 and recovers
    expect(states(hook)).toEqual(['ALERT@1', 'OK@2']);
  });
});
