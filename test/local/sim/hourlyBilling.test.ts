// Pay-by-bandwidth billing modes, checked by hand with the shared prices (0–5 Mbps at 0.063, the rest at 0.248 per
// Mbps-hour; 0.8 per GB): 3 Mbps = 0.189, 10 Mbps = 1.555, 20 Mbps = 4.035 per hour. `perMinute` bills each
// bandwidth for the time it is held; `hourlyPeak` bills each clock hour at the highest bandwidth held in it.
import { describe, expect, it } from 'vitest';
import type { PriceTable } from '../../../src/core/cost.js';
import type { InternetChargeType } from '../../../src/core/types.js';
import { account, intervalCosts } from '../../../src/local/sim/accounting.js';
import { computeBaselines, lowerBound, staticPeak } from '../../../src/local/sim/baselines.js';
import {
  billedBandwidthTimeline,
  billingHours,
  hourlyPeakTimeline,
  overlapSec,
  payByTraffic,
  pricedTimeline,
} from '../../../src/local/sim/billing.js';
import { bandwidthLadder, levelIndexOf } from '../../../src/local/sim/levels.js';
import { ladderOf, sharedPrices } from './fixtures.js';

const perMinute = sharedPrices();
const hourlyPeak: PriceTable = { ...perMinute, bandwidth: { ...perMinute.bandwidth, billing: 'hourlyPeak' } };
const ladder = bandwidthLadder(perMinute);
const PBB: InternetChargeType = 'PayByBandwidth';
const PBT: InternetChargeType = 'PayByTraffic';
/** 2024-05-01T10:00:00Z = 18:00 in Asia/Shanghai (UTC+8): the same hour boundaries. */
const T10 = Date.UTC(2024, 4, 1, 10);
const QUARTER = 900;
const [P3, P10, P20] = [0.189, 1.555, 4.035];
// Two aligned hours of 15-minute steps: a peak of 10 Mbps in the first, 20 Mbps in the second.
const TWO_HOURS = [10, 3, 3, 3, 3, 3, 20, 3];

const costs = (prices: PriceTable, capacityMbps: number[], stepSec: number, startMs = T10) => {
  const timeline = billedBandwidthTimeline(prices, {
    capacityMbps,
    chargeType: capacityMbps.map(() => PBB),
    clock: { startMs, stepSec },
  });
  return Array.from(intervalCosts(capacityMbps, timeline, { stepSec, ladder }));
};

describe('billingHours: the clock hours a series overlaps', () => {
  it('aligned 15-minute steps: four per hour, none crossing', () => {
    const hours = billingHours(5, { startMs: T10, stepSec: QUARTER });
    expect(hours.firstMs).toBe(T10);
    expect([...hours.seconds]).toEqual([3600, 900]);
    expect([...hours.startHour]).toEqual([0, 0, 0, 0, 1]);
    expect([...hours.endHour]).toEqual([0, 0, 0, 0, 1]);
  });

  it('hour-long steps from 10:30: each crosses an hour; the first and last hours are halves', () => {
    const clock = { startMs: T10 + 1_800_000, stepSec: 3600 };
    const hours = billingHours(2, clock);
    expect(hours.firstMs).toBe(T10);
    expect([...hours.seconds]).toEqual([1800, 3600, 1800]);
    expect([...hours.startHour]).toEqual([0, 1]);
    expect([...hours.endHour]).toEqual([1, 2]);
    expect([0, 1, 2].map((h) => overlapSec(hours, clock, 0, h))).toEqual([1800, 1800, 0]);
  });

  it('an empty series has no hours; a step must be positive', () => {
    expect(billingHours(0, { startMs: T10, stepSec: 60 }).seconds.length).toBe(0);
    expect(() => billingHours(3, { startMs: T10, stepSec: 0 })).toThrow(/stepSec must be > 0, got 0/);
  });
});

