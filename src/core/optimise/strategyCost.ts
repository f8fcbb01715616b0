/**
 * Pricing a backtest (pure): what a per-minute record of capacity and charge type costs against the demand it
 * served, by the price table's rules: pay-by-traffic per GB served, pay-by-bandwidth per Mbps-hour either for the
 * minutes each bandwidth was held (`perMinute`) or each clock hour at its highest bandwidth (`hourlyPeak`; a
 * partial hour at either end of the window counts for its share, so that windows of any length compare).
 */
import { BILLING_HOUR_MS, bandwidthCostPerHour, type PriceTable } from '../cost.js';
import type { InternetChargeType } from '../types.js';

/** Cost and service of one backtested run. */
export interface RunFigures {
  costPerDay: number;
  /** Σ max(0, demand − capacity) ÷ Σ demand (0 when there was no demand). */
  unmetFraction: number;
  /** Capacity changes in the run. */
  changes: number;
}

const MINUTE_MS = 60_000;
/** GB in one minute at 1 Mbps (decimal units). */
const GB_PER_MBPS_MINUTE = 60 / 8 / 1000;

/** Price per hour of every whole Mbps from 0 to 200 (the platform's range), computed once per table. */
function hourlyTable(prices: PriceTable): Float64Array {
  const t = new Float64Array(201);
  for (let m = 0; m <= 200; m++) t[m] = bandwidthCostPerHour(prices, 'PayByBandwidth', m);
  return t;
}

function perHour(table: Float64Array, prices: PriceTable, mbps: number): number {
  return Number.isInteger(mbps) && mbps >= 0 && mbps <= 200
    ? (table[mbps] as number)
    : bandwidthCostPerHour(prices, 'PayByBandwidth', Math.max(0, mbps));
}

export interface PriceOptions {
  /**
   * Pay-by-bandwidth already paid for (a subscription's base), priced at 0; a temporary upgrade above it is priced
   * as pay-as-you-go pay-by-bandwidth for the Mbps it adds (an estimate: the price table has no subscription prices).
   */
  prepaidMbps?: number;
  /**
   * Each minute's weight (default 1): cost per day and unmet demand become weighted means, so recent days can count
   * more than old ones. An hour billed at its peak weighs what its minutes weigh.
   */
  weight?: ArrayLike<number>;
}

/**
 * Figures of a run: `capacity[i]` and `chargeType[i]` held during minute i (from `startMs`), against
 * `demand[i]` (Mbps).
 */
export function priceRun(
  run: { capacity: ArrayLike<number>; chargeType: readonly InternetChargeType[] | ((i: number) => InternetChargeType) },
  demand: ArrayLike<number>,
  startMs: number,
  prices: PriceTable,
  o: PriceOptions = {},
): RunFigures {
  const prepaidMbps = o.prepaidMbps ?? 0;
  const weight = o.weight;
  const table = hourlyTable(prices);
  const hourly = prices.bandwidth.billing === 'hourlyPeak';
  // A subscription's base bandwidth is paid for the term whatever happens: only what a run holds above it costs.
  const prepaidPerHour = prepaidMbps > 0 ? perHour(table, prices, prepaidMbps) : 0;
  const above = (mbps: number) => Math.max(0, perHour(table, prices, mbps) - prepaidPerHour);
  const chargeAt =
    typeof run.chargeType === 'function' ? run.chargeType : (i: number) => (run.chargeType as InternetChargeType[])[i];
  let cost = 0;
  let demandSum = 0;
  let unmet = 0;
  let changes = 0;
  let hourStart = Number.NaN;
  let hourPeak = 0;
  let hourMinutes = 0;
  let totalWeight = 0;
  const closeHour = () => {
    if (hourMinutes > 0) cost += above(hourPeak) * (hourMinutes / 60);
    hourPeak = 0;
    hourMinutes = 0;
  };
  const n = demand.length;
  for (let i = 0; i < n; i++) {
    const d = Math.max(0, Number(demand[i]) || 0);
    const cap = Number(run.capacity[i]) || 0;
    if (i > 0 && cap !== Number(run.capacity[i - 1])) changes++;
    const served = Math.min(d, cap);
    const w = weight === undefined ? 1 : Number(weight[i]);
    totalWeight += w;
    demandSum += w * d;
    unmet += w * (d - served);
    if (chargeAt(i) === 'PayByTraffic') {
      cost += w * served * GB_PER_MBPS_MINUTE * prices.bandwidth.payByTrafficPerGB;
      continue;
    }
    if (!hourly) {
      cost += (w * above(cap)) / 60;
      continue;
    }
    const h = Math.floor((startMs + i * MINUTE_MS) / BILLING_HOUR_MS);
    if (h !== hourStart) {
      closeHour();
      hourStart = h;
    }
    hourPeak = Math.max(hourPeak, cap);
    hourMinutes += w;
  }
  closeHour();
  const days = totalWeight / 1440;
  return { costPerDay: days > 0 ? cost / days : 0, unmetFraction: demandSum > 0 ? unmet / demandSum : 0, changes };
}
