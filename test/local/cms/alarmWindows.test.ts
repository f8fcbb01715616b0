// CMS alarm rules that breach but must not call back: inside their NoEffectiveInterval (the same rule without it
// alerts), or without a Webhook (the alarm is raised and logged, nothing is posted). Rules put with the official
// SDK, time on a VirtualClock, callbacks to a 127.0.0.1 receiver.
import { PutResourceMetricRuleRequest } from '@alicloud/cms20190101';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, startWebhook } from './harness.js';

const MIN = 60_000;
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()?.();
});

function rule(ruleId: string, over: Record<string, unknown>) {
  return new PutResourceMetricRuleRequest({
    ruleId,
    ruleName: ruleId,
    namespace: 'acs_ecs_dashboard',
    metricName: 'VPC_PublicIP_InternetOutRate',
    resources: '[{"instanceId":"i-1"}]',
    contactGroups: 'autoscaler',
    period: '60',
    silenceTime: 3600,
    escalations: {
      critical: {
        statistics: 'Average',
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        threshold: '8000000',
        times: 1,
      },
    },
    ...over,
  });
}

async function setup() {
  const logged: { msg: string; fields: Record<string, unknown> }[] = [];
  const h = await startHarness({ logger: { log: (_level, msg, fields = {}) => void logged.push({ msg, fields }) } });
  const hook = await startWebhook();
  cleanup.push(
    () => h.cms.close(),
    () => hook.close(),
  );
  h.fleet.set('i-1', { bandwidthOutMbps: 10, publicIp: '47.0.0.1' });
  h.workload.demand.set('i-1', 9);
  return { h, hook, logged };
}

describe('alarm rules that breach without calling back', () => {
  it('a rule inside its NoEffectiveInterval stays silent while the same rule without it alerts', async () => {
    const { h, hook } = await setup();
    await h.client.putResourceMetricRule(rule('quiet', { webhook: hook.url, noEffectiveInterval: '00:00-23:59' }));
    await h.client.putResourceMetricRule(rule('loud', { webhook: hook.url }));
    await h.clock.advance(3 * MIN);
    expect(hook.received.map((r) => r.fields.ruleId)).toEqual(['loud']);
  });

  it('a rule without a Webhook raises the alarm and logs it, posting nothing', async () => {
    const { h, hook, logged } = await setup();
    await h.client.putResourceMetricRule(rule('no-hook', {}));
    await h.clock.advance(3 * MIN);
    expect(hook.received).toEqual([]);
    expect(h.cms.callbacks()).toEqual([]);
    expect(logged.find((l) => l.msg === 'cms alarm (no webhook)')?.fields).toMatchObject({
      ruleId: 'no-hook',
      instanceId: 'i-1',
      alertState: 'ALERT',
    });
  });
});
