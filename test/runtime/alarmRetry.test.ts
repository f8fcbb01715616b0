import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStateStore } from '../../src/adapters/memory/stateStore.js';
import type { Config } from '../../src/core/config/types.js';
import { CloudApiError } from '../../src/core/errors.js';
import { RealClock } from '@ecs-autoscaler/local-cloud/clock.js';
import { type EcsEmulator, startEcsEmulator } from '@ecs-autoscaler/local-cloud/ecs/index.js';
import { FaultInjector } from '@ecs-autoscaler/local-cloud/faults.js';
import { ALARM_ECS_RETRY, buildContainer } from '../../src/runtime/container.js';
import type { Settings } from '../../src/runtime/settings.js';

// The alarm function must answer within CMS's 5 s: its ECS client gives up after ALARM_ECS_RETRY's budget.
describe('the alarm function ECS retry budget', () => {
  const credentials = { accessKeyId: 'AK', accessKeySecret: 'SK' };
  let ecs: EcsEmulator;
  beforeAll(async () => {
    const faults = new FaultInjector({
      seed: 1,
      rules: [{ action: 'DescribeInstances', kind: 'Throttling', probability: 1 }],
    });
    ecs = await startEcsEmulator({ clock: new RealClock(), credentials, faults });
  });
  afterAll(() => ecs.close());

  it(`stops after ${ALARM_ECS_RETRY.maxAttempts} attempts on a throttled API, within its budget`, async () => {
    const settings = {
      regionId: 'cn-hangzhou',
      ecsEndpoint: ecs.endpoint,
      protocol: 'http',
      ots: { endpoint: 'http://127.0.0.1:1', instanceName: 'x', tablePrefix: 'a_' },
      webhook: { token: 't', allowCidrs: [] },
      worker: { serviceName: 's', functionName: 'f' },
      configPath: '-',
    } satisfies Settings;
    const dispatcher = { dispatch: async () => 'queued' as const };
    // The retries' backoff sleeps on this clock: it records them and returns at once (virtual time), so the
    // budget is checked in the adapter's own terms, with no wall-clock bound that a loaded machine could break.
    const slept: number[] = [];
    let virtualMs = 0;
    const clock = {
      now: () => virtualMs,
      sleep: async (ms: number) => {
        slept.push(ms);
        virtualMs += ms;
      },
    };
    const c = buildContainer(settings, { groups: [] } as unknown as Config, credentials, '1', {
      store: new MemoryStateStore(),
      dispatcher,
      ecsRetry: ALARM_ECS_RETRY,
      clock,
    });
    const err = await c
      .deps('r')
      .ecs.describeInstances(['i-web-postpaid-bw'])
      .catch((e) => e);
    expect(err).toBeInstanceOf(CloudApiError);
    expect((err as CloudApiError).code).toMatch(/^Throttling/);
    expect(ecs.state.apiCallCount('DescribeInstances')).toBe(ALARM_ECS_RETRY.maxAttempts);
    expect(slept).toHaveLength(ALARM_ECS_RETRY.maxAttempts - 1);
    expect(slept.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(ALARM_ECS_RETRY.maxElapsedMs);
  });
});
