import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AutoscalerError } from '../../src/core/errors.js';
import { mean, percentile, recentMax } from '../../src/core/percentile.js';
import { asRecommendation, bitbrains, bounds, PER_DAY, PERIOD, policy } from './recommendFixtures.js';
import {
  type BandwidthRecommendation,
  historyDays,
  type InstanceTypeRecommendation,
  mbpsSamples,
  recommendBandwidth,
  recommendInstanceType,
  vcpusFromTypeName,
} from '../../src/core/recommend.js';

describe('percentile helpers', () => {
  it.each([
    [[1, 2, 3, 4, 5], 0, 1],
    [[1, 2, 3, 4, 5], 50, 3],
    [[1, 2, 3, 4, 5], 100, 5],
    [[1, 2, 3, 4], 50, 2.5],
    [[10, 20], 95, 19.5], // 10 + 0.95 × 10
    [[5, Number.NaN, 1], 50, 3], // non-finite values ignored
    [[7], 95, 7],
  ])('percentile(%j, %d) = %d', (values, p, expected) => {
    expect(percentile(values, p)).toBeCloseTo(expected, 10);
  });

  it.each([
    [[], 50, /empty series/],
    [[Number.NaN], 50, /empty series/],
    [[1], -1, /within 0–100, got -1/],
    [[1], 101, /got 101/],
  ])('percentile(%j, %d) refuses', (values, p, message) => {
    expect(() => percentile(values, p)).toThrow(AutoscalerError);
    expect(() => percentile(values, p)).toThrow(message);
  });

  it('recentMax and mean', () => {
    expect(recentMax([9, 1, 2, 3], 2)).toBe(3);
    expect(recentMax([1, 2], 10)).toBe(2);
    expect(recentMax([], 3)).toBe(0);
    expect(mean([1, 2, 3, Number.NaN])).toBe(2);
    expect(mean([])).toBe(0);
  });

  it('history length and bit/s points', () => {
    expect(historyDays({ samples: new Array(288).fill(0), periodSec: 300 })).toBe(1);
    const point = { timestampMs: 0, average: 2_500_000, maximum: 8_000_000, minimum: 0 };
    expect(mbpsSamples([point])).toEqual([2.5]);
    expect(mbpsSamples([point], 'maximum')).toEqual([8]);
  });
});

