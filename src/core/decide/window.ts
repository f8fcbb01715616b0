/**
 * Which metric points a decision may use, and whether they cover a stabilisation window.
 *
 * Windows are anchored at the NEWEST point, not at `nowMs`, because CMS publishes a point one or two
 * periods late; a window anchored at now would often be empty. Points older than the last change of the
 * dimension are dropped: they measured a different link or instance type.
 */
import type { MetricPoint } from '../types.js';

/** Metrics older than this (relative to now) are stale: max(3 periods, 5 minutes). */
export function staleAfterMs(periodSec: number): number {
  return Math.max(3 * periodSec * 1000, 300_000);
}

/** Whether the points are in time order already. */
export function isSorted(points: readonly MetricPoint[]): boolean {
  for (let i = 1; i < points.length; i++) {
    if ((points[i] as MetricPoint).timestampMs < (points[i - 1] as MetricPoint).timestampMs) return false;
  }
  return true;
}

/**
 * The points of a sorted list stamped in [sinceMs, nowMs]: CMS answers oldest first, so they are one run of it (the
 * list itself when all are in it: decide only reads them, and this runs on every evaluation of every backtest).
 */
function sortedRange(points: readonly MetricPoint[], sinceMs: number | undefined, nowMs: number): MetricPoint[] {
  let lo = 0;
  let hi = points.length;
  if (sinceMs !== undefined) while (lo < hi && (points[lo] as MetricPoint).timestampMs < sinceMs) lo++;
  while (hi > lo && (points[hi - 1] as MetricPoint).timestampMs > nowMs) hi--;
  return lo === 0 && hi === points.length ? (points as MetricPoint[]) : points.slice(lo, hi);
}

export type Fresh = { ok: true; points: MetricPoint[] } | { ok: false; why: string };

/**
 * The usable points, oldest first: measured at or after `sinceMs` (the last change), not in the future, and
 * with the newest one recent enough.
 */
export function freshPoints(
  points: readonly MetricPoint[],
  sinceMs: number | undefined,
  nowMs: number,
  periodSec: number,
): Fresh {
  const usable = isSorted(points)
    ? sortedRange(points, sinceMs, nowMs)
    : points
        .filter((p) => p.timestampMs <= nowMs && (sinceMs === undefined || p.timestampMs >= sinceMs))
        .sort((a, b) => a.timestampMs - b.timestampMs);
  const newest = usable[usable.length - 1];
  if (newest === undefined) {
    return { ok: false, why: sinceMs === undefined ? 'no metric points' : 'no metric points since the last change' };
  }
  if (newest.timestampMs < nowMs - staleAfterMs(periodSec)) {
    return { ok: false, why: `newest metric point is ${Math.round((nowMs - newest.timestampMs) / 1000)} s old` };
  }
  return { ok: true, points: usable };
}

export interface WindowView {
  /** The points inside the window (non-empty), oldest first. */
  points: MetricPoint[];
  /** The fresh history reaches back to the window's start: a decision on it is stable. */
  covered: boolean;
}

/**
 * The last `windowSec` of a non-empty, sorted list of fresh points. A window of n periods holds the newest
 * point and those up to (n − 1) periods before it; it is covered when the history reaches that far back.
 */
export function windowOf(fresh: readonly MetricPoint[], windowSec: number, periodSec: number): WindowView {
  const periods = Math.max(1, Math.ceil(windowSec / periodSec));
  const newest = fresh[fresh.length - 1] as MetricPoint;
  const startMs = newest.timestampMs - (periods - 1) * periodSec * 1000;
  let first = fresh.length - 1;
  while (first > 0 && (fresh[first - 1] as MetricPoint).timestampMs >= startMs) first--;
  return { points: fresh.slice(first), covered: (fresh[0] as MetricPoint).timestampMs <= startMs };
}
