/**
 * `buildForecast`: from days of served-traffic history to a per-slot PEAK profile of the detected period, the
 * predictive half of the bandwidth policy (it only ever ADDS capacity, see decide/forecastNeed.ts).
 *
 * Per slot of the period (e.g. 288 slots of 5 min for a day), the prediction is
 *   max(q-quantile over the past cycles, the newest cycle) × (1 + margin)
 * of the per-cycle peak at that phase, where a cycle's peak is the highest sample in the slot and its two
 * neighbours (±1 slot absorbs timing jitter: a rush that starts 5 minutes early on some days).
 * - Why a high quantile rather than the plain max (Crane's maxValue estimator): with two weeks or more of history
 *   the q90 drops the one odd day (an incident, a one-off campaign) that would otherwise be paid for at that hour
 *   every day until it leaves the history; with up to 10 cycles q90 IS the max.
 * - Why the newest cycle always counts: it is the best evidence of the current level, so a growing service is
 *   not held back by older, smaller cycles.
 * - Saturated (censored) samples are kept: they are lower bounds of the demand, and a max over fewer cycles could
 *   only be lower. The profile is then a lower bound there, which is safe for a policy that only adds capacity.
 */
import { formatMbps, formatPercent } from '../message.js';
import { bestPeriod, detectPeriods } from './periods.js';
import {
  type BuildForecastOptions,
  DAY_SEC,
  type Forecast,
  type ForecastNone,
  type ForecastPoint,
  type PeriodCandidate,
} from './types.js';
import { clock, periodName, score2 } from './words.js';

export const DEFAULT_SLOT_SEC = 300;
export const DEFAULT_MARGIN = 0.1;
export const DEFAULT_HORIZON_MS = 2 * DAY_SEC * 1000;
export const DEFAULT_QUANTILE = 0.9;
/** Older history is ignored: five weeks are enough for a weekly period, and they bound the work. */
export const MAX_HISTORY_MS = 35 * DAY_SEC * 1000;

/** The history on a regular slot grid (epoch-aligned): mean and max per slot, NaN where unmeasured. */
interface Grid {
  firstSlot: number;
  mean: number[];
  peak: number[];
  saturated: number;
  used: number;
}

function toGrid(points: readonly ForecastPoint[], nowMs: number, slotMs: number): Grid | undefined {
  const used = points.filter(
    (p) => p.timestampMs <= nowMs && p.timestampMs > nowMs - MAX_HISTORY_MS && Number.isFinite(p.value),
  );
  if (used.length === 0) return undefined;
  const slotOf = (p: ForecastPoint) => Math.floor(p.timestampMs / slotMs);
  const slots = used.map(slotOf);
  const firstSlot = slots.reduce((a, b) => Math.min(a, b));
  const length = slots.reduce((a, b) => Math.max(a, b)) - firstSlot + 1;
  const sum = new Array<number>(length).fill(0);
  const count = new Array<number>(length).fill(0);
  const peak = new Array<number>(length).fill(Number.NaN);
  used.forEach((p, k) => {
    const i = (slots[k] as number) - firstSlot;
    const v = Math.max(0, p.value);
    sum[i] = (sum[i] as number) + v;
    count[i] = (count[i] as number) + 1;
    peak[i] = Number.isNaN(peak[i] as number) ? v : Math.max(peak[i] as number, v);
  });
  const mean = sum.map((s, i) => (count[i] === 0 ? Number.NaN : s / (count[i] as number)));
  const saturated = used.filter((p) => p.saturated === true).length;
  return { firstSlot, mean, peak, saturated, used: used.length };
}

/** Nearest-rank quantile of a non-empty list. */
function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] as number;
}

