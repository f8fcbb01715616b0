/**
 * The per-instance strategy in decisions (optimisation.strategy.mode `apply`): every evaluation moves the instance
 * towards the strategy the optimiser chose by backtest (state.strategy) — or, before it has chosen (less than a
 * day of history), towards pay-by-traffic at the cap, the safe start: it serves any demand up to the cap and
 * bills only what is served, while the history a backtest needs builds up.
 *
 * - a billing method that differs from the strategy's → one ModifyInstanceNetworkSpec switch (at most one an hour),
 *   to the cap for `traffic`, to the strategy's level for the pay-by-bandwidth ones;
 * - `static` → the level is held: bounds [level, max(level, now)], so the link never rises by target tracking and
 *   comes back to the level by the ordinary scale-down rules; saturated, the upper bound opens (an escape: demand
 *   that outgrew last week's level is not dropped until the next sweep). An operator's open schedule still wins;
 * - `reactive` → the forecast is ignored; `forecast` → used; `traffic` → the cap is held (bandwidthStage).
 * Subscriptions (no billing switch, no cold start: the configured policy until a strategy is chosen): `static` →
 * no new temporary upgrade and no extension (the upper bound is the base, so an upgrade in force runs out by itself); `reactive` / `forecast` → the configured policy with its temporary upgrades, without /
 * with the forecast. EIP-bound instances are left to the configured policy; a VPC link (an instance routed to its
 * EIP, a managed EIP or package) is never switched (the cold start's pay-by-traffic included: neither
 * ModifyEipAddressAttribute nor ModifyCommonBandwidthPackageSpec has a metering method), and is pay-as-you-go
 * here even for a subscription instance (link.ts).
 */
import { billingAction } from '../actions.js';
import { recommendMbps } from '../bandwidth.js';
import type { BandwidthPolicy } from '../config/types.js';
import { bandwidthChargeType, isVpcLink } from '../link.js';
import { formatTime } from '../message.js';
import { platformBandwidthRange } from '../platform.js';
import type { InternetChargeType } from '../types.js';
import type { DecisionInput } from './index.js';
import { bandwidthSinceMs } from './bandwidthTarget.js';
import { type Plan, skip } from './plan.js';
import { freshPoints } from './window.js';

/** At most one billing switch per this long (a switch and its way back within minutes would be noise). */
export const BILLING_SWITCH_SPACING_MS = 3_600_000;

export interface StrategyView {
  /** The input the bandwidth stage decides on (forecast dropped, static bounds). */
  input: DecisionInput;
  /** A billing switch to make now, or why it waits. */
  plan?: Plan;
}

function switchPlan(input: DecisionInput, policy: BandwidthPolicy, to: InternetChargeType, nowMs: number): Plan {
  const { instance, state } = input;
  const strategy = state.strategy;
  const lastMs = state.lastChange.billingMs;
  const because = strategy
    ? `strategy ${strategy.name} (chosen ${formatTime(strategy.chosenAtMs)}): ${strategy.why}`
    : 'no strategy chosen yet (less than a day of history): pay-by-traffic at the cap serves any demand and bills only what is served';
  if (lastMs !== undefined && nowMs - lastMs < BILLING_SWITCH_SPACING_MS) {
    return skip(
      'cooldown',
      `${because}; the last billing switch was less than an hour ago`,
      lastMs + BILLING_SWITCH_SPACING_MS,
    );
  }
  const range = platformBandwidthRange(instance.instanceChargeType, to);
  const top = Math.min(policy.maxMbps, range.maxMbps);
  const wanted =
    to === 'PayByTraffic' ? top : (strategy?.staticMbps ?? strategy?.startMbps ?? instance.bandwidthOutMbps);
  const bandwidthMbps = Math.max(Math.min(wanted, top), Math.min(policy.minMbps, top));
  const action = billingAction({ instance, state, to, bandwidthMbps, nowMs });
  return {
    kind: 'act',
    reason: 'billing-method',
    message: `${because}: ${instance.internetChargeType} → ${to} at ${bandwidthMbps} Mbps`,
    action,
  };
}

