/**
 * The cost model: hourly prices of instance types and public bandwidth from a price table (the format of
 * config/prices/cn-hangzhou.json). Pay-by-bandwidth is tiered per Mbps-hour (0–5 Mbps at the first price,
 * the part above at the second) and billed either for the time each bandwidth is held (`perMinute`) or, per
 * clock hour, at the highest bandwidth held in that hour (`hourlyPeak`); pay-by-traffic is per GB sent
 * (decimal units: 1 GB = 10⁹ bytes).
 */
import type { ConfigProblem } from './errors.js';
import { AutoscalerError, ConfigError } from './errors.js';
import { type Infer, s, validate } from './schema/index.js';
import type { InternetChargeType } from './types.js';

/** Billing hours in a month (8760 / 12), as the cloud's monthly estimates use. */
export const HOURS_PER_MONTH = 730;

/** How pay-by-bandwidth is billed: for the time each bandwidth is held, or each clock hour at its highest. */
export const BANDWIDTH_BILLING = ['perMinute', 'hourlyPeak'] as const;
export type BandwidthBilling = (typeof BANDWIDTH_BILLING)[number];

/** One billing hour, ms. Billing hours are clock hours: UTC hours, which are Asia/Shanghai's too (UTC+8). */
export const BILLING_HOUR_MS = 3_600_000;

const tier = s.object({
  fromMbps: s.number({ min: 0 }),
  toMbps: s.number({ exclusiveMin: 0 }).nullable().describe('null = open-ended.'),
  price: s.number({ min: 0 }).describe('Per Mbps-hour for the part of the bandwidth inside this tier.'),
});

type Tier = Infer<typeof tier>;

export const priceTableSchema = s.object({
  region: s.string({ minLength: 1 }),
  currency: s.string({ minLength: 1 }),
  note: s.string().optional(),
  bandwidth: s.object({
    payByBandwidthPerMbpsHour: s.array(tier, { minItems: 1 }).refine(checkTiers),
    payByTrafficPerGB: s.number({ min: 0 }),
    billing: s
      .enum(BANDWIDTH_BILLING)
      .default('perMinute')
      .describe(
        'How pay-by-bandwidth is billed: perMinute = each bandwidth for the time it is held; hourlyPeak = each ' +
          'clock hour at the highest bandwidth held during it.',
      ),
  }),
  eip: s
    .object({
      payByBandwidthPerMbpsHour: s.array(tier, { minItems: 1 }).refine(checkTiers),
      payByTrafficPerGB: s.number({ min: 0 }),
      billing: s.enum(BANDWIDTH_BILLING).default('hourlyPeak'),
      source: s.string().optional(),
    })
    .optional()
    .describe('Pay-as-you-go EIP prices (docs/eip.md); absent = the instance public bandwidth prices.'),
  bandwidthPackage: s
    .object({
      payByBandwidthPerMbpsHour: s.number({ min: 0 }).nullable().describe('null = no price known: not priced.'),
      payBy95PerMbpsMonth: s.number({ min: 0 }).nullable().describe('null = no price known: not priced.'),
      source: s.string().optional(),
    })
    .optional()
    .describe('Internet Shared Bandwidth (CBWP) prices (docs/eip.md).'),
  instanceTypes: s.record(
    s.object({ vcpu: s.integer({ min: 1 }), memoryGiB: s.number({ exclusiveMin: 0 }), perHour: s.number({ min: 0 }) }),
    { keyPattern: /^ecs\.[a-z0-9-]+\.[a-z0-9-]+$/, keyPatternHint: 'an ECS instance type like ecs.g7.large' },
  ),
});

export type PriceTable = Infer<typeof priceTableSchema>;

