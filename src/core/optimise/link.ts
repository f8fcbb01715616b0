/**
 * The link an instance's public bandwidth is, as the optimiser prices and bounds it (pure, docs/eip.md): its own
 * public bandwidth, its Elastic IP's (routed by src/adapters/aliyun/eipRouting.ts: `eipAllocationId`, not
 * `eipBound`; or an EIP a group manages, whose `eipAllocationId` is its own), or a shared bandwidth package's
 * (`resource: bandwidthPackage`). A VPC link's bandwidth changes through ModifyEipAddressAttribute /
 * ModifyCommonBandwidthPackageSpec, neither of which has a metering-method parameter: it never switches billing.
 */
import type { PriceTable } from '../cost.js';
import { isVpcLink, linkBandwidthRange, linkKind } from '../link.js';
import { linkPriceTable } from '../linkCost.js';
import type { MbpsRange } from '../platform.js';
import type { InstanceSnapshot, InternetChargeType } from '../types.js';

type LinkFacts = Pick<InstanceSnapshot, 'eipBound' | 'eipAllocationId' | 'instanceChargeType' | 'resource'>;

/** The EIP a routed instance's bandwidth is (undefined: the instance's own, or an EIP-bound instance not routed). */
export function routedEip(instance: Pick<InstanceSnapshot, 'eipBound' | 'eipAllocationId'>): string | undefined {
  return instance.eipBound ? undefined : instance.eipAllocationId;
}

/** The Mbps range of the link under a metering method: the EIP's (1–200 / 1–500), a package's, else ECS's. */
export function linkRange(instance: LinkFacts, internetChargeType: InternetChargeType): MbpsRange {
  return linkBandwidthRange(instance, internetChargeType);
}

/**
 * The prices the link is billed at: the table's EIP prices when routed (linkPriceTable), a package's per
 * Mbps-hour for a package (pay-by-bandwidth: the cap × price); undefined when the table has no price for the
 * package (`null`: not priced), so that nothing is guessed (packagePriceMissing says why).
 */
export function linkPrices(prices: PriceTable, instance: LinkFacts): PriceTable | undefined {
  if (linkKind(instance) !== 'bandwidthPackage') return linkPriceTable(prices, instance);
  const perMbpsHour = prices.bandwidthPackage?.payByBandwidthPerMbpsHour;
  if (perMbpsHour === undefined || perMbpsHour === null) return undefined;
  // A package's price is flat per Mbps-hour of its cap: one tier; it carries no traffic price (never switched).
  const bandwidth = {
    ...prices.bandwidth,
    payByBandwidthPerMbpsHour: [{ fromMbps: 0, toMbps: null, price: perMbpsHour }],
  };
  return { ...prices, bandwidth };
}

/** Why a package's cost is not assessed: the price table does not price pay-by-bandwidth packages. */
export function packagePriceMissing(prices: PriceTable, instance: Pick<InstanceSnapshot, 'instanceId'>): string {
  return (
    `bandwidth package ${instance.instanceId} is not priced: the ${prices.region} price table has no ` +
    'bandwidthPackage.payByBandwidthPerMbpsHour (null), so its cost is not assessed rather than guessed'
  );
}

/** Why no billing-method switch is considered for this link (undefined: it may be switched). */
export function noBillingSwitch(
  instance: LinkFacts & Pick<InstanceSnapshot, 'internetChargeType' | 'instanceId'>,
): string | undefined {
  if (!isVpcLink(instance)) return undefined;
  if (linkKind(instance) === 'bandwidthPackage') {
    return (
      `bandwidth package ${instance.instanceId} (${instance.internetChargeType}): a package's billing method is ` +
      'not changed through ModifyCommonBandwidthPackageSpec'
    );
  }
  return (
    `routed to EIP ${routedEip(instance)} (${instance.internetChargeType}): an EIP's metering method is not changed ` +
    'through ModifyEipAddressAttribute, and ModifyInstanceNetworkSpec does not apply to it'
  );
}
