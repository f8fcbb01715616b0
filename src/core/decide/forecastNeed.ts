/**
 * What the forecast profile says the link needs over a coming window: ceil(predicted peak ÷ target). It only ever
 * ADDS capacity: the bandwidth target is max(reactive, this) over `leadSec` (bandwidthStage.ts), a scale-down never
 * goes below it over max(leadSec, scaleDownStabilizationSec) (peakHold.ts), and a saturated link may jump to it
 * (saturation.ts). A profile built on censored (saturated) history underestimates, which is safe in that role.
 */
import type { BandwidthPolicy, ForecastPolicy } from '../config/types.js';
import { predictPeak } from '../forecast/predict.js';
import { clock, periodName } from '../forecast/words.js';
import { formatMbps, formatPercent } from '../message.js';
import type { DecisionInput } from './index.js';

/** The forecast settings when the policy leaves them out: on, 15 minutes ahead, 10 % margin. */
export const DEFAULT_FORECAST_POLICY: Readonly<ForecastPolicy> = { mode: 'on', leadSec: 900, margin: 0.1 };

/** Float noise guard for ceil of ratios such as 5.6 / 0.8 = 6.999999999999999. */
const EPSILON = 1e-9;

export interface ForecastNeed {
  /** True when the forecast decides (mode `on`); false when it is only audited (`forecast-only`). */
  active: boolean;
  predictedMbps: number;
  /**
   * ceil(predicted ÷ targetUtilization), before bounds; the current bandwidth when the predicted peak would sit
   * within the tolerance band of the target on it (as target tracking leaves such a link alone).
   */
  neededMbps: number;
  /** `forecast: peak 42 Mbps expected 10:15–10:30 UTC (daily profile) needs 53 Mbps at target 80%` */
  words: string;
}

export function forecastSettings(policy: BandwidthPolicy): Readonly<ForecastPolicy> {
  return policy.forecast ?? DEFAULT_FORECAST_POLICY;
}

/**
 * The need over [now, now + windowSec] on a link of `currentMbps`, or undefined when the mode is `off`, there is
 * no profile, or the profile is not valid now.
 */
export function forecastNeed(
  input: DecisionInput,
  policy: BandwidthPolicy,
  currentMbps: number,
  nowMs: number,
  windowSec: number,
): ForecastNeed | undefined {
  const { mode } = forecastSettings(policy);
  const profile = input.forecast;
  if (mode === 'off' || profile === undefined) return undefined;
  const peak = predictPeak(profile, nowMs, nowMs + windowSec * 1000);
  if (peak === undefined) return undefined;
  const target = policy.targetUtilization;
  const flat = peak.toMs - peak.fromMs >= profile.periodSec * 1000;
  const span = flat ? 'at any time' : `${clock(peak.fromMs)}–${clock(peak.toMs)} UTC`;
  const said = `forecast: peak ${formatMbps(peak.mbps)} expected ${span} (${periodName(profile.periodSec)} profile)`;
  const utilization = currentMbps > 0 ? peak.mbps / currentMbps : Number.POSITIVE_INFINITY;
  if (Math.abs(utilization - target) <= policy.tolerance * target + EPSILON) {
    const fits = `fits ${formatMbps(currentMbps)} (${formatPercent(utilization)}, within ±${formatPercent(policy.tolerance)} of target ${formatPercent(target)})`;
    return { active: mode === 'on', predictedMbps: peak.mbps, neededMbps: currentMbps, words: `${said} ${fits}` };
  }
  const neededMbps = Math.max(0, Math.ceil(peak.mbps / target - EPSILON));
  const words = `${said} needs ${neededMbps} Mbps at target ${formatPercent(target)}`;
  return { active: mode === 'on', predictedMbps: peak.mbps, neededMbps, words };
}
