/**
 * The exact offline optimum as a dynamic program. Per-interval billing (`perMinute`): states are (level,
 * downgrades used in the current window, intervals since the last change); transitions use running prefix/suffix
 * minima over levels, so a step costs O(L × B × S) instead of O(L² × B × S). Hourly-peak billing adds the
 * hour's highest-priced level to the state (optimumDpHourly.ts, O(L² × B × S) a step). Either way the path is
 * recovered with √T checkpoints, so memory stays O(√T × states) however long the trace (30 days × 101 levels per
 * interval needs about 1.5 MB). Without a downgrade limit (pay-as-you-go: the platform has none) B = 1.
 */
import { hourlyEngine } from './optimumDpHourly.js';

/** Hourly-peak billing: every billing hour costs the price of the highest-priced level held in it × its weight. */
export interface HourlyBilling {
  /** Price of holding each level for one hour. */
  price: ArrayLike<number>;
  /** True where interval t starts a billing hour (index 0 always does). */
  opens: ArrayLike<boolean>;
  /** Hours of the series inside the billing hour that interval t starts in. */
  weightCur: ArrayLike<number>;
  /** Hours of the series inside the later billing hours interval t reaches into (0 when it ends in its first). */
  weightNew: ArrayLike<number>;
}

/** An abstract instance of the problem: levels are indices, ascending by capacity. */
export interface DpProblem {
  /** Smallest feasible level index per interval (the one serving min(demand, top)). */
  need: ArrayLike<number>;
  /** Cost of holding each level for one interval (per-interval billing; unused with `hourly`). */
  levelCost: ArrayLike<number>;
  /** Minimum spacing between two changes, intervals (≥ 1). */
  spacing: number;
  /** Downgrades allowed per window; absent = no limit. */
  maxDowngrades?: number;
  /** True at every interval that opens a new budget window (index 0 ignored); only read with `maxDowngrades`. */
  windowStart?: ArrayLike<boolean>;
  /** Bill every clock hour at its highest-priced level instead of every interval at its own (`levelCost`). */
  hourly?: HourlyBilling;
}

export interface DpSolution {
  levels: Int32Array;
  cost: number;
}

/** The forward step of one DP formulation; `solveWith` does the checkpointing and the path recovery. */
export interface DpEngine {
  /** Number of states. */
  N: number;
  /** Values after interval 0 (Infinity = infeasible). */
  initial(): Float64Array;
  /** Values after interval t from those after t − 1; records each state's predecessor in `parent` when given. */
  advance(prev: Float64Array, next: Float64Array, t: number, parent?: Int32Array): void;
  levelOf(state: number): number;
}

/** Budget dimension: B counters (0 … maxDowngrades) with a limit, one state without. */
export function budgetDims(p: DpProblem): { B: number; limited: boolean } {
  return p.maxDowngrades === undefined ? { B: 1, limited: false } : { B: p.maxDowngrades + 1, limited: true };
}

/** Whether interval t resets the window's downgrade count. */
export const resets = (p: DpProblem, t: number): boolean =>
  p.maxDowngrades !== undefined && p.windowStart?.[t] === true;

