/**
 * Seasonal forecast of outbound bandwidth: period detection (daily / weekly), a per-slot peak profile, and the
 * predicted peak over a window. Pure: everything takes `nowMs`.
 */
export { bestPeriod, detectPeriods, MIN_COVERAGE, MIN_CYCLES, MIN_SCORE } from './periods.js';
export { type PredictedPeak, predictPeak, predictPeakMbps } from './predict.js';
export {
  buildForecast,
  DEFAULT_HORIZON_MS,
  DEFAULT_MARGIN,
  DEFAULT_QUANTILE,
  DEFAULT_SLOT_SEC,
  MAX_HISTORY_MS,
} from './profile.js';
export {
  type BuildForecastOptions,
  DAY_SEC,
  type Forecast,
  type ForecastNone,
  type ForecastNoneReason,
  type ForecastPoint,
  type ForecastProfile,
  type PeriodCandidate,
  WEEK_SEC,
} from './types.js';
