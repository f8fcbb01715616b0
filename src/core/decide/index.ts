/**
 * The decision entry point: `decide(input, nowMs)` turns one instance's snapshot, policy, metrics, signal and
 * stored state into a pure `Decision` (scale with one action, or skip with a reason code). No I/O, no clock.
 */
import type { GroupPolicy, SchedulePolicy } from '../config/types.js';
import type { BandwidthBilling } from '../cost.js';
import type { ForecastProfile } from '../forecast/types.js';
import { resourceLabel } from '../link.js';
import type { Decision, InstanceSnapshot, InstanceState, MetricWindow, Signal } from '../types.js';
import { planBandwidth } from './bandwidthStage.js';
import { globalGate } from './gates.js';
import { combineSkips, type Skip, skip, toDecision } from './plan.js';
import { applyStrategy } from './strategyStage.js';
import { planInstanceType } from './typeStage.js';
export { globalGate } from './gates.js';

/** Everything `decide` needs, gathered by the caller (the app). */
export interface DecisionInput {
  instance: InstanceSnapshot;
  /** Already defaulted and validated. */
  group: GroupPolicy;
  /** config.dryRun */
  dryRun: boolean;
  /** config.killSwitch || controls.killSwitch */
  killSwitch: boolean;
  /** group.paused || state.paused || group in controls.pausedGroups */
  paused: boolean;
  /** Recent history, oldest first. */
  metrics: MetricWindow;
  signal: Signal;
  /** From the store. */
  state: InstanceState;
  /** The schedule window in force now, if any (computed by the caller with the schedule module). */
  schedule?: { name: string; set: SchedulePolicy['set'] };
  /** True when nowMs is inside one of group.maintenanceWindows (computed by the caller). */
  inMaintenanceWindow: boolean;
  /** Metric aggregation period, seconds. */
  periodSec: number;
  /**
   * The instance's seasonal peak profile (forecast/buildForecast), when one was built: bandwidth only, used per
   * `bandwidth.forecast` (it only ever adds capacity). Absent = reactive only.
   */
  forecast?: ForecastProfile;
  /**
   * How pay-by-bandwidth is billed (the price table's `bandwidth.billing`): under `hourlyPeak` a downgrade waits
   * for the last minutes before the next clock hour. Absent = `perMinute`.
   */
  bandwidthBilling?: BandwidthBilling;
}

/** Why the link's bandwidth is not changed at all (`linkRefusal`, set by the VPC resources), checked first. */
function linkRefused(input: DecisionInput): Skip | undefined {
  const why = input.instance.linkRefusal;
  return why === undefined ? undefined : skip('unsupported', why);
}

/**
 * Decide what to do for one instance now. Pure: the same input and nowMs always give the same decision.
 *
 * Global gates first (kill switch, pause, live lease, not Running, security lock, no policy); then the
 * bandwidth dimension (a link the VPC resources refuse, `linkRefusal`, is skipped `unsupported` before any rule),
 * then the instance type (never for a resource snapshot: an EIP or a package has none). A bandwidth change wins
 * over a type change in the same evaluation because it is non-disruptive; the type change is reconsidered on the
 * next evaluation.
 * At most one action per decision.
 */
export function decide(input: DecisionInput, nowMs: number): Decision {
  const gate = globalGate(input, nowMs);
  if (gate !== undefined) return gate;
  const skips: { label: string; plan: Skip }[] = [];
  const { bandwidth, instanceType } = input.group;
  const refused = linkRefused(input);
  if (bandwidth !== undefined && refused !== undefined) skips.push({ label: 'bandwidth', plan: refused });
  else if (bandwidth !== undefined) {
    const strategy = applyStrategy(input, bandwidth, nowMs);
    if (strategy.plan?.kind === 'act') return toDecision(strategy.plan, input.dryRun);
    const plan = planBandwidth(strategy.input, bandwidth, nowMs);
    if (plan.kind === 'act') return toDecision(plan, input.dryRun);
    skips.push({ label: 'bandwidth', plan });
  }
  if (instanceType !== undefined && input.instance.resource !== undefined) {
    // The schema refuses an instance-type policy in a resource group; a resource has no type to change anyway.
    const label = resourceLabel(input.instance);
    skips.push({ label: 'instance type', plan: skip('unsupported', `${label} has no instance type`) });
  } else if (instanceType !== undefined) {
    const plan = planInstanceType(input, instanceType, nowMs);
    if (plan.kind === 'act') return toDecision(plan, input.dryRun);
    skips.push({ label: 'instance type', plan });
  }
  return combineSkips(skips);
}
