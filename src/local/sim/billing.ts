/**
 * Network billing in the simulator. The instance's InternetChargeType can change during a run (the optimiser's
 * daily sweep switches a spiky, mostly idle link to PayByTraffic), so the cost of a bandwidth timeline follows
 * the charge type interval by interval: PayByBandwidth pays the tier price of the bandwidth, PayByTraffic pays
 * the served GB (the bandwidth is then only a cap). Pay-by-bandwidth follows the price table's billing mode:
 * `perMinute` (each bandwidth for the time it is held) or `hourlyPeak` (each clock hour at the highest price held
 * in it). Also the pay-by-traffic baseline.
 */
import {
  BILLING_HOUR_MS,
  type BandwidthBilling,
  bandwidthCostPerHour,
  billedHourStartMs,
  type PriceTable,
} from '../../core/cost.js';
import { AutoscalerError } from '../../core/errors.js';
import type { InstanceChargeType, InternetChargeType } from '../../core/types.js';
import { account } from './accounting.js';
import { bandwidthLadder, type TimelineOptions, timelineFromLevels } from './levels.js';
import type { BaselineResult, CapacityTimeline, Ladder } from './types.js';

/** The network charge types, in the order usage messages list them. */
export const CHARGE_TYPES: readonly InternetChargeType[] = ['PayByBandwidth', 'PayByTraffic'];

/** Whether a string is an InternetChargeType. */
export function isChargeType(value: string): value is InternetChargeType {
  return (CHARGE_TYPES as readonly string[]).includes(value);
}

/** When interval 0 of a timeline starts, and how long every interval lasts. */
export interface TimelineClock {
  startMs: number;
  stepSec: number;
}

/** The clock hours a series of intervals overlaps (hours are half-open: [hh:00, hh+1:00)). */
export interface BillingHours {
  /** Start of the first hour, ms. */
  firstMs: number;
  /** Seconds of the series inside each hour, from the first on. */
  seconds: Float64Array;
  /** Per interval: the hour (index from the first) its start falls in. */
  startHour: Int32Array;
  /** Per interval: the hour its last instant falls in (later than `startHour` when it crosses the hour). */
  endHour: Int32Array;
}

/** Which clock hours each interval overlaps, and how long the series spends in each. */
export function billingHours(intervals: number, clock: TimelineClock): BillingHours {
  const { startMs, stepSec } = clock;
  if (!(stepSec > 0)) throw new AutoscalerError(`stepSec must be > 0, got ${stepSec}`);
  const stepMs = stepSec * 1000;
  const firstMs = billedHourStartMs(startMs);
  const endMs = startMs + intervals * stepMs;
  const hourOf = (ms: number) => Math.floor((ms - firstMs) / BILLING_HOUR_MS);
  const startHour = new Int32Array(intervals);
  const endHour = new Int32Array(intervals);
  for (let t = 0; t < intervals; t++) {
    const from = startMs + t * stepMs;
    startHour[t] = hourOf(from);
    endHour[t] = Math.max(startHour[t] as number, Math.ceil((from + stepMs - firstMs) / BILLING_HOUR_MS) - 1);
  }
  const seconds = new Float64Array(intervals > 0 ? (endHour[intervals - 1] as number) + 1 : 0);
  seconds.forEach((_, h) => {
    const from = Math.max(startMs, firstMs + h * BILLING_HOUR_MS);
    seconds[h] = (Math.min(endMs, firstMs + (h + 1) * BILLING_HOUR_MS) - from) / 1000;
  });
  return { firstMs, seconds, startHour, endHour };
}

/** Seconds of interval `t` inside hour `h` (an index of `billingHours`). */
export function overlapSec(hours: BillingHours, clock: TimelineClock, t: number, h: number): number {
  const from = clock.startMs + t * clock.stepSec * 1000;
  const hourMs = hours.firstMs + h * BILLING_HOUR_MS;
  return Math.max(0, Math.min(from + clock.stepSec * 1000, hourMs + BILLING_HOUR_MS) - Math.max(from, hourMs)) / 1000;
}

/**
 * Hourly-peak billing of a timeline: every clock hour is billed at the highest hourly price of the intervals
 * billed by the hour that overlap it (PayByTraffic intervals — a `trafficPricePerGB` above 0 — keep theirs and
 * take no part). Each such interval's `costPerHour` becomes the peak of every hour it overlaps, weighted by the
 * overlap, so `intervalCosts` and `account` price the hours right; a lower bandwidth set mid-hour saves nothing
 * until the next hour.
 */
export function hourlyPeakTimeline(timeline: CapacityTimeline, clock: TimelineClock): CapacityTimeline {
  const n = timeline.costPerHour.length;
  const hours = billingHours(n, clock);
  const byHour = (t: number) => !((timeline.trafficPricePerGB?.[t] ?? 0) > 0);
  const peak = new Float64Array(hours.seconds.length);
  for (let t = 0; t < n; t++) {
    if (!byHour(t)) continue;
    for (let h = hours.startHour[t] as number; h <= (hours.endHour[t] as number); h++) {
      peak[h] = Math.max(peak[h] as number, timeline.costPerHour[t] as number);
    }
  }
  const costPerHour = timeline.costPerHour.map((own, t) => {
    if (!byHour(t)) return own;
    let sum = 0;
    for (let h = hours.startHour[t] as number; h <= (hours.endHour[t] as number); h++) {
      sum += (peak[h] as number) * overlapSec(hours, clock, t, h);
    }
    return sum / clock.stepSec;
  });
  return { ...timeline, costPerHour };
}

