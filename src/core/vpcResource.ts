/**
 * Elastic IPs and shared bandwidth packages (CBWP) managed by a group of their own (`match.resource`), as the
 * decision core sees them and as one bandwidth change lands on them. Pure: the VPC resource decorator
 * (src/adapters/aliyun/vpcResources.ts) reads VPC, these functions decide (docs/eip.md).
 *
 * A resource is shown as a bandwidth-only snapshot: no CPU, no instance type, always `Running`, pay-as-you-go for
 * bandwidth; `linkRefusal` says why it cannot be changed (the core then skips it `unsupported`). An EIP keeps its
 * own allocation id in `eipAllocationId`, so every rule for a routed EIP (its price table, its 1–200 / 1–500 Mbps
 * range, no billing switch) applies to it as well.
 */
import { EIP_RESOURCE_STATUSES, type EipChangeRequest, type EipFacts, eipStateRefusal } from './eipLink.js';
import { type PackageFacts, packageRefusal } from './linkCost.js';
import type { InstanceSnapshot } from './types.js';

/** ModifyCommonBandwidthPackageSpec's `Bandwidth` range for a pay-by-bandwidth package, China site (vpc.json). */
export const PACKAGE_BANDWIDTH_RANGE = { minMbps: 2, maxMbps: 20000 } as const;

/** An EIP as a group of EIPs manages it: its own bandwidth (not its package's), its name and tags. */
export interface EipResourceFacts extends EipFacts {
  name?: string;
  tags: Readonly<Record<string, string>>;
}

/** A package as a group of packages manages it. */
export interface PackageResourceFacts extends PackageFacts {
  /** Available, or Modifying while a spec change is in progress. */
  status: string;
  name?: string;
  tags: Readonly<Record<string, string>>;
}

/** The fields every resource snapshot shares: nothing but a link. */
function linkSnapshot(id: string, regionId: string, name: string | undefined) {
  return {
    instanceId: id,
    ...(name ? { instanceName: name } : {}),
    regionId,
    zoneId: '',
    status: 'Running' as const,
    instanceType: '',
    instanceTypeFamily: '',
    cpu: 0,
    memoryMiB: 0,
    bandwidthInMbps: 0,
    eipBound: false,
  };
}

/** An EIP as the core sees it when a group of EIPs manages it. */
export function eipResourceSnapshot(eip: EipResourceFacts, regionId: string): InstanceSnapshot {
  const refusal = eipStateRefusal(eip, EIP_RESOURCE_STATUSES);
  return {
    ...linkSnapshot(eip.allocationId, regionId, eip.name),
    instanceChargeType: eip.chargeType,
    internetChargeType: eip.internetChargeType,
    bandwidthOutMbps: eip.bandwidthMbps,
    ...(eip.ipAddress ? { publicIp: eip.ipAddress } : {}),
    eipAllocationId: eip.allocationId,
    securityLocked: eip.lockReasons.includes('security'),
    tags: { ...eip.tags },
    resource: 'eip',
    ...(refusal !== undefined ? { linkRefusal: refusal } : {}),
  };
}

/** A package as the core sees it when a group of packages manages it. */
export function packageResourceSnapshot(pkg: PackageResourceFacts, regionId: string): InstanceSnapshot {
  const refusal = packageRefusal(pkg);
  return {
    ...linkSnapshot(pkg.bandwidthPackageId, regionId, pkg.name),
    instanceChargeType: pkg.chargeType,
    internetChargeType: 'PayByBandwidth',
    bandwidthOutMbps: pkg.bandwidthMbps,
    securityLocked: false,
    tags: { ...pkg.tags },
    resource: 'bandwidthPackage',
    ...(refusal !== undefined ? { linkRefusal: refusal } : {}),
  };
}

export type PackageWrite =
  /** The package already has the target: nothing to send (a duplicate, or a change whose answer was lost). */
  | { kind: 'none' }
  | { kind: 'modify'; bandwidthPackageId: string; bandwidthMbps: number }
  /**
   * Refused without a call. `retryable`: not now, but after a fresh read (a change in progress); `code` is the
   * platform's code when the platform would answer the same.
   */
  | { kind: 'refuse'; code: string; message: string; retryable: boolean };

const refuse = (code: string, message: string, retryable = false): PackageWrite => ({
  kind: 'refuse',
  code,
  message,
  retryable,
});

/**
 * What one change becomes on the package, decided on a FRESH DescribeCommonBandwidthPackages (read-before-write):
 * the target is absolute and ModifyCommonBandwidthPackageSpec has no ClientToken, so a package already at it needs
 * no call. A package still Modifying shows its old bandwidth: the change is refused as retryable, and the retry
 * reads again (once the change in progress has landed, a lost answer is then seen applied).
 */
export function planPackageWrite(
  bandwidthPackageId: string,
  pkg: PackageResourceFacts | undefined,
  req: EipChangeRequest,
): PackageWrite {
  const id = bandwidthPackageId;
  if (pkg === undefined)
    return refuse(
      'InvalidBandwidthPackageId.NotFound',
      `package ${id} is not found by DescribeCommonBandwidthPackages`,
    );
  const refusal = packageRefusal(pkg);
  if (refusal !== undefined)
    return refuse(pkg.chargeType === 'PrePaid' ? 'Forbidden.ChargeTypeIsPrepaid' : 'VpcResource.Unsupported', refusal);
  if (req.startTime !== undefined || req.endTime !== undefined)
    return refuse(
      'VpcResource.NoTemporaryUpgrade',
      `package ${id}: a shared bandwidth package has no temporary upgrade (StartTime/EndTime); ask for a permanent change`,
    );
  if (req.networkChargeType !== undefined && req.networkChargeType !== 'PayByBandwidth')
    return refuse(
      'VpcResource.NoBillingSwitch',
      `package ${id} is PayByBandwidth: switching its billing method to ${req.networkChargeType} is not done by the ` +
        'autoscaler (it is not part of ModifyCommonBandwidthPackageSpec)',
    );
  const { minMbps, maxMbps } = PACKAGE_BANDWIDTH_RANGE;
  const mbps = req.bandwidthOutMbps;
  if (!Number.isInteger(mbps) || mbps < minMbps || mbps > maxMbps)
    return refuse('InvalidParameter', `package ${id} (PayByBandwidth) takes ${minMbps}–${maxMbps} Mbps, not ${mbps}`);
  if (pkg.status === 'Modifying')
    return refuse(
      'IncorrectStatus.CbwpModifying',
      `package ${id} is Modifying (a spec change in progress): read it again once it is Available`,
      true,
    );
  if (pkg.status !== 'Available')
    return refuse(
      'IncorrectStatus.ResourceStatus',
      `package ${id} is ${pkg.status || 'in an unknown state'}, not Available`,
    );
  if (pkg.bandwidthMbps === mbps) return { kind: 'none' };
  return { kind: 'modify', bandwidthPackageId: id, bandwidthMbps: mbps };
}
