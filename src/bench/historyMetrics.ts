/**
 * CloudMonitor history for the fan-out benchmark: each instance's outbound rate over any window, from a demand
 * function (the simulation bench's phase-shifted real traces), served up to the instance's bandwidth. Points are
 * built per call, as the CMS adapter builds them from each page it parses. It also counts the DescribeMetricList
 * calls the real adapter would make for the same reads (50 instances per call, pages of 1,000 datapoints).
 * `liveHeapBytes` measures what a read keeps alive (after a full GC), i.e. the history a sweep or a batch holds.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { MetricPoint } from '../core/types.js';
import type { MetricName, MetricsApi } from '../ports/MetricsApi.js';
import type { DemandFn } from './simDemand.js';

/** The CMS adapter's defaults (src/adapters/aliyun/cms.ts). */
export const CMS_INSTANCES_PER_CALL = 50;
export const CMS_POINTS_PER_PAGE = 1000;

export class HistoryMetrics implements MetricsApi {
  /** DescribeMetricList calls the CMS adapter would have made. */
  cmsCalls = 0;

  constructor(
    private readonly demand: ReadonlyMap<string, DemandFn>,
    private readonly capacityMbps: (id: string) => number,
  ) {}

  private series(id: string, metric: MetricName, startMs: number, endMs: number, stepMs: number): MetricPoint[] {
    const demand = this.demand.get(id);
    if (!demand || metric === 'InternetOutRate') return [];
    const cap = this.capacityMbps(id);
    const points: MetricPoint[] = [];
    // CMS stamps a period with its start and reports complete periods over (start, end].
    for (let t = Math.floor(startMs / stepMs) * stepMs + stepMs; t + stepMs <= endMs; t += stepMs) {
      const v = metric === 'CPUUtilization' ? 20 : Math.min(demand(t), cap) * 1e6;
      points.push({ timestampMs: t, average: v, maximum: v, minimum: v });
    }
    return points;
  }

  async getSeries(req: Parameters<MetricsApi['getSeries']>[0]): Promise<Map<string, MetricPoint[]>> {
    const stepMs = req.periodSec * 1000;
    const out = new Map<string, MetricPoint[]>();
    for (const id of req.instanceIds) out.set(id, this.series(id, req.metric, req.startMs, req.endMs, stepMs));
    for (let i = 0; i < req.instanceIds.length; i += CMS_INSTANCES_PER_CALL) {
      const chunk = req.instanceIds.slice(i, i + CMS_INSTANCES_PER_CALL);
      const points = chunk.reduce((sum, id) => sum + (out.get(id)?.length ?? 0), 0);
      this.cmsCalls += Math.max(1, Math.ceil(points / CMS_POINTS_PER_PAGE));
    }
    return out;
  }

  async getLast(): Promise<Map<string, MetricPoint>> {
    return new Map();
  }
}

let gcFn: (() => void) | undefined;

/** A full garbage collection (V8's `gc`, exposed at run time: the bench is started without --expose-gc). */
function fullGc(): void {
  if (!gcFn) {
    setFlagsFromString('--expose-gc');
    gcFn = runInNewContext('gc') as () => void;
  }
  gcFn();
}

/** Heap kept alive by what `hold` returns (measured across a full GC before and after), bytes. */
export async function liveHeapBytes(hold: () => Promise<unknown>): Promise<number> {
  // Several passes: a single one may leave earlier garbage (large objects, weak references) for the next.
  const settle = () => {
    for (let i = 0; i < 3; i++) fullGc();
  };
  settle();
  const before = process.memoryUsage().heapUsed;
  const kept = await hold();
  settle();
  const after = process.memoryUsage().heapUsed;
  // Read `kept` after the second GC so that it is alive across it.
  return kept === undefined ? 0 : Math.max(0, after - before);
}
