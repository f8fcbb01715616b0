// Unit tests of the emulator's pure parts: aggregation, the ring, time formats, windows, the workload model,
// the callback encoder and the flow-control counter.
import { describe, expect, it } from 'vitest';
import { aggregate, periodStart, statisticOf } from '@ecs-autoscaler/local-cloud/cms/aggregate.js';
import { formatValue, javaMapString, lastTimeText, metricProjectOf } from '@ecs-autoscaler/local-cloud/cms/callback.js';
import { MetricStore, Ring } from '@ecs-autoscaler/local-cloud/cms/metricStore.js';
import { defaultCpuVcpu, sampleInstance, servedMbps } from '@ecs-autoscaler/local-cloud/cms/sampler.js';
import { CallRateLimiter } from '@ecs-autoscaler/local-cloud/cms/throttle.js';
import { inWindow, parseCmsTime, parseWindow } from '@ecs-autoscaler/local-cloud/cms/timeFormats.js';
import type { InstanceFacts } from '@ecs-autoscaler/local-cloud/cms/types.js';
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';

const T0 = Date.UTC(2025, 0, 1);
const MIN = 60_000;

describe('aggregate', () => {
  const samples = [1, 5, 3, 10, 20, 30].map((value, i) => ({ tMs: T0 + i * 20_000, value }));

  it('groups epoch-aligned periods into Average/Maximum/Minimum with the period start as timestamp', () => {
    expect(aggregate(samples, MIN, T0 + 2 * MIN)).toEqual([
      { tMs: T0, average: 3, maximum: 5, minimum: 1, count: 3 },
      { tMs: T0 + MIN, average: 20, maximum: 30, minimum: 10, count: 3 },
    ]);
  });

  it('leaves out a period that is still filling', () => {
    expect(aggregate(samples, MIN, T0 + 2 * MIN - 1).map((b) => b.tMs)).toEqual([T0]);
  });

  it.each([
    ['Average', 3],
    ['Maximum', 5],
    ['Minimum', 1],
  ] as const)('statisticOf %s', (stat, expected) => {
    const [b] = aggregate(samples, MIN, T0 + MIN);
    expect(b && statisticOf(b, stat)).toBe(expected);
  });

  it.each([
    [T0 + 299_999, 300_000, T0],
    [T0 + 300_000, 300_000, T0 + 300_000],
    [T0 + 899_000, 900_000, T0],
  ])('periodStart(%i, %i) = %i', (t, p, expected) => {
    expect(periodStart(t, p)).toBe(expected);
  });
});

describe('Ring and MetricStore', () => {
  it('keeps only the newest `capacity` samples, in order', () => {
    const ring = new Ring(3);
    for (let i = 0; i < 7; i++) ring.push({ tMs: i, value: i });
    expect(ring.size).toBe(3);
    expect(ring.range(0, 100).map((s) => s.value)).toEqual([4, 5, 6]);
    expect(ring.last()?.value).toBe(6);
  });

  it('finds a time range by binary search and ignores out-of-order samples', () => {
    const ring = new Ring(100);
    for (let i = 0; i < 150; i++) ring.push({ tMs: i * 10, value: i });
    ring.push({ tMs: 5, value: -1 });
    expect(ring.range(1000, 1030).map((s) => s.value)).toEqual([100, 101, 102]);
    expect(ring.range(0, 500)).toEqual([]); // evicted
    expect(ring.range(0, 505).map((s) => s.value)).toEqual([50]);
    expect(ring.range(1495, 99_999).map((s) => s.value)).toEqual([]);
    expect(ring.range(1490, 99_999).map((s) => s.value)).toEqual([149]);
  });

  it('bounds each series by the retention and hides samples older than it', () => {
    const store = new MetricStore(10 * MIN, MIN);
    for (let i = 0; i < 30; i++)
      store.append('CPUUtilization', { userId: 'u', instanceId: 'i-1' }, { tMs: T0 + i * MIN, value: i });
    const [s] = store.find('CPUUtilization', [{ instanceId: 'i-1' }]);
    expect(s?.ring.size).toBe(10);
    expect(store.samples(s!, 0, Number.MAX_SAFE_INTEGER, T0 + 30 * MIN).map((x) => x.value)).toEqual([
      20, 21, 22, 23, 24, 25, 26, 27, 28, 29,
    ]);
    expect(store.samples(s!, 0, Number.MAX_SAFE_INTEGER, T0 + 35 * MIN)).toHaveLength(5);
  });

  it('matches series by every key of a filter; no filter selects all', () => {
    const store = new MetricStore(MIN, MIN);
    store.append('M', { userId: 'u', instanceId: 'i-2', ip: '2' }, { tMs: 0, value: 1 });
    store.append('M', { userId: 'u', instanceId: 'i-1', ip: '1' }, { tMs: 0, value: 1 });
    expect(store.find('M', []).map((s) => s.dims.instanceId)).toEqual(['i-1', 'i-2']);
    expect(store.find('M', [{ instanceId: 'i-2', ip: '2' }])).toHaveLength(1);
    expect(store.find('M', [{ instanceId: 'i-2', ip: '1' }])).toHaveLength(0);
    expect(store.find('Other', [])).toHaveLength(0);
  });
});

