/**
 * The API's read models, one function per route. Each reads the store and the cloud once per request and
 * returns plain JSON-able data; `undefined` means "no such managed instance" (the router answers 404).
 */
import { listManagedInstances, resolveGroup } from '../app/groups.js';
import type { GroupPolicy } from '../core/config/types.js';
import type { AuditEntry, InstanceSnapshot, InstanceState } from '../core/types.js';
import {
  type AuditCursor,
  auditPage,
  auditView,
  formatCursor,
  latestRecommendations,
  scanAudit,
} from './auditPages.js';
import { type AdviceView, adviceView, forecastBand } from './advice.js';
import { instanceView } from './fleet.js';
import { buildTimeline, fetchSeries, periodForHours } from './timeline.js';
import type { DashboardDeps, InstanceView } from './types.js';
import { dashboardTimeZone } from './timeZone.js';

function defaultState(instanceId: string): InstanceState {
  return { instanceId, version: 0, lastChange: {}, downgradesMs: [], platformDowngrades: 0, paused: false };
}

/** GET /api/instances: every managed instance, sorted by id. */
export async function fleet(deps: DashboardDeps) {
  const [managed, states, orchestrations, controls] = await Promise.all([
    listManagedInstances(deps.config, deps.ecs),
    deps.store.listInstanceStates(),
    deps.store.listActiveOrchestrations(),
    deps.store.getControls(),
  ]);
  const nowMs = deps.clock.now();
  const byId = new Map(states.map((s) => [s.instanceId, s]));
  const instances = managed.map(({ instance, group }) =>
    instanceView({
      instance,
      group,
      state: byId.get(instance.instanceId) ?? defaultState(instance.instanceId),
      orchestrations,
      controls,
      config: deps.config,
      nowMs,
    }),
  );
  const { dryRun, regionId } = deps.config;
  const killSwitch = deps.config.killSwitch || controls.killSwitch;
  return { nowMs, regionId, timeZone: dashboardTimeZone(deps), dryRun, killSwitch, instances };
}

interface Managed {
  instance: InstanceSnapshot;
  group: GroupPolicy;
}

/** The instance and its group, or undefined when ECS does not know it or no group manages it. */
async function managedInstance(deps: DashboardDeps, instanceId: string): Promise<Managed | undefined> {
  const [instance] = await deps.ecs.describeInstances([instanceId]);
  if (!instance || instance.instanceId !== instanceId) return undefined;
  const group = resolveGroup(deps.config, instance);
  return group ? { instance, group } : undefined;
}

/** GET /api/instances/:id: the fleet row plus the policy, the optimiser's advice and the raw remembered state. */
export async function instanceDetail(
  deps: DashboardDeps,
  instanceId: string,
): Promise<(InstanceView & AdviceView & { policy: GroupPolicy; state: InstanceState }) | undefined> {
  const managed = await managedInstance(deps, instanceId);
  if (!managed) return undefined;
  const [state, orchestrations, controls] = await Promise.all([
    deps.store.getInstanceState(instanceId),
    deps.store.listActiveOrchestrations(),
    deps.store.getControls(),
  ]);
  const nowMs = deps.clock.now();
  const row = instanceView({ ...managed, state, orchestrations, controls, config: deps.config, nowMs });
  return { ...row, ...adviceView(state, nowMs), policy: managed.group, state };
}

/** GET /api/instances/:id/audit */
export async function instanceAudit(
  deps: DashboardDeps,
  instanceId: string,
  opts: { limit: number; before?: AuditCursor | undefined; actionsOnly: boolean },
) {
  if (!(await managedInstance(deps, instanceId))) return undefined;
  const page = await auditPage(deps.store, instanceId, opts);
  return { instanceId, entries: page.entries.map(auditView), nextBefore: page.next ? formatCursor(page.next) : null };
}

/** Audit entries read for one chart at most (a week of per-minute skips is ~10 000). */
const CHART_SCAN_LIMIT = 12_000;

/** GET /api/instances/:id/metrics: series, capacity steps and action marks over the last `hours`. */
export async function instanceMetrics(deps: DashboardDeps, instanceId: string, hours: number) {
  const managed = await managedInstance(deps, instanceId);
  if (!managed) return undefined;
  const toMs = deps.clock.now();
  const fromMs = toMs - hours * 3_600_000;
  const periodSec = periodForHours(hours);
  const entries: AuditEntry[] = [];
  const warnings: string[] = [];
  const state = await deps.store.getInstanceState(instanceId);
  const scan = await scanAudit(deps.store, instanceId, { sinceMs: fromMs, maxEntries: CHART_SCAN_LIMIT }, (e) => {
    entries.push(e);
    return true;
  });
  if (!scan.exhausted) warnings.push(`only the latest ${CHART_SCAN_LIMIT} audit entries were read`);
  const series = await fetchSeries(
    deps.metrics,
    instanceId,
    { fromMs, toMs, periodSec },
    managed.instance.resource,
  ).catch((err: unknown) => {
    warnings.push(`metrics unavailable: ${err instanceof Error ? err.message : String(err)}`);
    return { outboundMbps: [], cpuPercent: [] };
  });
  const timeline = buildTimeline(entries, managed.instance, fromMs, toMs);
  const forecast = state.forecast ? (forecastBand(state.forecast, { fromMs, toMs, nowMs: toMs }) ?? null) : null;
  return { instanceId, fromMs, toMs, periodSec, ...series, capacity: timeline, forecast, warnings };
}

/** GET /api/recommendations: the latest of each kind per managed instance since `days` ago. */
export async function recommendations(deps: DashboardDeps, days: number) {
  const managed = await listManagedInstances(deps.config, deps.ecs);
  const sinceMs = deps.clock.now() - days * 86_400_000;
  const entries = await latestRecommendations(
    deps.store,
    managed.map((m) => m.instance.instanceId),
    sinceMs,
  );
  const totals = new Map<string, number>();
  for (const e of entries) {
    const saving = e.recommendation?.monthlySaving;
    if (saving === undefined) continue;
    const currency = e.recommendation?.currency ?? '';
    totals.set(currency, (totals.get(currency) ?? 0) + saving);
  }
  const monthlySavingTotals = [...totals].map(([currency, amount]) => ({ currency, amount }));
  return { sinceMs, recommendations: entries, monthlySavingTotals };
}

/** GET /api/audit?since=: entries of every instance at or after `sinceMs`, newest first (the polling feed). */
export async function recentAudit(deps: DashboardDeps, sinceMs: number, limit: number) {
  const entries = (await deps.store.listRecentAudit({ sinceMs, limit })).map(auditView);
  const nextSince = entries.reduce((max, e) => Math.max(max, e.atMs), sinceMs);
  return { entries, nextSince };
}
