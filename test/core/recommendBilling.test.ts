import { describe, expect, it } from 'vitest';
import { type BillingMethodRecommendation, recommendBillingMethod } from '../../src/core/recommend.js';
import { asRecommendation, bitbrains, PER_DAY, PERIOD, prices } from './recommendFixtures.js';

describe('recommendBillingMethod', () => {
  const week = (value: number) => new Array<number>(7 * PER_DAY).fill(value);
  const billing = (samples: number[], bandwidthMbps: number, extra: object = {}) =>
    recommendBillingMethod({ samples, periodSec: PERIOD, bandwidthMbps, prices, minHistoryDays: 7, ...extra });

  it('10 Mbps carrying 2 Mbps on average: pay-by-traffic, numbers checked by hand', () => {
    const r = asRecommendation<BillingMethodRecommendation>(billing(week(2), 10, { current: 'PayByBandwidth' }));
    // by bandwidth: (5 × 0.063 + 5 × 0.248) × 730 = 1.555 × 730 = 1135.15
    // by traffic: 2 Mbps = 0.9 GB/h × 0.8 = 0.72/h × 730 = 525.6
    expect(r.monthlyCost.PayByBandwidth).toBeCloseTo(1135.15, 6);
    expect(r.monthlyCost.PayByTraffic).toBeCloseTo(525.6, 6);
    expect(r.monthlySaving).toBeCloseTo(609.55, 6);
    expect(r.utilization).toBeCloseTo(0.2, 10);
    // break-even: 1.555 / (10 Mbps = 4.5 GB/h × 0.8) = 0.43194…
    expect(r.breakEvenUtilization).toBeCloseTo(1.555 / 3.6, 10);
    expect(r).toMatchObject({ recommended: 'PayByTraffic', change: true, applicable: true });
    expect(r.message).toBe(
      'PayByTraffic: mean 2.0 of 10 Mbps is 20.0 % utilisation, break-even 43.2 %; ' +
        'pay-by-bandwidth at 10 Mbps: 1135.15 CNY/month, pay-by-traffic: 525.60 CNY/month',
    );
    expect(r.provisionedDays).toBeUndefined();
  });

  it.each<[string, number, 'PayByBandwidth' | 'PayByTraffic']>([
    // 2 Mbps mean on a link priced statically at 10 Mbps: traffic (525.60) beats 1135.15. As provisioned the
    // autoscaled link averaged 0.5 CNY/h = 365 CNY/month: it stays on pay-by-bandwidth.
    ['provisioned below the traffic cost', 0.5, 'PayByBandwidth'],
    // Provisioned at 1.2 CNY/h = 876 CNY/month: traffic still wins.
    ['provisioned above the traffic cost', 1.2, 'PayByTraffic'],
  ])('%s → %s', (_label, costPerHour, expected) => {
    const r = asRecommendation<BillingMethodRecommendation>(
      billing(week(2), 10, { current: 'PayByBandwidth', provisioned: { costPerHour, days: 6.2 } }),
    );
    expect(r.monthlyCost.PayByBandwidth).toBeCloseTo(costPerHour * 730, 6);
    expect(r.monthlyCost.PayByTraffic).toBeCloseTo(525.6, 6);
    expect(r.recommended).toBe(expected);
    expect(r.change).toBe(expected === 'PayByTraffic');
    // The break-even stays a fraction of the reference bandwidth, consistent with the choice.
    expect(r.breakEvenUtilization).toBeCloseTo(costPerHour / 3.6, 10);
    expect(r.utilization < r.breakEvenUtilization).toBe(expected === 'PayByTraffic');
    expect(r.provisionedDays).toBe(6.2);
    expect(r.message).toContain(
      `pay-by-bandwidth as provisioned over 6.2 days: ${(costPerHour * 730).toFixed(2)} CNY/month`,
    );
  });

  it('10 Mbps carrying 6 Mbps (above the 43 % break-even): pay-by-bandwidth', () => {
    const r = asRecommendation<BillingMethodRecommendation>(billing(week(6), 10, { current: 'PayByBandwidth' }));
    // by traffic: 2.7 GB/h × 0.8 × 730 = 1576.8 > 1135.15
    expect(r.monthlyCost.PayByTraffic).toBeCloseTo(1576.8, 6);
    expect(r).toMatchObject({ recommended: 'PayByBandwidth', change: false });
    expect(r.monthlySaving).toBeCloseTo(1576.8 - 1135.15, 6);
  });

  it.each([
    // trace, provisioned Mbps, recommended: 35.csv idles most of the day (mean ≈ 7.5 of 50); 384.csv is busy (≈ 17 of 20)
    ['35.csv', 50, 'PayByTraffic'],
    ['384.csv', 20, 'PayByBandwidth'],
  ])('real trace %s on %d Mbps → %s', (file, bandwidthMbps, expected) => {
    const { mbps } = bitbrains(file);
    const r = asRecommendation<BillingMethodRecommendation>(billing(mbps, bandwidthMbps));
    expect(r.recommended).toBe(expected);
    expect(r.utilization < r.breakEvenUtilization).toBe(expected === 'PayByTraffic');
    expect(r.change).toBe(false); // no current method given
  });

  it('keeps pay-by-bandwidth above 100 Mbps, where pay-by-traffic cannot go, and says so', () => {
    const r = asRecommendation<BillingMethodRecommendation>(billing(week(5), 150));
    expect(r.recommended).toBe('PayByBandwidth');
    expect(r.monthlySaving).toBeLessThan(0);
    expect(r.message).toContain('(PayByTraffic is capped at 100 Mbps)');
  });

  it('states an infinite break-even when traffic is free', () => {
    const free = { ...prices, bandwidth: { ...prices.bandwidth, payByTrafficPerGB: 0 } };
    const r = asRecommendation<BillingMethodRecommendation>(
      recommendBillingMethod({
        samples: week(5),
        periodSec: PERIOD,
        bandwidthMbps: 10,
        prices: free,
        minHistoryDays: 7,
      }),
    );
    expect(r.breakEvenUtilization).toBe(Number.POSITIVE_INFINITY);
    expect(r.recommended).toBe('PayByTraffic');
  });

  it.each([
    ['no bandwidth', week(1), 0, 'no-bandwidth'],
    ['half a day', week(1).slice(0, 144), 10, 'insufficient-history'],
  ])('no recommendation: %s', (_label, samples, bandwidthMbps, reason) => {
    expect(billing(samples, bandwidthMbps)).toMatchObject({ kind: 'none', reason });
  });

  it('reports lower confidence for two days of history', () => {
    const r = asRecommendation<BillingMethodRecommendation>(billing(week(2).slice(0, 2 * PER_DAY), 10));
    expect(r.confidence).toBeCloseTo(2 / 7, 10);
    expect(r.applicable).toBe(false);
  });
});
