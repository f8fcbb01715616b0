/**
 * Bandwidth arithmetic for target tracking: per-point recommendations (with the tolerance band and censored
 * demand), bounds (policy, schedule, platform), step limits and clamping. Pure functions; `decide` composes them
 * as target → stabilise → step limit → clamp (bounds win over step limits, so a target is never out of bounds).
 */
import type { BandwidthPolicy, SchedulePolicy } from './config/types.js';
import { type LinkFacts, linkBandwidthRange } from './link.js';
import type { MbpsRange } from './platform.js';
import type { InstanceSnapshot } from './types.js';

/** Float noise guard for ceil/floor of ratios such as 7 / 0.7 = 10.000000000000002. */
const EPSILON = 1e-9;

/** What one metric point says the bandwidth should be. */
export interface Recommendation {
  /** Recommended bandwidth, whole Mbps (equal to the current bandwidth inside the tolerance band). */
  mbps: number;
  observedMbps: number;
  /** Observed ÷ provisioned; Infinity when traffic flows on a 0 Mbps link. */
  utilization: number;
  /** Utilisation at or above the saturation threshold: the observation understates demand. */
  saturated: boolean;
  /** Inside the tolerance band around the target (never when saturated). */
  withinTolerance: boolean;
}

type TrackingPolicy = Pick<
  BandwidthPolicy,
  'targetUtilization' | 'tolerance' | 'saturationThreshold' | 'saturationMultiplier'
>;

/**
 * Target tracking for one observation: desired = ceil(observedMbps / targetUtilization). While saturated the
 * link hides the real demand, so the recommendation is at least current × saturationMultiplier.
 */
export function recommendMbps(observedBps: number, currentMbps: number, policy: TrackingPolicy): Recommendation {
  const observedMbps = Math.max(0, observedBps) / 1e6;
  const utilization = currentMbps > 0 ? observedMbps / currentMbps : observedMbps > 0 ? Number.POSITIVE_INFINITY : 0;
  const saturated = utilization >= policy.saturationThreshold;
  const target = policy.targetUtilization;
  const withinTolerance = !saturated && Math.abs(utilization - target) <= policy.tolerance * target + EPSILON;
  if (withinTolerance) return { mbps: currentMbps, observedMbps, utilization, saturated, withinTolerance };
  let mbps = Math.max(0, Math.ceil(observedMbps / target - EPSILON));
  if (saturated) mbps = Math.max(mbps, Math.ceil(currentMbps * policy.saturationMultiplier - EPSILON));
  return { mbps, observedMbps, utilization, saturated, withinTolerance };
}

/** Effective bounds for one evaluation, and where they came from (for the reason and the message). */
export interface BandwidthBounds extends MbpsRange {
  /** Bounds from the policy and the platform only (no schedule). */
  policy: MbpsRange;
  /** The schedule's floor, when one is open and sets `bandwidthMbps`. */
  floorMbps?: number;
}

/** Intersect [lo, hi] with the platform range; an empty intersection collapses onto its upper end. */
function intersect(lo: number, hi: number, platform: MbpsRange): MbpsRange {
  const maxMbps = Math.max(platform.minMbps, Math.min(hi, platform.maxMbps));
  return { minMbps: Math.min(Math.max(lo, platform.minMbps), maxMbps), maxMbps };
}

/**
 * Bounds for the instance now: the policy's [min, max] (a schedule's min/maxMbps replace them), cut to the
 * platform range of the link (the instance's charge types, or the EIP's / package's API range: link.ts); a
 * schedule's `bandwidthMbps` raises the lower bound to itself.
 */
export function bandwidthBounds(
  policy: Pick<BandwidthPolicy, 'minMbps' | 'maxMbps'>,
  instance: LinkFacts & Pick<InstanceSnapshot, 'internetChargeType'>,
  scheduleSet?: SchedulePolicy['set'],
): BandwidthBounds {
  const platform = linkBandwidthRange(instance, instance.internetChargeType);
  const policyRange = intersect(policy.minMbps, policy.maxMbps, platform);
  const range = intersect(scheduleSet?.minMbps ?? policy.minMbps, scheduleSet?.maxMbps ?? policy.maxMbps, platform);
  const floor = scheduleSet?.bandwidthMbps;
  if (floor === undefined) return { ...range, policy: policyRange };
  const floorMbps = clampMbps(floor, range);
  return { minMbps: Math.max(range.minMbps, floorMbps), maxMbps: range.maxMbps, policy: policyRange, floorMbps };
}

/** Clamp to an inclusive range. */
export function clampMbps(mbps: number, range: MbpsRange): number {
  return Math.min(range.maxMbps, Math.max(range.minMbps, mbps));
}

/** Limit one change to maxStepUpMbps / maxStepDownMbps (absent = unbounded). */
export function stepLimit(
  targetMbps: number,
  currentMbps: number,
  policy: Pick<BandwidthPolicy, 'maxStepUpMbps' | 'maxStepDownMbps'>,
): number {
  if (targetMbps > currentMbps && policy.maxStepUpMbps !== undefined) {
    return Math.min(targetMbps, currentMbps + policy.maxStepUpMbps);
  }
  if (targetMbps < currentMbps && policy.maxStepDownMbps !== undefined) {
    return Math.max(targetMbps, currentMbps - policy.maxStepDownMbps);
  }
  return targetMbps;
}
