// The digest over a real (emulated) fleet read through the ECS adapter: only the bandwidth-managed pay-by-bandwidth
// instances are priced (a pay-by-traffic link and a group without a bandwidth policy are not), and the strategies
// the sweep chose are counted from the instance states.
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEcsApi } from '../../../src/adapters/aliyun/ecs.js';
import { loadConfigText } from '../../../src/adapters/config/file.js';
import { MemoryStateStore } from '../../../src/adapters/memory/stateStore.js';
import { NO_RETRY } from '../../../src/adapters/aliyun/retry.js';
import { endpointFromUrl } from '../../../src/adapters/aliyun/sdkConfig.js';
import { digestFigures, digestText } from '../../../src/app/notify/digest.js';
import { loadPriceTable } from '../../../src/app/optimise/prices.js';
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';
import { type EcsEmulator, startEcsEmulator } from '@ecs-autoscaler/local-cloud/ecs/index.js';

const NOW = Date.UTC(2026, 11, 7, 1, 5);
const CREDS = { accessKeyId: 'LTAI-digest', accessKeySecret: 'digest-secret' };
const CONFIG = `version: 1
regionId: cn-hangzhou
groups:
  - name: web
    match: { instanceIds: [i-web-postpaid-bw, i-web-postpaid-traffic] }
    bandwidth: { minMbps: 5, maxMbps: 100 }
  - name: batch
    match: { instanceIds: [i-stopped-postpaid] }
    instanceType:
      ladder: [ecs.g7.large, ecs.g7.xlarge, ecs.g7.2xlarge]
      scaleUpCpuPercent: 80
      scaleDownCpuPercent: 30
      allowDowntime: true
`;

let ecs: EcsEmulator;
beforeAll(async () => {
  ecs = await startEcsEmulator({ clock: new VirtualClock(NOW), credentials: CREDS });
});
afterAll(() => ecs?.close());

describe('digest over the emulated fleet', () => {
  it('prices only the bandwidth-managed pay-by-bandwidth link and counts the chosen strategies', async () => {
    const store = new MemoryStateStore();
    const choice = (name: 'traffic' | 'forecast') => ({ strategy: { name, chosenAtMs: NOW - 3_600_000, why: 'test' } });
    await store.setAdvice('i-web-postpaid-bw', choice('forecast'));
    await store.setAdvice('i-web-postpaid-traffic', choice('traffic'));
    await store.setAdvice('i-stopped-postpaid', { forecast: null });
    const prices = await loadPriceTable(resolve(import.meta.dirname, '../../../config/prices/cn-hangzhou.json'));
    const f = await digestFigures(
      {
        config: loadConfigText(CONFIG, 'x.yaml'),
        store,
        ecs: createEcsApi({
          ...endpointFromUrl(ecs.url),
          regionId: 'cn-hangzhou',
          credentials: CREDS,
          retry: NO_RETRY,
        }),
        prices: async () => prices,
      },
      NOW,
    );
    expect(f.cost).toMatchObject({ currency: 'CNY', instances: 1 });
    expect(f.strategies).toEqual({ forecast: 1, traffic: 1 });
    expect(digestText(f)).toContain('strategies in force: forecast 1, traffic 1');
    expect(digestText(f)).toContain('cost of 1 pay-by-bandwidth instance(s)');
  });
});
