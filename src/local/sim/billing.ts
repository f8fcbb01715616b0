/**
 * Network billing in the simulator. The instance's InternetChargeType can change during a run (the optimiser's
 * daily sweep switches a spiky, mostly idle link to PayByTraffic), so the cost of a bandwidth timeline follows
 * the charge type interval by interval: PayByBandwidth pays the tier price of the bandwidth, PayByTraffic pays
 * the served GB (the bandwidth is then only a cap). Also the pay-by-traffic baseline.
 */
import { bandwidthCostPerHour, type PriceTable } from '../../core/cost.js';
import { AutoscalerError } from '../../core/errors.js';
import type { InstanceChargeType, InternetChargeType } from '../../core/types.js';
import { account } from './accounting.js';
import { bandwidthLadder } from './levels.js';
import type { BaselineResult, CapacityTimeline } from './types.js';

/** The network charge types, in the order usage messages list them. */
export const CHARGE_TYPES: readonly InternetChargeType[] = ['PayByBandwidth', 'PayByTraffic'];

/** Whether a string is an InternetChargeType. */
export function isChargeType(value: string): value is InternetChargeType {
  return (CHARGE_TYPES as readonly string[]).includes(value);
}

/** What a bandwidth timeline was provisioned with, per interval. */
export interface BilledBandwidth {
  /** Provisioned bandwidth (the cap under PayByTraffic), Mbps. */
  capacityMbps: readonly number[];
  /** The instance's InternetChargeType in the interval. */
  chargeType: readonly InternetChargeType[];
  /** Seconds offline per interval; absent = never. */
  offlineSec?: readonly number[];
}

/**
 * The capacity timeline of a bandwidth record priced by its charge type: PayByBandwidth intervals cost the tier
 * price of the bandwidth per hour and nothing per GB; PayByTraffic intervals cost nothing per hour and the
 * price table's `payByTrafficPerGB` for every GB served (see `intervalCosts`).
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
  return {
    capacity: b.capacityMbps,
    costPerHour,
    trafficPricePerGB,
    ...(b.offlineSec ? { offlineSec: b.offlineSec } : {}),
  };
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
