// Shared by the strategy tests: the shipped price table and synthetic served-traffic histories at 300 s.
import type { PriceTable } from '../../../src/core/cost.js';
import type { MetricPoint } from '../../../src/core/types.js';

/** The shipped cn-hangzhou table (config/prices/cn-hangzhou.json). */
export const PRICES: PriceTable = {
  region: 'cn-hangzhou',
  currency: 'CNY',
  bandwidth: {
    payByBandwidthPerMbpsHour: [
      { fromMbps: 0, toMbps: 5, price: 0.063 },
      { fromMbps: 5, toMbps: null, price: 0.248 },
    ],
    payByTrafficPerGB: 0.8,
    billing: 'perMinute',
  },
  instanceTypes: {},
};

/** 2024-05-10T00:00:00Z: a UTC midnight, so the history's days are whole forecast days. */
export const NOW = Date.UTC(2024, 4, 10);
export const DAY = 86_400_000;
export const HOUR = 3_600_000;

/** `days` of 300 s points ending at NOW, `mbps(tMs, i)` each (average = maximum = minimum). */
export function history(days: number, mbps: (tMs: number, i: number) => number): MetricPoint[] {
  const n = Math.round(days * 288);
  return Array.from({ length: n }, (_, i) => {
    const t = NOW - (n - i) * 300_000;
    const v = mbps(t, i) * 1e6;
    return { timestampMs: t, average: v, maximum: v, minimum: v };
  });
}

export const flat = (mbps: number, days = 2) => history(days, () => mbps);
/** 2 Mbps, with 60 Mbps for one period in 50 (5 minutes every 250). */
export const bursty = (days = 2) => history(days, (_t, i) => (i % 50 === 0 ? 60 : 2));
/** A clean daily curve: 20 Mbps at night, up to 50 Mbps around 06:00 UTC. */
export const daily = (days: number) =>
  history(days, (t) => 20 + 30 * Math.max(0, Math.sin(((t % DAY) / DAY) * 2 * Math.PI)));
