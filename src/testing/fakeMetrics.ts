/**
 * The one in-memory MetricsApi for tests and the bench (passes test/contract/metrics.contract.ts like the CMS
 * adapter over the CMS emulator). Points come from stored series (`set`) or, for instances without one, from a
 * `generate` function sampled once per period (the bench's demand model). Windows are (startMs, endMs]; a
 * generated series has one point per whole period inside it; instances without data map to [] and are absent
 * from `getLast`. Any MetricName is served, the namespaced ones (`acs_vpc_eip/net_tx.rate`, one series per EIP or
 * package id) like the others: `generate` is given the metric. Calls are logged (`calls`) and can be made to fail
 * (`failWith` for the next `failures` calls).
 */
import type { MetricPoint } from '../core/types.js';
import type { MetricName, MetricsApi } from '../ports/MetricsApi.js';

/** One logged getSeries call: the metric, the instances and the window asked for. */
export interface MetricsCall {
  metric: MetricName;
  instanceIds: readonly string[];
  startMs: number;
  endMs: number;
  periodSec: number;
}

/** A value per instance, metric and time (undefined: no data). */
export type MetricSource = (instanceId: string, metric: MetricName, atMs: number) => number | undefined;

export interface FakeMetricsOptions {
  generate?: MetricSource;
  /** CMS's present: only periods complete by then are reported (default: none; `getLast` samples time 0). */
  now?: () => number;
  /** Keep the call log (default true; the bench turns it off). */
  recordCalls?: boolean;
}

export class FakeMetrics implements MetricsApi {
  readonly calls: MetricsCall[] = [];
  readonly series = new Map<MetricName, Map<string, MetricPoint[]>>();
  failWith: Error | undefined;
  /** How many of the next calls throw `failWith` (Infinity = all). */
  failures = Number.POSITIVE_INFINITY;
  private readonly generate: MetricSource | undefined;
  private readonly now: (() => number) | undefined;
  private readonly recordCalls: boolean;

  constructor(opts: FakeMetricsOptions = {}) {
    this.generate = opts.generate;
    this.now = opts.now;
    this.recordCalls = opts.recordCalls ?? true;
  }

  /** Store a series (oldest first) for one instance and metric. */
  set(metric: MetricName, instanceId: string, points: MetricPoint[]): void {
    const byId = this.series.get(metric) ?? new Map<string, MetricPoint[]>();
    byId.set(instanceId, points);
    this.series.set(metric, byId);
  }

  private fail(): void {
    if (this.failWith && this.failures > 0) {
      this.failures--;
      throw this.failWith;
    }
  }

  private stored(metric: MetricName, id: string): MetricPoint[] | undefined {
    return this.series.get(metric)?.get(id);
  }

  private point(id: string, metric: MetricName, atMs: number): MetricPoint | undefined {
    const v = this.generate?.(id, metric, atMs);
    return v === undefined ? undefined : { timestampMs: atMs, average: v, maximum: v, minimum: v };
  }

  async getSeries(req: Parameters<MetricsApi['getSeries']>[0]): Promise<Map<string, MetricPoint[]>> {
    if (this.recordCalls) {
      const { metric, startMs, endMs, periodSec } = req;
      this.calls.push({ metric, instanceIds: [...req.instanceIds], startMs, endMs, periodSec });
    }
    this.fail();
    const stepMs = req.periodSec * 1000;
    const firstMs = Math.floor(req.startMs / stepMs) * stepMs + stepMs;
    const out = new Map<string, MetricPoint[]>();
    for (const id of req.instanceIds) {
      const stored = this.stored(req.metric, id);
      if (stored) {
        out.set(
          id,
          stored.filter((p) => p.timestampMs > req.startMs && p.timestampMs <= req.endMs),
        );
        continue;
      }
      const points: MetricPoint[] = [];
      const lastMs = this.now ? Math.min(req.endMs, this.now() - stepMs) : req.endMs;
      for (let t = firstMs; this.generate && t <= lastMs; t += stepMs) {
        const p = this.point(id, req.metric, t);
        if (p) points.push(p);
      }
      out.set(id, points);
    }
    return out;
  }

  async getLast(req: Parameters<MetricsApi['getLast']>[0]): Promise<Map<string, MetricPoint>> {
    this.fail();
    const out = new Map<string, MetricPoint>();
    for (const id of req.instanceIds) {
      const stored = this.stored(req.metric, id);
      const stepMs = req.periodSec * 1000;
      const lastStart = this.now ? Math.floor(this.now() / stepMs) * stepMs - stepMs : 0;
      const last = stored ? stored[stored.length - 1] : this.point(id, req.metric, lastStart);
      if (last) out.set(id, last);
    }
    return out;
  }
}