/** Per-interval billing: state (level l, downgrades b used in the window, intervals s since the last change ≤ K). */
function intervalEngine(p: DpProblem): DpEngine {
  const L = p.levelCost.length;
  const { B, limited } = budgetDims(p);
  const K = Math.max(1, p.spacing);
  const S = K + 1;
  const N = L * B * S;
  const ready = new Int32Array(L * B);
  const levelCost = p.levelCost;

  const initial = () => {
    const v = new Float64Array(N).fill(Number.POSITIVE_INFINITY);
    for (let l = p.need[0] as number; l < L; l++) v[(l * B + 0) * S + K] = levelCost[l] as number;
    return v;
  };

  /** Keep the level: the spacing counter advances; the window's count resets when a window opens. */
  const stay = (prev: Float64Array, next: Float64Array, t: number, parent?: Int32Array) => {
    const reset = resets(p, t);
    for (let l = p.need[t] as number; l < L; l++) {
      const cost = levelCost[l] as number;
      for (let b = 0; b < B; b++) {
        const from0 = (l * B + b) * S;
        const to0 = (l * B + (reset ? 0 : b)) * S;
        for (let s = 0; s <= K; s++) {
          const before = prev[from0 + s] as number;
          if (before === Number.POSITIVE_INFINITY) continue;
          const to = to0 + (s < K ? s + 1 : K);
          if (before + cost < (next[to] as number)) {
            next[to] = before + cost;
            if (parent) parent[to] = from0 + s;
          }
        }
      }
    }
  };

  /**
   * Change the level: an upgrade comes from the cheapest ready state (last change at least K intervals back) at
   * any lower level (running prefix minimum), a downgrade from any higher level (running suffix minimum) and,
   * with a limit, spends one unit of the budget.
   */
  const change = (prev: Float64Array, next: Float64Array, t: number, parent?: Int32Array) => {
    const need = p.need[t] as number;
    for (let lb = 0; lb < L * B; lb++) {
      const a = lb * S + K - 1;
      ready[lb] = (prev[a + 1] as number) <= (prev[a] as number) ? a + 1 : a;
    }
    const relax = (l: number, budget: number, from: number) => {
      const to = (l * B + budget) * S;
      const value = (prev[from] as number) + (levelCost[l] as number);
      if (value < (next[to] as number)) {
        next[to] = value;
        if (parent) parent[to] = from;
      }
    };
    for (let b = 0; b < B; b++) {
      const used = resets(p, t) ? 0 : b;
      let best = -1;
      for (let l = 0; l < L; l++) {
        if (best >= 0 && l >= need) relax(l, used, best);
        const here = ready[l * B + b] as number;
        if (best < 0 || (prev[here] as number) < (prev[best] as number)) best = here;
      }
      if (limited && used + 1 >= B) continue;
      best = -1;
      for (let l = L - 1; l >= need; l--) {
        if (best >= 0) relax(l, limited ? used + 1 : 0, best);
        const here = ready[l * B + b] as number;
        if (best < 0 || (prev[here] as number) < (prev[best] as number)) best = here;
      }
    }
  };

  return {
    N,
    initial,
    advance(prev, next, t, parent) {
      next.fill(Number.POSITIVE_INFINITY);
      stay(prev, next, t, parent);
      change(prev, next, t, parent);
    },
    levelOf: (state) => Math.floor(state / (B * S)),
  };
}

function argMin(v: Float64Array): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if ((v[i] as number) < (v[best] as number)) best = i;
  return best;
}

/** Solve exactly. Always feasible: staying at the top level breaks no rule. */
export function solveDp(p: DpProblem): DpSolution {
  return solveWith(p.hourly ? hourlyEngine(p, p.hourly) : intervalEngine(p), p.need.length);
}

/** Forward pass keeping √T checkpoints, then the path from the cheapest final state. */
export function solveWith(engine: DpEngine, T: number): DpSolution {
  if (T === 0) return { levels: new Int32Array(0), cost: 0 };
  const every = Math.max(1, Math.ceil(Math.sqrt(T)));
  const checkpoints: Float64Array[] = [];
  let cur: Float64Array = engine.initial();
  let nxt: Float64Array = new Float64Array(engine.N);
  checkpoints.push(cur.slice());
  for (let t = 1; t < T; t++) {
    engine.advance(cur, nxt, t);
    [cur, nxt] = [nxt, cur];
    if (t % every === 0) checkpoints.push(cur.slice());
  }
  const end = argMin(cur);
  return { levels: backtrack(engine, T, checkpoints, every, end), cost: cur[end] as number };
}

/** Recompute each checkpointed segment with parent pointers, newest first, and walk the path back. */
function backtrack(engine: DpEngine, T: number, checkpoints: Float64Array[], every: number, end: number): Int32Array {
  const { N } = engine;
  const levels = new Int32Array(T);
  const parents = new Int32Array(every * N);
  let state = end;
  for (let k = checkpoints.length - 1; k >= 0; k--) {
    const t0 = k * every;
    const t1 = Math.min(T - 1, t0 + every);
    let cur: Float64Array = (checkpoints[k] as Float64Array).slice();
    let nxt: Float64Array = new Float64Array(N);
    for (let t = t0 + 1; t <= t1; t++) {
      engine.advance(cur, nxt, t, parents.subarray((t - t0 - 1) * N, (t - t0) * N));
      [cur, nxt] = [nxt, cur];
    }
    for (let t = t1; t > t0; t--) {
      levels[t] = engine.levelOf(state);
      state = parents[(t - t0 - 1) * N + state] as number;
    }
    levels[t0] = engine.levelOf(state);
  }
  return levels;
}
