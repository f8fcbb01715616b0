/**
 * Apply one planned change through the app's ordinary path (evaluateSignal: dedupe → describe → state → gates
 * → claim the lease → ECS with a deterministic ClientToken → commit → audit), with a decision function that
 * re-checks the change against the FRESH instance and state: the global gates (kill switch, pause, live lease,
 * not Running), the maintenance window, the change still matching what was assessed, the cooldown and the
 * instance's downgrade budget. A billing switch keeps the plan's economics (the pay-by-bandwidth cost it priced,
 * carried in the change): only its charge type and the gates can have changed since. No second execution path:
 * bandwidth and billing changes run inline, type changes through the orchestration worker.
 */
import { actionKeyFor } from '../../core/actionKey.js';
import { budgetAllows } from '../../core/budget.js';
import { cooldownUntilMs, lastChangeMs } from '../../core/cooldown.js';
import { bandwidthCostPerHour, HOURS_PER_MONTH, type PriceTable, trafficGBPerHour } from '../../core/cost.js';
import type { DecisionInput } from '../../core/decide/index.js';
import { globalGate } from '../../core/decide/gates.js';
import { instanceTypeApi } from '../../core/platform.js';
import { activeTemporaryUpgrade } from '../../core/temporary.js';
import type { Action, Decision, InternetChargeType, Signal } from '../../core/types.js';
import { emptyWindow } from '../observe.js';
import { evaluateSignal } from '../handleSignal.js';
import type { AppDeps, Outcome } from '../types.js';
import type { PlannedChange } from './types.js';

type Skip = Extract<Decision, { kind: 'skip' }>;

function skip(reason: Skip['reason'], message: string, untilMs?: number): Skip {
  return untilMs === undefined ? { kind: 'skip', reason, message } : { kind: 'skip', reason, message, untilMs };
}

/** The signal of one optimiser change: one evaluation per instance, change kind and hour. */
export function optimiseSignal(change: PlannedChange, nowMs: number): Signal {
  const slot = Math.floor(nowMs / 3_600_000);
  return {
    source: 'timer',
    instanceId: change.instanceId,
    atMs: nowMs,
    dedupeKey: `optimise:${change.instanceId}:${change.kind}:${slot}`,
  };
}

/** Cooldown and budget of a downgrade, on the fresh state. */
function downgradeGuard(
  input: DecisionInput,
  dimension: 'bandwidth' | 'instanceType',
  nowMs: number,
): Skip | undefined {
  const policy = dimension === 'bandwidth' ? input.group.bandwidth : input.group.instanceType;
  if (!policy) return skip('no-policy', `group ${input.group.name} no longer has a ${dimension} policy`);
  const until = cooldownUntilMs(input.state.lastChange, dimension, 'down', policy, nowMs);
  if (until !== undefined) return skip('cooldown', `${dimension} cooldown after the last change`, until);
  const { instance, state, group } = input;
  const verdict = budgetAllows(group.downgradeBudget, state, instance.instanceChargeType, nowMs, {
    keepReserve: false,
  });
  return verdict.ok ? undefined : skip('quota', `downgrade budget: ${verdict.why}`, verdict.untilMs);
}

function bandwidthAction(change: PlannedChange, input: DecisionInput, nowMs: number): Action | Skip {
  const from = input.instance.bandwidthOutMbps;
  const to = change.after.bandwidthOutMbps as number;
  if (from !== change.before.bandwidthOutMbps) {
    return skip(
      'within-tolerance',
      `bandwidth is ${from} Mbps now, not the assessed ${change.before.bandwidthOutMbps}`,
    );
  }
  if (activeTemporaryUpgrade(input.state, nowMs)) return skip('in-progress', 'a temporary upgrade is active');
  const guard = downgradeGuard(input, 'bandwidth', nowMs);
  if (guard) return guard;
  const keys = actionKeyFor({
    instanceId: input.instance.instanceId,
    kind: 'bandwidth',
    params: [from, to, false, null, null],
    epochMs: lastChangeMs(input.state.lastChange, 'bandwidth') ?? 0,
    nowMs,
  });
  const dir = to < from ? 'down' : 'up';
  return {
    kind: 'bandwidth',
    instanceId: input.instance.instanceId,
    direction: dir,
    fromMbps: from,
    toMbps: to,
    allocatePublicIp: false,
    ...keys,
  };
}

