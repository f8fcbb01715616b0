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
  const kept = points.filter((p) => p.timestampMs <= nowMs && (sinceMs === undefined || p.timestampMs >= sinceMs));
  // CMS answers oldest first: sort only what is not (a check is cheaper than a sort on every evaluation).
  const usable = isSorted(kept) ? kept : kept.sort((a, b) => a.timestampMs - b.timestampMs);
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
  const points = fresh.filter((p) => p.timestampMs >= startMs);
  return { points, covered: (fresh[0] as MetricPoint).timestampMs <= startMs };
}
