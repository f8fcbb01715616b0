/**
 * The downgrade budget, as the platform has it: subscription (PrePaid) instances get at most 3 downgrades in
 * their lifetime (InstanceDowngrade.QuotaExceed after that); pay-as-you-go (PostPaid) ones have no documented
 * count limit; every instance must leave 5 minutes between two (`minIntervalSec`). A configured `maxDowngrades`
 * adds a rolling-window limit (absent by default: the platform's rules only), and `reserve` keeps some back for
 * the optimiser and emergencies — out of that window limit, and out of a subscription's 3. A decision never
 * plans a downgrade the budget cannot pay for.
 */
import type { DowngradeBudget } from './config/types.js';
import { PREPAID_DOWNGRADE_LIMIT } from './platform.js';
import type { Direction, InstanceChargeType, InstanceState } from './types.js';

/** Whose downgrade this is: reactive decisions keep the reserve; the optimiser may spend it. */
export interface BudgetOptions {
  /** Keep `budget.reserve` downgrades back (reactive scale-down). Default true. */
  keepReserve?: boolean;
}

export type BudgetVerdict =
  | { ok: true; remaining: number }
  /** `untilMs` is when the budget allows a downgrade again; absent when that is not foreseeable. */
  | { ok: false; remaining: number; untilMs?: number; why: string };

type State = Pick<InstanceState, 'downgradesMs' | 'platformDowngrades'>;

/** Downgrades inside the rolling window, oldest first. */
function recentDowngrades(budget: DowngradeBudget, state: State, nowMs: number): number[] {
  const fromMs = nowMs - budget.windowSec * 1000;
  return state.downgradesMs.filter((t) => t > fromMs).sort((a, b) => a - b);
}

function reserveOf(budget: DowngradeBudget, options: BudgetOptions): number {
  return options.keepReserve === false ? 0 : budget.reserve;
}

/** Platform downgrades left for a subscription instance after the reserve; Infinity for pay-as-you-go. */
function platformLeft(state: State, chargeType: InstanceChargeType, reserve: number): number {
  if (chargeType !== 'PrePaid') return Number.POSITIVE_INFINITY;
  return PREPAID_DOWNGRADE_LIMIT - state.platformDowngrades - reserve;
}

/** Downgrades the rolling window has left after the reserve; Infinity when no `maxDowngrades` is configured. */
function windowLeft(budget: DowngradeBudget, state: State, nowMs: number, reserve: number): number {
  if (budget.maxDowngrades === undefined) return Number.POSITIVE_INFINITY;
  return budget.maxDowngrades - reserve - recentDowngrades(budget, state, nowMs).length;
}

/**
 * How many more downgrades the budget pays for now (ignoring the minimum spacing), never negative; Infinity for
 * a pay-as-you-go instance without a configured `maxDowngrades` (only the spacing limits it).
 */
export function remainingDowngrades(
  budget: DowngradeBudget,
  state: State,
  chargeType: InstanceChargeType,
  nowMs: number,
  options: BudgetOptions = {},
): number {
  const reserve = reserveOf(budget, options);
  const left = windowLeft(budget, state, nowMs, reserve);
  return Math.max(0, Math.min(left, platformLeft(state, chargeType, reserve)));
}

/** Whether one more downgrade may be planned at `nowMs`, and if not, why and until when. */
export function budgetAllows(
  budget: DowngradeBudget,
  state: State,
  chargeType: InstanceChargeType,
  nowMs: number,
  options: BudgetOptions = {},
): BudgetVerdict {
  const reserve = reserveOf(budget, options);
  const remaining = remainingDowngrades(budget, state, chargeType, nowMs, options);
  if (platformLeft(state, chargeType, reserve) <= 0) {
    const why = `subscription downgrade limit: ${state.platformDowngrades} of ${PREPAID_DOWNGRADE_LIMIT} used, ${reserve} kept in reserve`;
    return { ok: false, remaining, why };
  }
  const max = budget.maxDowngrades;
  const recent = recentDowngrades(budget, state, nowMs);
  const allowed = max === undefined ? Number.POSITIVE_INFINITY : max - reserve;
  if (recent.length >= allowed) {
    const why = `${recent.length} downgrades in the last ${budget.windowSec} s, budget ${max} with ${reserve} in reserve`;
    // The window frees up when enough of the oldest downgrades age out of it.
    const oldest = allowed > 0 ? recent[recent.length - allowed] : undefined;
    return oldest === undefined
      ? { ok: false, remaining, why }
      : { ok: false, remaining, why, untilMs: oldest + budget.windowSec * 1000 };
  }
  const lastMs = state.downgradesMs.length > 0 ? Math.max(...state.downgradesMs) : undefined;
  if (lastMs !== undefined && lastMs + budget.minIntervalSec * 1000 > nowMs) {
    const why = `last downgrade less than ${budget.minIntervalSec} s ago`;
    return { ok: false, remaining, why, untilMs: lastMs + budget.minIntervalSec * 1000 };
  }
  return { ok: true, remaining };
}

/**
 * What an applied action costs, for the commit: every downgrade (bandwidth or type, direction `down`) counts in
 * the rolling window (recorded without a `maxDowngrades` too: the spacing uses it); on a subscription instance
 * it also counts against the platform limit. Upgrades, temporary upgrades and their automatic revert cost nothing.
 */
export function downgradeCost(
  action: { direction: Direction },
  chargeType: InstanceChargeType,
): { window: 0 | 1; platform: 0 | 1 } {
  if (action.direction !== 'down') return { window: 0, platform: 0 };
  return { window: 1, platform: chargeType === 'PrePaid' ? 1 : 0 };
}
