/**
 * The optimum's DP under hourly-peak billing: every billing hour costs the price of the highest-priced level held
 * in it, so a lower level set mid-hour saves nothing until the next hour. State: (level l, highest-priced level m
 * held so far in the current hour, downgrades b used in the window, intervals s since the last change ≤ K). The
 * current hour is charged at m's price as soon as it is entered, and topped up when a pricier level is taken in
 * it: the whole hour then costs its peak × its weight. A change comes from the best ready state of any lower
 * (upgrade) or higher (downgrade) level, through running minima over levels — per m when the hour's peak stays,
 * and over m by price rank (m cheaper than the new level) when the new level becomes the peak — so a step is
 * O(L² × B × S). The inner loops are written out (no callbacks): 30 days of 5-minute steps × 100 levels take
 * a few seconds.
 */
import type { DpEngine, DpProblem, HourlyBilling } from './optimumDp.js';

const INF = Number.POSITIVE_INFINITY;

export function hourlyEngine(p: DpProblem, h: HourlyBilling): DpEngine {
  const L = h.price.length;
  const limited = p.maxDowngrades !== undefined;
  const B = limited ? (p.maxDowngrades as number) + 1 : 1;
  const K = Math.max(1, p.spacing);
  const S = K + 1;
  const N = L * L * B * S;
  const P = Float64Array.from({ length: L }, (_, l) => h.price[l] as number);
  /** Levels by price, cheapest first; `below[l]` = how many levels cost strictly less than l. */
  const ord = Int32Array.from({ length: L }, (_, l) => l).sort((a, b) => (P[a] as number) - (P[b] as number));
  const below = Int32Array.from({ length: L }, (_, l) => P.filter((x) => x < (P[l] as number)).length);
  /** Levels costing at most P[m], ascending: `cheaper[cheapStart[m] … cheapStart[m + 1])` (m is a peak over them). */
  const { list: cheaper, start: cheapStart } = levelLists(L, (l, m) => (P[l] as number) <= (P[m] as number));
  /** The peaks possible over level l (costing at least P[l]): `dearer[dearStart[l] … dearStart[l + 1])`. */
  const { list: dearer, start: dearStart } = levelLists(L, (m, l) => (P[l] as number) <= (P[m] as number));
  /** Per (l, m, b): the ready state (last change at least K intervals back) of least value. */
  const ready = new Int32Array(L * L * B).fill(-1);
  const bestOfLevel = new Int32Array(L);
  const runMin = new Float64Array(L + 1);
  const runArg = new Int32Array(L + 1);
  const at = (l: number, m: number, b: number) => ((l * L + m) * B + b) * S;
  const resets = (t: number) => limited && p.windowStart?.[t] === true;

  let prev: Float64Array = new Float64Array(0);
  let next: Float64Array = new Float64Array(0);
  let parent: Int32Array | undefined;

  const relax = (to: number, value: number, from: number) => {
    if (value < (next[to] as number)) {
      next[to] = value;
      if (parent) parent[to] = from;
    }
  };

  /** Keep the level: a new hour starts at it (its peak so far), the current one keeps its peak. */
  const stay = (t: number) => {
    const opens = h.opens[t] === true;
    const wc = h.weightCur[t] as number;
    const wn = h.weightNew[t] as number;
    const reset = resets(t);
    const pv = prev;
    const nx = next;
    for (let l = p.need[t] as number; l < L; l++) {
      const add = (P[l] as number) * (opens ? wc + wn : wn);
      for (let i = dearStart[l] as number; i < (dearStart[l + 1] as number); i++) {
        const m = dearer[i] as number; // only peaks at least as dear as l are states
        const m2 = opens || wn > 0 ? l : m;
        for (let b = 0; b < B; b++) {
          const from0 = at(l, m, b);
          const to0 = at(l, m2, reset ? 0 : b);
          for (let s = 0; s <= K; s++) {
            const value = (pv[from0 + s] as number) + add;
            const to = to0 + (s < K ? s + 1 : K);
            if (value < (nx[to] as number)) {
              nx[to] = value;
              if (parent) parent[to] = from0 + s;
            }
          }
        }
      }
    }
  };

  /** A new hour opens: the new level is its peak whatever the old hour's was; from the best m of each level. */
  const newHour = (need: number, b: number, up: number, down: number, weight: number) => {
    for (let l = 0; l < L; l++) {
      let best = -1;
      for (let i = dearStart[l] as number; i < (dearStart[l + 1] as number); i++) {
        const st = ready[(l * L + (dearer[i] as number)) * B + b] as number;
        if (best < 0 || (prev[st] as number) < (prev[best] as number)) best = st;
      }
      bestOfLevel[l] = best;
    }
    let run = -1;
    for (let l = 0; l < L; l++) {
      if (run >= 0 && l >= need) relax(at(l, l, up), (prev[run] as number) + (P[l] as number) * weight, run);
      const here = bestOfLevel[l] as number;
      if (run < 0 || (prev[here] as number) < (prev[run] as number)) run = here;
    }
    if (down < 0) return;
    run = -1;
    for (let l = L - 1; l >= need; l--) {
      if (run >= 0) relax(at(l, l, down), (prev[run] as number) + (P[l] as number) * weight, run);
      const here = bestOfLevel[l] as number;
      if (run < 0 || (prev[here] as number) < (prev[run] as number)) run = here;
    }
  };

  /** The hour goes on and its peak m stays (the new level costs no more): nothing more for this hour. */
  const peakStays = (need: number, m: number, b: number, up: number, down: number, wn: number) => {
    const pv = prev;
    const nx = next;
    const par = parent;
    const [first, end] = [cheapStart[m] as number, cheapStart[m + 1] as number];
    let runValue = INF;
    let run = -1;
    /** Level `cheaper[i]`: reached from the cheapest state seen so far in this sweep, then offered as one. */
    const visit = (i: number, bucket: number, reachable: boolean) => {
      const l = cheaper[i] as number;
      if (run >= 0 && reachable) {
        const to = ((l * L + (wn > 0 ? l : m)) * B + bucket) * S;
        const value = runValue + (P[l] as number) * wn;
        if (value < (nx[to] as number)) {
          nx[to] = value;
          if (par) par[to] = run;
        }
      }
      const here = ready[(l * L + m) * B + b] as number;
      if ((pv[here] as number) < runValue) {
        runValue = pv[here] as number;
        run = here;
      }
    };
    // Only levels costing at most P[m]: the others are neither states under this peak nor targets here.
    for (let i = first; i < end; i++) visit(i, up, (cheaper[i] as number) >= need);
    if (down < 0) return;
    runValue = INF;
    run = -1;
    for (let i = end - 1; i >= first && (cheaper[i] as number) >= need; i--) visit(i, down, true);
  };

  /**
   * The new level l costs more than the hour's peak m: the hour is topped up to l's price, so the value is
   * min over sources and m cheaper than l of (value − P[m] × wc) + P[l] × weight; levels are swept from `from` in
   * direction `step`, each merged into running minima by m's price rank once passed (from its own price on:
   * cheaper m are not states of it).
   */
  const peakRises = (need: number, b: number, from: number, step: number, budget: number, wc: number, wn: number) => {
    const pv = prev;
    runMin.fill(INF);
    runArg.fill(-1);
    for (let l = from; l >= 0 && l < L; l += step) {
      const r = below[l] as number;
      if (l >= need && (runMin[r] as number) < INF) {
        relax(at(l, l, budget), (runMin[r] as number) + (P[l] as number) * (wc + wn), runArg[r] as number);
      }
      let run = INF;
      let arg = -1;
      const row = l * L;
      for (let k = r; k < L; k++) {
        const m = ord[k] as number;
        const st = ready[(row + m) * B + b] as number;
        const value = (pv[st] as number) - (P[m] as number) * wc;
        if (value < run) {
          run = value;
          arg = st;
        }
        if (run < (runMin[k + 1] as number)) {
          runMin[k + 1] = run;
          runArg[k + 1] = arg;
        }
      }
    }
  };

  const change = (t: number) => {
    const need = p.need[t] as number;
    const wc = h.weightCur[t] as number;
    const wn = h.weightNew[t] as number;
    for (let m = 0; m < L; m++) {
      for (let i = cheapStart[m] as number; i < (cheapStart[m + 1] as number); i++) {
        for (let b = 0; b < B; b++) {
          const a = at(cheaper[i] as number, m, b) + K - 1;
          ready[((cheaper[i] as number) * L + m) * B + b] = (prev[a + 1] as number) <= (prev[a] as number) ? a + 1 : a;
        }
      }
    }
    for (let b = 0; b < B; b++) {
      const up = resets(t) ? 0 : b;
      const down = limited ? (up + 1 < B ? up + 1 : -1) : 0;
      if (h.opens[t] === true) {
        newHour(need, b, up, down, wc + wn);
        continue;
      }
      for (let m = 0; m < L; m++) peakStays(need, m, b, up, down, wn);
      peakRises(need, b, 0, 1, up, wc, wn);
      if (down >= 0) peakRises(need, b, L - 1, -1, down, wc, wn);
    }
  };

  return {
    N,
    initial() {
      const v = new Float64Array(N).fill(INF);
      const w = (h.weightCur[0] as number) + (h.weightNew[0] as number);
      for (let l = p.need[0] as number; l < L; l++) v[at(l, l, 0) + K] = (P[l] as number) * w;
      return v;
    },
    advance(from, to, t, parents) {
      [prev, next, parent] = [from, to, parents];
      next.fill(INF);
      stay(t);
      change(t);
    },
    levelOf: (state) => Math.floor(state / (L * B * S)),
  };
}

/** For every m, the levels l with `keep(l, m)`, ascending, as one flat list and its offsets per m. */
function levelLists(L: number, keep: (l: number, m: number) => boolean): { list: Int32Array; start: Int32Array } {
  const start = new Int32Array(L + 1);
  const list: number[] = [];
  for (let m = 0; m < L; m++) {
    for (let l = 0; l < L; l++) if (keep(l, m)) list.push(l);
    start[m + 1] = list.length;
  }
  return { list: Int32Array.from(list), start };
}
