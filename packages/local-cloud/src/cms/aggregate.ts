/**
 * Period aggregation the CMS way: raw samples are grouped into periods aligned to the epoch, each period
 * reports Average / Maximum / Minimum, and the period's start is the datapoint `timestamp`.
 */
import type { Bucket, Statistic } from './types.js';

/** A raw sample; `tMs` is the start of the interval it measured. */
export interface Sample {
  tMs: number;
  value: number;
}

/** Start of the period containing `tMs`. */
export function periodStart(tMs: number, periodMs: number): number {
  return Math.floor(tMs / periodMs) * periodMs;
}

/**
 * Aggregate samples (oldest first) into periods of `periodMs`. Only periods that are complete at `nowMs`
 * (start + period ≤ now) are returned: a period still filling would report a misleading partial value.
 */
export function aggregate(samples: readonly Sample[], periodMs: number, nowMs: number): Bucket[] {
  const out: Bucket[] = [];
  let cur: Bucket | undefined;
  let sum = 0;
  for (const s of samples) {
    const start = periodStart(s.tMs, periodMs);
    if (start + periodMs > nowMs) break;
    if (!cur || cur.tMs !== start) {
      if (cur) out.push(finish(cur, sum));
      cur = { tMs: start, average: 0, maximum: s.value, minimum: s.value, count: 0 };
      sum = 0;
    }
    sum += s.value;
    cur.count += 1;
    cur.maximum = Math.max(cur.maximum, s.value);
    cur.minimum = Math.min(cur.minimum, s.value);
  }
  if (cur) out.push(finish(cur, sum));
  return out;
}

function finish(b: Bucket, sum: number): Bucket {
  return { ...b, average: round(sum / b.count) };
}

/** CMS reports values with a few decimals; rounding keeps equal inputs equal after averaging. */
export function round(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}

export function statisticOf(b: Bucket, stat: Statistic): number {
  if (stat === 'Maximum') return b.maximum;
  if (stat === 'Minimum') return b.minimum;
  return b.average;
}
