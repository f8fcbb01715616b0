/** Order statistics for sizing from metric history. */
import { AutoscalerError } from './errors.js';

/**
 * The p-th percentile (0–100) of `values` by linear interpolation between closest ranks (the NumPy / R-7
 * definition: p = 0 is the minimum, p = 100 the maximum). Non-finite values are ignored.
 * @throws AutoscalerError when there is no finite value or p is outside 0–100.
 */
export function percentile(values: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 100)) throw new AutoscalerError(`percentile must be within 0–100, got ${p}`);
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) throw new AutoscalerError('percentile of an empty series (no finite values)');
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const below = sorted[lo] as number;
  const above = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  return below + (above - below) * (rank - lo);
}

/** Largest finite value of the last `count` values (the whole series when it is shorter); 0 for none. */
export function recentMax(values: readonly number[], count: number): number {
  const tail = values.slice(Math.max(0, values.length - count)).filter(Number.isFinite);
  return tail.length ? Math.max(...tail) : 0;
}

/** Arithmetic mean of the finite values; 0 for none. */
export function mean(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite);
  return finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : 0;
}
