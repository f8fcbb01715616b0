/**
 * The reference strategies, computed on the same demand and prices as the product: lowerBound (perfect
 * foresight, no constraints), staticPeak (one level for the p99), naiveReactive (a past-only step policy)
 * and optimum (the exact offline optimum under the product's constraints, by dynamic programming).
 */
import { percentile } from '../../core/percentile.js';
import { account } from './accounting.js';
import { levelFor, timelineFromLevels } from './levels.js';
import { type NaiveReactiveOptions, naiveReactive } from './naiveReactive.js';
import { type OptimumOptions, optimum } from './optimum.js';
import type { BaselineName, BaselineResult, Ladder } from './types.js';

/** What every baseline needs: the interval length and the ladder (levels, prices, platform top). */
export interface BaselineContext {
  stepSec: number;
  ladder: Ladder;
}

/** Per interval the cheapest level that serves the demand: the physical limit (type-change downtime ignored). */
export function lowerBound(demand: readonly number[], context: BaselineContext): BaselineResult {
  const { ladder, stepSec } = context;
  const levels = Int32Array.from(demand, (d) => cheapestServing(ladder, d));
  const timeline = timelineFromLevels(ladder, levels, { downtime: false });
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
  const timeline = timelineFromLevels(ladder, levels);
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
  const context = { stepSec: options.stepSec, ladder: options.ladder };
  return {
    lowerBound: lowerBound(demand, context),
    staticPeak: staticPeak(demand, context, options.staticPercentile),
    naiveReactive: naiveReactive(demand, context, options.naiveReactive),
    optimum: optimum(demand, context, options.optimum),
  };
}