describe('recommendBandwidth on a real trace (bitbrains 384: p95 ≈ 30 Mbps)', () => {
  const { mbps } = bitbrains('384.csv');

  it('sizes a 100 Mbps instance near p95 / target (30 / 0.7 ≈ 43)', () => {
    const r = asRecommendation<BandwidthRecommendation>(
      recommendBandwidth({
        samples: mbps,
        periodSec: PERIOD,
        ...policy,
        targetUtilization: 0.7,
        bounds,
        currentMbps: 100,
      }),
    );
    expect(r.percentileMbps).toBeGreaterThan(28);
    expect(r.percentileMbps).toBeLessThan(32);
    expect(r.targetMbps).toBeGreaterThanOrEqual(40);
    expect(r.targetMbps).toBeLessThanOrEqual(46);
    expect(r.targetMbps).toBe(Math.ceil(r.percentileMbps / 0.7));
    expect(r).toMatchObject({ direction: 'down', confidence: 1, applicable: true });
    expect([r.lowerBoundMbps, r.upperBoundMbps]).toEqual([r.targetMbps, r.targetMbps]);
    expect(r.historyDays).toBeGreaterThan(28);
    expect(r.message).toMatch(/^100 → \d+ Mbps \(p95 \d+\.\d Mbps × 1\.43; /);
  });

  it('without target tracking the margin is the headroom alone (≈ 30 × 1.2)', () => {
    const r = asRecommendation<BandwidthRecommendation>(
      recommendBandwidth({ samples: mbps, periodSec: PERIOD, ...policy, bounds, currentMbps: 36 }),
    );
    expect(r.targetMbps).toBe(Math.ceil(r.percentileMbps * 1.2));
    expect(r.targetMbps).toBeGreaterThanOrEqual(34);
    expect(r.targetMbps).toBeLessThanOrEqual(39);
  });

  it('with 3 days of history it still recommends, with confidence 3/7, wider bounds and not applicable', () => {
    const r = asRecommendation<BandwidthRecommendation>(
      recommendBandwidth({
        samples: mbps.slice(0, 3 * PER_DAY),
        periodSec: PERIOD,
        ...policy,
        bounds,
        currentMbps: 40,
      }),
    );
    expect(r.confidence).toBeCloseTo(3 / 7, 10);
    expect(r.applicable).toBe(false);
    expect(r.lowerBoundMbps).toBe(Math.floor(r.targetMbps * (3 / 7)));
    expect(r.upperBoundMbps).toBe(Math.ceil(r.targetMbps * (2 - 3 / 7)));
  });

  it('gives no recommendation from less than a day, with the reason', () => {
    expect(
      recommendBandwidth({ samples: mbps.slice(0, 200), periodSec: PERIOD, ...policy, bounds, currentMbps: 40 }),
    ).toEqual({
      kind: 'none',
      reason: 'insufficient-history',
      historyDays: (200 * 300) / 86_400,
      message: 'only 0.69 days of history, at least 1 needed',
    });
  });
});

describe('recommendBandwidth rules', () => {
  const week = (value: number) => new Array<number>(7 * PER_DAY).fill(value);

  it.each([
    [
      'peak of the last hour dominates',
      [...week(10), 50],
      undefined,
      { minMbps: 1, maxMbps: 100 },
      50,
      'recent peak 50.0 Mbps',
    ],
    ['explicit recent peak', week(10), 33.2, { minMbps: 1, maxMbps: 100 }, 34, 'recent peak 33.2 Mbps'],
    ['clamped to maxMbps', [...week(10), 50], undefined, { minMbps: 1, maxMbps: 20 }, 20, 'recent peak'],
    ['raised to minMbps', week(1), undefined, { minMbps: 5, maxMbps: 20 }, 5, 'p95 1.0 Mbps × 1.20'],
    [
      'float noise does not round up (30 × 1.2 = 36)',
      week(30),
      undefined,
      { minMbps: 1, maxMbps: 100 },
      36,
      'p95 30.0',
    ],
  ])('%s', (_label, samples, recentPeakMbps, b, target, because) => {
    const r = asRecommendation<BandwidthRecommendation>(
      recommendBandwidth({ samples, periodSec: PERIOD, ...policy, recentPeakMbps, bounds: b, currentMbps: target }),
    );
    expect(r.targetMbps).toBe(target);
    expect(r.direction).toBe('none');
    expect(r.message).toContain(because);
  });

  it('never recommends below the recent peak (within maxMbps), and stays within bounds', () => {
    const arb = fc.record({
      samples: fc.array(fc.double({ min: 0, max: 300, noNaN: true }), { minLength: PER_DAY, maxLength: 2 * PER_DAY }),
      peak: fc.option(fc.double({ min: 0, max: 300, noNaN: true }), { nil: undefined }),
      minMbps: fc.integer({ min: 0, max: 50 }),
      span: fc.integer({ min: 0, max: 150 }),
      target: fc.option(fc.double({ min: 0.1, max: 1, noNaN: true }), { nil: undefined }),
      pct: fc.double({ min: 1, max: 100, noNaN: true }),
      headroom: fc.double({ min: 0, max: 1, noNaN: true }),
    });
    fc.assert(
      fc.property(arb, (a) => {
        const b = { minMbps: a.minMbps, maxMbps: a.minMbps + a.span };
        const r = recommendBandwidth({
          samples: a.samples,
          periodSec: PERIOD,
          percentile: a.pct,
          headroom: a.headroom,
          minHistoryDays: 7,
          targetUtilization: a.target,
          recentPeakMbps: a.peak,
          bounds: b,
          currentMbps: 10,
        }) as BandwidthRecommendation;
        const peak = a.peak ?? recentMax(a.samples, 12);
        expect(r.targetMbps).toBeGreaterThanOrEqual(Math.min(Math.ceil(peak - 1e-6), b.maxMbps));
        expect(r.targetMbps).toBeGreaterThanOrEqual(b.minMbps);
        expect(r.targetMbps).toBeLessThanOrEqual(b.maxMbps);
        expect(Number.isInteger(r.targetMbps)).toBe(true);
        expect(r.confidence).toBeGreaterThanOrEqual(0);
        expect(r.confidence).toBeLessThanOrEqual(1);
        expect(r.lowerBoundMbps).toBeLessThanOrEqual(r.targetMbps);
        expect(r.upperBoundMbps).toBeGreaterThanOrEqual(r.targetMbps);
      }),
      { numRuns: 200 },
    );
  });
});

describe('recommendInstanceType', () => {
  const ladder = ['ecs.g7.large', 'ecs.g7.xlarge', 'ecs.g7.2xlarge'];
  const base = { periodSec: PERIOD, ...policy, ladder, maxCpuPercent: 80 };

  it('moves a busy 4-vCPU host (bitbrains 392, CPU p95 ≈ 77 %) up to 8 vCPUs', () => {
    const { cpu } = bitbrains('392.csv');
    const r = asRecommendation<InstanceTypeRecommendation>(
      recommendInstanceType({ ...base, samples: cpu, currentType: 'ecs.g7.xlarge' }),
    );
    expect(r.percentileCpuPercent).toBeGreaterThan(74);
    expect(r.percentileCpuPercent).toBeLessThan(80);
    expect(r).toMatchObject({ instanceType: 'ecs.g7.2xlarge', direction: 'up', applicable: true });
    expect(r.projectedCpuPercent).toBeCloseTo(r.percentileCpuPercent / 2, 10); // 4 → 8 vCPUs
  });

  it('moves a nearly idle 4-vCPU host (bitbrains 93, CPU p95 ≈ 11 %) down to 2 vCPUs', () => {
    const { cpu } = bitbrains('93.csv');
    const r = asRecommendation<InstanceTypeRecommendation>(
      recommendInstanceType({ ...base, samples: cpu, currentType: 'ecs.g7.xlarge' }),
    );
    expect(r).toMatchObject({ instanceType: 'ecs.g7.large', direction: 'down' });
    expect(r.message).toMatch(/^ecs\.g7\.xlarge → ecs\.g7\.large: p95 CPU \d+\.\d % would be \d+\.\d %; /);
  });

  const days = (value: number, n = 7) => new Array<number>(n * PER_DAY).fill(value);

  it.each([
    ['stays when it fits', days(50), undefined, 'ecs.g7.xlarge', 'ecs.g7.xlarge', 'none'],
    ['the last hour peak keeps a larger rung', days(10), 90, 'ecs.g7.xlarge', 'ecs.g7.xlarge', 'none'],
    ['too small even at the top', days(100), undefined, 'ecs.g7.2xlarge', 'ecs.g7.2xlarge', 'none'],
    [
      'a saturated smallest rung goes up as far as the demand asks',
      days(100),
      undefined,
      'ecs.g7.large',
      'ecs.g7.xlarge',
      'up',
    ],
  ])('%s', (_label, samples, recentPeakCpuPercent, currentType, expected, direction) => {
    const r = asRecommendation<InstanceTypeRecommendation>(
      recommendInstanceType({ ...base, samples, recentPeakCpuPercent, currentType }),
    );
    expect(r.instanceType).toBe(expected);
    expect(r.direction).toBe(direction);
  });

  it('says so when even the largest rung is too small', () => {
    const r = recommendInstanceType({ ...base, samples: days(100), currentType: 'ecs.g7.2xlarge' });
    expect(r.message).toContain('(even the largest rung is too small)');
  });

  it('uses given vCPU counts for types without the size convention', () => {
    const r = asRecommendation<InstanceTypeRecommendation>(
      recommendInstanceType({
        ...base,
        ladder: ['ecs.t6.tiny', 'ecs.t6.big'],
        vcpus: { 'ecs.t6.tiny': 1, 'ecs.t6.big': 4 },
        samples: days(70),
        currentType: 'ecs.t6.tiny',
      }),
    );
    expect(r.instanceType).toBe('ecs.t6.big');
    expect(r.projectedCpuPercent).toBeCloseTo(17.5, 10);
  });

  it.each([
    ['a type off the ladder', 'ecs.c7.large', days(10)],
    ['a type whose vCPUs are unknown', 'ecs.g7.weird', days(10)],
  ])('gives no recommendation for %s', (_label, currentType, samples) => {
    const r = recommendInstanceType({ ...base, ladder: [...ladder, 'ecs.g7.weird'], samples, currentType });
    expect(r).toMatchObject({ kind: 'none', reason: 'not-on-ladder' });
  });

  it('gives no recommendation from half a day', () => {
    const r = recommendInstanceType({ ...base, samples: days(10, 0.5), currentType: 'ecs.g7.xlarge' });
    expect(r).toMatchObject({ kind: 'none', reason: 'insufficient-history' });
  });

  it.each([
    ['ecs.g7.large', 2],
    ['ecs.g7.xlarge', 4],
    ['ecs.g7.2xlarge', 8],
    ['ecs.c7.16xlarge', 64],
    ['ecs.t6.medium', 1],
    ['ecs.t5.small', 1],
    ['ecs.g7.weird', undefined],
  ])('vcpusFromTypeName(%s) = %s', (type, vcpus) => {
    expect(vcpusFromTypeName(type)).toBe(vcpus);
  });
});
