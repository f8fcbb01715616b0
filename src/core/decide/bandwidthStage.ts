/**
 * The bandwidth dimension of `decide`: target (step rule or tracking, raised to the forecast's need) → step limit →
 * clamp to bounds (policy, schedule, platform) → subscription rules (temporary upgrades, no permanent downgrade) →
 * platform checks → cooldown and budget → one ModifyInstanceNetworkSpec action.
 */
import { bandwidthAction } from '../actions.js';
import { type BandwidthBounds, bandwidthBounds, clampMbps, stepLimit } from '../bandwidth.js';
import type { BandwidthPolicy } from '../config/types.js';
import { msToNextBillingHour } from '../cost.js';
import { isVpcLink } from '../link.js';
import { describeBandwidthChange, formatMbps, formatTime } from '../message.js';
import { needsPublicIpAllocation } from '../platform.js';
import { activeTemporaryUpgrade, EXTEND_BEFORE_END_MS, temporaryWindow, usesTemporaryUpgrade } from '../temporary.js';
import type { ScaleReason } from '../types.js';
import { bandwidthTarget } from './bandwidthTarget.js';
import { forecastNeed, forecastSettings } from './forecastNeed.js';
import { guardChange } from './guards.js';
import type { DecisionInput } from './index.js';
import { type Plan, type Skip, skip, untilText } from './plan.js';

/** The outcome of target → step limit → clamp, before the subscription rules and guards. */
interface Aim {
  currentMbps: number;
  toMbps: number;
  reason: ScaleReason;
  because: string;
  /** Why nothing changes when `toMbps` equals the current bandwidth. */
  hold: Skip;
  /** Demand the link must still carry (highest recommendation over the down window, within bounds). */
  neededMbps: number;
  bounds: BandwidthBounds;
}

/** A change to plan: target, reason, words, and whether it is an extension of a temporary upgrade. */
interface Change {
  toMbps: number;
  reason: ScaleReason;
  because: string;
  extend?: boolean;
  /** Never a temporary upgrade (a PayByTraffic cap costs nothing to keep raised). */
  permanent?: boolean;
}

function boundsText(bounds: BandwidthBounds, input: DecisionInput): string {
  const floor = bounds.floorMbps === undefined ? '' : `, floor ${bounds.floorMbps} Mbps`;
  const source = input.schedule === undefined ? 'policy' : `schedule ${input.schedule.name}${floor}`;
  return `bounds [${bounds.minMbps}, ${bounds.maxMbps}] Mbps (${source})`;
}

/**
 * Target → forecast → step limit → clamp. The forecast (mode `on`) raises the target to what the predicted peak
 * of the next `leadSec` needs, never lowers it. Bounds win over step limits. The reason is `schedule` when the
 * schedule's bounds decided, `forecast` when the forecast raised the target.
 */
function aim(input: DecisionInput, policy: BandwidthPolicy, nowMs: number): Aim {
  const currentMbps = input.instance.bandwidthOutMbps;
  const bounds = bandwidthBounds(policy, input.instance, input.schedule?.set);
  const target = bandwidthTarget(input, policy, currentMbps, nowMs);
  const ahead = forecastNeed(input, policy, currentMbps, nowMs, forecastSettings(policy).leadSec);
  const reactive = target.targetMbps ?? currentMbps;
  const lifted = ahead?.active === true && ahead.neededMbps > reactive;
  const raw = lifted ? ahead.neededMbps : reactive;
  const said = lifted ? `${ahead.words} (reactive: ${target.because})` : target.because;
  const stepped = stepLimit(raw, currentMbps, policy);
  const toMbps = clampMbps(stepped, bounds);
  const because = toMbps !== stepped ? `${said}; ${boundsText(bounds, input)}` : said;
  const reason = toMbps !== clampMbps(stepped, bounds.policy) ? 'schedule' : lifted ? 'forecast' : target.reason;
  const sustainedMbps = Math.max(target.sustainedMbps ?? 0, ahead?.active ? ahead.neededMbps : 0);
  const neededMbps = clampMbps(sustainedMbps, bounds);
  let hold: Skip;
  if (raw !== currentMbps) hold = skip('at-bound', `${because}: stays at ${currentMbps} Mbps`);
  else if (target.hold !== undefined) hold = skip(target.hold.reason, target.hold.message);
  else hold = skip('within-tolerance', `${because}: already ${currentMbps} Mbps`);
  return { currentMbps, toMbps, reason, because, hold, neededMbps, bounds };
}

