/**
 * The link an instance's public bandwidth is, as the optimiser prices and bounds it (pure, docs/eip.md): its own
 * public bandwidth, or — routed by the EIP routing (src/adapters/aliyun/eipRouting.ts) — its Elastic IP's. A routed
 * instance's snapshot names the EIP (`eipAllocationId`) and is not `eipBound`. Its bandwidth changes through
 * ModifyEipAddressAttribute, which has no metering-method parameter: a routed link never switches billing.
 */
import { EIP_BANDWIDTH_RANGE } from '../eipLink.js';
import type { PriceTable } from '../cost.js';
import { linkPriceTable } from '../linkCost.js';
import { type MbpsRange, platformBandwidthRange } from '../platform.js';
import type { InstanceSnapshot, InternetChargeType } from '../types.js';

type LinkFacts = Pick<InstanceSnapshot, 'eipBound' | 'eipAllocationId' | 'instanceChargeType'>;

/** The EIP a routed instance's bandwidth is (undefined: the instance's own, or an EIP-bound instance not routed). */
export function routedEip(instance: Pick<InstanceSnapshot, 'eipBound' | 'eipAllocationId'>): string | undefined {
  return instance.eipBound ? undefined : instance.eipAllocationId;
}

/** The Mbps range of the link under a metering method: the EIP's (1–200 / 1–500) when routed, else ECS's. */
export function linkRange(instance: LinkFacts, internetChargeType: InternetChargeType): MbpsRange {
  return routedEip(instance) === undefined
    ? platformBandwidthRange(instance.instanceChargeType, internetChargeType)
    : EIP_BANDWIDTH_RANGE[internetChargeType];
}

/** The prices the link is billed at: the table's EIP prices when routed (linkPriceTable). */
export function linkPrices(prices: PriceTable, instance: LinkFacts): PriceTable {
  return linkPriceTable(prices, instance);
}

/** Why no billing-method switch is considered for this link (undefined: it may be switched). */
export function noBillingSwitch(
  instance: LinkFacts & Pick<InstanceSnapshot, 'internetChargeType'>,
): string | undefined {
  const eip = routedEip(instance);
  if (eip === undefined) return undefined;
  return (
    `routed to EIP ${eip} (${instance.internetChargeType}): an EIP's metering method is not changed through ` +
    'ModifyEipAddressAttribute, and ModifyInstanceNetworkSpec does not apply to it'
  );
}
