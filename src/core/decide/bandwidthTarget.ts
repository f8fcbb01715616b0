/**
 * Stage 1–2 for bandwidth: the target before step limits and bounds, from a matching step rule or from
 * target tracking with stabilisation: up on the LOWEST recommendation of the short window, so a brief spike
 * never moves the link; down only to what the PEAK of the long window needs (peak hold, see peakHold.ts), and
 * only when that cut is worth one of the scarce downgrades.
 */
import { type Recommendation, recommendMbps } from '../bandwidth.js';
import type { BandwidthPolicy } from '../config/types.js';
import { lastChangeMs } from '../cooldown.js';
import { describeObservation, formatNumber } from '../message.js';
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

function recFor(point: MetricPoint, currentMbps: number, policy: BandwidthPolicy): Rec {
  const r = recommendMbps(point.average, currentMbps, policy) as Rec;
  r.point = point;
  return r;
}

/** The point whose recommendation is lowest (the first of equals), as a Rec. */
function lowestOf(points: readonly MetricPoint[], currentMbps: number, policy: BandwidthPolicy): Rec {
  let best = recFor(points[0] as MetricPoint, currentMbps, policy);
  for (let i = 1; i < points.length; i++) {
    const r = recommendMbps((points[i] as MetricPoint).average, currentMbps, policy);
    if (r.mbps < best.mbps) best = recFor(points[i] as MetricPoint, currentMbps, policy);
  }
  return best;
}

function stabilizing(words: string, windowSec: number, how: string, sustainedMbps: number): BandwidthTarget {
  const message = `${words}, ${how} over ${windowSec} s`;
  return { reason: 'target-tracking', because: message, sustainedMbps, hold: { reason: 'stabilizing', message } };
}

/**
 * Target tracking over the fresh points. Written without closures: it runs on every evaluation of every backtest
 * (millions of calls per strategy sweep), and each closure would be a fresh allocation.
 */
function track(input: DecisionInput, policy: BandwidthPolicy, currentMbps: number, nowMs: number): BandwidthTarget {
  const sinceMs = bandwidthSinceMs(input.state, nowMs);
  const fresh = freshPoints(input.metrics.bandwidthOutBps, sinceMs, nowMs, input.periodSec);
  if (!fresh.ok) {
    return { reason: 'target-tracking', because: fresh.why, hold: { reason: 'insufficient-data', message: fresh.why } };
  }
  const target = policy.targetUtilization;
  const down = windowOf(fresh.points, policy.scaleDownStabilizationSec, input.periodSec);
  // The highest recommendation over the down window.
  let sustainedMbps = Number.NEGATIVE_INFINITY;
  for (const p of down.points)
    sustainedMbps = Math.max(sustainedMbps, recommendMbps(p.average, currentMbps, policy).mbps);
  const latest = recFor(fresh.points[fresh.points.length - 1] as MetricPoint, currentMbps, policy);
  if (latest.mbps > currentMbps) {
    const windowSec = policy.scaleUpStabilizationSec;
    const up = windowOf(fresh.points, windowSec, input.periodSec);
    if (!up.covered) {
      const words = describeObservation(latest, currentMbps, target);
      return stabilizing(words, windowSec, 'waiting for enough data', sustainedMbps);
    }
    const lowest = lowestOf(up.points, currentMbps, policy);
    if (lowest.mbps <= currentMbps) {
      return stabilizing(describeObservation(latest, currentMbps, target), windowSec, 'not sustained', sustainedMbps);
    }
    const seen = describeObservation(lowest, currentMbps, target);
    if (!lowest.saturated) return { reason: 'target-tracking', targetMbps: lowest.mbps, because: seen, sustainedMbps };
    const step = saturatedStep(input, policy, lowest.mbps, sinceMs, nowMs);
    const because = step.because === undefined ? seen : `${seen}; ${step.because}`;
    return { reason: 'saturated', targetMbps: step.mbps, because, sustainedMbps };
  }
  if (latest.mbps < currentMbps) {
    const held = holdDown(input, policy, currentMbps, nowMs);
    if (held.hold === undefined) {
      const reason = held.byForecast ? 'forecast' : 'target-tracking';
      return { reason, targetMbps: held.targetMbps, because: held.because, sustainedMbps };
    }
    const hold = { reason: held.hold, message: held.because };
    return { reason: 'target-tracking', because: held.because, sustainedMbps, hold };
  }
  const message = `${describeObservation(latest, currentMbps, target)}: within tolerance ±${Math.round(policy.tolerance * 100)}% of target`;
  return { reason: 'target-tracking', because: message, sustainedMbps, hold: { reason: 'within-tolerance', message } };
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
    because: `alarm ${metric ?? 'metric'} = ${value === undefined ? value : formatNumber(value, 2)} matched ${describeRule(rule)}`,
    ...(tracked.sustainedMbps === undefined ? {} : { sustainedMbps: tracked.sustainedMbps }),
  };
}
