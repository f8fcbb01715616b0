/**
 * Observe: what a decision needs, read fresh (the alarm is a wake-up call; the decision uses the current
 * truth). DescribeInstances and the managing group; the stored row, after recording a change whose commit
 * was lost (recover.ts); controls; the metric history; the schedule and maintenance window in force. Only
 * the metric series a group's policy uses are fetched, for many instances at once (reconcile's bulk read).
 */
import type { Config, GroupPolicy } from '../core/config/types.js';
import type { DecisionInput } from '../core/decide/index.js';
import { activeSchedule, inWindow } from '../core/schedule.js';
import type { InstanceSnapshot, MetricPoint, MetricWindow, Orchestration, Signal } from '../core/types.js';
import type { MetricName, MetricsApi } from '../ports/MetricsApi.js';
import type { Controls } from '../ports/StateStore.js';
import { type AuditContext, auditSkip } from './audit.js';
import { resolveGroup, withEipPrecedence } from './groups.js';
import { idsByBandwidthMetric } from './metricNames.js';
import { recoverLostCommit } from './recover.js';
import type { AppDeps, Evaluation, Outcome } from './types.js';

export const CPU_METRIC: MetricName = 'CPUUtilization';

/** An empty window (no points): decide answers `insufficient-data` where it needs history. */
export function emptyWindow(): MetricWindow {
  return { bandwidthOutBps: [], cpuPercent: [] };
}

async function series(
  metrics: MetricsApi,
  config: Config,
  metric: MetricName,
  instanceIds: string[],
  nowMs: number,
): Promise<Map<string, MetricPoint[]>> {
  if (instanceIds.length === 0) return new Map();
  const { lookbackSec, periodSec } = config.evaluation;
  return metrics.getSeries({ instanceIds, metric, periodSec, startMs: nowMs - lookbackSec * 1000, endMs: nowMs });
}

/** One instance (or EIP / package) to read: its id, group, and what says where its bandwidth is measured. */
export type MetricTarget = Pick<InstanceSnapshot, 'instanceId' | 'resource' | 'networkType'> & { group: GroupPolicy };

/**
 * Metric windows for the given instances over `config.evaluation.lookbackSec` ending at `nowMs`:
 * bandwidth for groups with a bandwidth policy (from the metric of the snapshot's link: metricNames.ts), CPU for
 * groups with an instance-type policy.
 */
export async function fetchMetricWindows(
  metrics: MetricsApi,
  config: Config,
  targets: readonly MetricTarget[],
  nowMs: number,
): Promise<Map<string, MetricWindow>> {
  const byMetric = idsByBandwidthMetric(targets.filter((t) => t.group.bandwidth));
  const cpuIds = targets.filter((t) => t.group.instanceType).map((t) => t.instanceId);
  const [cpu, ...bandwidth] = await Promise.all([
    series(metrics, config, CPU_METRIC, cpuIds, nowMs),
    ...[...byMetric].map(([metric, ids]) => series(metrics, config, metric, ids, nowMs)),
  ]);
  const bw = new Map(bandwidth.flatMap((m) => [...m]));
  const windows = new Map<string, MetricWindow>();
  for (const { instanceId } of targets) {
    windows.set(instanceId, {
      bandwidthOutBps: bw.get(instanceId) ?? [],
      cpuPercent: cpu.get(instanceId) ?? [],
    });
  }
  return windows;
}

function linkOf(i: InstanceSnapshot): Pick<InstanceSnapshot, 'instanceId' | 'resource' | 'networkType'> {
  return { instanceId: i.instanceId, resource: i.resource, networkType: i.networkType };
}

/** What a caller may have loaded already (reconcile loads the fleet, metrics and controls in bulk). */
export interface Preloaded {
  instance?: InstanceSnapshot;
  group?: GroupPolicy;
  metrics?: MetricWindow;
  controls?: Controls;
  /** Active orchestrations of THIS instance, when the caller has listed them. */
  orchestrations?: Orchestration[];
}

/** The observed evaluation and the input `decide` gets. */
export interface Observed {
  ev: Evaluation;
  input: DecisionInput;
}

async function decisionInput(ev: Evaluation, pre: Preloaded): Promise<DecisionInput> {
  const { deps, instance, group, state, signal } = ev;
  const nowMs = deps.clock.now();
  const [controls, metrics] = await Promise.all([
    pre.controls ?? deps.store.getControls(),
    pre.metrics ??
      fetchMetricWindows(deps.metrics, deps.config, [{ ...linkOf(instance), group }], nowMs).then(
        (m) => m.get(instance.instanceId) ?? emptyWindow(),
      ),
  ]);
  const schedule = activeSchedule(group.schedules, nowMs);
  const input: DecisionInput = {
    instance,
    group,
    dryRun: deps.config.dryRun,
    killSwitch: deps.config.killSwitch || controls.killSwitch,
    paused: group.paused || state.paused || controls.pausedGroups.includes(group.name),
    metrics,
    signal,
    state,
    inMaintenanceWindow: inWindow(group.maintenanceWindows, nowMs),
    periodSec: deps.config.evaluation.periodSec,
  };
  // The price table's billing (the simulator's --prices; deployed, the default table's perMinute).
  if (deps.prices) input.bandwidthBilling = deps.prices.bandwidth.billing;
  if (schedule) input.schedule = { name: schedule.name, set: schedule.set };
  // The optimiser's stored profile (setAdvice); decide ignores it outside its validity.
  if (state.forecast) input.forecast = state.forecast;
  return input;
}

/**
 * Observe the signal's instance. An instance that is unknown, or that no group manages, is `ignored`
 * (audited). Store and cloud errors propagate (fail closed).
 */
export async function observe(
  deps: AppDeps,
  signal: Signal,
  pre: Preloaded,
  startedMs: number,
): Promise<Observed | Outcome> {
  const observedAtMs = pre.instance ? undefined : deps.clock.now();
  const fresh = pre.instance ?? (await deps.ecs.describeInstances([signal.instanceId]))[0];
  // An instance routed to an EIP that an `eip` group manages is not routed (groups.ts); reconcile's list already is.
  const described = fresh && withEipPrecedence(deps.config, fresh);
  const unobserved: AuditContext = { deps, signal };
  if (!described) {
    const message = `instance ${signal.instanceId} not found in ${deps.config.regionId}`;
    return auditSkip(unobserved, 'unknown-instance', message, { result: 'ignored' });
  }
  const group = pre.group ?? resolveGroup(deps.config, described);
  if (!group) {
    const message = `instance ${described.instanceId} matches no group's ids or tags`;
    return auditSkip(unobserved, 'not-managed', message, { result: 'ignored' });
  }
  const read = await deps.store.getInstanceState(described.instanceId);
  // An expired lease may carry a change its holder made but never recorded: record it before deciding.
  const { state, instance } = await recoverLostCommit({
    deps,
    signal,
    instance: described,
    group,
    state: read,
    startedMs,
    ...(observedAtMs === undefined ? {} : { observedAtMs }),
  });
  const ev: Evaluation = { deps, signal, instance, group, state, startedMs };
  if (pre.orchestrations) ev.orchestrations = pre.orchestrations;
  return { ev, input: await decisionInput(ev, pre) };
}
