import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bandwidthBounds, clampMbps, recommendMbps, stepLimit } from '../../src/core/bandwidth.js';
import { bandwidthPolicy, instance } from './builders.js';

const policy = bandwidthPolicy();

describe('recommendMbps (target 70 %, tolerance 10 %, saturation 95 % × 2)', () => {
  it.each([
    ['at target', 7, 10, 10, false, true],
    ['inside the band (+7 points)', 7.7, 10, 10, false, true],
    ['above the band', 8, 10, 12, false, false],
    ['below the band', 3, 10, 5, false, false],
    ['saturated: at least double', 9.6, 10, 20, true, false],
    ['saturated but demand already asks more', 9.6, 4, 14, true, false],
    ['no traffic', 0, 10, 0, false, false],
    ['traffic on a 0 Mbps link is saturated', 1, 0, 2, true, false],
    ['nothing on a 0 Mbps link', 0, 0, 0, false, false],
    ['negative rates read as 0', -5, 10, 0, false, false],
  ])('%s: %d Mbps on %d → %d', (_name, observedMbps, current, mbps, saturated, within) => {
    const rec = recommendMbps(observedMbps * 1e6, current, policy);
    expect([rec.mbps, rec.saturated, rec.withinTolerance]).toEqual([mbps, saturated, within]);
  });

  it('is never below what is needed at the target and never a fraction (1,000 runs)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 300, noNaN: true }),
        fc.integer({ min: 0, max: 200 }),
        (observedMbps, current) => {
          const rec = recommendMbps(observedMbps * 1e6, current, policy);
          expect(Number.isInteger(rec.mbps)).toBe(true);
          if (!rec.withinTolerance) expect(rec.mbps).toBeGreaterThanOrEqual(observedMbps / 0.7 - 1e-6);
          if (rec.saturated) expect(rec.mbps).toBeGreaterThanOrEqual(current * 2);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('bandwidthBounds', () => {
  const post = instance();
  const prepaid = instance({ instanceChargeType: 'PrePaid' });
  it.each([
    ['policy bounds', post, { minMbps: 5, maxMbps: 50 }, undefined, [5, 50], [5, 50], undefined],
    ['platform caps PostPaid at 100', post, { minMbps: 5, maxMbps: 200 }, undefined, [5, 100], [5, 100], undefined],
    [
      'PrePaid by bandwidth goes to 200',
      prepaid,
      { minMbps: 5, maxMbps: 200 },
      undefined,
      [5, 200],
      [5, 200],
      undefined,
    ],
    [
      'schedule bounds replace the policy',
      post,
      { minMbps: 5, maxMbps: 50 },
      { minMbps: 20, maxMbps: 80 },
      [20, 80],
      [5, 50],
      undefined,
    ],
    [
      'schedule floor raises the minimum',
      post,
      { minMbps: 5, maxMbps: 50 },
      { bandwidthMbps: 30 },
      [30, 50],
      [5, 50],
      30,
    ],
    [
      'floor above the max is cut to it',
      post,
      { minMbps: 5, maxMbps: 50 },
      { bandwidthMbps: 80 },
      [50, 50],
      [5, 50],
      50,
    ],
    [
      'min above the platform collapses to its max',
      post,
      { minMbps: 150, maxMbps: 200 },
      undefined,
      [100, 100],
      [100, 100],
      undefined,
    ],
  ])('%s', (_name, inst, p, set, range, policyRange, floor) => {
    const b = bandwidthBounds(p, inst, set);
    expect([b.minMbps, b.maxMbps]).toEqual(range);
    expect([b.policy.minMbps, b.policy.maxMbps]).toEqual(policyRange);
    expect(b.floorMbps).toBe(floor);
  });
});

describe('stepLimit and clampMbps', () => {
  it.each([
    [50, 10, { maxStepUpMbps: 15 }, 25],
    [50, 10, {}, 50],
    [2, 40, { maxStepDownMbps: 10 }, 30],
    [2, 40, { maxStepUpMbps: 1 }, 2],
    [10, 10, { maxStepUpMbps: 1, maxStepDownMbps: 1 }, 10],
  ])('%i from %i with %o → %i', (target, current, limits, expected) => {
    expect(stepLimit(target, current, limits)).toBe(expected);
  });

  it.each([
    [0, 1],
    [7, 7],
    [70, 50],
  ])('clamp %i into [1, 50] → %i', (x, expected) => {
    expect(clampMbps(x, { minMbps: 1, maxMbps: 50 })).toBe(expected);
  });
});
