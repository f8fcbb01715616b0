/**
 * Hand-written fakes and builders for the dashboard tests: a read-only EcsApi over a list of snapshots (every
 * mutating call fails the test: the dashboard must never write), a MetricsApi over fixed series, a fixed clock,
 * and a fully defaulted config.
 */
import { MemoryStateStore } from '../../src/adapters/memory/stateStore.js';
import type { Config, GroupPolicy } from '../../src/core/config/types.js';
import { CloudApiError } from '../../src/core/errors.js';
import type { AuditEntry, InstanceSnapshot, MetricPoint } from '../../src/core/types.js';
import { createDashboardApi } from '../../src/dashboard/api.js';
import type { DashboardDeps } from '../../src/dashboard/types.js';
import type { Clock } from '../../src/ports/Clock.js';
import type { EcsApi } from '../../src/ports/EcsApi.js';
import type { MetricName, MetricsApi } from '../../src/ports/MetricsApi.js';
import { bandwidthPolicy } from '../app/builders.js';
import { configOf, groupOf, snapshotOf } from '../support/domain.js';

/** Monday 2025-01-06 03:00:00 UTC. */
export const T0 = Date.UTC(2025, 0, 6, 3, 0, 0);
export const MIN = 60_000;

export class FixedClock implements Clock {
  constructor(public ms = T0) {}
  now(): number {
    return this.ms;
  }
  async sleep(ms: number): Promise<void> {
    this.ms += ms;
  }
}

const readOnly = (name: string) => async (): Promise<never> => {
  throw new Error(`the dashboard called ${name}: it must never change anything`);
};

export class ReadOnlyEcs implements EcsApi {
  describeCalls = 0;
  failWith: Error | undefined;
  constructor(public instances: InstanceSnapshot[]) {}
  async describeInstances(ids: readonly string[]): Promise<InstanceSnapshot[]> {
    this.describeCalls++;
    if (this.failWith) throw this.failWith;
    return this.instances.filter((i) => ids.includes(i.instanceId)).map((i) => structuredClone(i));
  }
  async listInstances(filter: { tags?: Record<string, string> }): Promise<InstanceSnapshot[]> {
    if (this.failWith) throw this.failWith;
    const tags = Object.entries(filter.tags ?? {});
    return this.instances.filter((i) => tags.every(([k, v]) => i.tags[k] === v)).map((i) => structuredClone(i));
  }
  describeInstanceTypes = readOnly('DescribeInstanceTypes');
  stopInstance = readOnly('StopInstance');
  startInstance = readOnly('StartInstance');
  modifyInstanceSpec = readOnly('ModifyInstanceSpec');
  modifyPrepayInstanceSpec = readOnly('ModifyPrepayInstanceSpec');
  modifyInstanceNetworkSpec = readOnly('ModifyInstanceNetworkSpec');
  describeResourcesModification = readOnly('DescribeResourcesModification');
}

export class SeriesMetrics implements MetricsApi {
  readonly calls: { metric: MetricName; periodSec: number; startMs: number; endMs: number }[] = [];
  readonly series = new Map<string, MetricPoint[]>();
  failWith: Error | undefined;
  set(metric: MetricName, instanceId: string, points: MetricPoint[]): void {
    this.series.set(`${metric}/${instanceId}`, points);
  }
  async getSeries(req: Parameters<MetricsApi['getSeries']>[0]): Promise<Map<string, MetricPoint[]>> {
    this.calls.push({ metric: req.metric, periodSec: req.periodSec, startMs: req.startMs, endMs: req.endMs });
    if (this.failWith) throw this.failWith;
    return new Map(
      req.instanceIds.map((id) => [
        id,
        (this.series.get(`${req.metric}/${id}`) ?? []).filter(
          (p) => p.timestampMs > req.startMs && p.timestampMs <= req.endMs,
        ),
      ]),
    );
  }
  async getLast(): Promise<Map<string, MetricPoint>> {
    return new Map();
  }
}

export function group(over: Partial<GroupPolicy> = {}): GroupPolicy {
  return groupOf({ bandwidth: bandwidthPolicy(), ...over });
}

export function config(groups: GroupPolicy[] = [group()], over: Partial<Config> = {}): Config {
  return configOf(groups, over);
}

export function instance(over: Partial<InstanceSnapshot> = {}): InstanceSnapshot {
  return snapshotOf({ instanceName: 'web-1', ...over });
}

let seq = 0;
export function entry(over: Partial<AuditEntry> = {}): AuditEntry {
  seq++;
  return {
    instanceId: 'i-web1',
    atMs: T0,
    seq: `s${String(seq).padStart(6, '0')}`,
    group: 'web',
    signal: { source: 'timer', dedupeKey: `timer:i-web1:${seq}` },
    decision: 'skip',
    reason: 'within-tolerance',
    message: 'utilisation 0.68 is within 10 % of the 0.7 target',
    result: 'skipped',
    ...over,
  };
}

/** An applied bandwidth change, as the app audits it. */
export function applied(atMs: number, fromMbps: number, toMbps: number, over: Partial<AuditEntry> = {}): AuditEntry {
  return entry({
    atMs,
    signal: { source: 'cms-alarm', dedupeKey: `cms:${atMs}`, metric: 'VPC_PublicIP_InternetOutRate', value: 9.6e6 },
    decision: 'scale',
    reason: 'target-tracking',
    message: `outbound 9.6 Mbps is 96 % of ${fromMbps} Mbps (target 70 %): ${fromMbps} → ${toMbps} Mbps`,
    before: { bandwidthOutMbps: fromMbps },
    after: { bandwidthOutMbps: toMbps },
    actionKey: `bw-${atMs}`,
    clientToken: `as-bw-${atMs}`,
    requestIds: [`req-${atMs}`],
    result: 'applied',
    ...over,
  });
}

export const cloudError = (code: string) =>
  new CloudApiError({ code, message: `${code} (injected)`, httpStatus: 503, requestId: 'req-x', retryable: true });

export interface ApiHarness {
  deps: DashboardDeps;
  store: MemoryStateStore;
  ecs: ReadOnlyEcs;
  metrics: SeriesMetrics;
  clock: FixedClock;
  api: ReturnType<typeof createDashboardApi>;
  /** GET a path (with an optional query string) and parse the JSON body. */
  // biome-ignore lint/suspicious/noExplicitAny: tests inspect response bodies field by field
  get(pathAndQuery: string, headers?: Record<string, string>): Promise<{ status: number; body: any; raw: string }>;
}

export function apiHarness(instances: InstanceSnapshot[] = [instance()], cfg: Config = config()): ApiHarness {
  const store = new MemoryStateStore();
  const ecs = new ReadOnlyEcs(instances);
  const metrics = new SeriesMetrics();
  const clock = new FixedClock();
  const deps: DashboardDeps = { store, ecs, metrics, config: cfg, clock };
  const api = createDashboardApi(deps);
  const get = async (pathAndQuery: string, headers: Record<string, string> = {}) => {
    const url = new URL(pathAndQuery, 'http://x');
    const res = await api({ method: 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), headers });
    const isJson = res.headers['content-type']?.startsWith('application/json');
    return { status: res.status, body: isJson ? JSON.parse(res.body) : undefined, raw: res.body };
  };
  return { deps, store, ecs, metrics, clock, api, get };
}
