/**
 * Shrinking long series for the report's charts. A 30-day trace has 8,640 intervals; the page keeps at most
 * `maxPoints` per series. Each bucket keeps its maximum (demand, capacity) so a five-minute spike stays
 * visible, or its last value (cumulative cost, which only grows).
 */

/** A chart point: x is the interval index (start of the bucket), y the value. */
export interface ChartPoint {
  x: number;
  y: number;
}

export type BucketRule = 'max' | 'last';

/** Downsample to at most `maxPoints` points (≥ 1). Short series are returned point for point. */
export function downsample(values: ArrayLike<number>, maxPoints: number, rule: BucketRule): ChartPoint[] {
  const n = values.length;
  const size = Math.max(1, Math.ceil(n / Math.max(1, Math.floor(maxPoints))));
  const out: ChartPoint[] = [];
  for (let start = 0; start < n; start += size) {
    const end = Math.min(n, start + size);
    let y = rule === 'last' ? (values[end - 1] as number) : Number.NEGATIVE_INFINITY;
    if (rule === 'max') for (let i = start; i < end; i++) y = Math.max(y, values[i] as number);
    out.push({ x: start, y });
  }
  return out;
}
