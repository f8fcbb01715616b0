/**
 * The exact offline optimum as a dynamic program over (level, downgrades used in the current window,
 * intervals since the last change). Transitions use running prefix/suffix minima over levels, so a step
 * costs O(L × B × S) instead of O(L² × B × S); the path is recovered with √T checkpoints, so memory stays
 * O(√T × L × B × S) however long the trace (30 days × 101 levels needs about 1.5 MB).
 */

/** An abstract instance of the problem: levels are indices, ascending by capacity. */
export interface DpProblem {
  /** Smallest feasible level index per interval (the one serving min(demand, top)). */
  need: ArrayLike<number>;
  /** Cost of holding each level for one interval. */
  levelCost: ArrayLike<number>;
  /** Minimum spacing between two changes, intervals (≥ 1). */
  spacing: number;
  /** Downgrades allowed per window. */
  maxDowngrades: number;
  /** True at every interval that opens a new budget window (index 0 ignored). */
  windowStart: ArrayLike<boolean>;
}

export interface DpSolution {
  levels: Int32Array;
  cost: number;
}

interface Dims {
  L: number;
  B: number;
  S: number;
  K: number;
  N: number;
  /** Scratch: the ready state per (level, budget). */
  ready: Int32Array;
}

function dims(p: DpProblem): Dims {
  const L = p.levelCost.length;
  const B = p.maxDowngrades + 1;
  const K = Math.max(1, p.spacing);
  const S = K + 1;
  return { L, B, S, K, N: L * B * S, ready: new Int32Array(L * B) };
}

/** State index of (level l, downgrades b used in the window, intervals s since the last change capped at K). */
const at = (d: Dims, l: number, b: number, s: number) => (l * d.B + b) * d.S + s;

function initial(p: DpProblem, d: Dims): Float64Array {
  const v = new Float64Array(d.N).fill(Number.POSITIVE_INFINITY);
  for (let l = p.need[0] as number; l < d.L; l++) v[at(d, l, 0, d.K)] = p.levelCost[l] as number;
  return v;
}

/** Keep the level: spacing counter advances; the window's downgrade count resets when a window opens. */
function stay(p: DpProblem, d: Dims, prev: Float64Array, next: Float64Array, t: number, parent?: Int32Array): void {
  const reset = p.windowStart[t] === true;
  const { B, S, K } = d;
  const levelCost = p.levelCost;
  for (let l = p.need[t] as number; l < d.L; l++) {
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
}

/** Per (level, budget): the best state that may change now (its last change is at least K intervals back). */
function readyStates(d: Dims, prev: Float64Array, ready: Int32Array): void {
  for (let lb = 0; lb < d.L * d.B; lb++) {
    const a = lb * d.S + d.K - 1;
    ready[lb] = (prev[a + 1] as number) <= (prev[a] as number) ? a + 1 : a;
  }
}

/**
 * Change the level: an upgrade comes from the cheapest ready state at any lower level (running prefix
 * minimum), a downgrade from any higher level (running suffix minimum) and spends one unit of the budget.
 */
function change(
  p: DpProblem,
  d: Dims,
  prev: Float64Array,
  next: Float64Array,
  t: number,
  ready: Int32Array,
  parent?: Int32Array,
): void {
  const need = p.need[t] as number;
  const { L, B, S } = d;
  readyStates(d, prev, ready);
  const relax = (l: number, budget: number, from: number) => {
    const to = (l * B + budget) * S;
    const value = (prev[from] as number) + (p.levelCost[l] as number);
    if (value < (next[to] as number)) {
      next[to] = value;
      if (parent) parent[to] = from;
    }
  };
  for (let b = 0; b < B; b++) {
    const used = p.windowStart[t] === true ? 0 : b;
    let best = -1;
    for (let l = 0; l < L; l++) {
      if (best >= 0 && l >= need) relax(l, used, best);
      const here = ready[l * B + b] as number;
      if (best < 0 || (prev[here] as number) < (prev[best] as number)) best = here;
    }
    if (used + 1 >= B) continue;
    best = -1;
    for (let l = L - 1; l >= need; l--) {
      if (best >= 0) relax(l, used + 1, best);
      const here = ready[l * B + b] as number;
      if (best < 0 || (prev[here] as number) < (prev[best] as number)) best = here;
    }
  }
}

function advance(p: DpProblem, d: Dims, prev: Float64Array, next: Float64Array, t: number, parent?: Int32Array): void {
  next.fill(Number.POSITIVE_INFINITY);
  stay(p, d, prev, next, t, parent);
  change(p, d, prev, next, t, d.ready, parent);
}

function argMin(v: Float64Array): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if ((v[i] as number) < (v[best] as number)) best = i;
  return best;
}

/** Solve exactly. Always feasible: staying at the top level breaks no rule. */
export function solveDp(p: DpProblem): DpSolution {
  const T = p.need.length;
  const d = dims(p);
  if (T === 0) return { levels: new Int32Array(0), cost: 0 };
  const every = Math.max(1, Math.ceil(Math.sqrt(T)));
  const checkpoints: Float64Array[] = [];
  let cur: Float64Array = initial(p, d);
  let nxt: Float64Array = new Float64Array(d.N);
  checkpoints.push(cur.slice());
  for (let t = 1; t < T; t++) {
    advance(p, d, cur, nxt, t);
    [cur, nxt] = [nxt, cur];
    if (t % every === 0) checkpoints.push(cur.slice());
  }
  const end = argMin(cur);
  return { levels: backtrack(p, d, checkpoints, every, end), cost: cur[end] as number };
}

/** Recompute each checkpointed segment with parent pointers, newest first, and walk the path back. */
function backtrack(p: DpProblem, d: Dims, checkpoints: Float64Array[], every: number, end: number): Int32Array {
  const T = p.need.length;
  const levels = new Int32Array(T);
  const parents = new Int32Array(every * d.N);
  const levelOf = (state: number) => Math.floor(state / (d.B * d.S));
  let state = end;
  for (let k = checkpoints.length - 1; k >= 0; k--) {
    const t0 = k * every;
    const t1 = Math.min(T - 1, t0 + every);
    let cur: Float64Array = (checkpoints[k] as Float64Array).slice();
    let nxt: Float64Array = new Float64Array(d.N);
    for (let t = t0 + 1; t <= t1; t++) {
      advance(p, d, cur, nxt, t, parents.subarray((t - t0 - 1) * d.N, (t - t0) * d.N));
      [cur, nxt] = [nxt, cur];
    }
    for (let t = t1; t > t0; t--) {
      levels[t] = levelOf(state);
      state = parents[(t - t0 - 1) * d.N + state] as number;
    }
    levels[t0] = levelOf(state);
  }
  return levels;
}
