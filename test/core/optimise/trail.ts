// An autoscaled link's audit trail and metric history over a daily cycle, shared by the tests of the pure
// assessment (priced as provisioned) and of the sweep that reads the trail.
import { bandwidthCostPerHour, trafficGBPerHour } from '../../../src/core/cost.js';
import type { AuditEntry, AuditResult } from '../../../src/core/types.js';
import { T0 } from '../../app/builders.js';
import { shippedPrices } from '../../app/optimise/emulators.js';
import { DAY_MS, history } from '../../app/optimise/fixtures.js';

export const prices = shippedPrices();
export const HOUR_MS = 3_600_000;
export const perHour = (mbps: number) => bandwidthCostPerHour(prices, 'PayByBandwidth', mbps);
export const trafficHour = (meanMbps: number) => trafficGBPerHour(meanMbps) * prices.bandwidth.payByTrafficPerGB;

let seq = 0;
export function entry(atMs: number, over: Partial<AuditEntry> = {}, result: AuditResult = 'applied'): AuditEntry {
  seq++;
  return {
    instanceId: 'i-web1',
    atMs,
    seq: `s${String(seq).padStart(6, '0')}`,
    signal: { source: 'timer', dedupeKey: `k${seq}` },
    decision: result === 'applied' ? 'scale' : 'skip',
    reason: 'target-tracking',
    message: 'test',
    result,
    ...over,
  };
}
export const bw = (atMs: number, from: number, to: number, result: AuditResult = 'applied') =>
  entry(atMs, { before: { bandwidthOutMbps: from }, after: { bandwidthOutMbps: to } }, result);

/**
 * A daily cycle: 12:00–16:00 UTC at `peakMbps` of demand, `idleMbps` otherwise; the reactive policy held the link
 * at `highMbps` during the peak and `lowMbps` otherwise (two applied changes a day). T0 is 03:00 UTC: at `lowMbps`.
 */
export function cycle(o: { idleMbps: number; peakMbps: number; lowMbps: number; highMbps: number }, days = 14) {
  const peak = (tMs: number) => {
    const h = new Date(tMs).getUTCHours();
    return h >= 12 && h < 16;
  };
  const points = history(days, (_i, tMs) => (peak(tMs) ? o.peakMbps : o.idleMbps) * 1e6);
  const entries: AuditEntry[] = [];
  for (let d = 1; d <= days; d++) {
    const noon = T0 - d * DAY_MS + 9 * HOUR_MS;
    entries.push(bw(noon, o.lowMbps, o.highMbps), bw(noon + 4 * HOUR_MS, o.highMbps, o.lowMbps));
  }
  const meanMbps = (20 * o.idleMbps + 4 * o.peakMbps) / 24;
  const provisionedHour = (20 * perHour(o.lowMbps) + 4 * perHour(o.highMbps)) / 24;
  return { points, entries, meanMbps, provisionedHour };
}

// Busy peaks: mean 10 Mbps = 3.60 CNY/h of traffic. Priced at the recommended ceil(40 / 0.7) = 58 Mbps it is
// 13.46 CNY/h, but the link was at 6 Mbps 20 h a day and 50 Mbps 4 h: 2.38 CNY/h, below the traffic.
export const BUSY = { idleMbps: 4, peakMbps: 40, lowMbps: 6, highMbps: 50 };
// Mostly idle: mean 4.25 Mbps = 1.53 CNY/h of traffic, against 10 / 50 Mbps provisioned = 2.25 CNY/h.
export const IDLE = { idleMbps: 1, peakMbps: 40, lowMbps: 10, highMbps: 50 };

export const changesOf = (entries: AuditEntry[]) =>
  entries.map((e) => ({ atMs: e.atMs, beforeMbps: e.before?.bandwidthOutMbps as number }));
