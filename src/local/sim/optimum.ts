/**
 * The optimum baseline: the cheapest plan with zero avoidable unmet demand (capacity ≥ min(demand, top) in
 * every interval), at least `cooldownMin` between two changes, and at most `maxDowngrades` downgrades in each
 * fixed window of `windowSec` aligned to the trace start. See docs/simulator.md for why the fixed windows
 * make a fair (never harder than the product's rolling window) comparison.
 */
import { AutoscalerError } from '../../core/errors.js';
import { account } from './accounting.js';
import type { BaselineContext } from './baselines.js';
import { levelFor, timelineFromLevels } from './levels.js';
import { solveDp } from './optimumDp.js';
import type { BaselineResult } from './types.js';

export interface OptimumOptions {
  /** Minimum spacing between two changes, minutes (`--optimum-cooldown-min`). Default 10. */
  cooldownMin?: number;
  /** Downgrades allowed per window (the config's downgrade budget, reserve included). Default 3. */
  maxDowngrades?: number;
  /** Budget window, seconds; windows are fixed and aligned to the trace start. Default 86400. */
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

function check(options: Required<OptimumOptions>): void {
  const { cooldownMin, maxDowngrades, windowSec } = options;
  if (!(cooldownMin >= 0)) throw new AutoscalerError(`optimum cooldown must be ≥ 0 minutes, got ${cooldownMin}`);
  if (!Number.isInteger(maxDowngrades) || maxDowngrades < 0) {
    throw new AutoscalerError(`optimum maxDowngrades must be a whole number ≥ 0, got ${maxDowngrades}`);
  }
  if (!(windowSec > 0)) throw new AutoscalerError(`optimum windowSec must be > 0, got ${windowSec}`);
}

/** The exact offline optimum by dynamic programming (optimumDp.ts). */
export function optimum(
  demand: readonly number[],
  context: BaselineContext,
  options: OptimumOptions = {},
): BaselineResult {
  const { ladder, stepSec } = context;
  const settings = {
    cooldownMin: options.cooldownMin ?? 10,
    maxDowngrades: options.maxDowngrades ?? 3,
    windowSec: options.windowSec ?? 86_400,
  };
  check(settings);
  const { levels } = solveDp({
    need: Int32Array.from(demand, (d) => levelFor(ladder, d)),
    levelCost: ladder.levels.map((l) => (l.costPerHour * stepSec) / 3600),
    spacing: spacingIntervals(settings.cooldownMin, stepSec),
    maxDowngrades: settings.maxDowngrades,
    windowStart: windowStarts(demand.length, stepSec, settings.windowSec),
  });
  const timeline = timelineFromLevels(ladder, levels);
  return { name: 'optimum', levels, timeline, accounting: account(demand, timeline, { stepSec, ladder }) };
}
