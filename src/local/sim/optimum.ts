/**
 * The optimum baseline: the cheapest plan with zero avoidable unmet demand (capacity ≥ min(demand, top) in
 * every interval) under the PLATFORM's rules, never the configuration's own budget: at least `cooldownMin`
 * between two changes, and on a subscription (PrePaid) instance at most 3 downgrades over the whole trace; a
 * pay-as-you-go instance has no downgrade count limit. An explicit `maxDowngrades` per fixed window of
 * `windowSec` (aligned to the trace start) replaces the platform's count, for what-ifs and tests. Priced per the
 * price table's billing mode (`context.billing`): under hourly-peak billing every clock hour costs its highest
 * level. See docs/simulator.md.
 */
import { BILLING_HOUR_MS } from '../../core/cost.js';
import { AutoscalerError } from '../../core/errors.js';
import { PREPAID_DOWNGRADE_LIMIT } from '../../core/platform.js';
import type { InstanceChargeType } from '../../core/types.js';
import { account } from './accounting.js';
import type { BaselineContext } from './baselines.js';
import { billingHours, pricedTimeline } from './billing.js';
import { levelFor } from './levels.js';
import { type HourlyBilling, solveDp } from './optimumDp.js';
import type { BaselineResult } from './types.js';

export interface OptimumOptions {
  /** Minimum spacing between two changes, minutes (`--optimum-cooldown-min`). Default 10. */
  cooldownMin?: number;
  /** Whose platform rules: PostPaid (default) has no downgrade count limit, PrePaid 3 over the whole trace. */
  instanceChargeType?: InstanceChargeType;
  /** Downgrades allowed per fixed window instead of the platform's count (what-ifs, tests); absent = platform. */
  maxDowngrades?: number;
  /** Window of `maxDowngrades`, seconds; fixed windows aligned to the trace start. Default: the whole trace. */
  windowSec?: number;
}

/** Spacing in whole intervals: two changes t_a < t_b need (t_b − t_a) × stepSec ≥ cooldown. */
export function spacingIntervals(cooldownMin: number, stepSec: number): number {
  return Math.max(1, Math.ceil((cooldownMin * 60) / stepSec - 1e-9));
}

/** True at each interval whose start opens a new fixed window of `windowSec`. */
export function windowStarts(intervals: number, stepSec: number, windowSec: number): boolean[] {
  const windowOf = (t: number) => Math.floor((t * stepSec) / windowSec);
  return Array.from({ length: intervals }, (_, t) => t > 0 && windowOf(t) !== windowOf(t - 1));
}

/** The downgrade count limit the optimum obeys: the explicit one, else the platform's (PrePaid only). */
function countLimit(options: OptimumOptions): { maxDowngrades?: number; windowSec: number } {
  const windowSec = options.windowSec ?? Number.POSITIVE_INFINITY;
  if (options.maxDowngrades !== undefined) return { maxDowngrades: options.maxDowngrades, windowSec };
  if (options.instanceChargeType === 'PrePaid') return { maxDowngrades: PREPAID_DOWNGRADE_LIMIT, windowSec };
  return { windowSec };
}

function check(cooldownMin: number, limit: { maxDowngrades?: number; windowSec: number }): void {
  if (!(cooldownMin >= 0)) throw new AutoscalerError(`optimum cooldown must be ≥ 0 minutes, got ${cooldownMin}`);
  const { maxDowngrades, windowSec } = limit;
  if (maxDowngrades !== undefined && (!Number.isInteger(maxDowngrades) || maxDowngrades < 0)) {
    throw new AutoscalerError(`optimum maxDowngrades must be a whole number ≥ 0, got ${maxDowngrades}`);
  }
  if (!(windowSec > 0)) throw new AutoscalerError(`optimum windowSec must be > 0, got ${windowSec}`);
}

/** The DP's view of hourly-peak billing: where billing hours open and how long the series spends in each. */
export function hourlyBilling(intervals: number, stepSec: number, startMs: number, price: number[]): HourlyBilling {
  const hours = billingHours(intervals, { startMs, stepSec });
  const weight = (h: number) => (hours.seconds[h] as number) / (BILLING_HOUR_MS / 1000);
  const opens = Array.from({ length: intervals }, (_, t) =>
    t === 0 ? true : (hours.startHour[t] as number) > (hours.endHour[t - 1] as number),
  );
  const weightCur = Array.from({ length: intervals }, (_, t) => weight(hours.startHour[t] as number));
  const weightNew = Array.from({ length: intervals }, (_, t) => {
    let sum = 0;
    for (let h = (hours.startHour[t] as number) + 1; h <= (hours.endHour[t] as number); h++) sum += weight(h);
    return sum;
  });
  return { price, opens, weightCur, weightNew };
}

/** The exact offline optimum by dynamic programming (optimumDp.ts, optimumDpHourly.ts). */
export function optimum(
  demand: readonly number[],
  context: BaselineContext,
  options: OptimumOptions = {},
): BaselineResult {
  const { ladder, stepSec, billing } = context;
  const cooldownMin = options.cooldownMin ?? 10;
  const limit = countLimit(options);
  check(cooldownMin, limit);
  const price = ladder.levels.map((l) => l.costPerHour);
  const hourly = billing?.mode === 'hourlyPeak' && ladder.series === 'bandwidth';
  const { levels } = solveDp({
    need: Int32Array.from(demand, (d) => levelFor(ladder, d)),
    levelCost: price.map((c) => (c * stepSec) / 3600),
    spacing: spacingIntervals(cooldownMin, stepSec),
    ...(limit.maxDowngrades !== undefined
      ? { maxDowngrades: limit.maxDowngrades, windowStart: windowStarts(demand.length, stepSec, limit.windowSec) }
      : {}),
    ...(hourly ? { hourly: hourlyBilling(demand.length, stepSec, billing.startMs, price) } : {}),
  });
  const timeline = pricedTimeline(levels, context);
  return { name: 'optimum', levels, timeline, accounting: account(demand, timeline, { stepSec, ladder }) };
}
