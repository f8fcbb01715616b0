/**
 * One evaluation of one instance: observe (instance, state, controls, metrics, schedule, window) → decide
 * → skip (audit) | dry run (audit "would do") | act. Used by handleSignal and by every reconcile tick.
 * Deduplication and the single `decision` log line are the caller's (handleSignal.ts).
 */
import type { GroupPolicy } from '../core/config/types.js';
import { type DecisionInput, decide as coreDecide } from '../core/decide/index.js';
import { activeSchedule, inWindow } from '../core/schedule.js';
import type { Decision, InstanceSnapshot, InstanceState, MetricWindow, Orchestration, Signal } from '../core/types.js';
import type { Controls } from '../ports/StateStore.js';
import { act } from './act.js';
import { auditEntry } from './audit.js';
import { resolveGroup } from './groups.js';
import { fetchMetricWindows } from './observe.js';
import { recoverLostCommit } from './recover.js';
import type { AppDeps, Outcome } from './types.js';

/** What a caller may have loaded already (reconcile loads the fleet, metrics and controls in bulk). */
export interface Preloaded {
  instance?: InstanceSnapshot;
  group?: GroupPolicy;
  metrics?: MetricWindow;
  controls?: Controls;
  /** Active orchestrations of THIS instance, when the caller has listed them. */
  orchestrations?: Orchestration[];
}

/** Everything known about the instance at decision time; handed to act(). */
export interface Evaluation {
  deps: AppDeps;
  signal: Signal;
  instance: InstanceSnapshot;
  group: GroupPolicy;
  state: InstanceState;
  startedMs: number;
  preloaded: Preloaded;
  /** Recovery of a lost commit already ran on `state` (evaluate does it before deciding). */
  recoveryChecked?: boolean;
}

async function ignored(deps: AppDeps, signal: Signal, reason: string, message: string): Promise<Outcome> {
  await deps.store.appendAudit(
    auditEntry(deps, { instanceId: signal.instanceId, signal, decision: 'skip', reason, message, result: 'ignored' }),
  );
  return { status: 'ignored', instanceId: signal.instanceId, reason, message };
}

async function decisionInput(ev: Omit<Evaluation, 'preloaded'>, pre: Preloaded): Promise<DecisionInput> {
  const { deps, instance, group, state, signal } = ev;
  const nowMs = deps.clock.now();
  const [controls, metrics] = await Promise.all([
    pre.controls ?? deps.store.getControls(),
    pre.metrics ??
      fetchMetricWindows(
        deps.metrics,
        deps.config,
        [{ instanceId: instance.instanceId, group, classic: instance.networkType === 'classic' }],
        nowMs,
      ).then((m) => m.get(instance.instanceId) ?? { bandwidthOutBps: [], cpuPercent: [] }),
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

async function skipped(ev: Evaluation, decision: Extract<Decision, { kind: 'skip' }>): Promise<Outcome> {
  const { deps, signal, instance, group } = ev;
  await deps.store.appendAudit(
    auditEntry(deps, {
      instanceId: instance.instanceId,
      signal,
      group: group.name,
      decision: 'skip',
      reason: decision.reason,
      message: decision.message,
      result: 'skipped',
      instance,
      startedMs: ev.startedMs,
    }),
  );
  return { status: 'skipped', instanceId: instance.instanceId, reason: decision.reason, message: decision.message };
}

/** Audit every action of a dry-run decision as "would-do"; nothing is claimed or called. */
export async function wouldDo(ev: Evaluation, decision: Extract<Decision, { kind: 'scale' }>): Promise<Outcome> {
  const { deps, signal, instance, group } = ev;
  for (const action of decision.actions) {
    await deps.store.appendAudit(
      auditEntry(deps, {
        instanceId: instance.instanceId,
        signal,
        group: group.name,
        decision: 'scale',
        reason: decision.reason,
        message: `dry run: ${decision.message}`,
        result: 'would-do',
        action,
        startedMs: ev.startedMs,
      }),
    );
  }
  const outcome: Outcome = {
    status: 'dry-run',
    instanceId: instance.instanceId,
    reason: decision.reason,
    message: decision.message,
  };
  const first = decision.actions[0];
  if (first) outcome.actionKey = first.actionKey;
  return outcome;
}

/** Evaluate one instance for one signal and act on the decision. Store errors propagate (fail closed). */
export async function evaluate(deps: AppDeps, signal: Signal, pre: Preloaded, startedMs: number): Promise<Outcome> {
  const observedAtMs = pre.instance ? undefined : deps.clock.now();
  const described = pre.instance ?? (await deps.ecs.describeInstances([signal.instanceId]))[0];
  if (!described) {
    return ignored(
      deps,
      signal,
      'unknown-instance',
      `instance ${signal.instanceId} not found in ${deps.config.regionId}`,
    );
  }
  const group = pre.group ?? resolveGroup(deps.config, described);
  if (!group) {
    return ignored(deps, signal, 'not-managed', `instance ${described.instanceId} matches no group's ids or tags`);
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
  const base = { deps, signal, instance, group, state, startedMs };
  const decision = (deps.decide ?? coreDecide)(await decisionInput(base, pre), deps.clock.now());
  const ev: Evaluation = { ...base, preloaded: pre, recoveryChecked: true };
  if (decision.kind === 'skip') return skipped(ev, decision);
  if (decision.dryRun || deps.config.dryRun) return wouldDo(ev, decision);
  return act(ev, decision);
}
