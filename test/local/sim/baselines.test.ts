// The simple baselines and the naive reactive policy on tiny series with hand-computed answers.
import { describe, expect, it } from 'vitest';
import { computeBaselines, lowerBound, staticPeak } from '../../../src/local/sim/baselines.js';
import { bandwidthLadder } from '../../../src/local/sim/levels.js';
import { naiveReactive } from '../../../src/local/sim/naiveReactive.js';
import { ladderOf, sharedPrices, unitLadder } from './fixtures.js';

const prices = sharedPrices();
const capacities = (r: { timeline: { capacity: readonly number[] } }) => [...r.timeline.capacity];

describe('lowerBound', () => {
  it('per interval the cheapest level that serves the demand (shared prices, 1-hour steps)', () => {
    const ladder = bandwidthLadder(prices);
    const result = lowerBound([0.5, 4.2, 7, 150], { stepSec: 3600, ladder });
    expect(capacities(result)).toEqual([1, 5, 7, 100]);
    // 1 Mbps 0.063; 5 Mbps 0.315; 7 Mbps 0.315 + 2 × 0.248; 100 Mbps 0.315 + 95 × 0.248 — over 4 hours.
    const total = 0.063 + 0.315 + 0.811 + (0.315 + 95 * 0.248);
    expect(result.accounting.totalCost).toBeCloseTo(total, 12);
    expect(result.accounting.costPerDay).toBeCloseTo(total * 6, 12);
    expect(result.accounting.unmetFraction).toBeCloseTo(50 / 161.7, 12);
    expect(result.accounting.unavoidableUnmetFraction).toBeCloseTo(50 / 161.7, 12);
  });

  it('picks a cheaper larger level when the price table is not monotone', () => {
    const ladder = ladderOf([2, 4, 8], [1, 3, 2]);
    expect(capacities(lowerBound([3, 1], { stepSec: 300, ladder }))).toEqual([8, 2]);
  });

  it('ignores type-change downtime: it is the physical limit', () => {
    const ladder = ladderOf([2, 4], [1, 2], 35);
    const result = lowerBound([1, 3, 1], { stepSec: 300, ladder });
    expect(result.accounting.offlineSec).toBe(0);
    expect(result.accounting.unmetFraction).toBe(0);
  });
});

describe('staticPeak', () => {
  it('one level for the p99 (R-7): p99 of [0.5, 4.2, 7] is 6.944 → 7 Mbps', () => {
    const result = staticPeak([0.5, 4.2, 7], { stepSec: 3600, ladder: unitLadder(100) });
    expect(capacities(result)).toEqual([7, 7, 7]);
    expect(result.accounting.changes).toBe(0);
  });

  it('leaves the peak above the p99 unmet', () => {
    const demand = [...Array<number>(99).fill(1), 50];
    const result = staticPeak(demand, { stepSec: 300, ladder: unitLadder(100) });
    // p99 = 1 + (50 − 1) × 0.01 = 1.49 → 2 Mbps; 48 of 149 unmet.
    expect(result.timeline.capacity[0]).toBe(2);
    expect(result.accounting.unmetFraction).toBeCloseTo(48 / 149, 12);
  });
});

describe('naiveReactive', () => {
  it('steps up on served load > 80 %, down on a 6-interval mean < 30 % (hand-traced, 5-minute steps)', () => {
    const demand = [3, 3, 6, 6, 6, 6, 6, 6, 6, 6, 1, 1, 1, 1, 1, 1, 1, 1, 1];
    const result = naiveReactive(demand, { stepSec: 300, ladder: unitLadder(20) });
    // Starts at ceil(3 / 0.6) = 5; t2 serves only 5 of 6 → t3 goes to ceil(5 / 0.6) = 9. At t15 the window
    // [6,1,1,1,1,1] has mean 1.83 < 2.7 but its max 6 asks for 10 ≥ 9, so nothing; at t16 [1×6] → ceil(1/0.6) = 2.
    expect(capacities(result)).toEqual([5, 5, 5, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 2, 2, 2]);
    expect(result.accounting).toMatchObject({ changes: 2, downgrades: 1 });
    expect(result.accounting.unmetFraction).toBeCloseTo(1 / 63, 12);
    expect(result.accounting.totalCost).toBeCloseTo((138 * 300) / 3600, 12);
  });

  it('sees only served load and waits 5 minutes between scale-ups (1-minute steps)', () => {
    const demand = [1, ...Array<number>(20).fill(10)];
    const result = naiveReactive(demand, { stepSec: 60, ladder: unitLadder(50) });
    // 2 → served 2 > 1.6 → 4 at t2; blocked until t7 (300 s) → 7; t12 → 12; t17 → ceil(10/0.6) = 17.
    const expected = [2, 2, 4, 4, 4, 4, 4, 7, 7, 7, 7, 7, 12, 12, 12, 12, 12, 17, 17, 17, 17];
    expect(capacities(result)).toEqual(expected);
  });

  it('waits 30 minutes after any change before a scale-down (1-minute steps)', () => {
    const demand = [10, 10, ...Array<number>(40).fill(1)];
    const result = naiveReactive(demand, { stepSec: 60, ladder: unitLadder(50) }, { initialLevel: 9 });
    // 10 on 10 → t1 goes to ceil(10 / 0.6) = 17 at 60 s. From t8 the 6-interval window holds only 1s, but a
    // scale-down must wait until 60 + 1,800 s = t31, and then goes to ceil(1 / 0.6) = 2.
    const expected = [10, ...Array<number>(30).fill(17), ...Array<number>(11).fill(2)];
    expect(capacities(result)).toEqual(expected);
  });

  it('a type change takes the downtime out of the served load it observes', () => {
    const ladder = ladderOf([2, 4, 8], [1, 2, 4], 150);
    const result = naiveReactive([2, 3, 3, 3], { stepSec: 300, ladder });
    // Starts at 4 (2 / 0.6 = 3.3); t0 serves 2 (50 %); nothing happens; 3 on 4 is 75 %: no change.
    expect(capacities(result)).toEqual([4, 4, 4, 4]);
    const up = naiveReactive([2, 4, 4, 4], { stepSec: 300, ladder });
    // t1 serves 4 (100 %) → t2 goes to 8 with 150 s offline: unmet 4 × 150 of Σ demand × 300.
    expect(capacities(up)).toEqual([4, 4, 8, 8]);
    expect(up.accounting.unmetFraction).toBeCloseTo((4 * 150) / (14 * 300), 12);
  });
});

describe('computeBaselines', () => {
  it('returns all four, each accounted on the same demand', () => {
    const demand = [1, 5, 9, 2, 2, 2, 2, 2, 2, 2];
    const all = computeBaselines(demand, { stepSec: 300, ladder: unitLadder(10) });
    expect(Object.keys(all)).toEqual(['lowerBound', 'staticPeak', 'naiveReactive', 'optimum']);
    for (const b of Object.values(all)) expect(b.accounting.intervals).toBe(demand.length);
    expect(all.lowerBound.accounting.totalCost).toBeLessThanOrEqual(all.optimum.accounting.totalCost);
    expect(all.optimum.accounting.unmetFraction).toBe(0);
  });
});