/** Tiers must start at 0, follow each other without gaps and end open (`toMbps: null`). */
function checkTiers(tiers: Tier[], path: string, problems: ConfigProblem[]) {
  tiers.forEach((t, i) => {
    const expectedFrom = i === 0 ? 0 : tiers[i - 1]?.toMbps;
    // After a misplaced open tier the start has nothing to follow: that tier is reported already.
    if (expectedFrom !== null && t.fromMbps !== expectedFrom)
      problems.push({ path: `${path}[${i}].fromMbps`, rule: `must be ${expectedFrom}`, value: t.fromMbps });
    const last = i === tiers.length - 1;
    if (last !== (t.toMbps === null)) {
      problems.push({
        path: `${path}[${i}].toMbps`,
        rule: last ? 'must be null (the last tier is open)' : 'must be a number',
        value: t.toMbps,
      });
    } else if (t.toMbps !== null && t.toMbps <= t.fromMbps) {
      problems.push({ path: `${path}[${i}].toMbps`, rule: `must be > fromMbps (${t.fromMbps})`, value: t.toMbps });
    }
  });
}

/** Validate a price table (e.g. the parsed JSON file). @throws ConfigError listing every problem. */
export function parsePriceTable(value: unknown, source: string): PriceTable {
  const { value: table, problems } = validate(priceTableSchema, value);
  if (!table) throw new ConfigError(source, problems);
  return table;
}

/** Start of the billing (clock) hour that contains `nowMs`: hours are half-open, [hh:00, hh+1:00). */
export function billedHourStartMs(nowMs: number): number {
  return Math.floor(nowMs / BILLING_HOUR_MS) * BILLING_HOUR_MS;
}

/**
 * Time until the next billing hour starts, in (0, 1 h]: under `hourlyPeak` a lower bandwidth set now is billed
 * from then on (the current hour is already billed at its highest); exactly on the hour that is a full hour.
 */
export function msToNextBillingHour(nowMs: number): number {
  return billedHourStartMs(nowMs) + BILLING_HOUR_MS - nowMs;
}

/** GB sent in one hour at a steady `mbps` (decimal: Mbps × 3600 s / 8 bits / 1000). */
export function trafficGBPerHour(mbps: number): number {
  return (mbps * 3600) / 8 / 1000;
}

/**
 * Public bandwidth cost per hour. PayByBandwidth: `mbps` priced by tier. PayByTraffic: `trafficGB` sent in the
 * hour at the per-GB price (the bandwidth is only a cap and costs nothing by itself).
 * @throws AutoscalerError for PayByTraffic without `trafficGB`, or a negative amount.
 */
export function bandwidthCostPerHour(
  table: PriceTable,
  chargeType: InternetChargeType,
  mbps: number,
  trafficGB?: number,
): number {
  if (!(mbps >= 0)) throw new AutoscalerError(`bandwidth must be ≥ 0 Mbps, got ${mbps}`);
  if (chargeType === 'PayByTraffic') {
    if (trafficGB === undefined || !(trafficGB >= 0)) {
      throw new AutoscalerError(`PayByTraffic cost needs the GB sent in the hour (trafficGB ≥ 0), got ${trafficGB}`);
    }
    return trafficGB * table.bandwidth.payByTrafficPerGB;
  }
  return table.bandwidth.payByBandwidthPerMbpsHour.reduce((sum, t) => {
    const inTier = Math.max(0, Math.min(mbps, t.toMbps ?? Number.POSITIVE_INFINITY) - t.fromMbps);
    return sum + inTier * t.price;
  }, 0);
}

/** Pay-as-you-go price of an instance type per hour. @throws AutoscalerError naming the type and the table. */
export function instanceCostPerHour(table: PriceTable, instanceType: string): number {
  const entry = table.instanceTypes[instanceType];
  if (!entry) {
    const known = Object.keys(table.instanceTypes).join(', ');
    throw new AutoscalerError(
      `no price for instance type '${instanceType}' in the ${table.region} price table (known: ${known})`,
    );
  }
  return entry.perHour;
}

/** What an instance is configured with, for pricing. */
export interface Spec {
  instanceType: string;
  internetChargeType: InternetChargeType;
  bandwidthMbps: number;
  /** GB sent in the hour; needed for PayByTraffic. */
  trafficGB?: number;
}

/** Instance plus public bandwidth, per hour. */
export function specCostPerHour(table: PriceTable, spec: Spec): number {
  const network = bandwidthCostPerHour(table, spec.internetChargeType, spec.bandwidthMbps, spec.trafficGB);
  return instanceCostPerHour(table, spec.instanceType) + network;
}
