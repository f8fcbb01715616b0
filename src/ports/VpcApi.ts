/**
 * The VPC operations the autoscaler uses on Elastic IP addresses (EIPs) and Internet Shared Bandwidth packages
 * (CBWP). Implemented by `src/adapters/aliyun/vpc` on the official `@alicloud/vpc20160428` client (the real cloud
 * or the local VPC emulator). There is no shared fake: tests run the adapter over the VPC emulator. Bandwidths
 * are Mbps.
 *
 * Neither ModifyEipAddressAttribute nor ModifyCommonBandwidthPackageSpec takes a ClientToken: a change is made
 * idempotent by its caller (an absolute target, a read before the write, the per-instance lease: docs/eip.md).
 * The adapter therefore never retries a modification by itself. Failures throw `CloudApiError` (src/core/errors.ts).
 */
import type { InstanceChargeType, InternetChargeType } from '../core/types.js';
import type { ApiResult } from './EcsApi.js';

/** One EIP as DescribeEipAddresses shows it. */
export interface EipAddress {
  allocationId: string;
  /** The EIP's name (`Name`). */
  name?: string;
  ipAddress: string;
  /** The bandwidth that limits the EIP now: its own, or its package's when it is in one (`Bandwidth`). */
  bandwidthMbps: number;
  /** The EIP's own bandwidth (`EipBandwidth` when in a package, else `Bandwidth`). */
  eipBandwidthMbps: number;
  /** The EIP's own metering method (its package's billing applies while it is in one). */
  internetChargeType: InternetChargeType;
  /** Pay-as-you-go (PostPaid) or subscription (PrePaid). */
  chargeType: InstanceChargeType;
  /** InUse, Available, Associating, Unassociating, Releasing. */
  status: string;
  /** The bound resource (an ECS instance id for `instanceType` EcsInstance). */
  instanceId?: string;
  instanceType?: string;
  /** The shared bandwidth package the EIP is in. */
  bandwidthPackageId?: string;
  /** `OperationLocks.LockReason` values (financial, security …). */
  lockReasons: string[];
  /** The EIP's tags (`Tags.Tag`). */
  tags: Record<string, string>;
}

/** CBWP billing methods on the China site (DescribeCommonBandwidthPackages `InternetChargeType`). */
export type BandwidthPackageBilling = 'PayByBandwidth' | 'PayBy95' | 'PayByDominantTraffic';

/** One shared bandwidth package as DescribeCommonBandwidthPackages shows it. */
export interface BandwidthPackage {
  bandwidthPackageId: string;
  /** The package's name (`Name`). */
  name?: string;
  bandwidthMbps: number;
  /** Unknown values are kept as they came (the product then refuses to act on the package). */
  internetChargeType: BandwidthPackageBilling | string;
  chargeType: InstanceChargeType;
  /** Available, or Modifying while a spec change is in progress. */
  status: string;
  /** Minimum-bandwidth percentage of an enhanced-95th-percentile package (`Ratio`, 20). */
  ratioPercent?: number;
  /** The EIPs in the package. */
  allocationIds: string[];
  /** The package's tags (`Tags.Tag`). */
  tags: Record<string, string>;
}

export interface VpcApi {
  /**
   * EIPs by allocation id (any number; the adapter asks 50 at a time), the one bound to an instance, or every EIP
   * carrying all of `tags` (the adapter follows the pages).
   */
  describeEipAddresses(req: {
    allocationIds?: readonly string[];
    associatedInstanceId?: string;
    tags?: Record<string, string>;
  }): Promise<EipAddress[]>;
  /** Set an EIP's own bandwidth (absolute). Not retried by the adapter: no ClientToken exists. */
  modifyEipAddressAttribute(req: { allocationId: string; bandwidthMbps: number }): Promise<ApiResult>;
  /** Packages by id, or carrying all of `tags` (all of the region when neither is given). */
  describeCommonBandwidthPackages(req: {
    bandwidthPackageIds?: readonly string[];
    tags?: Record<string, string>;
  }): Promise<BandwidthPackage[]>;
  /** Set a package's bandwidth (absolute; asynchronous: Modifying, then Available). Not retried by the adapter. */
  modifyCommonBandwidthPackageSpec(req: { bandwidthPackageId: string; bandwidthMbps: number }): Promise<ApiResult>;
}
