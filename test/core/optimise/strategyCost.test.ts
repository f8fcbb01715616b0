// priceRun: a per-minute record of capacity and charge type, priced by hand under both billing modes.
import { describe, expect, it } from 'vitest';
import type { BandwidthBilling, PriceTable } from '../../../src/core/cost.js';
import { priceRun } from '../../../src/core/optimise/strategyCost.js';
import type { InternetChargeType } from '../../../src/core/types.js';

/** Round numbers: 0–5 Mbps at 0.1 per Mbps-hour, above at 0.5; 1 per GB. 10 Mbps = 0.5 + 2.5 = 3.0 an hour. */
function table(billing: BandwidthBilling): PriceTable {
  return {
    region: 'test',
    currency: 'CNY',
    bandwidth: {
      payByBandwidthPerMbpsHour: [
        { fromMbps: 0, toMbps: 5, price: 0.1 },
        { fromMbps: 5, toMbps: null, price: 0.5 },
      ],
      payByTrafficPerGB: 1,
      billing,
    },
    instanceTypes: {},
  };
}

const perMinute = table('perMinute');
const hourlyPeak = table('hourlyPeak');
/** 2024-05-01T10:00:00Z */
const TEN = Date.UTC(2024, 4, 1, 10, 0, 0);
const MIN = 60_000;
const byBandwidth = () => 'PayByBandwidth' as const;

function minutes(n: number, f: (i: number) => number): number[] {
  return Array.from({ length: n }, (_, i) => f(i));
}

describe('priceRun: pay-by-bandwidth per minute held', () => {
  it('an hour at 10 Mbps then an hour at 4 Mbps, against 5 Mbps of demand', () => {
    const capacity = minutes(120, (i) => (i < 60 ? 10 : 4));
    const f = priceRun(
      { capacity, chargeType: byBandwidth },
      minutes(120, () => 5),
      TEN,
      perMinute,
    );
    // 3.0 + 0.4 = 3.4 over 2 h = 1/12 day → 40.8 a day; the second hour leaves 1 of 5 Mbps unserved.
    expect(f.costPerDay).toBeCloseTo(40.8, 9);
    expect(f.unmetFraction).toBeCloseTo(60 / 600, 12);
    expect(f.changes).toBe(1);
  });

  it('a level between whole Mbps and one above the platform range are priced by the tiers', () => {
    const capacity = minutes(60, (i) => (i < 30 ? 2.5 : 250));
    // Demand that is not a number or negative counts as none: nothing to serve, nothing unmet.
    const demand = minutes(60, (i) => (i === 0 ? Number.NaN : i === 1 ? -3 : 0));
    const f = priceRun({ capacity, chargeType: byBandwidth }, demand, TEN, perMinute);
    // 2.5 Mbps = 0.25 an hour; 250 Mbps = 0.5 + 245 × 0.5 = 123 an hour; half an hour each, over 1/24 day.
    expect(f.costPerDay).toBeCloseTo((0.25 / 2 + 123 / 2) * 24, 9);
    expect(f.unmetFraction).toBe(0);
    expect(f.changes).toBe(1);
  });

  it('demand that is not a number or negative is none: neither billed as traffic nor counted as unmet', () => {
    const demand = [Number.NaN, -3, 4, 8];
    const chargeType = (i: number): InternetChargeType => (i < 3 ? 'PayByTraffic' : 'PayByBandwidth');
    const f = priceRun({ capacity: [5, 5, 5, 5], chargeType }, demand, TEN, perMinute);
    // Traffic: 4 Mbps for a minute = 0.03 GB; bandwidth: a minute at 5 Mbps = 0.5 / 60; 3 of 12 Mbps unserved.
    expect(f.costPerDay).toBeCloseTo((0.03 + 0.5 / 60) * 360, 9);
    expect(f.unmetFraction).toBeCloseTo(3 / 12, 12);
  });

  it('an empty record costs nothing and leaves nothing unmet', () => {
    expect(priceRun({ capacity: [], chargeType: [] }, [], TEN, perMinute)).toEqual({
      costPerDay: 0,
      unmetFraction: 0,
      changes: 0,
    });
  });
});

