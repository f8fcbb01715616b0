/**
 * The shapes of the seasonal forecast: what period detection reports, what `buildForecast` takes and returns.
 * A profile is plain JSON (stored per instance), a few thousand numbers at most: one peak per slot of one period.
 */

export const DAY_SEC = 86_400;
export const WEEK_SEC = 7 * DAY_SEC;

/** One sample of served outbound traffic, Mbps. */
export interface ForecastPoint {
  timestampMs: number;
  value: number;
  /**
   * Served ≈ capacity when measured (utilisation at or above the saturation threshold): the demand was at least
   * this, maybe more. Such points are kept (a max over censored values is still a lower bound of the peak, and
   * dropping them could only lower it); the message says how many there were.
   */
  saturated?: boolean;
}

/** What period detection says about one candidate period. */
export interface PeriodCandidate {
  periodSec: number;
  /** score ≥ threshold, with at least 2 usable cycles. */
  significant: boolean;
  /**
   * Out-of-sample shape score: 1 − Σ(x − cycle mean − profile of the OTHER cycles)² ÷ Σ(x − cycle mean)², over
   * every held-out cycle, on the linearly detrended series. ≈ 1 for a shape that repeats, ≤ 0 for one that does not.
   */
  score: number;
  /** The score this candidate needed: max(MIN_SCORE, null mean + 4 null standard deviations). */
  threshold: number;
  /** Cycles with at least half of their slots measured (a whole number; 2 are needed). */
  cycles: number;
  /** Why not significant, in words, when not. */
  why?: string;
}

export interface ForecastProfile {
  kind: 'profile';
  /** 86400 or 604800: the detected period used. */
  periodSec: number;
  /** Width of one slot, seconds (divides 86400). */
  slotSec: number;
  /** Epoch ms of phase 0 (a multiple of the period since 1970-01-01T00:00Z); slot i covers [i, i + 1) × slotSec. */
  anchorMs: number;
  /** Predicted PEAK demand per slot, Mbps (periodSec / slotSec entries), margin included. */
  peakMbps: number[];
  builtAtMs: number;
  /** builtAtMs + the horizon: a profile past this is stale and predicts nothing. */
  validUntilMs: number;
  /** Span of the history the profile was built from, days (one decimal). */
  historyDays: number;
  /** Significance score of the period (see PeriodCandidate.score). */
  score: number;
  /** Human sentence: `daily period (score 0.62 ≥ 0.3) from 9.0 days: …`. */
  message: string;
}

export type ForecastNoneReason = 'invalid-options' | 'no-data' | 'too-short' | 'no-period';

export interface ForecastNone {
  kind: 'none';
  reason: ForecastNoneReason;
  message: string;
}

export type Forecast = ForecastProfile | ForecastNone;

export interface BuildForecastOptions {
  /** The build time: points after it are ignored; the validity starts here. */
  nowMs: number;
  /** Slot width, seconds: a divisor of 86400. Default 300. */
  slotSec?: number;
  /** Multiplier margin on every predicted peak: × (1 + margin). Default 0.1. */
  margin?: number;
  /** How long the profile stays valid after nowMs, ms. Default 2 days. */
  horizonMs?: number;
  /** Quantile across cycles of the per-phase peaks (the most recent cycle always counts). Default 0.9. */
  quantile?: number;
  /** Minimum significance score (see PeriodCandidate.threshold). Default MIN_SCORE. */
  minScore?: number;
}
