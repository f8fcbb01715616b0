// levelFor by histogram against the definition, and the static candidate's levels set from the days before.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { levelFor, recencyWeights, staticLevels } from '../../../src/core/optimise/staticLevel.js';

/** The definition: the smallest whole level in [lo, hi) whose Σ max(0, d − level) ≤ share × Σ d, else hi. */
function byDefinition(demand: number[], share: number, lo: number, hi: number): number {
  const total = demand.reduce((a, b) => a + b, 0);
  for (let level = lo; level < hi; level++) {
    if (demand.reduce((a, d) => a + Math.max(0, d - level), 0) <= share * total) return level;
  }
  return hi;
}

describe('levelFor', () => {
  it('is the definition, on any demand (quarter-Mbps values, so every sum is exact)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 300 }),
        fc.constantFrom(0, 0.0025, 0.01, 0.2),
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 1, max: 200 }),
        (quarters, share, lo, hi) => {
          const demand = quarters.map((q) => q / 4);
          expect(levelFor(Float64Array.from(demand), share, lo, hi)).toBe(byDefinition(demand, share, lo, hi));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a flat load needs its own level; a load above the bound gets the bound; no demand needs the lower bound', () => {
    expect(levelFor(new Float64Array(100).fill(40), 0, 1, 100)).toBe(40);
    expect(levelFor(new Float64Array(100).fill(150), 0, 1, 100)).toBe(100);
    expect(levelFor(new Float64Array(100), 0, 3, 100)).toBe(3);
  });
});

describe('staticLevels', () => {
  const DAY = 1440;
  const level = (d: Float64Array) => Math.max(...d);

  it('holds each day at the level of the days before it (up to `days`), the oldest from itself', () => {
    const prior = new Float64Array(DAY).fill(30);
    const demand = Float64Array.from({ length: 3 * DAY }, (_, i) => [10, 20, 5][Math.floor(i / DAY)] as number);
    const capacity = staticLevels({ demand, prior, days: 1 }, level);
    expect([capacity[0], capacity[DAY], capacity[2 * DAY]]).toEqual([30, 10, 20]);
    // With no history before the window, its first day takes its own level.
    const cold = staticLevels({ demand, prior: new Float64Array(0), days: 2 }, level);
    expect([cold[0], cold[DAY], cold[2 * DAY]]).toEqual([10, 10, 20]);
  });
});

describe('recencyWeights', () => {
  it('the newest minute counts 1, two days earlier a half, a week earlier under a tenth', () => {
    const w = recencyWeights(7 * 1440 + 1);
    expect(w[7 * 1440]).toBe(1);
    expect(w[5 * 1440]).toBeCloseTo(0.5, 9);
    expect(w[0]).toBeCloseTo(2 ** -3.5, 9);
  });
});