function typeAction(change: PlannedChange, input: DecisionInput, nowMs: number): Action | Skip {
  const { instance } = input;
  const toType = change.after.instanceType as string;
  if (instance.instanceType !== change.before.instanceType) {
    return skip(
      'within-tolerance',
      `type is ${instance.instanceType} now, not the assessed ${change.before.instanceType}`,
    );
  }
  const guard = downgradeGuard(input, 'instanceType', nowMs);
  if (guard) return guard;
  const api = instanceTypeApi(instance.instanceChargeType);
  const stoppedMode = input.group.instanceType?.stoppedMode ?? 'KeepCharging';
  const keys = actionKeyFor({
    instanceId: instance.instanceId,
    kind: 'instanceType',
    params: [instance.instanceType, toType, api, stoppedMode],
    epochMs: lastChangeMs(input.state.lastChange, 'instanceType') ?? 0,
    nowMs,
  });
  return {
    kind: 'instanceType',
    instanceId: instance.instanceId,
    direction: change.direction,
    fromType: instance.instanceType,
    toType,
    api,
    stoppedMode,
    ...keys,
  };
}

function billingAction(change: PlannedChange, input: DecisionInput, prices: PriceTable, nowMs: number): Action | Skip {
  const { instance, state } = input;
  const to = change.after.internetChargeType as InternetChargeType;
  if (instance.internetChargeType !== change.before.internetChargeType) {
    return skip('within-tolerance', `billing is ${instance.internetChargeType} now`);
  }
  if (activeTemporaryUpgrade(state, nowMs)) return skip('in-progress', 'a temporary upgrade is active');
  // Back to pay-by-bandwidth at the planned bandwidth (never above the current cap), else as it is.
  const planned = to === 'PayByBandwidth' ? change.after.bandwidthOutMbps : undefined;
  const mbps = planned === undefined ? instance.bandwidthOutMbps : Math.min(planned, instance.bandwidthOutMbps);
  // A platform limit, not economics: ECS refuses a pay-by-traffic link above 100 Mbps.
  if (to === 'PayByTraffic' && mbps > 100) {
    return skip('within-tolerance', `PayByTraffic is capped at 100 Mbps, the link is at ${mbps} Mbps now`);
  }
  // The economics are the plan's: the same pay-by-bandwidth cost (as provisioned over the history for an
  // autoscaled link), never a re-price at the bandwidth of the moment, which the reactive policy moves all day.
  if (!plannedCheaper(change, prices, to)) {
    return skip('within-tolerance', `the plan's prices do not make ${to} the cheaper method`);
  }
  const keys = actionKeyFor({
    instanceId: instance.instanceId,
    kind: 'billingMethod',
    params: [instance.internetChargeType, to, mbps],
    epochMs: state.lastChange.billingMs ?? 0,
    nowMs,
  });
  const direction = to === 'PayByTraffic' ? 'down' : 'up';
  return {
    kind: 'billingMethod',
    instanceId: instance.instanceId,
    direction,
    from: instance.internetChargeType,
    to,
    bandwidthMbps: mbps,
    ...keys,
  };
}

/** The plan's comparison, from the pay-by-bandwidth cost it priced and the mean rate it measured. */
function plannedCheaper(change: PlannedChange, prices: PriceTable, to: InternetChargeType): boolean {
  if (change.byBandwidthMonthly === undefined || change.meanMbps === undefined) return false;
  const trafficHour = bandwidthCostPerHour(prices, 'PayByTraffic', 0, trafficGBPerHour(change.meanMbps));
  const monthly = { PayByBandwidth: change.byBandwidthMonthly, PayByTraffic: trafficHour * HOURS_PER_MONTH };
  return to === 'PayByTraffic'
    ? monthly.PayByTraffic < monthly.PayByBandwidth
    : monthly.PayByBandwidth < monthly.PayByTraffic;
}

/** The decision function for one planned change, used instead of the reactive `decide`. */
export function changeDecider(change: PlannedChange, prices: PriceTable) {
  return (input: DecisionInput, nowMs: number): Decision => {
    const gate = globalGate(input, nowMs);
    if (gate) return gate;
    if (!input.inMaintenanceWindow)
      return skip('maintenance-window', 'the maintenance window closed before the change');
    const built =
      change.kind === 'bandwidth'
        ? bandwidthAction(change, input, nowMs)
        : change.kind === 'instanceType'
          ? typeAction(change, input, nowMs)
          : billingAction(change, input, prices, nowMs);
    if (built.kind === 'skip') return built;
    return {
      kind: 'scale',
      reason: change.reason,
      message: `optimiser: ${change.message}`,
      actions: [built],
      dryRun: false,
    };
  };
}

/** Run one change through the execution path; the outcome says what happened (the path audits it). */
export function applyChange(deps: AppDeps, change: PlannedChange, prices: PriceTable): Promise<Outcome> {
  const nowMs = deps.clock.now();
  const scoped: AppDeps = { ...deps, decide: changeDecider(change, prices) };
  // Metrics are not needed by this decision: an empty window avoids a useless fetch.
  return evaluateSignal(scoped, optimiseSignal(change, nowMs), { metrics: emptyWindow() });
}
