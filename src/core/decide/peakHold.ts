/**
 * Scale-down by peak hold: a bandwidth decrease goes only as low as the PEAK of the scale-down window needs at
 * the target utilisation, and only when that cut is large enough to be worth one downgrade.
 *
 * Why the peak, and why across changes: a downgrade is scarce (a budget of a few per day) while an upgrade is
 * free, so a level that is undone by the next busy minute wastes the budget; on the shared traces most cuts to
 * the level of the last quiet minutes were followed by an upgrade within the hour (docs/tuning.md). The window
 * keeps the points measured before the last change too: served traffic never exceeds demand on any link, so an
 * older point can only raise the peak, never lower it, and a long window stays usable while the link moves up.
 * The point's `maximum` is used: the peak is what the link must carry.
 *
 * Looking forward as well as back: with a forecast profile (mode `on`), the cut never goes below what the predicted
 * peak of the next max(leadSec, scaleDownStabilizationSec) needs — a link cut now and raised again for the
 * evening peak wastes a downgrade just like one undone by the next busy minute.
 */
import type { BandwidthPolicy } from '../config/types.js';
import { formatMbps, formatPercent } from '../message.js';
import type { MetricPoint, SkipReason } from '../types.js';
import { forecastNeed, forecastSettings } from './forecastNeed.js';
import type { DecisionInput } from './index.js';
import { isSorted, windowOf } from './window.js';

/** `minScaleDownFraction` when the policy leaves it out: a decrease must cut at least 30 % of the bandwidth. */
export const DEFAULT_MIN_SCALE_DOWN_FRACTION = 0.3;

/** Float noise guard for ceil of ratios such as 5.6 / 0.8 = 6.999999999999999. */
const EPSILON = 1e-9;

/** The scale-down verdict: a target, or why not (with the words either way). */
export interface HeldDown {
  targetMbps?: number;
  hold?: Extract<SkipReason, 'stabilizing' | 'cut-too-small'>;
  because: string;
  /** The forecast, not the past peak, set the target. */
  byForecast?: boolean;
}

/** Every point at or before `nowMs`, oldest first, whatever link measured it. */
function history(points: readonly MetricPoint[], nowMs: number): readonly MetricPoint[] {
  // Usually all of them, in order (CMS answers oldest first): then the list itself, no copy.
  if (isSorted(points) && (points.length === 0 || (points[points.length - 1] as MetricPoint).timestampMs <= nowMs)) {
    return points;
  }
  return points.filter((p) => p.timestampMs <= nowMs).sort((a, b) => a.timestampMs - b.timestampMs);
}

/**
 * Whether and how far to scale down now. The caller has checked that fresh metrics exist and that the latest
 * one asks for less than `currentMbps` (> 0).
 */
export function holdDown(input: DecisionInput, policy: BandwidthPolicy, currentMbps: number, nowMs: number): HeldDown {
  const windowSec = policy.scaleDownStabilizationSec;
  const view = windowOf(history(input.metrics.bandwidthOutBps, nowMs), windowSec, input.periodSec);
  let peakBps = Number.NEGATIVE_INFINITY;
  for (const p of view.points) peakBps = Math.max(peakBps, p.maximum, p.average);
  const peakMbps = peakBps / 1e6;
  const target = policy.targetUtilization;
  const utilization = peakMbps / currentMbps;
  const words = `peak outbound ${formatMbps(peakMbps)} over ${windowSec} s is ${formatPercent(utilization)} of ${formatMbps(currentMbps)} (target ${formatPercent(target)})`;
  if (!view.covered) return { hold: 'stabilizing', because: `${words}, waiting for enough data` };
  const ahead = forecastNeed(input, policy, currentMbps, nowMs, Math.max(forecastSettings(policy).leadSec, windowSec));
  const floor = ahead?.active ? ahead : undefined;
  if (floor !== undefined && floor.neededMbps >= currentMbps) {
    return { hold: 'stabilizing', because: `${words}; ${floor.words}: no scale-down` };
  }
  const peakWanted = Math.max(0, Math.ceil(peakMbps / target - EPSILON));
  const lifted = floor !== undefined && floor.neededMbps > peakWanted;
  const wantedMbps = lifted ? floor.neededMbps : peakWanted;
  const said = lifted ? `${words}; ${floor.words}` : words;
  if (wantedMbps >= currentMbps || utilization >= target * (1 - policy.tolerance)) {
    return { hold: 'stabilizing', because: `${words}, not low enough to scale down` };
  }
  const minCut = policy.minScaleDownFraction ?? DEFAULT_MIN_SCALE_DOWN_FRACTION;
  const cut = (currentMbps - wantedMbps) / currentMbps;
  if (cut < minCut) {
    const why = `a cut to ${formatMbps(wantedMbps)} saves ${formatPercent(cut)}, less than minScaleDownFraction ${formatPercent(minCut)}: not worth a downgrade`;
    return { hold: 'cut-too-small', because: `${said}; ${why}` };
  }
  return lifted
    ? { targetMbps: wantedMbps, because: said, byForecast: true }
    : { targetMbps: wantedMbps, because: said };
}