describe('priceRun: pay-by-bandwidth at each clock hour’s peak', () => {
  // 10:30–12:10: 2 Mbps with one minute at 10 (10:40), then 4 Mbps with one minute at 6 (11:15), then 4.
  const capacity = minutes(100, (i) => (i < 30 ? (i === 10 ? 10 : 2) : i === 45 ? 6 : 4));
  const start = TEN + 30 * MIN;

  it('each hour at its peak, the partial hours at both ends for their share', () => {
    const f = priceRun(
      { capacity, chargeType: byBandwidth },
      minutes(100, () => 0),
      start,
      hourlyPeak,
    );
    // 10:30–11:00 at 10 Mbps: 3.0 × 30/60 = 1.5; 11:00–12:00 at 6 Mbps: 1.0; 12:00–12:10 at 4 Mbps: 0.4 × 10/60.
    const cost = 1.5 + 1.0 + 0.4 / 6;
    expect(f.costPerDay).toBeCloseTo(cost * (1440 / 100), 9);
    expect(f.changes).toBe(5);
  });

  it('the same record per minute held costs much less (the one-minute peaks are not paid for all hour)', () => {
    const f = priceRun(
      { capacity, chargeType: byBandwidth },
      minutes(100, () => 0),
      start,
      perMinute,
    );
    const cost = (3.0 + 29 * 0.2 + 59 * 0.4 + 1.0 + 10 * 0.4) / 60;
    expect(f.costPerDay).toBeCloseTo(cost * (1440 / 100), 9);
  });

  it('an hour that starts on pay-by-traffic: traffic per GB served, the rest of the hours at their peak', () => {
    // 10:00–11:00 pay-by-traffic: 30 min under a 100 Mbps cap, 30 min under a 5 Mbps cap, 8 Mbps wanted;
    // 11:00–12:00 pay-by-bandwidth at 10 Mbps.
    const cap = minutes(120, (i) => (i < 30 ? 100 : i < 60 ? 5 : 10));
    const chargeType = (i: number): InternetChargeType => (i < 60 ? 'PayByTraffic' : 'PayByBandwidth');
    const f = priceRun(
      { capacity: cap, chargeType },
      minutes(120, () => 8),
      TEN,
      hourlyPeak,
    );
    // GB per Mbps-minute: 60 s / 8 / 1000 = 0.0075. 30 × 8 × 0.0075 = 1.8 GB, 30 × 5 × 0.0075 = 1.125 GB.
    const cost = 1.8 + 1.125 + 3.0;
    expect(f.costPerDay).toBeCloseTo(cost * 12, 9);
    expect(f.unmetFraction).toBeCloseTo((30 * 3) / (120 * 8), 12);
    expect(f.changes).toBe(2);
  });

  it('a charge type per minute as an array: an hour half on each method pays the peak for its half', () => {
    const chargeType = minutes(60, (i) => i).map(
      (i): InternetChargeType => (i < 30 ? 'PayByBandwidth' : 'PayByTraffic'),
    );
    const f = priceRun(
      { capacity: minutes(60, () => 10), chargeType },
      minutes(60, () => 4),
      TEN,
      hourlyPeak,
    );
    // 3.0 × 30/60 = 1.5 for the pay-by-bandwidth half; 30 × 4 × 0.0075 = 0.9 GB for the traffic half.
    expect(f.costPerDay).toBeCloseTo((1.5 + 0.9) * 24, 9);
    expect(f.unmetFraction).toBe(0);
    expect(f.changes).toBe(0);
  });

  it('a bandwidth hour, a traffic hour, a bandwidth hour: each bandwidth hour is closed at its own peak', () => {
    const cap = minutes(180, (i) => (i < 60 ? 6 : i < 120 ? 100 : 4));
    const chargeType = (i: number): InternetChargeType => (i >= 60 && i < 120 ? 'PayByTraffic' : 'PayByBandwidth');
    const f = priceRun(
      { capacity: cap, chargeType },
      minutes(180, () => 0),
      TEN,
      hourlyPeak,
    );
    // 1.0 + 0 (no traffic) + 0.4 over 3 h.
    expect(f.costPerDay).toBeCloseTo(1.4 * 8, 9);
  });
});

describe('priceRun: a subscription’s prepaid base', () => {
  // An hour at 10 Mbps (3.0 an hour), then an hour at 20 (8.0), then an hour at 4 (0.4), on a 10 Mbps base.
  const capacity = minutes(180, (i) => (i < 60 ? 10 : i < 120 ? 20 : 4));
  const demand = minutes(180, () => 1);

  it.each([
    ['per minute', perMinute],
    ['at the hour’s peak', hourlyPeak],
  ])('%s: only what is held above the base costs (8.0 − 3.0 for the upgraded hour, nothing below it)', (_l, prices) => {
    const f = priceRun({ capacity, chargeType: byBandwidth }, demand, TEN, prices, { prepaidMbps: 10 });
    expect(f.costPerDay).toBeCloseTo((8 - 3) * 8, 9);
    // Without a base, every hour costs.
    expect(priceRun({ capacity, chargeType: byBandwidth }, demand, TEN, prices).costPerDay).toBeCloseTo(
      (3 + 8 + 0.4) * 8,
      9,
    );
  });
});
