/**
 * In-memory MetricsApi for the invariant runs: per-minute points computed from a demand history and the
 * fake ECS's change log, as CloudMonitor would measure them (outbound traffic capped by the link at each
 * minute, CPU percent of the instance type's vCPUs at each minute). A stepping Clock whose sleep advances time.
 */
import type { MetricPoint } from '../../src/core/types.js';
import type { Clock } from '../../src/ports/Clock.js';
import type { MetricsApi } from '../../src/ports/MetricsApi.js';
import { cpuOf, type FakeEcs } from '../../src/testing/index.js';

/** Virtual time that moves only by `advance` and by `sleep` (which returns at once). */
export class SteppingClock implements Clock {
  constructor(public ms: number) {}
  now(): number {
    return this.ms;
  }
  async sleep(ms: number): Promise<void> {
    this.ms += Math.max(0, ms);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

type Level = { fromMs: number; value: number };

export class SimMetrics implements MetricsApi {
  /** Outbound demand (Mbps) and busy vCPUs, each a step function of time. */
  private readonly demand = new Map<string, Level[]>();
  private readonly cpu = new Map<string, Level[]>();
  private readonly initial = new Map<string, { mbps: number; type: string }>();

  constructor(
    private readonly ecs: FakeEcs,
    private readonly clock: Clock,
  ) {
    for (const i of ecs.instances.values())
      this.initial.set(i.instanceId, { mbps: i.bandwidthOutMbps, type: i.instanceType });
  }

  setDemand(instanceId: string, atMs: number, mbps: number): void {
    this.demand.set(instanceId, [...(this.demand.get(instanceId) ?? []), { fromMs: atMs, value: mbps }]);
  }

  setCpu(instanceId: string, atMs: number, vcpu: number): void {
    this.cpu.set(instanceId, [...(this.cpu.get(instanceId) ?? []), { fromMs: atMs, value: vcpu }]);
  }

  private levelAt(levels: Level[] | undefined, tMs: number): number {
    let v = 0;
    for (const l of levels ?? []) if (l.fromMs <= tMs) v = l.value;
    return v;
  }

  /** The link (Mbps) and type at `tMs`, replaying the applied changes. */
  private specAt(instanceId: string, tMs: number): { mbps: number; type: string } {
    const spec = { ...(this.initial.get(instanceId) ?? { mbps: 0, type: 'ecs.g7.large' }) };
    for (const c of this.ecs.changes) {
      if (c.instanceId !== instanceId || c.atMs > tMs) continue;
      if (c.kind === 'bandwidth') spec.mbps = Number(c.to);
      if (c.kind === 'type') spec.type = String(c.to);
    }
    return spec;
  }

  private point(instanceId: string, metric: string, tMs: number): MetricPoint {
    const spec = this.specAt(instanceId, tMs);
    const value =
      metric === 'CPUUtilization'
        ? Math.min(100, (this.levelAt(this.cpu.get(instanceId), tMs) / cpuOf(spec.type)) * 100)
        : Math.min(this.levelAt(this.demand.get(instanceId), tMs), spec.mbps) * 1e6;
    return { timestampMs: tMs, average: value, maximum: value, minimum: value };
  }

  async getSeries(req: Parameters<MetricsApi['getSeries']>[0]): Promise<Map<string, MetricPoint[]>> {
    const stepMs = req.periodSec * 1000;
    const out = new Map<string, MetricPoint[]>();
    for (const id of req.instanceIds) {
      const points: MetricPoint[] = [];
      // Points stamp the start of their period; only closed periods are reported (bounded: lookback / period).
      for (let t = Math.ceil(req.startMs / stepMs) * stepMs; t + stepMs <= req.endMs; t += stepMs) {
        if (t > req.startMs) points.push(this.point(id, req.metric, t));
      }
      out.set(id, points);
    }
    return out;
  }

  async getLast(req: Parameters<MetricsApi['getLast']>[0]): Promise<Map<string, MetricPoint>> {
    const stepMs = req.periodSec * 1000;
    const lastMs = Math.floor(this.clock.now() / stepMs) * stepMs - stepMs;
    return new Map(req.instanceIds.map((id) => [id, this.point(id, req.metric, lastMs)]));
  }
}