describe('parseCmsTime', () => {
  it.each([
    ['1735689600000', T0],
    ['1735689600', T0],
    ['2025-01-01T00:00:00Z', T0],
    ['2025-01-01T08:00:00+08:00', T0],
    ['2025-01-01 08:00:00', T0],
    ['2025-02-30 00:00:00', undefined],
    ['2025/01/01', undefined],
    ['', undefined],
  ])('%j → %s', (text, expected) => {
    expect(parseCmsTime(text)).toBe(expected);
  });

  it('reads local times with the configured offset', () => {
    expect(parseCmsTime('2025-01-01 00:00:00', 0)).toBe(T0);
  });
});

describe('EffectiveInterval windows', () => {
  it.each([
    ['09:00-18:00', { startMin: 540, endMin: 1080 }],
    ['9:00-18:00', undefined],
    ['24:00-01:00', undefined],
    ['09:60-10:00', undefined],
  ])('parseWindow(%j)', (text, expected) => {
    expect(parseWindow(text)).toEqual(expected);
  });

  it.each([
    // T0 = 08:00 in UTC+8
    { w: '09:00-18:00', t: T0, inside: false },
    { w: '09:00-18:00', t: T0 + 60 * MIN, inside: true },
    { w: '09:00-18:00', t: T0 + 600 * MIN + 59_000, inside: true }, // 18:00:59 is within the end minute
    { w: '09:00-18:00', t: T0 + 601 * MIN, inside: false },
    { w: '22:00-06:00', t: T0 - 3 * 60 * MIN, inside: true }, // 05:00 wraps midnight
    { w: '22:00-06:00', t: T0, inside: false },
    { w: '00:00-23:59', t: T0 + 959 * MIN, inside: true }, // 23:59
  ])('$w contains T0+$t? $inside', ({ w, t, inside }) => {
    expect(inWindow(w, t)).toBe(inside);
  });
});