describe('pay-by-bandwidth under both billing modes (hand-computed)', () => {
  it('perMinute: each bandwidth for its own quarter hour', () => {
    const got = costs(perMinute, TWO_HOURS, QUARTER);
    const want = TWO_HOURS.map((mbps) => ({ 3: P3, 10: P10, 20: P20 })[mbps as 3 | 10 | 20] / 4);
    for (const [t, c] of got.entries()) expect(c, `interval ${t}`).toBeCloseTo(want[t] as number, 12);
    expect(got.reduce((a, b) => a + b, 0)).toBeCloseTo(1.681, 12); // (1.555 + 3 × 0.189 × 2 + 4.035) / 4
  });

  it('hourlyPeak: every quarter of an hour at that hour’s peak; the dips save nothing', () => {
    const got = costs(hourlyPeak, TWO_HOURS, QUARTER);
    for (const [t, c] of got.entries()) expect(c, `interval ${t}`).toBeCloseTo((t < 4 ? P10 : P20) / 4, 12);
    expect(got.reduce((a, b) => a + b, 0)).toBeCloseTo(P10 + P20, 12); // 5.59
  });

  it('hourlyPeak with steps crossing the hour: each hour part at the peak of the intervals overlapping it', () => {
    // [10:30, 11:30) at 10 Mbps, [11:30, 12:30) at 3: hour 10 half at 10, hour 11 whole at 10, hour 12 half at 3.
    const got = costs(hourlyPeak, [10, 3], 3600, T10 + 1_800_000);
    expect(got[0]).toBeCloseTo(P10, 12);
    expect(got[1]).toBeCloseTo(P10 / 2 + P3 / 2, 12);
    expect(costs(perMinute, [10, 3], 3600, T10 + 1_800_000)).toEqual([P10, P3].map((p) => expect.closeTo(p, 12)));
  });

  it('a pay-by-traffic interval keeps its per-GB price and takes no part in the hour’s peak', () => {
    // One hour: 20 Mbps cap on traffic (8 Mbps served: 0.9 GB → 0.72), then 10, 3, 3 Mbps by bandwidth.
    const timeline = (prices: PriceTable) =>
      billedBandwidthTimeline(prices, {
        capacityMbps: [20, 10, 3, 3],
        chargeType: [PBT, PBB, PBB, PBB],
        clock: { startMs: T10, stepSec: QUARTER },
      });
    const demand = [8, 8, 2, 2];
    const hourly = account(demand, timeline(hourlyPeak), { stepSec: QUARTER, ladder });
    const minute = account(demand, timeline(perMinute), { stepSec: QUARTER, ladder });
    expect(hourly.totalCost).toBeCloseTo(0.72 + (3 * P10) / 4, 12);
    expect(minute.totalCost).toBeCloseTo(0.72 + (P10 + 2 * P3) / 4, 12);
    expect(hourly.unmetFraction).toBe(minute.unmetFraction);
  });

  it('an hourly-peak table needs the clock of a pay-by-bandwidth record, not of a pay-by-traffic one', () => {
    expect(() => billedBandwidthTimeline(hourlyPeak, { capacityMbps: [5], chargeType: [PBB] })).toThrow(
      /bills pay-by-bandwidth hourlyPeak: the timeline needs its clock/,
    );
    const traffic = payByTraffic([8, 8], { stepSec: QUARTER, prices: hourlyPeak });
    expect(traffic.accounting.totalCost).toBeCloseTo(2 * 0.72, 12);
  });

  it('hourlyPeakTimeline keeps everything but the hourly price', () => {
    const timeline = { capacity: [10, 3], costPerHour: [P10, P3], offlineSec: [0, 60] };
    const peaked = hourlyPeakTimeline(timeline, { startMs: T10, stepSec: QUARTER });
    expect(peaked).toEqual({ ...timeline, costPerHour: [P10, P10] });
  });
});

describe('baselines priced by the billing mode', () => {
  const demand = TWO_HOURS;
  const billing = { mode: 'hourlyPeak' as const, startMs: T10 };

  it('lowerBound: the cheapest level per interval, each hour billed at its highest', () => {
    const minute = lowerBound(demand, { stepSec: QUARTER, ladder });
    const hourly = lowerBound(demand, { stepSec: QUARTER, ladder, billing });
    expect([...hourly.levels]).toEqual([...minute.levels]);
    expect(minute.accounting.totalCost).toBeCloseTo(1.681, 12);
    expect(hourly.accounting.totalCost).toBeCloseTo(P10 + P20, 12);
  });

  it('staticPeak: one level all the time costs the same either way', () => {
    const minute = staticPeak(demand, { stepSec: QUARTER, ladder });
    const hourly = staticPeak(demand, { stepSec: QUARTER, ladder, billing });
    expect(hourly.accounting.totalCost).toBeCloseTo(minute.accounting.totalCost, 12);
  });

  it('every baseline of computeBaselines follows the mode; perMinute is the default', () => {
    const options = { stepSec: QUARTER, ladder, optimum: { cooldownMin: 0 } };
    const minute = computeBaselines(demand, options);
    const explicit = computeBaselines(demand, { ...options, billing: { mode: 'perMinute', startMs: T10 } });
    const hourly = computeBaselines(demand, { ...options, billing });
    for (const name of ['lowerBound', 'staticPeak', 'naiveReactive', 'optimum'] as const) {
      expect(explicit[name].accounting.totalCost, name).toBeCloseTo(minute[name].accounting.totalCost, 12);
      expect(hourly[name].accounting.totalCost, name).toBeGreaterThanOrEqual(minute[name].accounting.totalCost - 1e-12);
    }
    // The optimum can do no better than hold each hour's peak: 10 Mbps, then 20.
    expect(hourly.optimum.accounting.totalCost).toBeCloseTo(P10 + P20, 12);
  });

  it('instance types (a CPU ladder) are billed for the time held, whatever the bandwidth mode', () => {
    const cpu = ladderOf([2, 4], [1, 2], 35);
    const levels = [1, 0, 0, 0];
    const timeline = pricedTimeline(levels, { ladder: cpu, stepSec: QUARTER, billing });
    expect(timeline.costPerHour).toEqual([2, 1, 1, 1]);
    const bandwidth = pricedTimeline([levelIndexOf(ladder, 10), 0], { ladder, stepSec: QUARTER, billing });
    expect(bandwidth.costPerHour).toEqual([P10, P10].map((p) => expect.closeTo(p, 12)));
  });
});
