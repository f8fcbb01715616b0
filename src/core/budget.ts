/**
 * The downgrade budget. Downgrades are scarce: subscription instances get at most 3 in their lifetime
 * (InstanceDowngrade.QuotaExceed after that), and every instance must leave 5 minutes between two.
 * The configured budget adds a rolling-window limit and a reserve kept back for the optimiser and for
 * emergencies. A decision never plans a downgrade the budget cannot pay for.
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

/** How many more downgrades the budget pays for now (ignoring the minimum spacing), never negative. */
export function remainingDowngrades(
  budget: DowngradeBudget,
  state: State,
  chargeType: InstanceChargeType,
  nowMs: number,
  options: BudgetOptions = {},
): number {
  const reserve = reserveOf(budget, options);
  const windowLeft = budget.maxDowngrades - reserve - recentDowngrades(budget, state, nowMs).length;
  return Math.max(0, Math.min(windowLeft, platformLeft(state, chargeType, reserve)));
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
  const recent = recentDowngrades(budget, state, nowMs);
  const allowed = budget.maxDowngrades - reserve;
  if (recent.length >= allowed) {
    const why = `${recent.length} downgrades in the last ${budget.windowSec} s, budget ${budget.maxDowngrades} with ${reserve} in reserve`;
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
 * the rolling window; on a subscription instance it also counts against the platform limit. Upgrades, temporary
 * upgrades and their automatic revert cost nothing.
 */
export function downgradeCost(
  action: { direction: Direction },
  chargeType: InstanceChargeType,
): { window: 0 | 1; platform: 0 | 1 } {
  if (action.direction !== 'down') return { window: 0, platform: 0 };
  return { window: 1, platform: chargeType === 'PrePaid' ? 1 : 0 };
}
