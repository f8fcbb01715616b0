/**
 * What a snapshot's public bandwidth is (docs/eip.md): the instance's own, an EIP it is routed to
 * (`eipAllocationId` set, not `eipBound`), or a VPC resource a group manages directly (`resource`: an EIP or a
 * shared bandwidth package). A routed or resource link is changed through VPC and billed by the link, never by the
 * instance's subscription: it is pay-as-you-go for every bandwidth rule (no temporary upgrade, no 3-downgrade
 * lifetime quota, no public IP allocation, no billing switch), and its range is the VPC API's.
 */
import { EIP_BANDWIDTH_RANGE } from './eipLink.js';
import { type MbpsRange, platformBandwidthRange } from './platform.js';
import { PACKAGE_BANDWIDTH_RANGE } from './vpcResource.js';
import type { InstanceChargeType, InstanceSnapshot, InternetChargeType, LinkResource } from './types.js';

/** What says which link a snapshot's bandwidth is (absent fields: the instance's own). */
export type LinkShape = Partial<Pick<InstanceSnapshot, 'eipBound' | 'eipAllocationId' | 'resource'>>;
export type LinkFacts = LinkShape & Pick<InstanceSnapshot, 'instanceChargeType'>;

/** Where the bandwidth metric of this snapshot is read: the instance's own (vpc/classic), the EIP's, the package's. */
export type BandwidthMetricSource = 'vpc' | 'classic' | 'eip' | 'bandwidthPackage';

/**
 * The VPC resource an id names, by Alibaba Cloud's id prefixes (`eip-…` allocation ids, `cbwp-…` package ids), or
 * undefined for anything else (an instance `i-…`). How an audit trail or a change request is told apart without a
 * snapshot.
 */
export function resourceOfId(id: string): LinkResource | undefined {
  if (id.startsWith('eip-')) return 'eip';
  if (id.startsWith('cbwp-')) return 'bandwidthPackage';
  return undefined;
}

/** The link kind, when the bandwidth is not the instance's own: an EIP (routed or managed) or a package. */
export function linkKind(instance: LinkShape): LinkResource | undefined {
  if (instance.resource !== undefined) return instance.resource;
  return instance.eipBound !== true && instance.eipAllocationId !== undefined ? 'eip' : undefined;
}

/** True when the bandwidth is a VPC link's (a routed EIP or a resource snapshot), not the instance's own. */
export function isVpcLink(instance: LinkShape): boolean {
  return linkKind(instance) !== undefined;
}

/**
 * The charge type the bandwidth is billed as: a VPC link is pay-as-you-go (its own charge type is refused by the
 * routing or `linkRefusal` when it is a subscription), whatever the instance's. Instance-type rules keep the
 * instance's own charge type.
 */
export function bandwidthChargeType(instance: LinkFacts): InstanceChargeType {
  return isVpcLink(instance) ? 'PostPaid' : instance.instanceChargeType;
}

/** The Mbps range the link's API accepts under a metering method. */
export function linkBandwidthRange(instance: LinkFacts, internetChargeType: InternetChargeType): MbpsRange {
  switch (linkKind(instance)) {
    case 'eip':
      return EIP_BANDWIDTH_RANGE[internetChargeType];
    case 'bandwidthPackage':
      return PACKAGE_BANDWIDTH_RANGE;
    default:
      return platformBandwidthRange(instance.instanceChargeType, internetChargeType);
  }
}

/** Where this snapshot's outbound bandwidth is measured. A routed instance's is its own (the EIP's traffic). */
export function bandwidthMetricSource(
  instance: Pick<InstanceSnapshot, 'resource' | 'networkType'>,
): BandwidthMetricSource {
  if (instance.resource !== undefined) return instance.resource;
  return instance.networkType === 'classic' ? 'classic' : 'vpc';
}

/** How a resource snapshot is named in messages: `EIP eip-…`, `bandwidth package cbwp-…` (undefined: an instance). */
export function resourceLabel(instance: Pick<InstanceSnapshot, 'resource' | 'instanceId'>): string | undefined {
  if (instance.resource === undefined) return undefined;
  return `${instance.resource === 'eip' ? 'EIP' : 'bandwidth package'} ${instance.instanceId}`;
}
