/**
 * The dashboard tests' harness: the dashboard API over the memory StateStore and the one fake per port
 * (src/testing; the FakeEcs read-only, so that any mutating call fails the test: the dashboard must never
 * write), with audit-entry builders. The dashboard's group carries a bandwidth policy with 300 s / 900 s
 * cooldowns and 900 s down stabilisation (the values its cooldown sentences are written for).
 */
import { MemoryStateStore } from '../../src/adapters/memory/stateStore.js';
import type { Config, GroupPolicy } from '../../src/core/config/types.js';
import { CloudApiError } from '../../src/core/errors.js';
import type { AuditEntry, InstanceSnapshot } from '../../src/core/types.js';
import { createDashboardApi } from '../../src/dashboard/api.js';
import type { DashboardDeps } from '../../src/dashboard/types.js';
import {
  auditEntry,
  bandwidthPolicy,
  config as configOf,
  FakeClock,
  FakeEcs,
  FakeMetrics,
  group as groupOf,
  instance as snapshotOf,
} from '../../src/testing/index.js';

/** Monday 2025-01-06 03:00:00 UTC. */
export const T0 = Date.UTC(2025, 0, 6, 3, 0, 0);
export const MIN = 60_000;

export function dashboardGroup(over: Partial<GroupPolicy> = {}): GroupPolicy {
  return groupOf({
    bandwidth: bandwidthPolicy({ scaleDownStabilizationSec: 900, cooldownUpSec: 300, cooldownDownSec: 900 }),
    ...over,
  });
}

export function dashboardConfig(groups: GroupPolicy[] = [dashboardGroup()], over: Partial<Config> = {}): Config {
  return configOf(groups, over);
}

export function dashboardInstance(over: Partial<InstanceSnapshot> = {}): InstanceSnapshot {
  return snapshotOf({ instanceName: 'web-1', ...over });
}

/**
 * A skipped within-tolerance evaluation of `i-web1` at T0. Its seq is `over.seq` when given, else the next of a
 * running number: the paging tests (auditPages, timeline) write dozens of entries in one millisecond and rely on
 * distinct, creation-ordered seqs without naming them.
 */
let nextSeq = 0;
export function entry(over: Partial<AuditEntry> = {}): AuditEntry {
  nextSeq++;
  const seq = over.seq ?? `s${String(nextSeq).padStart(6, '0')}`;
  return auditEntry({
    atMs: T0,
    signal: { source: 'timer', dedupeKey: `timer:i-web1:${nextSeq}` },
    decision: 'skip',
    reason: 'within-tolerance',
    message: 'utilisation 0.68 is within 10 % of the 0.7 target',
    result: 'skipped',
    before: undefined,
    after: undefined,
    ...over,
    seq,
  });
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
  ecs: FakeEcs;
  metrics: FakeMetrics;
  clock: FakeClock;
  api: ReturnType<typeof createDashboardApi>;
  /** GET a path (with an optional query string) and parse the JSON body. */
  // biome-ignore lint/suspicious/noExplicitAny: tests inspect response bodies field by field
  get(pathAndQuery: string, headers?: Record<string, string>): Promise<{ status: number; body: any; raw: string }>;
}

export function apiHarness(
  instances: InstanceSnapshot[] = [dashboardInstance()],
  cfg: Config = dashboardConfig(),
): ApiHarness {
  const store = new MemoryStateStore();
  const ecs = new FakeEcs(instances, { readOnly: true });
  const metrics = new FakeMetrics();
  const clock = new FakeClock(T0);
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
