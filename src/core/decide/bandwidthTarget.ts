/**
 * Stage 1–2 for bandwidth: the target before step limits and bounds, from a matching step rule or from
 * target tracking with stabilisation: up on the LOWEST recommendation of the short window, so a brief spike
 * never moves the link; down only to what the PEAK of the long window needs (peak hold, see peakHold.ts), and
 * only when that cut is worth one of the scarce downgrades.
 */
import { type Recommendation, recommendMbps } from '../bandwidth.js';
import type { BandwidthPolicy } from '../config/types.js';
import { lastChangeMs } from '../cooldown.js';
import { describeObservation } from '../message.js';
import { applyAdjustment, describeRule, matchStepRule } from '../stepRules.js';
import type { InstanceState, MetricPoint, ScaleReason, SkipReason } from '../types.js';
import type { DecisionInput } from './index.js';
import { holdDown } from './peakHold.js';
import { saturatedStep } from './saturation.js';
import { freshPoints, windowOf } from './window.js';

export interface BandwidthTarget {
  /** Wanted bandwidth before step limits and bounds; undefined when the metrics ask for no change. */
  targetMbps?: number;
  reason: Extract<ScaleReason, 'target-tracking' | 'saturated' | 'step-rule' | 'forecast'>;
  /** Why, in words (observation, rule). */
  because: string;
  /** Why no change, when `targetMbps` is undefined. */
  hold?: { reason: SkipReason; message: string };
  /** The highest recommendation over the down window: what the link still needs (temporary extension). */
  sustainedMbps?: number;
}

/** Metrics before this were measured on a different link: the last change, or a temporary upgrade's revert. */
export function bandwidthSinceMs(state: InstanceState, nowMs: number): number | undefined {
  const changedMs = lastChangeMs(state.lastChange, 'bandwidth');
  const revertMs = state.temporaryUpgrade?.endMs;
  if (revertMs === undefined || revertMs > nowMs) return changedMs;
  return changedMs === undefined ? revertMs : Math.max(changedMs, revertMs);
}

type Rec = Recommendation & { point: MetricPoint };

function pick(recs: readonly Rec[], better: (a: Rec, b: Rec) => boolean): Rec {
  return recs.reduce((best, r) => (better(r, best) ? r : best));
}

/** Target tracking over the fresh points. */
function track(input: DecisionInput, policy: BandwidthPolicy, currentMbps: number, nowMs: number): BandwidthTarget {
  const base = { reason: 'target-tracking' as const };
  const sinceMs = bandwidthSinceMs(input.state, nowMs);
  const fresh = freshPoints(input.metrics.bandwidthOutBps, sinceMs, nowMs, input.periodSec);
  if (!fresh.ok) return { ...base, because: fresh.why, hold: { reason: 'insufficient-data', message: fresh.why } };
  const rec = (point: MetricPoint): Rec => ({ ...recommendMbps(point.average, currentMbps, policy), point });
  const describe = (r: Rec) => describeObservation(r, currentMbps, policy.targetUtilization);
  const down = windowOf(fresh.points, policy.scaleDownStabilizationSec, input.periodSec);
  // The highest recommendation over the down window (a loop: this runs on every evaluation and every backtest).
  let sustainedMbps = Number.NEGATIVE_INFINITY;
  for (const p of down.points)
    sustainedMbps = Math.max(sustainedMbps, recommendMbps(p.average, currentMbps, policy).mbps);
  const latest = rec(fresh.points[fresh.points.length - 1] as MetricPoint);
  const stabilizing = (windowSec: number, how: string): BandwidthTarget => {
    const message = `${describe(latest)}, ${how} over ${windowSec} s`;
    return { ...base, because: message, sustainedMbps, hold: { reason: 'stabilizing', message } };
  };
  if (latest.mbps > currentMbps) {
    const up = windowOf(fresh.points, policy.scaleUpStabilizationSec, input.periodSec);
    if (!up.covered) return stabilizing(policy.scaleUpStabilizationSec, 'waiting for enough data');
    const lowest = pick(up.points.map(rec), (a, b) => a.mbps < b.mbps);
    if (lowest.mbps <= currentMbps) return stabilizing(policy.scaleUpStabilizationSec, 'not sustained');
    if (!lowest.saturated) return { ...base, targetMbps: lowest.mbps, because: describe(lowest), sustainedMbps };
    const step = saturatedStep(input, policy, lowest.mbps, sinceMs, nowMs);
    const because = step.because === undefined ? describe(lowest) : `${describe(lowest)}; ${step.because}`;
    return { reason: 'saturated', targetMbps: step.mbps, because, sustainedMbps };
  }
  if (latest.mbps < currentMbps) {
    const held = holdDown(input, policy, currentMbps, nowMs);
    if (held.hold === undefined) {
      const reason = held.byForecast ? 'forecast' : 'target-tracking';
      return { reason, targetMbps: held.targetMbps, because: held.because, sustainedMbps };
    }
    return { ...base, because: held.because, sustainedMbps, hold: { reason: held.hold, message: held.because } };
  }
  const message = `${describe(latest)}: within tolerance ±${Math.round(policy.tolerance * 100)}% of target`;
  return { ...base, because: message, sustainedMbps, hold: { reason: 'within-tolerance', message } };
}

/** The wanted bandwidth: a matching step rule wins over target tracking (which still reports what is sustained). */
export function bandwidthTarget(
  input: DecisionInput,
  policy: BandwidthPolicy,
  currentMbps: number,
  nowMs: number,
): BandwidthTarget {
  const tracked = track(input, policy, currentMbps, nowMs);
  const rule = matchStepRule(policy.stepRules, input.signal);
  if (rule === undefined) return tracked;
  const { metric, value } = input.signal;
  return {
    reason: 'step-rule',
    targetMbps: applyAdjustment(rule, currentMbps),
    because: `alarm ${metric ?? 'metric'} = ${value} matched ${describeRule(rule)}`,
    ...(tracked.sustainedMbps === undefined ? {} : { sustainedMbps: tracked.sustainedMbps }),
  };
}
