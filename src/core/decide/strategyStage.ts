/**
 * The per-instance strategy in decisions (optimisation.strategy.mode `apply`): every evaluation moves the instance
 * towards the strategy the optimiser chose by backtest (state.strategy) — or, before it has chosen (less than a
 * day of history), towards pay-by-traffic at the cap, the safe start: it serves any demand up to the cap and
 * bills only what is served, while the history a backtest needs builds up.
 *
 * - a billing method that differs from the strategy's → one ModifyInstanceNetworkSpec switch (at most one an hour),
 *   to the cap for `traffic`, to the strategy's level for the pay-by-bandwidth ones;
 * - `static` → the bandwidth bounds become [level, level] (an operator's open schedule still wins);
 * - `reactive` → the forecast is ignored; `forecast` → used; `traffic` → the cap is held (bandwidthStage).
 * Subscriptions (temporary upgrades) and EIP-bound instances are left to the configured policy.
 */
import { billingAction } from '../actions.js';
import type { BandwidthPolicy } from '../config/types.js';
import { formatTime } from '../message.js';
import { platformBandwidthRange } from '../platform.js';
import type { InternetChargeType } from '../types.js';
import type { DecisionInput } from './index.js';
import { type Plan, skip } from './plan.js';

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

/** The strategy's effect on this evaluation (identity when strategies are not applied here). */
export function applyStrategy(input: DecisionInput, policy: BandwidthPolicy, nowMs: number): StrategyView {
  const { instance, group, state } = input;
  if (group.optimisation.strategy.mode !== 'apply') return { input };
  if (instance.instanceChargeType === 'PrePaid' || instance.eipBound) return { input };
  const name = state.strategy?.name ?? 'traffic';
  const want: InternetChargeType = name === 'traffic' ? 'PayByTraffic' : 'PayByBandwidth';
  if (instance.internetChargeType !== want) return { input, plan: switchPlan(input, policy, want, nowMs) };
  if (name === 'reactive' || name === 'static') {
    const { forecast: _dropped, ...rest } = input;
    const chosen = state.strategy?.staticMbps;
    if (name === 'static' && chosen !== undefined && input.schedule === undefined) {
      // Within the policy's bounds: they may have been narrowed since the sweep chose the level.
      const level = Math.min(policy.maxMbps, Math.max(policy.minMbps, chosen));
      return {
        input: {
          ...rest,
          schedule: { name: `strategy static ${level} Mbps`, set: { minMbps: level, maxMbps: level } },
        },
      };
    }
    return { input: rest };
  }
  return { input };
}
