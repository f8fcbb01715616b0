/**
 * Raw metric series of the emulator. One fixed-size ring per series (metric + dimensions), sized from the
 * retention and the sampling interval, so memory stays bounded however long a simulation runs.
 */
import type { Sample } from './aggregate.js';
import { ECS_NAMESPACE } from './types.js';

/** A fixed-capacity circular buffer of samples in time order. */
export class Ring {
  private readonly buf: Sample[] = [];
  private head = 0;

  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new RangeError(`Ring capacity must be ≥ 1 (got ${capacity})`);
  }

  /** Appends in time order; a sample older than the newest one is ignored (the clock never runs back). */
  push(s: Sample): void {
    const newest = this.last();
    if (newest && s.tMs < newest.tMs) return;
    if (this.buf.length < this.capacity) this.buf.push(s);
    else {
      this.buf[this.head] = s;
      this.head = (this.head + 1) % this.capacity;
    }
  }

  get size(): number {
    return this.buf.length;
  }

  /** The i-th oldest sample (0 ≤ i < size). */
  private at(i: number): Sample {
    return this.buf[(this.head + i) % this.buf.length] as Sample;
  }

  /**
   * Samples with `fromMs ≤ tMs < toMs`, oldest first. Samples are appended in time order, so a binary search
   * finds the start: a month-long simulation evaluates alarms every minute over rings of ~45 000 samples.
   */
  range(fromMs: number, toMs: number): Sample[] {
    let lo = 0;
    let hi = this.buf.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.at(mid).tMs < fromMs) lo = mid + 1;
      else hi = mid;
    }
    const out: Sample[] = [];
    for (let i = lo; i < this.buf.length && this.at(i).tMs < toMs; i++) out.push(this.at(i));
    return out;
  }

  last(): Sample | undefined {
    if (this.buf.length === 0) return undefined;
    return this.buf[(this.head + this.buf.length - 1) % this.buf.length];
  }
}

export interface Series {
  namespace: string;
  metricName: string;
  /** Dimension values, keys in CMS order (userId, instanceId, ip). */
  dims: Record<string, string>;
  ring: Ring;
}

export function seriesKey(metricName: string, dims: Record<string, string>): string {
  return `${metricName}|${Object.entries(dims)
    .map(([k, v]) => `${k}=${v}`)
    .join(',')}`;
}

export class MetricStore {
  private readonly series = new Map<string, Series>();

  /**
   * @param retentionMs how long raw samples are kept
   * @param sampleEveryMs sampling interval (ring capacity = retention ÷ interval)
   */
  constructor(
    readonly retentionMs: number,
    readonly sampleEveryMs: number,
  ) {}

  append(metricName: string, dims: Record<string, string>, sample: Sample, namespace = ECS_NAMESPACE): void {
    const key = `${namespace}|${seriesKey(metricName, dims)}`;
    let s = this.series.get(key);
    if (!s) {
      s = {
        namespace,
        metricName,
        dims,
        ring: new Ring(Math.max(1, Math.ceil(this.retentionMs / this.sampleEveryMs))),
      };
      this.series.set(key, s);
    }
    s.ring.push(sample);
  }

  /** Series of one metric of a namespace whose dimensions match at least one filter (no filter = all), in key order. */
  find(metricName: string, filters: readonly Record<string, string>[], namespace = ECS_NAMESPACE): Series[] {
    const out: Series[] = [];
    for (const s of this.series.values()) {
      if (s.metricName !== metricName || s.namespace !== namespace) continue;
      if (filters.length === 0 || filters.some((f) => matches(s.dims, f))) out.push(s);
    }
    return out.sort((a, b) => compareDims(a.dims, b.dims));
  }

  /** Samples of a series older than the retention (relative to `nowMs`) are excluded. */
  samples(s: Series, fromMs: number, toMs: number, nowMs: number): Sample[] {
    return s.ring.range(Math.max(fromMs, nowMs - this.retentionMs), toMs);
  }
}

/** Every key of the filter must be present in the series with the same value. */
export function matches(dims: Record<string, string>, filter: Record<string, string>): boolean {
  return Object.entries(filter).every(([k, v]) => dims[k] === String(v));
}

function compareDims(a: Record<string, string>, b: Record<string, string>): number {
  const ka = `${a.instanceId ?? ''}|${a.ip ?? ''}`;
  const kb = `${b.instanceId ?? ''}|${b.ip ?? ''}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