/** Per-phase peak of one period from the grid (0 where no cycle measured that phase). */
function peaks(grid: Grid, slots: number, anchorSlot: number, q: number, margin: number): number[] {
  const byPhase: number[][] = Array.from({ length: slots }, () => []);
  grid.peak.forEach((_, i) => {
    const around = [grid.peak[i - 1], grid.peak[i], grid.peak[i + 1]].filter(
      (v): v is number => v !== undefined && !Number.isNaN(v),
    );
    if (around.length === 0) return;
    const phase = (((grid.firstSlot + i - anchorSlot) % slots) + slots) % slots;
    (byPhase[phase] as number[]).push(Math.max(...around));
  });
  return byPhase.map((values) => {
    if (values.length === 0) return 0;
    const wanted = Math.max(quantile(values, q), values[values.length - 1] as number) * (1 + margin);
    return Math.ceil(wanted * 100 - 1e-9) / 100; // 0.01 Mbps, rounded up: compact JSON, never an underestimate
  });
}

function none(reason: ForecastNone['reason'], message: string): ForecastNone {
  return { kind: 'none', reason, message };
}

function candidateWords(c: PeriodCandidate): string {
  return `${periodName(c.periodSec)}: ${c.why ?? `score ${score2(c.score)} ≥ ${score2(c.threshold)}`}`;
}

/**
 * Build the forecast profile for one instance from its outbound history (Mbps, oldest first, regular period,
 * gaps allowed), or say why there is none.
 */
export function buildForecast(points: readonly ForecastPoint[], opts: BuildForecastOptions): Forecast {
  const slotSec = opts.slotSec ?? DEFAULT_SLOT_SEC;
  const margin = opts.margin ?? DEFAULT_MARGIN;
  const q = opts.quantile ?? DEFAULT_QUANTILE;
  if (!Number.isInteger(slotSec) || slotSec <= 0 || DAY_SEC % slotSec !== 0 || !(margin >= 0) || !(q > 0 && q <= 1)) {
    return none('invalid-options', `no forecast: slotSec must divide 86400, margin ≥ 0, 0 < quantile ≤ 1`);
  }
  const slotMs = slotSec * 1000;
  const grid = toGrid(points, opts.nowMs, slotMs);
  if (grid === undefined) return none('no-data', 'no forecast: no history');
  const historyDays = Math.round((grid.mean.length * slotSec * 10) / DAY_SEC) / 10;
  const candidates = detectPeriods(grid.mean, slotSec, opts.minScore === undefined ? {} : { minScore: opts.minScore });
  const best = bestPeriod(candidates);
  const tested = candidates.map(candidateWords).join('; ');
  if (best === undefined) {
    const short = candidates.every((c) => c.cycles < 2);
    const what = short ? 'too little history for a period' : 'no significant period';
    return none(short ? 'too-short' : 'no-period', `no forecast from ${historyDays} days: ${what} (${tested})`);
  }
  const periodMs = best.periodSec * 1000;
  const anchorMs = Math.floor((grid.firstSlot * slotMs) / periodMs) * periodMs;
  const peakMbps = peaks(grid, best.periodSec / slotSec, anchorMs / slotMs, q, margin);
  const top = peakMbps.indexOf(peakMbps.reduce((a, b) => Math.max(a, b)));
  const censored =
    grid.saturated === 0
      ? ''
      : `; ${formatPercent(grid.saturated / grid.used)} of the samples were saturated: there the demand, and the profile, are lower bounds`;
  const message =
    `${periodName(best.periodSec)} period (score ${score2(best.score)} ≥ ${score2(best.threshold)}) from ${historyDays.toFixed(1)} days: ` +
    `peak ${formatMbps(peakMbps[top] as number)} at ${clock(anchorMs + top * slotMs, best.periodSec)} UTC; ` +
    `per slot of ${slotSec} s the q${Math.round(q * 100)} of the past cycles' peaks (±1 slot, newest cycle always counted) ` +
    `+${formatPercent(margin)} margin (${tested})${censored}`;
  return {
    kind: 'profile',
    periodSec: best.periodSec,
    slotSec,
    anchorMs,
    peakMbps,
    builtAtMs: opts.nowMs,
    validUntilMs: opts.nowMs + (opts.horizonMs ?? DEFAULT_HORIZON_MS),
    historyDays,
    score: Math.round(best.score * 1000) / 1000,
    message,
  };
}
