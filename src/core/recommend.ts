/**
 * Rightsizing and billing-method recommendations from metric history (the daily sweep). Pure.
 *
 * Sizing (VPA-style): a percentile of the history plus a margin, never below the peak of the last hour, inside
 * the policy bounds. Confidence grows with history: `min(1, historyDays / minHistoryDays)`; below one day (a
 * daily cycle not yet seen) there is no recommendation; below full confidence the recommendation is reported
 * with widened bounds and `applicable: false` (the optimiser records it but does not act on it).
 */
import { bandwidthCostPerHour, HOURS_PER_MONTH, type PriceTable, trafficGBPerHour } from './cost.js';
import { mean, percentile, recentMax } from './percentile.js';
import type { Direction, InternetChargeType, MetricPoint } from './types.js';

const DAY_SEC = 86_400;
/** No recommendation from less than this much history: one daily cycle. */
export const MIN_RECOMMENDATION_DAYS = 1;

/** A metric series at a fixed period: oldest first; a gap is simply a missing sample. */
export interface History {
  samples: readonly number[];
  periodSec: number;
}

/** Shared knobs (OptimisationPolicy). */
export interface SizingPolicy {
  /** 0–100. */
  percentile: number;
  /** Fraction added on top of the percentile. */
  headroom: number;
  minHistoryDays: number;
}

export type NoRecommendation = {
  kind: 'none';
  reason: 'insufficient-history' | 'not-on-ladder' | 'no-bandwidth';
  historyDays: number;
  message: string;
};

interface RecommendationBase {
  kind: 'recommendation';
  /** In [0, 1]: min(1, historyDays / minHistoryDays). */
  confidence: number;
  /** True when confidence is 1: the optimiser may apply it. */
  applicable: boolean;
  historyDays: number;
  message: string;
}

export interface BandwidthRecommendation extends RecommendationBase {
  targetMbps: number;
  /** The range the recommendation could plausibly be in; collapses to targetMbps at full confidence. */
  lowerBoundMbps: number;
  upperBoundMbps: number;
  percentileMbps: number;
  recentPeakMbps: number;
  direction: Direction | 'none';
}

/** Days of data in a history (samples × period; gaps do not count). */
export function historyDays(history: History): number {
  return (history.samples.length * history.periodSec) / DAY_SEC;
}

/** CMS points in bit/s → Mbps samples (1 Mbps = 10⁶ bit/s), using the chosen statistic. */
export function mbpsSamples(points: readonly MetricPoint[], stat: 'average' | 'maximum' = 'average'): number[] {
  return points.map((p) => p[stat] / 1e6);
}

function confidenceOf(days: number, minHistoryDays: number): number {
  return Math.min(1, days / minHistoryDays);
}

function insufficient(days: number): NoRecommendation | undefined {
  if (days >= MIN_RECOMMENDATION_DAYS) return undefined;
  const message = `only ${days.toFixed(2)} days of history, at least ${MIN_RECOMMENDATION_DAYS} needed`;
  return { kind: 'none', reason: 'insufficient-history', historyDays: days, message };
}

export interface BandwidthSizingInput extends History, SizingPolicy {
  /**
   * The group's target utilisation when it also runs target tracking. The margin is then
   * max(1 + headroom, 1 / targetUtilization), not their product: both express spare capacity, stacking them would
   * double-count, and sizing below pXX / target would make target tracking scale straight back up.
   */
  targetUtilization?: number;
  /** Peak of the last hour, Mbps; default: the largest sample of the last hour of history. */
  recentPeakMbps?: number;
  bounds: { minMbps: number; maxMbps: number };
  currentMbps: number;
}

/**
 * Recommended outbound bandwidth: ceil(max(pXX × margin, recent peak)), clamped to the bounds (so it is never
 * below the recent peak unless that exceeds maxMbps).
 */
