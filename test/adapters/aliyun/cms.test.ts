// The MetricsApi adapter (official CMS SDK) against the local CMS emulator on a VirtualClock: batching,
// paging, Datapoints parsing, Success:false mapping, flow control and retries.
import { afterEach, describe, expect, it } from 'vitest';
import { CloudApiError } from '../../../src/core/errors.js';
import { createMetricsApi, type MetricsApiOptions } from '../../../src/adapters/aliyun/cms.js';
import { NO_RETRY } from '../../../src/adapters/aliyun/retry.js';
import type { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';
import type { Clock } from '../../../src/ports/Clock.js';
import type { CmsEmulatorOptions } from '@ecs-autoscaler/local-cloud/cms/emulator.js';
import { FaultInjector } from '@ecs-autoscaler/local-cloud/faults.js';
import { AK, type Harness, SECRET, startHarness, T0 } from '../../local/cms/harness.js';

const MIN = 60_000;
let h: Harness | undefined;

afterEach(async () => {
  await h?.cms.close();
  h = undefined;
});

/** 12 VPC instances i-00…i-11, 10 Mbps each, demand (n + 1) Mbps; 10 minutes of samples. */
async function fleet(opts: Partial<CmsEmulatorOptions> = {}): Promise<Harness> {
  h = await startHarness({ maxCallsPerSec: 0, ...opts });
  for (let n = 0; n < 12; n++) {
    const id = `i-${String(n).padStart(2, '0')}`;
    h.fleet.set(id, { bandwidthOutMbps: 10, publicIp: `47.0.0.${n}`, cpu: 2 });
    h.workload.demand.set(id, n + 1);
  }
  await h.clock.advance(10 * MIN);
  return h;
}

function api(harness: Harness, over: Partial<MetricsApiOptions> = {}) {
  return createMetricsApi({
    endpoint: harness.cms.endpoint,
    protocol: 'http',
    regionId: 'cn-hangzhou',
    credentials: { accessKeyId: AK, accessKeySecret: SECRET },
    clock: sleepAdvances(harness.clock),
    ...over,
  });
}

/**
 * The adapter's clock: the emulator's virtual time, which moves only when the adapter sleeps (rate limiter,
 * backoff). Requests in flight therefore arrive at the virtual time they were sent, as on a quiet network.
 */
function sleepAdvances(clock: VirtualClock): Clock {
  return { now: () => clock.now(), sleep: (ms) => clock.advance(ms) };
}

const ids = Array.from({ length: 12 }, (_, n) => `i-${String(n).padStart(2, '0')}`);

describe('createMetricsApi.getSeries', () => {
  it.each([
    { batchSize: 50, pageLength: 1000 },
    { batchSize: 5, pageLength: 7 },
    { batchSize: 1, pageLength: 3 },
  ])('reads every point of every instance (batch $batchSize, page $pageLength)', async ({ batchSize, pageLength }) => {
    const harness = await fleet();
    const p = api(harness, { batchSize, pageLength }).getSeries({
      instanceIds: [...ids, 'i-missing'],
      metric: 'VPC_PublicIP_InternetOutRate',
      periodSec: 60,
      startMs: T0 - 1,
      endMs: T0 + 10 * MIN,
    });
    const series = await p;
    expect(series.size).toBe(13);
    expect(series.get('i-missing')).toEqual([]);
    for (let n = 0; n < 12; n++) {
      const pts = series.get(ids[n] as string) ?? [];
      expect(pts.map((p) => p.timestampMs)).toEqual(Array.from({ length: 10 }, (_, i) => T0 + i * MIN));
      expect(pts.every((p) => p.average === Math.min(n + 1, 10) * 1e6)).toBe(true);
    }
  });

  it('aggregates a 300 s period and fills Maximum/Minimum of an Average-only metric', async () => {
    const harness = await fleet();
    const series = await api(harness).getSeries({
      instanceIds: ['i-04'],
      metric: 'VPC_PublicIP_InternetOutRate_Percent',
      periodSec: 300,
      startMs: T0 - 1,
      endMs: T0 + 10 * MIN,
    });
    expect(series.get('i-04')).toEqual([
      { timestampMs: T0, average: 50, maximum: 50, minimum: 50 },
      { timestampMs: T0 + 5 * MIN, average: 50, maximum: 50, minimum: 50 },
    ]);
  });

  it('turns a Success:false answer into a final CloudApiError with the CMS code', async () => {
    const harness = await fleet();
    const err = await api(harness)
      .getSeries({ instanceIds: ['i-01'], metric: 'CPUUtilization', periodSec: 60, startMs: T0 + MIN, endMs: T0 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CloudApiError);
    expect(err).toMatchObject({ code: '400', httpStatus: 200, retryable: false });
    expect((err as Error).message).toMatch(/StartTime/);
  });

  it('maps a bad access key to a final CloudApiError', async () => {
    const harness = await fleet();
    const err = await api(harness, { credentials: { accessKeyId: 'nope', accessKeySecret: 'x' } })
      .getLast({ instanceIds: ['i-01'], metric: 'CPUUtilization', periodSec: 60 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CloudApiError);
    expect(err).toMatchObject({ code: 'InvalidAccessKeyId.NotFound', retryable: false });
  });
});

describe('createMetricsApi.getLast', () => {
  it('returns the latest point per instance, absent for unknown ones', async () => {
    const harness = await fleet();
    const last = await api(harness, { batchSize: 4 }).getLast({
      instanceIds: ['i-00', 'i-11', 'i-missing'],
      metric: 'CPUUtilization',
      periodSec: 60,
    });
    expect([...last.keys()].sort()).toEqual(['i-00', 'i-11']);
    expect(last.get('i-00')?.timestampMs).toBe(T0 + 9 * MIN);
  });
});

describe('flow control and retries', () => {
  it('paces its calls under the account limit: 12 calls at 5/s never meet Throttling.User', async () => {
    const harness = await fleet({ maxCallsPerSec: 5 });
    const metrics = api(harness, { maxCallsPerSec: 5, retry: NO_RETRY });
    const startMs = harness.clock.now();
    // One call at a time, so that each request reaches the emulator at the virtual time it was paced to.
    for (const id of ids) {
      const last = await metrics.getLast({ instanceIds: [id], metric: 'CPUUtilization', periodSec: 60 });
      expect(last.has(id)).toBe(true);
    }
    expect(harness.clock.now() - startMs).toBe(11 * 200);
  });

  it('without its own limit it would be throttled: Throttling.User surfaces as a retryable CloudApiError', async () => {
    const harness = await fleet({ maxCallsPerSec: 5 });
    const err = await api(harness, { batchSize: 1, maxCallsPerSec: 1000, retry: NO_RETRY })
      .getLast({ instanceIds: ids, metric: 'CPUUtilization', periodSec: 60 })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'Throttling.User', retryable: true });
  });

  it('retries throttled and 503 calls with backoff on the clock until they succeed', async () => {
    const faults = new FaultInjector({
      rules: [
        { action: 'DescribeMetricLast', kind: 'Throttling.User', maxCount: 2 },
        { action: 'DescribeMetricLast', kind: 'ServiceUnavailable', maxCount: 2 },
      ],
    });
    const harness = await fleet({ faults });
    const p = api(harness, { batchSize: 1, random: () => 0.5 }).getLast({
      instanceIds: ids,
      metric: 'CPUUtilization',
      periodSec: 60,
    });
    const last = await p;
    expect(last.size).toBe(12);
    expect(faults.history('DescribeMetricLast').map((f) => f.kind)).toEqual([
      'Throttling.User',
      'Throttling.User',
      'ServiceUnavailable',
      'ServiceUnavailable',
    ]);
  });
});
