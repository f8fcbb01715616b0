/**
 * Is there a daily and/or weekly period in a series? Tested per candidate (Crane's DSP predictor also tests fixed
 * candidates, 1 d and 7 d, instead of searching every frequency), by LEAVE-ONE-CYCLE-OUT prediction:
 *
 * 1. keep the newest whole cycles; remove a least-squares line (a growing or shrinking level is not a period);
 * 2. within each cycle, subtract the cycle's own mean (day-to-day level changes are not a shape either);
 * 3. predict each held-out cycle, phase by phase, by the mean of the OTHER cycles at that phase;
 * 4. score = 1 − Σ(prediction error)² ÷ Σ(deviation from the cycle mean)².
 *
 * Why this and not the autocorrelation at the lag or the DFT power: it only rewards a shape that REPEATS across
 * cycles. With no period, the other cycles say nothing about the held-out one, whatever the noise is like — white,
 * slowly wandering (a smooth series has a high autocorrelation at every lag), or bursts at random hours — so the
 * prediction only adds error: the expected score is −1/m for m other cycles, and its standard deviation about
 * 2/√(n·m) for n scored samples. The threshold is max(MIN_SCORE, −1/m + 4 × 2/√(n·m)): 4 standard deviations
 * above the no-period score (a guard for short, coarse series), and at least MIN_SCORE = 0.3 — the repeating
 * shape must explain 30 % of the within-cycle variance of cycles it has not seen, or a forecast from it is not
 * worth acting on. A daily curve with noise scores 0.5–0.95; white noise and random spikes score below 0.
 * Pure, deterministic (no random permutations): the same series always gets the same answer.
 */
import { DAY_SEC, type PeriodCandidate, WEEK_SEC } from './types.js';

/** The least share of the within-cycle variance a repeating shape must explain out of sample. */
export const MIN_SCORE = 0.3;
/** A period is seen only across at least this many cycles. */
export const MIN_CYCLES = 2;
/** A cycle counts when at least this fraction of its slots was measured. */
export const MIN_COVERAGE = 0.5;

const present = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v);

/** The series minus its least-squares line (NaN stays NaN). */
function detrend(xs: readonly number[]): number[] {
  let n = 0;
  let si = 0;
  let sv = 0;
  xs.forEach((v, i) => {
    if (present(v)) [n, si, sv] = [n + 1, si + i, sv + v];
  });
  const mi = si / n;
  const mv = sv / n;
  let sxy = 0;
  let sxx = 0;
  xs.forEach((v, i) => {
    if (present(v)) [sxy, sxx] = [sxy + (i - mi) * (v - mv), sxx + (i - mi) ** 2];
  });
  const slope = sxx > 0 ? sxy / sxx : 0;
  return xs.map((v, i) => v - mv - slope * (i - mi));
}

/** Deviations from each cycle's own mean; NaN where unmeasured or in a cycle with too little data. */
function deviations(xs: readonly number[], slots: number): { dev: number[]; usable: number } {
  const dev = new Array<number>(xs.length).fill(Number.NaN);
  let usable = 0;
  for (let start = 0; start < xs.length; start += slots) {
    const cycle = xs.slice(start, start + slots).filter(present);
    if (cycle.length < MIN_COVERAGE * slots) continue;
    usable++;
    const mean = cycle.reduce((a, b) => a + b, 0) / cycle.length;
    for (let i = start; i < start + slots; i++) dev[i] = (xs[i] as number) - mean;
  }
  return { dev, usable };
}

/** Leave-one-cycle-out: Σ error², Σ deviation², and how many samples were scored. */
function holdOut(dev: readonly number[], slots: number): { err: number; total: number; n: number } {
  const sum = new Array<number>(slots).fill(0);
  const count = new Array<number>(slots).fill(0);
  dev.forEach((d, i) => {
    if (!present(d)) return;
    sum[i % slots] = (sum[i % slots] as number) + d;
    count[i % slots] = (count[i % slots] as number) + 1;
  });
  let err = 0;
  let total = 0;
  let n = 0;
  dev.forEach((d, i) => {
    const others = (count[i % slots] as number) - 1;
    if (!present(d) || others < 1) return;
    const predicted = ((sum[i % slots] as number) - d) / others;
    err += (d - predicted) ** 2;
    total += d * d;
    n++;
  });
  return { err, total, n };
}

function label(periodSec: number): string {
  return periodSec % DAY_SEC === 0 ? `${periodSec / DAY_SEC} d` : `${periodSec} s`;
}

function testPeriod(samples: readonly number[], slotSec: number, periodSec: number, minScore: number): PeriodCandidate {
  const slots = periodSec / slotSec;
  const no = (why: string, cycles = 0): PeriodCandidate => ({
    periodSec,
    significant: false,
    score: 0,
    threshold: minScore,
    cycles,
    why,
  });
  if (!Number.isInteger(slots) || slots < 2)
    return no(`a ${slotSec} s slot does not divide the ${label(periodSec)} period`);
  const whole = Math.floor(samples.length / slots);
  const { dev, usable } = deviations(detrend(samples.slice(samples.length - whole * slots)), slots);
  if (usable < MIN_CYCLES) {
    const seen = ((samples.length * slotSec) / periodSec).toFixed(1);
    return no(
      `needs ${MIN_CYCLES} measured cycles of ${label(periodSec)}, has ${usable} (${seen} cycles of history)`,
      usable,
    );
  }
  const { err, total, n } = holdOut(dev, slots);
  if (!(total > 0)) return no('no variation within the cycles', usable);
  const others = usable - 1;
  const threshold = Math.max(minScore, -1 / others + 8 / Math.sqrt(n * others));
  const score = 1 - err / total;
  const significant = score >= threshold;
  const candidate: PeriodCandidate = { periodSec, significant, score, threshold, cycles: usable };
  if (!significant) candidate.why = `score ${score.toFixed(2)} < ${threshold.toFixed(2)}: the shape does not repeat`;
  return candidate;
}

/**
 * Test each candidate period (default: daily and weekly) on a regular series, oldest first, one sample per
 * `slotSec`; NaN (or a missing entry) marks a gap. Cycles are cut from the newest sample backwards.
 */
export function detectPeriods(
  samples: readonly number[],
  slotSec: number,
  opts: { minScore?: number; periodsSec?: readonly number[] } = {},
): PeriodCandidate[] {
  const minScore = opts.minScore ?? MIN_SCORE;
  return (opts.periodsSec ?? [DAY_SEC, WEEK_SEC]).map((p) => testPeriod(samples, slotSec, p, minScore));
}

/** The candidate to forecast with: the significant one with the best score (the shorter period on a tie). */
export function bestPeriod(candidates: readonly PeriodCandidate[]): PeriodCandidate | undefined {
  return candidates
    .filter((c) => c.significant)
    .reduce<PeriodCandidate | undefined>(
      (best, c) =>
        best === undefined || c.score > best.score || (c.score === best.score && c.periodSec < best.periodSec)
          ? c
          : best,
      undefined,
    );
}