export function recommendBandwidth(input: BandwidthSizingInput): BandwidthRecommendation | NoRecommendation {
  const days = historyDays(input);
  const none = insufficient(days);
  if (none) return none;
  const pMbps = percentile(input.samples, input.percentile);
  const peak = input.recentPeakMbps ?? recentMax(input.samples, Math.ceil(3600 / input.periodSec));
  const margin = Math.max(1 + input.headroom, input.targetUtilization ? 1 / input.targetUtilization : 0);
  const clamp = (mbps: number) => Math.min(input.bounds.maxMbps, Math.max(input.bounds.minMbps, mbps));
  // Round away float noise (30 × 1.2 = 36.00000000000001) before ceil.
  const targetMbps = clamp(Math.ceil(round6(Math.max(pMbps * margin, peak))));
  const confidence = confidenceOf(days, input.minHistoryDays);
  const direction = targetMbps > input.currentMbps ? 'up' : targetMbps < input.currentMbps ? 'down' : 'none';
  const by =
    pMbps * margin >= peak
      ? `p${input.percentile} ${pMbps.toFixed(1)} Mbps × ${margin.toFixed(2)}`
      : `recent peak ${peak.toFixed(1)} Mbps`;
  return {
    kind: 'recommendation',
    targetMbps,
    lowerBoundMbps: clamp(Math.floor(targetMbps * confidence)),
    upperBoundMbps: clamp(Math.ceil(targetMbps * (2 - confidence))),
    percentileMbps: pMbps,
    recentPeakMbps: peak,
    direction,
    confidence,
    applicable: confidence >= 1,
    historyDays: days,
    message: `${input.currentMbps} → ${targetMbps} Mbps (${by}; ${days.toFixed(1)} days, confidence ${confidence.toFixed(2)})`,
  };
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

export interface InstanceTypeRecommendation extends RecommendationBase {
  instanceType: string;
  direction: Direction | 'none';
  percentileCpuPercent: number;
  /** CPU the percentile demand would put on the recommended type, percent. */
  projectedCpuPercent: number;
}

export interface InstanceTypeSizingInput extends History, SizingPolicy {
  /** CPU samples are percent of the current type's vCPUs. */
  currentType: string;
  ladder: readonly string[];
  /** The projected pXX CPU must stay below this (the ladder's scaleUpCpuPercent), percent. */
  maxCpuPercent: number;
  /** Peak CPU of the last hour, percent; default: the largest sample of the last hour. */
  recentPeakCpuPercent?: number;
  /** vCPUs per type (e.g. from the price table); default: from the size suffix (large = 2, xlarge = 4, Nxlarge = 4N). */
  vcpus?: Readonly<Record<string, number>>;
}

/** `ecs.g7.2xlarge` → 8 vCPUs: the size suffix convention of ECS families. Unknown suffix → undefined. */
export function vcpusFromTypeName(type: string): number | undefined {
  const size = type.split('.').at(-1) as string;
  const m = /^(\d*)xlarge$/.exec(size);
  if (m) return 4 * Number(m[1] || 1);
  return ({ small: 1, medium: 1, large: 2 } as Record<string, number>)[size];
}

/**
 * Smallest rung that keeps pXX demand × (1 + headroom) under maxCpuPercent and holds the last hour's peak;
 * the top rung when none does.
 */
export function recommendInstanceType(input: InstanceTypeSizingInput): InstanceTypeRecommendation | NoRecommendation {
  const days = historyDays(input);
  const vcpu = (t: string) => input.vcpus?.[t] ?? vcpusFromTypeName(t);
  const currentVcpu = vcpu(input.currentType);
  if (!input.ladder.includes(input.currentType) || currentVcpu === undefined) {
    const message = `${input.currentType} is not on the ladder (${input.ladder.join(', ')}) or its vCPU count is unknown`;
    return { kind: 'none', reason: 'not-on-ladder', historyDays: days, message };
  }
  const none = insufficient(days);
  if (none) return none;
  const pCpu = percentile(input.samples, input.percentile);
  const peakCpu = input.recentPeakCpuPercent ?? recentMax(input.samples, Math.ceil(3600 / input.periodSec));
  const demandVcpu = (pCpu / 100) * currentVcpu * (1 + input.headroom);
  const peakVcpu = (peakCpu / 100) * currentVcpu;
  const fits = (t: string) => {
    const v = vcpu(t) ?? 0;
    return demandVcpu <= (v * input.maxCpuPercent) / 100 && peakVcpu <= v;
  };
  const chosen = input.ladder.find(fits) ?? (input.ladder.at(-1) as string);
  const from = input.ladder.indexOf(input.currentType);
  const to = input.ladder.indexOf(chosen);
  const projected = ((pCpu / 100) * currentVcpu * 100) / (vcpu(chosen) ?? currentVcpu);
  const confidence = confidenceOf(days, input.minHistoryDays);
  return {
    kind: 'recommendation',
    instanceType: chosen,
    direction: to > from ? 'up' : to < from ? 'down' : 'none',
    percentileCpuPercent: pCpu,
    projectedCpuPercent: projected,
    confidence,
    applicable: confidence >= 1,
    historyDays: days,
    message:
      `${input.currentType} → ${chosen}: p${input.percentile} CPU ${pCpu.toFixed(1)} % would be ${projected.toFixed(1)} %` +
      `${fits(chosen) ? '' : ' (even the largest rung is too small)'}; ${days.toFixed(1)} days, confidence ${confidence.toFixed(2)}`,
  };
}

export interface BillingMethodInput extends History {
  /** Outbound samples, Mbps. */
  samples: readonly number[];
  /** The provisioned outbound bandwidth (kept whichever method), Mbps. */
  bandwidthMbps: number;
  prices: PriceTable;
  current?: InternetChargeType;
  minHistoryDays: number;
  /**
   * Pay-by-bandwidth as it was really provisioned (an autoscaled link): the time-weighted price per hour over
   * `days` (src/core/provisioned.ts). Replaces the static price at `bandwidthMbps`, which stays the reference of
   * the utilisation, the break-even and the 100 Mbps limit of pay-by-traffic.
   */
  provisioned?: { costPerHour: number; days: number };
}

export interface BillingMethodRecommendation extends RecommendationBase {
  recommended: InternetChargeType;
  /** True when `current` is given and differs from the recommendation. */
  change: boolean;
  meanMbps: number;
  /** meanMbps / bandwidthMbps. */
  utilization: number;
  /** Utilisation at which both methods cost the same; pay-by-traffic is cheaper below it. */
  breakEvenUtilization: number;
  monthlyCost: Record<InternetChargeType, number>;
  /** What the recommended method saves per month against the other (negative when the cheaper one is impossible). */
  monthlySaving: number;
  /** Set when pay-by-bandwidth was priced as provisioned (input `provisioned`): the days weighed. */
  provisionedDays?: number;
}

/** Pay-by-bandwidth vs pay-by-traffic at the measured mean rate, per month of 730 h. */
export function recommendBillingMethod(input: BillingMethodInput): BillingMethodRecommendation | NoRecommendation {
  const days = historyDays(input);
  if (input.bandwidthMbps <= 0) {
    return { kind: 'none', reason: 'no-bandwidth', historyDays: days, message: 'no public bandwidth to bill' };
  }
  const none = insufficient(days);
  if (none) return none;
  const meanMbps = mean(input.samples);
  const { monthlyCost, breakEvenUtilization } = billingCosts(
    input.prices,
    input.bandwidthMbps,
    meanMbps,
    input.provisioned?.costPerHour,
  );
  // PayByTraffic caps the bandwidth at 100 Mbps: above that only pay-by-bandwidth keeps the link.
  const trafficPossible = input.bandwidthMbps <= 100;
  const recommended: InternetChargeType =
    trafficPossible && monthlyCost.PayByTraffic < monthlyCost.PayByBandwidth ? 'PayByTraffic' : 'PayByBandwidth';
  const other = recommended === 'PayByTraffic' ? 'PayByBandwidth' : 'PayByTraffic';
  const utilization = meanMbps / input.bandwidthMbps;
  const confidence = confidenceOf(days, input.minHistoryDays);
  return {
    kind: 'recommendation',
    recommended,
    change: input.current !== undefined && input.current !== recommended,
    meanMbps,
    utilization,
    breakEvenUtilization,
    monthlyCost,
    monthlySaving: monthlyCost[other] - monthlyCost[recommended],
    ...(input.provisioned ? { provisionedDays: input.provisioned.days } : {}),
    confidence,
    applicable: confidence >= 1,
    historyDays: days,
    message:
      `${recommended}: mean ${meanMbps.toFixed(1)} of ${input.bandwidthMbps} Mbps is ${(utilization * 100).toFixed(1)} % ` +
      `utilisation, break-even ${(breakEvenUtilization * 100).toFixed(1)} %` +
      (trafficPossible ? '' : ' (PayByTraffic is capped at 100 Mbps)') +
      `; ${pricingSentence(input, monthlyCost)}`,
  };
}

/** Which pay-by-bandwidth price was compared, and both monthly costs. */
function pricingSentence(input: BillingMethodInput, monthlyCost: Record<InternetChargeType, number>): string {
  const basis = input.provisioned
    ? `as provisioned over ${input.provisioned.days.toFixed(1)} days`
    : `at ${input.bandwidthMbps} Mbps`;
  const money = (x: number) => `${x.toFixed(2)} ${input.prices.currency}/month`;
  return `pay-by-bandwidth ${basis}: ${money(monthlyCost.PayByBandwidth)}, pay-by-traffic: ${money(monthlyCost.PayByTraffic)}`;
}

/**
 * Monthly cost of both methods for a link of `bandwidthMbps` carrying `meanMbps` on average, and the utilisation
 * at which they cost the same: pay-by-bandwidth per hour ÷ (GB per hour at full rate × price per GB).
 * `byBandwidthPerHour` replaces the static pay-by-bandwidth price (e.g. the provisioned average of an autoscaled
 * link); the break-even stays a fraction of `bandwidthMbps`.
 */
export function billingCosts(prices: PriceTable, bandwidthMbps: number, meanMbps: number, byBandwidthPerHour?: number) {
  const byBandwidthHour = byBandwidthPerHour ?? bandwidthCostPerHour(prices, 'PayByBandwidth', bandwidthMbps);
  const byTrafficHour = bandwidthCostPerHour(prices, 'PayByTraffic', bandwidthMbps, trafficGBPerHour(meanMbps));
  const fullTrafficHour = trafficGBPerHour(bandwidthMbps) * prices.bandwidth.payByTrafficPerGB;
  return {
    monthlyCost: { PayByBandwidth: byBandwidthHour * HOURS_PER_MONTH, PayByTraffic: byTrafficHour * HOURS_PER_MONTH },
    breakEvenUtilization: fullTrafficHour > 0 ? byBandwidthHour / fullTrafficHour : Number.POSITIVE_INFINITY,
  };
}
