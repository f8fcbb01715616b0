/**
 * The reference strategies, computed on the same demand and prices as the product: lowerBound (perfect
 * foresight, no constraints), staticPeak (one level for the p99), naiveReactive (a past-only step policy)
 * and optimum (the exact offline optimum under the platform's rules, by dynamic programming). All are priced by
 * the same accounting, pay-by-bandwidth per the price table's billing mode (`context.billing`).
 */
import { percentile } from '../../core/percentile.js';
import { account } from './accounting.js';
import { type BillingContext, pricedTimeline } from './billing.js';
import { levelFor } from './levels.js';
import { type NaiveReactiveOptions, naiveReactive } from './naiveReactive.js';
import { type OptimumOptions, optimum } from './optimum.js';
import type { BaselineName, BaselineResult, Ladder } from './types.js';

/** What every baseline needs: the interval length and the ladder (levels, prices, platform top). */
export interface BaselineContext {
  stepSec: number;
  ladder: Ladder;
  /** Pay-by-bandwidth billing mode and the series' start; absent = per minute (each level for the time held). */
  billing?: BillingContext;
}

/** Per interval the cheapest level that serves the demand: the physical limit (type-change downtime ignored). */
export function lowerBound(demand: readonly number[], context: BaselineContext): BaselineResult {
  const { ladder, stepSec } = context;
  const levels = Int32Array.from(demand, (d) => cheapestServing(ladder, d));
  const timeline = pricedTimeline(levels, context, { downtime: false });
  return { name: 'lowerBound', levels, timeline, accounting: account(demand, timeline, { stepSec, ladder }) };
}

/** The cheapest level whose capacity serves `demand` (the top level when none does). */
function cheapestServing(ladder: Ladder, demand: number): number {
  let best = levelFor(ladder, demand);
  for (let l = best + 1; l < ladder.levels.length; l++) {
    if ((ladder.levels[l]?.costPerHour as number) < (ladder.levels[best]?.costPerHour as number)) best = l;
  }
  return best;
}

/** One level all the time: the cheapest that serves the `percentileRank` (default 99) of the demand. */
export function staticPeak(demand: readonly number[], context: BaselineContext, percentileRank = 99): BaselineResult {
  const { ladder, stepSec } = context;
  const level = demand.length ? cheapestServing(ladder, percentile(demand, percentileRank)) : 0;
  const levels = new Int32Array(demand.length).fill(level);
  const timeline = pricedTimeline(levels, context);
  return { name: 'staticPeak', levels, timeline, accounting: account(demand, timeline, { stepSec, ladder }) };
}

export interface BaselineOptions extends BaselineContext {
  naiveReactive?: NaiveReactiveOptions;
  optimum?: Omit<OptimumOptions, 'stepSec'>;
  /** Percentile staticPeak provisions for. Default 99. */
  staticPercentile?: number;
}

/** All four baselines on one demand series. */
export function computeBaselines(
  demand: readonly number[],
  options: BaselineOptions,
): Record<BaselineName, BaselineResult> {
  const context = {
    stepSec: options.stepSec,
    ladder: options.ladder,
    ...(options.billing ? { billing: options.billing } : {}),
  };
  return {
    lowerBound: lowerBound(demand, context),
    staticPeak: staticPeak(demand, context, options.staticPercentile),
    naiveReactive: naiveReactive(demand, context, options.naiveReactive),
    optimum: optimum(demand, context, options.optimum),
  };
}
