/**
 * The optimiser's advice as the dashboard shows it: the strategy it chose by backtest, a summary of the stored
 * forecast profile, and the profile's predicted peak per slot over a chart's time range (only inside the
 * profile's validity). Pure: time is passed in.
 */
import { predictPeakMbps } from '../core/forecast/predict.js';
import type { ForecastProfile } from '../core/forecast/types.js';
import { periodName } from '../core/forecast/words.js';
import type { InstanceState, StrategyChoice } from '../core/types.js';

/** The stored profile without its peaks: what it is, how it was built, whether it predicts now. */
export interface ForecastSummary {
  /** `daily`, `weekly` (or `N s` for another period). */
  period: string;
  /** The chart legend's words: `forecast (daily profile)`. */
  label: string;
  periodSec: number;
  slotSec: number;
  builtAtMs: number;
  validUntilMs: number;
  /** `nowMs` is inside [builtAtMs, validUntilMs): decisions use it now. */
  valid: boolean;
  historyDays: number;
  score: number;
  /** The forecast's own sentence (period, score, history, margin). */
  message: string;
}

/** The predicted peak over a chart's range: steps, each point holding until the next; the last closes the band. */
export interface ForecastBand extends ForecastSummary {
  points: { atMs: number; mbps: number }[];
}

export interface AdviceView {
  strategy?: StrategyChoice;
  forecast?: ForecastSummary;
}

export function forecastSummary(profile: ForecastProfile, nowMs: number): ForecastSummary {
  const period = periodName(profile.periodSec);
  return {
    period,
    label: `forecast (${period} profile)`,
    periodSec: profile.periodSec,
    slotSec: profile.slotSec,
    builtAtMs: profile.builtAtMs,
    validUntilMs: profile.validUntilMs,
    valid: nowMs >= profile.builtAtMs && nowMs < profile.validUntilMs,
    historyDays: profile.historyDays,
    score: profile.score,
    message: profile.message,
  };
}

/** The strategy and the forecast summary of a row (each absent when the optimiser has not stored one). */
export function adviceView(state: InstanceState, nowMs: number): AdviceView {
  const view: AdviceView = {};
  if (state.strategy) view.strategy = structuredClone(state.strategy);
  if (state.forecast) view.forecast = forecastSummary(state.forecast, nowMs);
  return view;
}

/**
 * The predicted peak per slot over [fromMs, toMs], cut to the profile's validity [builtAtMs, validUntilMs): one
 * point per slot start (the first at the cut), plus a closing point at the end. Undefined when the range and the
 * validity do not overlap.
 */
export function forecastBand(
  profile: ForecastProfile,
  range: { fromMs: number; toMs: number; nowMs: number },
): ForecastBand | undefined {
  const startMs = Math.max(range.fromMs, profile.builtAtMs);
  const endMs = Math.min(range.toMs, profile.validUntilMs);
  if (!(startMs < endMs)) return undefined;
  const slotMs = profile.slotSec * 1000;
  const points: ForecastBand['points'] = [];
  let atMs = startMs;
  while (atMs < endMs) {
    const mbps = predictPeakMbps(profile, atMs, atMs);
    if (mbps === undefined) break;
    points.push({ atMs, mbps });
    atMs = profile.anchorMs + (Math.floor((atMs - profile.anchorMs) / slotMs) + 1) * slotMs;
  }
  const last = points.at(-1);
  if (!last) return undefined;
  points.push({ atMs: endMs, mbps: last.mbps });
  return { ...forecastSummary(profile, range.nowMs), points };
}
