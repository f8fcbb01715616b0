/**
 * The decision function of one planned optimiser change (pure), used by the app instead of the reactive
 * `decide` when it runs the change through its ordinary execution path. It re-checks the change against the
 * FRESH instance and state: the global gates (kill switch, pause, live lease, not Running, security lock), the
 * maintenance window, the change still matching what was assessed, the cooldown and the instance's downgrade
 * budget. A billing switch keeps the plan's economics (the pay-by-bandwidth cost it priced, carried in the
 * change): only its charge type and the gates can have changed since. The actions, and so their ClientTokens,
 * come from the same builders as the reactive stages' (src/core/actions.ts).
 */
import { bandwidthAction, billingAction, instanceTypeAction } from '../actions.js';
import { budgetAllows } from '../budget.js';
import { cooldownUntilMs } from '../cooldown.js';
import { bandwidthCostPerHour, HOURS_PER_MONTH, type PriceTable, trafficGBPerHour } from '../cost.js';
import { type DecisionInput, globalGate } from '../decide/index.js';
import { bandwidthChargeType } from '../link.js';
import { activeTemporaryUpgrade } from '../temporary.js';
import type { Action, Decision, InternetChargeType } from '../types.js';
import { noBillingSwitch } from './link.js';
import type { PlannedChange } from './types.js';

type Skip = Extract<Decision, { kind: 'skip' }>;

function skip(reason: Skip['reason'], message: string, untilMs?: number): Skip {
  return untilMs === undefined ? { kind: 'skip', reason, message } : { kind: 'skip', reason, message, untilMs };
}

/** Cooldown and budget of a downgrade, on the fresh state (the optimiser may spend the reserve). */
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
  // A VPC link's bandwidth is pay-as-you-go (no lifetime quota), whatever the instance is (core/link.ts).
  const charge = dimension === 'bandwidth' ? bandwidthChargeType(instance) : instance.instanceChargeType;
  const verdict = budgetAllows(group.downgradeBudget, state, charge, nowMs, {
    keepReserve: false,
  });
  return verdict.ok ? undefined : skip('quota', `downgrade budget: ${verdict.why}`, verdict.untilMs);
}

function bandwidthChange(change: PlannedChange, input: DecisionInput, nowMs: number): Action | Skip {
  const from = input.instance.bandwidthOutMbps;
  if (from !== change.before.bandwidthOutMbps) {
    return skip('plan-outdated', `bandwidth is ${from} Mbps now, not the assessed ${change.before.bandwidthOutMbps}`);
  }
  if (activeTemporaryUpgrade(input.state, nowMs)) return skip('in-progress', 'a temporary upgrade is active');
  if (input.instance.linkRefusal !== undefined) return skip('unsupported', input.instance.linkRefusal);
  const guard = downgradeGuard(input, 'bandwidth', nowMs);
  if (guard) return guard;
  const { instance, state } = input;
  const toMbps = change.after.bandwidthOutMbps as number;
  return bandwidthAction({ instance, state, toMbps, allocatePublicIp: false, nowMs });
}

function typeChange(change: PlannedChange, input: DecisionInput, nowMs: number): Action | Skip {
  const { instance, state } = input;
  if (instance.instanceType !== change.before.instanceType) {
    return skip(
      'plan-outdated',
      `type is ${instance.instanceType} now, not the assessed ${change.before.instanceType}`,
    );
  }
  const guard = downgradeGuard(input, 'instanceType', nowMs);
  if (guard) return guard;
  const toType = change.after.instanceType as string;
  const stoppedMode = input.group.instanceType?.stoppedMode ?? 'KeepCharging';
  return instanceTypeAction({ instance, state, toType, direction: change.direction, stoppedMode, nowMs });
}

function billingChange(change: PlannedChange, input: DecisionInput, prices: PriceTable, nowMs: number): Action | Skip {
  const { instance, state } = input;
  const to = change.after.internetChargeType as InternetChargeType;
  if (instance.internetChargeType !== change.before.internetChargeType) {
    return skip('plan-outdated', `billing is ${instance.internetChargeType} now`);
  }
  if (activeTemporaryUpgrade(state, nowMs)) return skip('in-progress', 'a temporary upgrade is active');
  // Routed to its EIP since the plan: the EIP's metering method is not the autoscaler's to switch.
  const routed = noBillingSwitch(instance);
  if (routed !== undefined) return skip('unsupported', `no billing switch: ${routed}`);
  // Back to pay-by-bandwidth at the planned bandwidth (never above the current cap), else as it is.
  const planned = to === 'PayByBandwidth' ? change.after.bandwidthOutMbps : undefined;
  const mbps = planned === undefined ? instance.bandwidthOutMbps : Math.min(planned, instance.bandwidthOutMbps);
  // A platform limit, not economics: ECS refuses a pay-by-traffic link above 100 Mbps.
  if (to === 'PayByTraffic' && mbps > 100) {
    return skip('unsupported', `PayByTraffic is capped at 100 Mbps, the link is at ${mbps} Mbps now`);
  }
  // The economics are the plan's: the same pay-by-bandwidth cost (as provisioned over the history for an
  // autoscaled link), never a re-price at the bandwidth of the moment, which the reactive policy moves all day.
  if (!plannedCheaper(change, prices, to)) {
    return skip('not-cheaper', `the plan's prices do not make ${to} the cheaper method`);
  }
  return billingAction({ instance, state, to, bandwidthMbps: mbps, nowMs });
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
        ? bandwidthChange(change, input, nowMs)
        : change.kind === 'instanceType'
          ? typeChange(change, input, nowMs)
          : billingChange(change, input, prices, nowMs);
    if (built.kind === 'skip') return built;
    return {
      kind: 'scale',
      reason: change.reason,
      message: `optimiser: ${change.message}`,
      action: built,
      dryRun: false,
    };
  };
}