/**
 * The escape from a static level: the link is saturated now (its newest point since the last change at or above the
 * saturation threshold). A level chosen on last week's history must not drop a demand that has outgrown it until
 * the next nightly sweep: the policy may then raise the link, and brings it back towards the level by its ordinary
 * scale-down rules once the demand has gone.
 */
function saturatedNow(input: DecisionInput, policy: BandwidthPolicy, nowMs: number): boolean {
  const current = input.instance.bandwidthOutMbps;
  const fresh = freshPoints(
    input.metrics.bandwidthOutBps,
    bandwidthSinceMs(input.state, nowMs),
    nowMs,
    input.periodSec,
  );
  const latest = fresh.ok ? fresh.points[fresh.points.length - 1] : undefined;
  return latest !== undefined && recommendMbps(latest.average, current, policy).saturated;
}

/** A subscription's strategy: hold the base (no new temporary upgrade) or the policy, with or without the forecast. */
function subscription(input: DecisionInput, policy: BandwidthPolicy, nowMs: number): StrategyView {
  const strategy = input.state.strategy;
  if (strategy === undefined || strategy.name === 'forecast') return { input };
  const { forecast: _dropped, ...rest } = input;
  if (strategy.name !== 'static' || strategy.staticMbps === undefined || input.schedule !== undefined) {
    return { input: rest };
  }
  // Saturated: the base no longer serves; the policy's temporary upgrades take over (the escape, saturatedNow).
  if (saturatedNow(input, policy, nowMs)) return { input: rest };
  // At most the base: no new upgrade and no extension; a subscription is never downgraded below what it has (the
  // bandwidth stage's subscription rules), so an upgrade in force runs out by itself.
  const level = Math.min(policy.maxMbps, Math.max(policy.minMbps, strategy.staticMbps));
  return {
    input: {
      ...rest,
      schedule: { name: `strategy static: base ${strategy.staticMbps} Mbps`, set: { maxMbps: level } },
    },
  };
}

/** The strategy's effect on this evaluation (identity when strategies are not applied here). */
export function applyStrategy(input: DecisionInput, policy: BandwidthPolicy, nowMs: number): StrategyView {
  const { instance, group, state } = input;
  if (group.optimisation.strategy.mode !== 'apply') return { input };
  if (instance.eipBound) return { input };
  if (bandwidthChargeType(instance) === 'PrePaid') return subscription(input, policy, nowMs);
  const name = state.strategy?.name ?? 'traffic';
  const want: InternetChargeType = name === 'traffic' ? 'PayByTraffic' : 'PayByBandwidth';
  // A VPC link (routed or managed EIP, package): its metering method is not switched (docs/eip.md).
  if (instance.internetChargeType !== want)
    return isVpcLink(instance) ? { input } : { input, plan: switchPlan(input, policy, want, nowMs) };
  if (name === 'reactive' || name === 'static') {
    const { forecast: _dropped, ...rest } = input;
    const chosen = state.strategy?.staticMbps;
    if (name === 'static' && chosen !== undefined && input.schedule === undefined) {
      // Within the policy's bounds: they may have been narrowed since the sweep chose the level.
      const level = Math.min(policy.maxMbps, Math.max(policy.minMbps, chosen));
      const saturated = saturatedNow(input, policy, nowMs);
      const top = saturated ? policy.maxMbps : Math.min(policy.maxMbps, Math.max(level, instance.bandwidthOutMbps));
      const label = saturated
        ? `strategy static ${level} Mbps, saturated: free to rise`
        : `strategy static ${level} Mbps`;
      return { input: { ...rest, schedule: { name: label, set: { minMbps: level, maxMbps: top } } } };
    }
    return { input: rest };
  }
  return { input };
}
