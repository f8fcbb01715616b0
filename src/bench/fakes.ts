/**
 * Tiny in-memory stand-ins for the cloud, so that the in-process benchmark measures the product's own work
 * (dedupe, observe, decide, claim, act, commit, audit, logging) and not an emulator or the network. Each fake
 * does what the real port promises and nothing more: no latency, no faults, no retries.
 */
import type { InstanceSnapshot, MetricPoint } from '../core/types.js';
import type { Clock } from '../ports/Clock.js';
import type { Dispatcher } from '../ports/Dispatcher.js';
import type { ApiResult, EcsApi, ModificationAvailability } from '../ports/EcsApi.js';
import type { MetricName, MetricsApi } from '../ports/MetricsApi.js';

/** A clock that stands still unless told to move; `sleep` advances it (nothing in a run ever waits for real). */
export class BenchClock implements Clock {
  constructor(private nowMsValue: number) {}
  now(): number {
    return this.nowMsValue;
  }
  sleep(ms: number): Promise<void> {
    this.nowMsValue += Math.max(0, ms);
    return Promise.resolve();
  }
  advance(ms: number): void {
    this.nowMsValue += ms;
  }
}

/** DescribeInstances from a Map; mutating calls change the map and are counted. */
export class BenchEcs implements EcsApi {
  readonly instances = new Map<string, InstanceSnapshot>();
  mutatingCalls = 0;
  private seq = 0;

  constructor(instances: Iterable<InstanceSnapshot>) {
    for (const i of instances) this.instances.set(i.instanceId, i);
  }

  private result(): ApiResult {
    this.mutatingCalls++;
    return { requestId: `bench-${++this.seq}` };
  }

  async describeInstances(ids: readonly string[]): Promise<InstanceSnapshot[]> {
    return ids.flatMap((id) => {
      const i = this.instances.get(id);
      return i ? [{ ...i, tags: { ...i.tags } }] : [];
    });
  }

  async listInstances(filter: { tags?: Record<string, string> }): Promise<InstanceSnapshot[]> {
    const tags = Object.entries(filter.tags ?? {});
    return [...this.instances.values()].filter((i) => tags.every(([k, v]) => i.tags[k] === v)).map((i) => ({ ...i }));
  }

  async describeInstanceTypes() {
    return [];
  }

  async stopInstance(): Promise<ApiResult> {
    return this.result();
  }

  async startInstance(): Promise<ApiResult> {
    return this.result();
  }

  async modifyInstanceSpec(req: { instanceId: string; instanceType: string }): Promise<ApiResult> {
    const i = this.instances.get(req.instanceId);
    if (i) i.instanceType = req.instanceType;
    return this.result();
  }

  async modifyPrepayInstanceSpec(req: { instanceId: string; instanceType: string }): Promise<ApiResult> {
    return this.modifyInstanceSpec(req);
  }

  async modifyInstanceNetworkSpec(req: Parameters<EcsApi['modifyInstanceNetworkSpec']>[0]): Promise<ApiResult> {
    const i = this.instances.get(req.instanceId);
    if (i) i.bandwidthOutMbps = req.bandwidthOutMbps;
    return this.result();
  }

  async describeResourcesModification(): Promise<ModificationAvailability> {
    return { available: true, status: 'Available', statusCategory: 'WithStock', requestId: `bench-${++this.seq}` };
  }
}

/**
 * CloudMonitor as the decision sees it: one point per period over the requested range. Bandwidth is what the
 * link serves, min(demand, provisioned) in bit/s; CPU is a flat 20 %.
 */
export class BenchMetrics implements MetricsApi {
  constructor(
    private readonly ecs: BenchEcs,
    /** Offered outbound demand per instance, Mbps. */
    readonly demandMbps: Map<string, number>,
  ) {}

  private value(id: string, metric: MetricName): number {
    if (metric === 'CPUUtilization') return 20;
    const linkMbps = this.ecs.instances.get(id)?.bandwidthOutMbps ?? 0;
    return Math.min(this.demandMbps.get(id) ?? 0, linkMbps) * 1e6;
  }

  async getSeries(req: Parameters<MetricsApi['getSeries']>[0]): Promise<Map<string, MetricPoint[]>> {
    const stepMs = req.periodSec * 1000;
    const firstMs = Math.floor(req.startMs / stepMs) * stepMs + stepMs;
    const out = new Map<string, MetricPoint[]>();
    for (const id of req.instanceIds) {
      const v = this.value(id, req.metric);
      const points: MetricPoint[] = [];
      for (let t = firstMs; t <= req.endMs; t += stepMs)
        points.push({ timestampMs: t, average: v, maximum: v, minimum: v });
      out.set(id, points);
    }
    return out;
  }

  async getLast(req: Parameters<MetricsApi['getLast']>[0]): Promise<Map<string, MetricPoint>> {
    const out = new Map<string, MetricPoint>();
    for (const id of req.instanceIds) {
      const v = this.value(id, req.metric);
      out.set(id, { timestampMs: 0, average: v, maximum: v, minimum: v });
    }
    return out;
  }
}

/** Type changes are not part of the in-process benchmark: every task is simply accepted. */
export const benchDispatcher: Dispatcher = { dispatch: async () => 'queued' };
