// Network billing per interval, checked by hand with the shared prices (0–5 Mbps at 0.063, the rest at 0.248 per
// Mbps-hour; 0.8 per GB): a timeline that switches from PayByBandwidth to PayByTraffic mid-way, the switch list,
// and the pay-by-traffic baseline.
import { describe, expect, it } from 'vitest';
import type { InternetChargeType } from '../../../src/core/types.js';
import { account, intervalCosts } from '../../../src/local/sim/accounting.js';
import {
  billedBandwidthTimeline,
  chargeTypeSwitches,
  isChargeType,
  payByTraffic,
} from '../../../src/local/sim/billing.js';
import { bandwidthLadder } from '../../../src/local/sim/levels.js';
import { sharedPrices } from './fixtures.js';

const prices = sharedPrices();
const HOUR = 3600;
const PBB: InternetChargeType = 'PayByBandwidth';
const PBT: InternetChargeType = 'PayByTraffic';
// The accounting ladder of a bandwidth simulation: pay-by-bandwidth, so its own per-GB price is 0.
const ladder = bandwidthLadder(prices);

describe('billedBandwidthTimeline + intervalCosts', () => {
  it.each<[string, number[], number[], InternetChargeType[], number[], number[]]>([
    [
      // 10 Mbps: 5 × 0.063 + 5 × 0.248 = 1.555 per hour. PayByTraffic: the cap serves 4 of 8 Mbps → 1.8 GB,
      // then 3 Mbps → 1.35 GB, at 0.8 per GB.
      'switch after two hours: tier price, then served GB × price',
      [8, 8, 8, 3],
      [10, 10, 4, 20],
      [PBB, PBB, PBT, PBT],
      [0, 0, 0, 0],
      [1.555, 1.555, 1.44, 1.08],
    ],
    [
      // Back to PayByBandwidth at 3 Mbps: 3 × 0.063 = 0.189, whatever is served.
      'and back: the hourly price returns, the traffic is free again',
      [2, 2],
      [50, 3],
      [PBT, PBB],
      [0, 0],
      [0.72, 0.189],
    ],
    [
      // Offline for half the hour: 8 Mbps served for 1800 s → 1.8 GB; a PayByBandwidth link is charged anyway.
      'offline time serves (and bills) nothing under PayByTraffic',
      [8, 8],
      [10, 10],
      [PBT, PBB],
      [1800, 1800],
      [1.44, 1.555],
    ],
  ])('%s', (_name, demand, capacityMbps, chargeType, offlineSec, costs) => {
    const timeline = billedBandwidthTimeline(prices, { capacityMbps, chargeType, offlineSec });
    const got = Array.from(intervalCosts(demand, timeline, { stepSec: HOUR, ladder }));
    for (const [t, c] of got.entries()) expect(c, `interval ${t}`).toBeCloseTo(costs[t] as number, 12);
  });

  it('accounts a mid-way switch: cost per day and unmet demand of the whole timeline', () => {
    const timeline = billedBandwidthTimeline(prices, {
      capacityMbps: [10, 10, 4, 20],
      chargeType: [PBB, PBB, PBT, PBT],
    });
    const a = account([8, 8, 8, 3], timeline, { stepSec: HOUR, ladder });
    expect(a.totalCost).toBeCloseTo(1.555 * 2 + 1.44 + 1.08, 12);
    expect(a.costPerDay).toBeCloseTo((1.555 * 2 + 1.44 + 1.08) * 6, 12);
    expect(a.unmetFraction).toBeCloseTo(4 / 27, 12);
  });

  it('rejects a charge-type record of another length', () => {
    expect(() => billedBandwidthTimeline(prices, { capacityMbps: [1, 2], chargeType: [PBB] })).toThrow(
      /one charge type per interval \(2\), got 1/,
    );
  });
});

describe('chargeTypeSwitches', () => {
  it.each<[InternetChargeType[], { index: number; from: InternetChargeType; to: InternetChargeType }[]]>([
    [[], []],
    [[PBB, PBB], []],
    [
      [PBB, PBB, PBT, PBT, PBB],
      [
        { index: 2, from: PBB, to: PBT },
        { index: 4, from: PBT, to: PBB },
      ],
    ],
  ])('%j', (record, switches) => {
    expect(chargeTypeSwitches(record)).toEqual(switches);
  });

  it.each([
    ['PayByTraffic', true],
    ['PayByBandwidth', true],
    ['paybytraffic', false],
  ])('isChargeType(%s) = %s', (value, ok) => {
    expect(isChargeType(value)).toBe(ok);
  });
});

describe('payByTraffic baseline', () => {
  it('serves everything up to 100 Mbps and bills every served GB', () => {
    // Served 50, 100, 0 Mbps for an hour each: 22.5 + 45 GB = 67.5 GB × 0.8 = 54 over 3 hours.
    const result = payByTraffic([50, 150, 0], { stepSec: HOUR, prices });
    expect(result.name).toBe('payByTraffic');
    expect([...result.timeline.capacity]).toEqual([100, 100, 100]);
    expect(result.accounting.totalCost).toBeCloseTo(54, 12);
    expect(result.accounting.costPerDay).toBeCloseTo(54 * 8, 12);
    expect(result.accounting.unmetFraction).toBeCloseTo(50 / 200, 12);
    expect(result.accounting.unavoidableUnmetFraction).toBeCloseTo(50 / 200, 12);
    expect(result.accounting.changes).toBe(0);
  });

  it('costs the same under the pay-by-bandwidth accounting ladder (priced per interval)', () => {
    const result = payByTraffic([20, 30], { stepSec: 300, prices });
    const costs = intervalCosts([20, 30], result.timeline, { stepSec: 300, ladder });
    expect(costs[0]).toBeCloseTo(((20 * 300) / 8 / 1000) * 0.8, 12);
    expect(costs[1]).toBeCloseTo(((30 * 300) / 8 / 1000) * 0.8, 12);
  });
});
