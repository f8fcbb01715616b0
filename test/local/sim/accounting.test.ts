// Accounting checked by hand on tiny series: cost per day, unmet and unavoidable fractions, offline time,
// changes and downgrades, PayByTraffic.
import { describe, expect, it } from 'vitest';
import { account, cumulative, intervalCosts, servedAt } from '../../../src/local/sim/accounting.js';
import type { CapacityTimeline } from '../../../src/local/sim/types.js';

const HOUR = 3600;
const ctx = (topCapacity = 100, trafficPricePerGB = 0, stepSec = HOUR) => ({
  stepSec,
  ladder: { topCapacity, trafficPricePerGB },
});

describe('account', () => {
  it.each<[string, number[], CapacityTimeline, ReturnType<typeof ctx>, Record<string, number>]>([
    [
      'unmet = 5 Mbps·h of 35; 3 hours at 1/h = 24 per day',
      [10, 20, 5],
      { capacity: [15, 15, 15], costPerHour: [1, 1, 1] },
      ctx(),
      { totalCost: 3, costPerDay: 24, unmetFraction: 5 / 35, unavoidableUnmetFraction: 0, changes: 0, downgrades: 0 },
    ],
    [
      'offline half an hour at 20 Mbps: 36,000 of 180,000 Mbit unmet; one upgrade',
      [10, 20, 20],
      { capacity: [10, 20, 20], costPerHour: [1, 2, 2], offlineSec: [0, 1800, 0] },
      ctx(),
      { totalCost: 5, unmetFraction: 0.2, changes: 1, downgrades: 0, upgrades: 1, offlineSec: 1800 },
    ],
    [
      'demand above the platform top is unavoidable',
      [150, 50],
      { capacity: [100, 100], costPerHour: [0, 0] },
      ctx(100),
      { unmetFraction: 0.25, unavoidableUnmetFraction: 0.25 },
    ],
    [
      'changes and downgrades follow capacity',
      [1, 1, 1, 1, 1],
      { capacity: [5, 3, 3, 8, 2], costPerHour: [0, 0, 0, 0, 0] },
      ctx(),
      { changes: 3, downgrades: 2, upgrades: 1, unmetFraction: 0 },
    ],
    [
      'zero demand: fractions are 0, not NaN',
      [0, 0],
      { capacity: [1, 1], costPerHour: [0.5, 0.5] },
      ctx(100, 0, 300),
      {
        unmetFraction: 0,
        unavoidableUnmetFraction: 0,
        totalCost: 2 * 0.5 * (300 / 3600),
        costPerDay: 0.5 * 24,
        days: 600 / 86_400,
      },
    ],
  ])('%s', (_name, demand, timeline, context, expected) => {
    const result = account(demand, timeline, context);
    for (const [key, value] of Object.entries(expected))
      expect(result[key as keyof typeof result], key).toBeCloseTo(value, 12);
    expect(result.intervals).toBe(demand.length);
  });

  it('PayByTraffic: 8 Mbps served for an hour is 3.6 GB at 0.8 per GB; capped by capacity', () => {
    const timeline = { capacity: [10, 4], costPerHour: [0, 0] };
    const costs = intervalCosts([8, 8], timeline, ctx(100, 0.8));
    expect(costs[0]).toBeCloseTo(3.6 * 0.8, 12);
    expect(costs[1]).toBeCloseTo(1.8 * 0.8, 12);
  });

  it('served load is min(demand, capacity) scaled by the online share', () => {
    const timeline = { capacity: [10], costPerHour: [0], offlineSec: [75] };
    expect(servedAt([12], timeline, 0, 300)).toBeCloseTo((10 * 225) / 300, 12);
  });

  it('rejects a timeline whose length differs from the demand', () => {
    expect(() => account([1, 2], { capacity: [1], costPerHour: [1, 1] }, ctx())).toThrow(
      /one entry per demand interval \(2\), got 1\/2\/2\/2/,
    );
  });

  it('cumulative sums in order', () => {
    expect(cumulative([1, 2, 3.5])).toEqual([1, 3, 6.5]);
  });
});