/**
 * Subscription instances under temporary upgrades never get a permanent downgrade (it would spend the lifetime
 * quota of 3, and the temporary upgrade reverts by itself); an active upgrade still needed is extended once less
 * than an hour remains. Undefined when these rules do not decide.
 */
function subscriptionRules(input: DecisionInput, policy: BandwidthPolicy, nowMs: number, e: Aim): Plan | undefined {
  const active = activeTemporaryUpgrade(input.state, nowMs);
  // An extension keeps the current bandwidth: only while the upgrade is in effect and within the bounds.
  const inEffect = active !== undefined && e.currentMbps > active.baselineMbps && e.currentMbps <= e.bounds.maxMbps;
  if (active && inEffect && active.endMs - nowMs < EXTEND_BEFORE_END_MS && e.neededMbps > active.baselineMbps) {
    const because = `temporary upgrade ends at ${formatTime(active.endMs)} and ${formatMbps(e.neededMbps)} is still needed (baseline ${formatMbps(active.baselineMbps)})`;
    return change(input, policy, nowMs, { toMbps: e.currentMbps, reason: 'temporary-extend', because, extend: true });
  }
  if (e.toMbps >= e.currentMbps) return undefined;
  const reverts =
    active === undefined
      ? ''
      : `; the temporary upgrade reverts to ${active.baselineMbps} Mbps${untilText(active.endMs)}`;
  const message = `${e.because}: no permanent downgrade of a subscription instance using temporary upgrades (it would spend its 3-downgrade quota)${reverts}`;
  return skip('no-permanent-downgrade', message, active?.endMs);
}

/** How long before the next billed hour a downgrade lands under `hourlyPeak` billing (two ticks of margin). */
export const HOURLY_DOWNGRADE_LEAD_MS = 10 * 60_000;

/**
 * Under `hourlyPeak` billing the current clock hour is billed at its highest bandwidth already: a cut now saves
 * nothing for this hour and only risks its demand. It waits until the last minutes before the next billed hour.
 */
function hourlyPeakWait(input: DecisionInput, nowMs: number): { message: string; untilMs: number } | undefined {
  if (input.bandwidthBilling !== 'hourlyPeak') return undefined;
  const leftMs = msToNextBillingHour(nowMs);
  if (leftMs <= HOURLY_DOWNGRADE_LEAD_MS) return undefined;
  const untilMs = nowMs + leftMs - HOURLY_DOWNGRADE_LEAD_MS;
  return {
    message: `hourly-peak billing: this hour is billed at its peak already, the cut waits until ${formatTime(untilMs)}`,
    untilMs,
  };
}

/** Platform checks, guards, temporary window and keys for one change. */
function change(input: DecisionInput, policy: BandwidthPolicy, nowMs: number, c: Change): Plan {
  const { instance } = input;
  const fromMbps = instance.bandwidthOutMbps;
  const direction = c.extend || c.toMbps > fromMbps ? 'up' : 'down';
  // A VPC link has its address already: only an instance's own public bandwidth allocates one.
  const allocatePublicIp =
    !isVpcLink(instance) && needsPublicIpAllocation(instance.instanceChargeType, fromMbps, c.toMbps);
  if (allocatePublicIp && !policy.allocatePublicIp) {
    return skip(
      'unsupported',
      `${c.because}: 0 → ${c.toMbps} Mbps on a pay-as-you-go instance needs allocatePublicIp: true`,
    );
  }
  let window =
    direction === 'up' && !c.permanent && usesTemporaryUpgrade(policy, instance)
      ? temporaryWindow(nowMs, policy.temporaryUpgradeHours)
      : undefined;
  if (window !== undefined && instance.expiredTimeMs !== undefined && window.endMs > instance.expiredTimeMs) {
    if (policy.temporaryUpgrade === 'always') {
      return skip(
        'unsupported',
        `${c.because}: a temporary upgrade until ${window.endTime} would outlast the subscription (temporaryUpgrade: always)`,
      );
    }
    if (c.extend) {
      return skip('unsupported', `${c.because}: cannot extend past the subscription expiry; it reverts`);
    }
    window = undefined; // `auto` falls back to a permanent upgrade
  }
  const waiting = direction === 'down' ? hourlyPeakWait(input, nowMs) : undefined;
  if (waiting !== undefined) return skip('stabilizing', `${c.because}; ${waiting.message}`, waiting.untilMs);
  const blocked = guardChange(input, 'bandwidth', direction, policy, nowMs);
  if (blocked !== undefined) return skip(blocked.reason, `${c.because}; ${blocked.message}`, blocked.untilMs);
  const temporary = window === undefined ? undefined : { startTime: window.startTime, endTime: window.endTime };
  const action = bandwidthAction({
    instance,
    state: input.state,
    toMbps: c.toMbps,
    temporary,
    allocatePublicIp,
    nowMs,
  });
  const how = temporary === undefined ? '' : ` (temporary ${temporary.startTime} – ${temporary.endTime})`;
  const ip = allocatePublicIp ? ', allocating a public IP' : '';
  return {
    kind: 'act',
    reason: c.reason,
    message: `${c.because}: ${describeBandwidthChange(fromMbps, c.toMbps)}${how}${ip}`,
    action,
  };
}

