/**
 * Billing of the links an instance's traffic may take besides its own public bandwidth (docs/eip.md):
 * - a pay-as-you-go EIP, pay-by-bandwidth (tiers per Mbps-hour) or pay-by-traffic (per GB), at the price table's
 *   `eip` prices (the instance public bandwidth prices when the table has none);
 * - an Internet Shared Bandwidth package (CBWP): pay-by-bandwidth (per Mbps-hour of the cap), and enhanced 95th
 *   percentile (PayBy95: the month's 95th-percentile peak, at least `Ratio` = 20 % of the cap).
 * Where billing is not documented (how a cap changed during an enhanced-95 period is billed; the dominant-traffic
 * method), `packageRefusal` says the product does not act on the package automatically, and why.
 */
import { bandwidthCostPerHour, type PriceTable } from './cost.js';
import { AutoscalerError } from './errors.js';
import type { InstanceSnapshot, InternetChargeType } from './types.js';

/** The price table an instance's link is billed by: the EIP's prices when its bandwidth is routed to its EIP. */
export function linkPriceTable(
  table: PriceTable,
  instance: Pick<InstanceSnapshot, 'eipBound' | 'eipAllocationId'>,
): PriceTable {
  if (instance.eipBound || instance.eipAllocationId === undefined || table.eip === undefined) return table;
  const { payByBandwidthPerMbpsHour, payByTrafficPerGB, billing } = table.eip;
  return { ...table, bandwidth: { payByBandwidthPerMbpsHour, payByTrafficPerGB, billing } };
}

/** A pay-as-you-go EIP per hour: pay-by-bandwidth by tier, pay-by-traffic per GB sent (`trafficGB`). */
export function eipCostPerHour(
  table: PriceTable,
  chargeType: InternetChargeType,
  mbps: number,
  trafficGB?: number,
): number {
  return bandwidthCostPerHour(
    linkPriceTable(table, { eipBound: false, eipAllocationId: 'eip' }),
    chargeType,
    mbps,
    trafficGB,
  );
}

/** What the product needs to know of a shared bandwidth package to bill it or act on it. */
export interface PackageFacts {
  bandwidthPackageId: string;
  bandwidthMbps: number;
  /** PayByBandwidth, PayBy95 (enhanced 95th percentile), PayByDominantTraffic, or another value. */
  internetChargeType: string;
  chargeType: 'PostPaid' | 'PrePaid';
  /** Minimum-bandwidth percentage of a PayBy95 package (`Ratio`); 20 when absent. */
  ratioPercent?: number;
}

/** The documented minimum of an enhanced-95th-percentile package: 20 % of its cap. */
export const ENHANCED_95_MIN_RATIO_PERCENT = 20;

/**
 * The bandwidth an enhanced-95th-percentile period is billed at: the 95th-percentile peak of the period's
 * 5-minute peak samples (samples sorted from the highest, the top 5 % dropped, the next one taken), and at least
 * `ratioPercent` (20) % of the cap. Mbps.
 * @throws AutoscalerError for an empty sample set or a cap ≤ 0.
 */
export function enhanced95BilledMbps(
  peaksMbps: readonly number[],
  capMbps: number,
  ratioPercent = ENHANCED_95_MIN_RATIO_PERCENT,
): number {
  const sorted = peaksMbps.filter(Number.isFinite).sort((a, b) => b - a);
  if (sorted.length === 0) throw new AutoscalerError('enhanced 95th percentile of an empty sample set');
  if (!(capMbps > 0)) throw new AutoscalerError(`a shared bandwidth package cap must be > 0 Mbps, got ${capMbps}`);
  const p95 = sorted[Math.floor(sorted.length * 0.05)] as number;
  return Math.max(p95, (capMbps * ratioPercent) / 100);
}

/**
 * A package's cost: PayByBandwidth per hour at its cap; PayBy95 for a month at `billedMbps`
 * (enhanced95BilledMbps). @throws AutoscalerError when the table has no price for the method, or the method is
 * not modelled.
 */
export function packageCost(
  table: PriceTable,
  pkg: PackageFacts,
  billedMbps?: number,
): { amount: number; per: 'hour' | 'month' } {
  const prices = table.bandwidthPackage;
  const none = (what: string) =>
    new AutoscalerError(`no ${what} price for shared bandwidth packages in the ${table.region} price table`);
  if (pkg.internetChargeType === 'PayByBandwidth') {
    const price = prices?.payByBandwidthPerMbpsHour;
    if (price === undefined || price === null) throw none('pay-by-bandwidth');
    return { amount: pkg.bandwidthMbps * price, per: 'hour' };
  }
  if (pkg.internetChargeType === 'PayBy95') {
    const price = prices?.payBy95PerMbpsMonth;
    if (price === undefined || price === null) throw none('enhanced 95th percentile');
    if (billedMbps === undefined) throw new AutoscalerError('an enhanced 95th percentile cost needs the billed Mbps');
    return { amount: billedMbps * price, per: 'month' };
  }
  throw new AutoscalerError(`shared bandwidth package billing ${pkg.internetChargeType} is not modelled`);
}

/**
 * Why the product does not change this package's bandwidth automatically (undefined: it may). Only a
 * pay-as-you-go pay-by-bandwidth package is scaled: its bill follows the cap it holds, as documented.
 */
export function packageRefusal(pkg: PackageFacts): string | undefined {
  const id = pkg.bandwidthPackageId;
  if (pkg.chargeType === 'PrePaid')
    return `package ${id} is a subscription: its bandwidth changes through an order, not ModifyCommonBandwidthPackageSpec`;
  switch (pkg.internetChargeType) {
    case 'PayByBandwidth':
      return undefined;
    case 'PayBy95':
      return (
        `package ${id} is billed by enhanced 95th percentile: the bill is the period's 95th-percentile peak, at least ` +
        `${pkg.ratioPercent ?? ENHANCED_95_MIN_RATIO_PERCENT} % of the cap, but how a cap changed during the period ` +
        'is billed (which cap the minimum applies to) is not documented, so the autoscaler does not change it ' +
        'automatically rather than guess'
      );
    case 'PayByDominantTraffic':
      return `package ${id} is billed by dominant traffic: that billing is not modelled, so the autoscaler does not change it automatically`;
    default:
      return `package ${id} has billing method ${pkg.internetChargeType || '(none)'}, unknown to the autoscaler: not changed automatically`;
  }
}
