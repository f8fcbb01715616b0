/**
 * The naive reactive baseline: a past-only step policy like a hand-written CMS alarm rule. It sees only the
 * load it served (min(demand, capacity)), never the demand: at the start of every interval it looks at the
 * interval before (up) or the last `windowIntervals` intervals (down) and changes the level for this interval.
 */
import { mean } from '../../core/percentile.js';
import { account } from './accounting.js';
import type { BaselineContext } from './baselines.js';
import { pricedTimeline } from './billing.js';
import { levelFor } from './levels.js';
import type { BaselineResult, Ladder } from './types.js';

export interface NaiveReactiveOptions {
  /** Scale up when the last interval's served load exceeds this fraction of capacity. Default 0.8. */
  upUtilization?: number;
  /** Scale down when the mean served load of the window is below this fraction of capacity. Default 0.3. */
  downUtilization?: number;
  /** A new level is the smallest with capacity ≥ load / targetUtilization. Default 0.6. */
  targetUtilization?: number;
  /** Intervals averaged for a scale-down (and whose maximum sizes it). Default 6. */
  windowIntervals?: number;
  /** Minimum time since the last change (any direction) before a scale-up, seconds. Default 300. */
  upCooldownSec?: number;
  /** Minimum time since the last change (any direction) before a scale-down, seconds. Default 1800. */
  downCooldownSec?: number;
  /** Level index at the start. Default: the level for demand[0] / targetUtilization (as if tuned before). */
  initialLevel?: number;
}

type Settings = Required<Omit<NaiveReactiveOptions, 'initialLevel'>>;

const DEFAULTS: Settings = {
  upUtilization: 0.8,
  downUtilization: 0.3,
  targetUtilization: 0.6,
  windowIntervals: 6,
  upCooldownSec: 300,
  downCooldownSec: 1800,
};

interface PolicyState {
  level: number;
  lastChangeSec: number;
  served: Float64Array;
}

/** The level for interval t, decided from what was served before it. */
function decide(ladder: Ladder, s: Settings, state: PolicyState, t: number, stepSec: number): number {
  const { level, served } = state;
  const capacity = ladder.levels[level]?.capacity as number;
  const sinceSec = t * stepSec - state.lastChangeSec;
  const load = served[t - 1] as number;
  if (load > s.upUtilization * capacity) {
    if (sinceSec < s.upCooldownSec) return level;
    return Math.max(level, levelFor(ladder, load / s.targetUtilization));
  }
  if (t < s.windowIntervals || sinceSec < s.downCooldownSec) return level;
  const window = Array.from(served.subarray(t - s.windowIntervals, t));
  if (mean(window) >= s.downUtilization * capacity) return level;
  return Math.min(level, levelFor(ladder, Math.max(...window) / s.targetUtilization));
}

/** Run the naive policy over the demand; type changes (cpu) take the ladder's downtime out of their interval. */
export function naiveReactive(
  demand: readonly number[],
  context: BaselineContext,
  options: NaiveReactiveOptions = {},
): BaselineResult {
  const { ladder, stepSec } = context;
  const s: Settings = { ...DEFAULTS, ...stripUndefined(options) };
  const n = demand.length;
  const levels = new Int32Array(n);
  const first = options.initialLevel ?? levelFor(ladder, (demand[0] ?? 0) / s.targetUtilization);
  const state: PolicyState = { level: first, lastChangeSec: Number.NEGATIVE_INFINITY, served: new Float64Array(n) };
  for (let t = 0; t < n; t++) {
    let offlineSec = 0;
    if (t > 0) {
      const next = decide(ladder, s, state, t, stepSec);
      if (next !== state.level) {
        state.level = next;
        state.lastChangeSec = t * stepSec;
        offlineSec = Math.min(stepSec, ladder.changeDowntimeSec);
      }
    }
    levels[t] = state.level;
    const capacity = ladder.levels[state.level]?.capacity as number;
    state.served[t] = (Math.min(demand[t] as number, capacity) * (stepSec - offlineSec)) / stepSec;
  }
  const timeline = pricedTimeline(levels, context);
  return { name: 'naiveReactive', levels, timeline, accounting: account(demand, timeline, { stepSec, ladder }) };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