/** How the pay-by-bandwidth strategies are billed: the price table's mode and the start of the series. */
export interface BillingContext {
  mode: BandwidthBilling;
  startMs: number;
}

/**
 * The timeline of a level per interval, priced as billed: on a bandwidth ladder under `hourlyPeak` every clock
 * hour at its highest level; otherwise as held (CPU ladders: instance types are billed for the time held).
 */
export function pricedTimeline(
  levels: ArrayLike<number>,
  context: { ladder: Ladder; stepSec: number; billing?: BillingContext },
  options: TimelineOptions = {},
): CapacityTimeline {
  const timeline = timelineFromLevels(context.ladder, levels, options);
  if (context.billing?.mode !== 'hourlyPeak' || context.ladder.series !== 'bandwidth') return timeline;
  return hourlyPeakTimeline(timeline, { startMs: context.billing.startMs, stepSec: context.stepSec });
}

/** What a bandwidth timeline was provisioned with, per interval. */
export interface BilledBandwidth {
  /** Provisioned bandwidth (the cap under PayByTraffic), Mbps. */
  capacityMbps: readonly number[];
  /** The instance's InternetChargeType in the interval. */
  chargeType: readonly InternetChargeType[];
  /** Seconds offline per interval; absent = never. */
  offlineSec?: readonly number[];
  /** The record's clock: needed when the price table bills pay-by-bandwidth `hourlyPeak`. */
  clock?: TimelineClock;
}

/**
 * The capacity timeline of a bandwidth record priced by its charge type: PayByBandwidth intervals cost the tier
 * price of the bandwidth per hour (each clock hour at its highest under `hourlyPeak`) and nothing per GB;
 * PayByTraffic intervals cost nothing per hour and the price table's `payByTrafficPerGB` for every GB served
 * (see `intervalCosts`).
 * @throws AutoscalerError when the lengths differ, or an hourly-peak table prices pay-by-bandwidth without a clock.
 */
export function billedBandwidthTimeline(prices: PriceTable, b: BilledBandwidth): CapacityTimeline {
  if (b.chargeType.length !== b.capacityMbps.length) {
    throw new AutoscalerError(
      `a billed bandwidth timeline needs one charge type per interval (${b.capacityMbps.length}), got ${b.chargeType.length}`,
    );
  }
  const perGB = prices.bandwidth.payByTrafficPerGB;
  const byTraffic = (t: number) => b.chargeType[t] === 'PayByTraffic';
  const costPerHour = b.capacityMbps.map((mbps, t) =>
    byTraffic(t) ? 0 : bandwidthCostPerHour(prices, 'PayByBandwidth', mbps),
  );
  const trafficPricePerGB = b.capacityMbps.map((_, t) => (byTraffic(t) ? perGB : 0));
  const timeline = {
    capacity: b.capacityMbps,
    costPerHour,
    trafficPricePerGB,
    ...(b.offlineSec ? { offlineSec: b.offlineSec } : {}),
  };
  if (prices.bandwidth.billing !== 'hourlyPeak' || b.chargeType.every((_, t) => byTraffic(t))) return timeline;
  if (!b.clock) {
    throw new AutoscalerError('the price table bills pay-by-bandwidth hourlyPeak: the timeline needs its clock');
  }
  return hourlyPeakTimeline(timeline, b.clock);
}

/** One change of the charge type: it holds from interval `index` on. */
export interface ChargeTypeSwitch {
  index: number;
  from: InternetChargeType;
  to: InternetChargeType;
}

/** Every change of the charge type along a per-interval record, in order. */
export function chargeTypeSwitches(chargeType: readonly InternetChargeType[]): ChargeTypeSwitch[] {
  const out: ChargeTypeSwitch[] = [];
  for (let t = 1; t < chargeType.length; t++) {
    const [from, to] = [chargeType[t - 1] as InternetChargeType, chargeType[t] as InternetChargeType];
    if (from !== to) out.push({ index: t, from, to });
  }
  return out;
}

export interface PayByTrafficOptions {
  stepSec: number;
  prices: PriceTable;
  /** Default PostPaid. PayByTraffic caps the bandwidth at 100 Mbps for both. */
  instanceChargeType?: InstanceChargeType;
}

/**
 * The pay-by-traffic baseline: the same demand on PayByTraffic with the cap at the platform top (100 Mbps) all the
 * time, no scaling at all: the cost is every served GB at the per-GB price; the unmet demand is the part above
 * the cap (which is also the unavoidable part on a PostPaid instance).
 */
export function payByTraffic(demand: readonly number[], o: PayByTrafficOptions): BaselineResult {
  const ladder = bandwidthLadder(o.prices, {
    internetChargeType: 'PayByTraffic',
    instanceChargeType: o.instanceChargeType ?? 'PostPaid',
  });
  const levels = new Int32Array(demand.length).fill(ladder.levels.length - 1);
  // Priced per interval (not through the ladder) so the timeline costs the same under any accounting ladder.
  const timeline = billedBandwidthTimeline(o.prices, {
    capacityMbps: new Array<number>(demand.length).fill(ladder.topCapacity),
    chargeType: new Array<InternetChargeType>(demand.length).fill('PayByTraffic'),
  });
  return {
    name: 'payByTraffic',
    levels,
    timeline,
    accounting: account(demand, timeline, { stepSec: o.stepSec, ladder }),
  };
}
