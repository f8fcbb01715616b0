/**
 * Order statistics and timing helpers for the benchmarks. Wall time is read here on purpose: a benchmark
 * measures the real machine, unlike the product, which only ever reads the injected Clock.
 */
import { percentile } from '../core/percentile.js';

/** Summary of a sample of durations, in the sample's unit (ms or µs: the caller names it). */
export interface Summary {
  n: number;
  median: number;
  p99: number;
  mean: number;
  min: number;
  max: number;
}

/** Median, p99 (R-7 interpolation), mean, min and max; all zeros for an empty sample. */
export function summarise(samples: readonly number[]): Summary {
  if (samples.length === 0) return { n: 0, median: 0, p99: 0, mean: 0, min: 0, max: 0 };
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const s of samples) {
    sum += s;
    if (s < min) min = s;
    if (s > max) max = s;
  }
  return {
    n: samples.length,
    median: percentile(samples, 50),
    p99: percentile(samples, 99),
    mean: sum / samples.length,
    min,
    max,
  };
}

/** Milliseconds since an arbitrary origin, sub-microsecond resolution. */
export function nowMs(): number {
  return performance.now();
}

/** Round to `digits` significant-looking decimals for display and JSON (keeps the numbers readable). */
export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