/**
 * PayByTraffic bills the GB sent, and the bandwidth is only a ceiling: a cap below the policy's maximum saves
 * nothing and drops demand. So the cap is held at the upper bound (the policy's or the schedule's `maxMbps`,
 * which is the cost bound the operator chose), whatever the metrics say.
 */
function planTrafficCap(input: DecisionInput, policy: BandwidthPolicy, nowMs: number): Plan {
  const currentMbps = input.instance.bandwidthOutMbps;
  const bounds = bandwidthBounds(policy, input.instance, input.schedule?.set);
  const because = `PayByTraffic bills traffic, not bandwidth: the cap is held at the upper bound ${bounds.maxMbps} Mbps`;
  if (currentMbps === bounds.maxMbps) return skip('at-traffic-cap', `${because}: already ${currentMbps} Mbps`);
  if (currentMbps > bounds.maxMbps && usesTemporaryUpgrade(policy, input.instance)) {
    // The same rule as subscriptionRules: a permanent subscription downgrade would spend the lifetime quota.
    return skip(
      'no-permanent-downgrade',
      `${because}: no permanent downgrade of a subscription instance using temporary upgrades`,
    );
  }
  return change(input, policy, nowMs, { toMbps: bounds.maxMbps, reason: 'traffic-cap', because, permanent: true });
}

/** Whether two plans come to the same (the same action in the same words, or the same skip reason). */
function samePlan(a: Plan, b: Plan): boolean {
  if (a.kind === 'act' && b.kind === 'act') return a.action.kind === b.action.kind && a.message === b.message;
  return a.kind === b.kind && a.reason === b.reason;
}

/**
 * The bandwidth plan for one instance. Under `forecast.mode: forecast-only` the plan is the one without the
 * forecast, and its message says what the forecast would have done (the same plan evaluated with mode `on`).
 */
export function planBandwidth(input: DecisionInput, policy: BandwidthPolicy, nowMs: number): Plan {
  const plan = planReactive(input, policy, nowMs);
  const settings = forecastSettings(policy);
  if (settings.mode !== 'forecast-only') return plan;
  const ahead = forecastNeed(input, policy, input.instance.bandwidthOutMbps, nowMs, settings.leadSec);
  if (ahead === undefined) return plan;
  const shadow = planReactive(input, { ...policy, forecast: { ...settings, mode: 'on' } }, nowMs);
  const would = samePlan(plan, shadow)
    ? `${ahead.words}: the same decision`
    : `would ${shadow.kind === 'act' ? 'do' : `skip (${shadow.reason})`} instead: ${shadow.message}`;
  return { ...plan, message: `${plan.message}; forecast-only, ${would}` };
}

/** The bandwidth plan, with the forecast used as its mode says (`forecast-only` counts as off here). */
function planReactive(input: DecisionInput, policy: BandwidthPolicy, nowMs: number): Plan {
  if (input.instance.eipBound) {
    const why = input.instance.eipNotRoutedReason;
    const base = 'an EIP is bound: the EIP’s own bandwidth limits traffic, change it through VPC instead';
    return skip('eip-bound', why === undefined ? base : `${base} (not routed: ${why})`);
  }
  if (input.instance.internetChargeType === 'PayByTraffic') return planTrafficCap(input, policy, nowMs);
  const e = aim(input, policy, nowMs);
  if (usesTemporaryUpgrade(policy, input.instance) && e.toMbps <= e.currentMbps) {
    const decided = subscriptionRules(input, policy, nowMs, e);
    if (decided !== undefined) return decided;
  }
  if (e.toMbps === e.currentMbps) return e.hold;
  return change(input, policy, nowMs, { toMbps: e.toMbps, reason: e.reason, because: e.because });
}
