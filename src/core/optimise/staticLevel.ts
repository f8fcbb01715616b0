/**
 * The static candidate's levels (pure): the smallest whole level that leaves a share of the demand unserved, and the
 * level each day of a backtest window is held at when it is set every night from the days before.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * The smallest whole level in [lo, hi] that leaves at most `share` of the demand unserved (hi when none below it
 * does). Levels are whole Mbps (the config's bounds are integers), so one pass fills a histogram of whole-Mbps
 * buckets (the values at or above hi in the last), and the unserved demand above a level L is Σ over the buckets
 * from L of (their sum − L × their count): linear, where sorting each window would be the sweep's largest cost.
 */
export function levelFor(demand: Float64Array, share: number, lo: number, hi: number): number {
  const top = Math.max(0, Math.floor(hi));
  const count = new Float64Array(top + 2);
  const sum = new Float64Array(top + 2);
  let total = 0;
  for (const d of demand) {
    total += d;
    const b = Math.min(top, Math.floor(d));
    count[b] = (count[b] as number) + 1;
    sum[b] = (sum[b] as number) + d;
  }
  // Suffix sums: count[b] and sum[b] become the totals of the buckets from b up.
  for (let b = top - 1; b >= 0; b--) {
    count[b] = (count[b] as number) + (count[b + 1] as number);
    sum[b] = (sum[b] as number) + (sum[b + 1] as number);
  }
  for (let level = Math.max(0, Math.ceil(lo)); level < hi; level++) {
    if ((sum[level] as number) - level * (count[level] as number) <= share * total) return level;
  }
  return hi;
}

/** A run held at one capacity. */
export function constantRun(mbps: number, minutes: number) {
  return new Float64Array(minutes).fill(mbps);
}

/**
 * The static candidate as the product runs it: every night the sweep sets the level from the last `days` of
 * history, so each day of the window is held at the level chosen from the days BEFORE it (never from itself: a
 * level picked with hindsight would flatter static on a load that moves), however little of them there is. Only the
 * oldest day of the history, with nothing before it (the product's cold start), takes its level from itself. Days
 * are counted back from the end of the window.
 */
export function staticLevels(
  window: { demand: Float64Array; prior: Float64Array; days: number },
  levelOf: (d: Float64Array) => number,
): Float64Array {
  const all = new Float64Array(window.prior.length + window.demand.length);
  all.set(window.prior);
  all.set(window.demand, window.prior.length);
  const first = window.prior.length;
  const capacity = new Float64Array(window.demand.length);
  const dayMin = DAY_MS / MINUTE_MS;
  for (let end = all.length; end > first; end -= dayMin) {
    const from = Math.max(first, end - dayMin);
    const back = Math.max(0, from - window.days * dayMin);
    const basis = from > back ? all.subarray(back, from) : all.subarray(from, end);
    capacity.fill(levelOf(basis), from - first, end - first);
  }
  return capacity;
}

/**
 * How much each minute of a backtest window counts: halving every `RECENCY_HALF_LIFE_DAYS` back from the newest.
 * A load that changes its level (a campaign ends, a service moves) shows in the verdict within days, not only once
 * the whole window has turned over; a week still backs each verdict (the oldest day counts a twelfth as much as the
 * newest).
 */
export const RECENCY_HALF_LIFE_DAYS = 2;

export function recencyWeights(minutes: number, halfLifeDays = RECENCY_HALF_LIFE_DAYS): Float64Array {
  const w = new Float64Array(minutes);
  const perMinute = 2 ** (-1 / (halfLifeDays * (DAY_MS / MINUTE_MS)));
  let v = 1;
  for (let i = minutes - 1; i >= 0; i--) {
    w[i] = v;
    v *= perMinute;
  }
  return w;
}