describe('workload model', () => {
  const facts: InstanceFacts = {
    bandwidthOutMbps: 10,
    cpu: 4,
    status: 'Running',
    internetChargeType: 'PayByBandwidth',
    publicIp: '1.1.1.1',
  };

  it.each([
    { demand: 5, status: 'Running', served: 5 },
    { demand: 50, status: 'Running', served: 10 },
    { demand: -3, status: 'Running', served: 0 },
    { demand: Number.NaN, status: 'Running', served: 0 },
    { demand: 50, status: 'Stopped', served: 0 },
    { demand: 50, status: 'Starting', served: 0 },
  ])(
    'serves min(demand, provisioned) only when Running: $demand Mbps, $status → $served',
    ({ demand, status, served }) => {
      expect(servedMbps({ ...facts, status }, demand)).toBe(served);
    },
  );

  it('never reports more than the provisioned bandwidth, whatever the demand', () => {
    for (const demand of [0, 1, 9.99, 10, 10.01, 1e6]) {
      const out = sampleInstance('i-1', facts, { demandAt: () => ({ outboundMbps: demand }) }, 'u', T0);
      const rate = out.find((s) => s.metricName === 'VPC_PublicIP_InternetOutRate')?.value ?? Number.NaN;
      const pct = out.find((s) => s.metricName === 'VPC_PublicIP_InternetOutRate_Percent')?.value ?? Number.NaN;
      expect(rate).toBeLessThanOrEqual(10e6);
      expect(pct).toBeLessThanOrEqual(100);
    }
  });

  it.each([
    {
      name: 'VPC with a public IP',
      f: facts,
      metrics: ['CPUUtilization', 'VPC_PublicIP_InternetOutRate', 'VPC_PublicIP_InternetOutRate_Percent'],
    },
    { name: 'VPC without a public IP', f: { ...facts, publicIp: undefined }, metrics: ['CPUUtilization'] },
    {
      name: 'classic',
      f: { ...facts, classic: true },
      metrics: ['CPUUtilization', 'InternetOutRate', 'InternetOutRate_Percent'],
    },
  ])('emits the metrics of a $name instance', ({ f, metrics }) => {
    const out = sampleInstance('i-1', f, { demandAt: () => ({ outboundMbps: 1 }) }, 'u', T0);
    expect(out.map((s) => s.metricName)).toEqual(metrics);
  });

  it('derives CPU from the workload, capped at 100 %, with a deterministic default', () => {
    const cpu = (cpuVcpu?: number) =>
      sampleInstance(
        'i-1',
        facts,
        { demandAt: () => ({ outboundMbps: 8, ...(cpuVcpu !== undefined ? { cpuVcpu } : {}) }) },
        'u',
        T0,
      )[0]?.value;
    expect(cpu(2)).toBe(50);
    expect(cpu(9)).toBe(100);
    expect(cpu()).toBeCloseTo((defaultCpuVcpu(8) / 4) * 100, 10);
  });
});

describe('callback formatting', () => {
  it.each([
    [{ userId: '1', instanceId: 'i-1' }, '{userId=1, instanceId=i-1}'],
    [{ userId: '1', instanceId: 'i-1', ip: '1.2.3.4' }, '{userId=1, instanceId=i-1, ip=1.2.3.4}'],
  ])('javaMapString(%j) = %s', (dims, text) => {
    expect(javaMapString(dims)).toBe(text);
  });

  it.each([
    [0, '0 minutes'],
    [60_000, '1 minute'],
    [150_000, '3 minutes'],
  ])('lastTimeText(%i) = %s', (ms, text) => {
    expect(lastTimeText(ms)).toBe(text);
  });

  it.each([
    [97.391, '97.39'],
    [9e6, '9000000'],
    [undefined, 'null'],
  ])('formatValue(%s) = %s', (v, text) => {
    expect(formatValue(v)).toBe(text);
  });

  it('maps the dashboard namespace to the metric project', () => {
    expect(metricProjectOf('acs_ecs_dashboard')).toBe('acs_ecs');
  });
});

describe('CallRateLimiter', () => {
  it('allows N calls in any 1 s window of the clock', async () => {
    const clock = new VirtualClock(T0);
    const limiter = new CallRateLimiter(clock, 3);
    expect([1, 2, 3, 4].map(() => limiter.tryAcquire())).toEqual([true, true, true, false]);
    await clock.advance(999);
    expect(limiter.tryAcquire()).toBe(false);
    await clock.advance(1);
    expect(limiter.tryAcquire()).toBe(true);
  });

  it('is disabled by 0', () => {
    const limiter = new CallRateLimiter(new VirtualClock(T0), 0);
    expect(Array.from({ length: 200 }, () => limiter.tryAcquire()).every(Boolean)).toBe(true);
  });
});
