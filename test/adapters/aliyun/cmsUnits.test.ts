// Pure parts of the CMS adapter: Datapoints parsing and per-instance merging, the Success:false check and
// the token bucket's pacing on a virtual clock.
import { describe, expect, it } from 'vitest';
import { dimensionsOf } from '../../../src/adapters/aliyun/cms.js';
import { checkBody } from '../../../src/adapters/aliyun/cmsClient.js';
import { groupByInstance, parseDatapoints, toMetricPoint } from '../../../src/adapters/aliyun/cmsDatapoints.js';
import { TokenBucket } from '../../../src/adapters/aliyun/cmsRateLimit.js';
import { CloudApiError } from '../../../src/core/errors.js';
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';

const T0 = Date.UTC(2025, 0, 1);

describe('parseDatapoints', () => {
  it('parses the JSON string and drops entries without instanceId or timestamp', () => {
    const text = JSON.stringify([
      { timestamp: T0, instanceId: 'i-1', userId: 'u', Average: 1, Maximum: 2, Minimum: 0 },
      { timestamp: T0, userId: 'u', Average: 1 },
      { instanceId: 'i-2', Average: 1 },
    ]);
    expect(parseDatapoints(text, 'CPUUtilization').map((d) => d.instanceId)).toEqual(['i-1']);
  });

  it.each([undefined, ''])('treats %j as no data', (text) => {
    expect(parseDatapoints(text, 'CPUUtilization')).toEqual([]);
  });

  it.each(['{not json', '{"a":1}'])('rejects %j with a final CloudApiError', (text) => {
    expect(() => parseDatapoints(text, 'CPUUtilization')).toThrowError(CloudApiError);
  });
});

describe('toMetricPoint / groupByInstance', () => {
  it('fills Maximum and Minimum from Average for Average-only metrics', () => {
    expect(toMetricPoint({ timestamp: T0, instanceId: 'i', Average: 42 })).toEqual({
      timestampMs: T0,
      average: 42,
      maximum: 42,
      minimum: 42,
    });
  });

  const twoIps = [
    { timestamp: T0 + 60_000, instanceId: 'i-1', ip: 'a', Average: 3, Maximum: 4, Minimum: 2 },
    { timestamp: T0, instanceId: 'i-1', ip: 'a', Average: 1, Maximum: 1, Minimum: 1 },
    { timestamp: T0, instanceId: 'i-1', ip: 'b', Average: 5, Maximum: 6, Minimum: 4 },
    { timestamp: T0, instanceId: 'i-2', ip: 'c', Average: 7, Maximum: 7, Minimum: 7 },
  ];

  it('adds up the per-IP rates of one instance and sorts oldest first', () => {
    const g = groupByInstance(twoIps, 'VPC_PublicIP_InternetOutRate');
    expect(g.get('i-1')).toEqual([
      { timestampMs: T0, average: 6, maximum: 7, minimum: 5 },
      { timestampMs: T0 + 60_000, average: 3, maximum: 4, minimum: 2 },
    ]);
    expect(g.get('i-2')).toHaveLength(1);
  });

  it('takes the busiest IP for a percentage', () => {
    const g = groupByInstance(twoIps, 'VPC_PublicIP_InternetOutRate_Percent');
    expect(g.get('i-1')?.[0]).toEqual({ timestampMs: T0, average: 5, maximum: 6, minimum: 4 });
  });

  it('builds one Dimensions array for a batch of instances', () => {
    expect(dimensionsOf(['i-1', 'i-2'])).toBe('[{"instanceId":"i-1"},{"instanceId":"i-2"}]');
  });
});

describe('checkBody', () => {
  it.each([
    { body: { success: false, code: '400', message: 'bad Period' }, code: '400', retryable: false },
    {
      body: { success: false, code: 'Throttling.User', message: 'flow control' },
      code: 'Throttling.User',
      retryable: true,
    },
    { body: { success: false, code: '500', message: 'oops' }, code: '500', retryable: true },
  ])('Success:false with Code $code → CloudApiError retryable=$retryable', ({ body, code, retryable }) => {
    let err: unknown;
    try {
      checkBody('DescribeMetricList', { ...body, requestId: 'R1' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CloudApiError);
    expect(err).toMatchObject({ code, retryable, requestId: 'R1', httpStatus: 200 });
  });

  it('passes a successful body through', () => {
    const body = { success: true, code: '200', datapoints: '[]' };
    expect(checkBody('DescribeMetricList', body)).toBe(body);
  });
});

describe('TokenBucket', () => {
  it.each([
    { rate: 5, burst: 1, maxPerWindow: 5 },
    { rate: 40, burst: 10, maxPerWindow: 50 },
    { rate: 40, burst: 1, maxPerWindow: 40 },
  ])(
    'rate $rate, burst $burst: at most $maxPerWindow acquisitions in any 1 s window',
    async ({ rate, burst, maxPerWindow }) => {
      const clock = new VirtualClock(T0);
      const bucket = new TokenBucket({ now: () => clock.now(), sleep: (ms) => clock.advance(ms) }, rate, burst);
      const stamps: number[] = [];
      await Promise.all(Array.from({ length: rate * 3 }, () => bucket.acquire().then(() => stamps.push(clock.now()))));
      const worst = Math.max(...stamps.map((t) => stamps.filter((s) => s > t - 1000 && s <= t).length));
      expect(worst).toBeLessThanOrEqual(maxPerWindow);
      expect(worst).toBeGreaterThanOrEqual(maxPerWindow - 1); // the bound is reached, not just respected
      expect(stamps.length).toBe(rate * 3);
    },
  );

  it('defaults the burst to a quarter of the rate, so 40/s stays within the 50/s account limit', () => {
    expect(new TokenBucket(new VirtualClock(T0), 40).burst).toBe(10);
    expect(new TokenBucket(new VirtualClock(T0), 2).burst).toBe(1);
  });

  it('rejects a non-positive rate', () => {
    expect(() => new TokenBucket(new VirtualClock(T0), 0)).toThrowError(RangeError);
  });
});
