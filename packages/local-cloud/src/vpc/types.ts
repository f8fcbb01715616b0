/** The VPC emulator's model: EIPs and shared bandwidth packages (CBWP), seeded from a fixture object. */
import type { AcsCall } from '../acs/server.js';

export type EipStatus = 'Associating' | 'Unassociating' | 'InUse' | 'Available' | 'Releasing';
export type EipInternetChargeType = 'PayByBandwidth' | 'PayByTraffic';
export type InstanceChargeType = 'PostPaid' | 'PrePaid';
/** China-site billing methods of a shared bandwidth package (DescribeCommonBandwidthPackages). */
export type CbwpInternetChargeType = 'PayByBandwidth' | 'PayBy95' | 'PayByDominantTraffic';
export type CbwpStatus = 'Available' | 'Modifying';

export interface FixtureEip {
  allocationId: string;
  ipAddress: string;
  /** Mbps. */
  bandwidth: number;
  /** Billing method of the EIP's own bandwidth (default PayByTraffic). */
  internetChargeType?: EipInternetChargeType;
  /** Pay-as-you-go or subscription (default PostPaid). */
  chargeType?: InstanceChargeType;
  /** Default: InUse when bound, else Available. */
  status?: EipStatus;
  /** The bound ECS instance (InstanceType EcsInstance). */
  instanceId?: string;
  /** The shared bandwidth package the EIP is in. */
  bandwidthPackageId?: string;
  name?: string;
  /** `financial` answers Forbidden.FinancialLocked to a change. */
  lockReason?: 'financial' | 'security';
  /** Tags (`Tags.Tag`; the `Tag` filter of DescribeEipAddresses). */
  tags?: Record<string, string>;
}

export interface FixturePackage {
  bandwidthPackageId: string;
  /** Mbps. */
  bandwidth: number;
  /** Billing method (default PayByBandwidth). */
  internetChargeType?: CbwpInternetChargeType;
  /** Default PostPaid. */
  chargeType?: InstanceChargeType;
  status?: CbwpStatus;
  name?: string;
  /** Tags (`Tags.Tag`; the `Tag` filter of DescribeCommonBandwidthPackages). */
  tags?: Record<string, string>;
}

export interface VpcFixture {
  regionId?: string;
  eips: FixtureEip[];
  packages?: FixturePackage[];
}

export interface VpcTimings {
  /**
   * How long a ModifyCommonBandwidthPackageSpec stays Modifying (emulator time). The duration is not documented;
   * the API page only says the call is asynchronous.
   */
  cbwpModifyMs: number;
  /**
   * How long after a ModifyEipAddressAttribute another change of the same EIP answers
   * OperationFailed.ConcurrentRequest (emulator time). Not documented: a modelled order-settling window.
   */
  eipSettleMs: number;
}

export const DEFAULT_VPC_TIMINGS: VpcTimings = { cbwpModifyMs: 30_000, eipSettleMs: 1_000 };

export interface EipRecord {
  allocationId: string;
  ipAddress: string;
  bandwidth: number;
  internetChargeType: EipInternetChargeType;
  chargeType: InstanceChargeType;
  status: EipStatus;
  instanceId: string | undefined;
  bandwidthPackageId: string | undefined;
  name: string;
  description: string;
  lockReason: 'financial' | 'security' | undefined;
  tags: Record<string, string>;
  allocatedAtMs: number;
  /** The last change holds the EIP until then (OperationFailed.ConcurrentRequest). */
  busyUntilMs: number;
}

export interface PackageRecord {
  bandwidthPackageId: string;
  /** The bandwidth in force (while Modifying, the old one). */
  bandwidth: number;
  internetChargeType: CbwpInternetChargeType;
  chargeType: InstanceChargeType;
  name: string;
  tags: Record<string, string>;
  createdAtMs: number;
  /** Set while Modifying: the bandwidth that takes effect at `modifyingUntilMs`. */
  pending: { bandwidth: number; untilMs: number } | undefined;
}

export interface VpcChange {
  atMs: number;
  action: 'ModifyEipAddressAttribute' | 'ModifyCommonBandwidthPackageSpec' | 'CbwpModifyDone';
  resourceId: string;
  from: number;
  to: number;
}

/** One request as the emulator records it (the ACS server's shape). */
export type VpcApiCall = AcsCall;
