/**
 * An instance whose public traffic goes through an Elastic IP (EIP): when its bandwidth is the EIP's to scale,
 * and what one bandwidth change of the instance becomes on the EIP. Pure: the routing decorator
 * (src/adapters/aliyun/eipRouting.ts) reads ECS and VPC, these functions decide (docs/eip.md).
 *
 * Routed, the instance looks to the decision core like a pay-as-you-go link billed as its EIP is: its bandwidth
 * is the EIP's, its metering method the EIP's, `eipBound` false. A subscription instance is routed too: the core
 * treats a routed link as pay-as-you-go for bandwidth (no temporary upgrade, no 3-downgrade lifetime quota, which
 * an EIP does not have), whatever the instance's own billing.
 */
import type { InstanceSnapshot, InternetChargeType } from './types.js';

/** What the routing needs to know of an EIP (a subset of the VpcApi port's EipAddress). */
export interface EipFacts {
  allocationId: string;
  ipAddress: string;
  /** The EIP's own bandwidth, Mbps. */
  bandwidthMbps: number;
  internetChargeType: InternetChargeType;
  chargeType: 'PostPaid' | 'PrePaid';
  status: string;
  instanceId?: string;
  bandwidthPackageId?: string;
  lockReasons: readonly string[];
  /** The EIP's tags: put on a routed snapshot (`eipTags`) so that a group of EIPs can claim it (app/groups.ts). */
  tags?: Readonly<Record<string, string>>;
}

/** ModifyEipAddressAttribute's `Bandwidth` range per metering method (Mbps): 1–200 by traffic, 1–500 by bandwidth. */
export const EIP_BANDWIDTH_RANGE: Readonly<Record<InternetChargeType, { minMbps: number; maxMbps: number }>> = {
  PayByTraffic: { minMbps: 1, maxMbps: 200 },
  PayByBandwidth: { minMbps: 1, maxMbps: 500 },
};

export type EipRoute =
  /** No EIP bound: the instance is its own link. */
  | { kind: 'none' }
  /** The instance as the core should see it: the EIP's bandwidth and billing. */
  | { kind: 'route'; instance: InstanceSnapshot }
  /** An EIP is bound but is not scaled through this instance; the snapshot stays `eipBound`, and why. */
  | { kind: 'keep'; reason: string };

/**
 * Why this EIP's own bandwidth cannot be changed at all (undefined: it can), whatever the target and whoever asks:
 * in a package, a subscription, locked, or in a status other than `usable`.
 */
export function eipStateRefusal(eip: EipFacts, usable: readonly string[]): string | undefined {
  const id = eip.allocationId;
  if (eip.bandwidthPackageId !== undefined)
    return (
      `EIP ${id} is in shared bandwidth package ${eip.bandwidthPackageId}: its bandwidth is the package's, ` +
      'shared with the package’s other EIPs, so it is not scaled per instance nor per EIP (a group of ' +
      '`bandwidthPackage` scales the package)'
    );
  if (eip.chargeType === 'PrePaid')
    return `EIP ${id} is a subscription: its bandwidth changes through an order, not ModifyEipAddressAttribute`;
  if (eip.lockReasons.length > 0) return `EIP ${id} is locked (${eip.lockReasons.join(', ')})`;
  if (!usable.includes(eip.status))
    return `EIP ${id} is ${eip.status || 'in an unknown state'}, not ${usable.join(' or ')}`;
  return undefined;
}

/** Why the EIP cannot be changed for this instance (undefined: it can), whatever the target. */
function eipRefusal(instanceId: string, allocationId: string, eip: EipFacts | undefined): string | undefined {
  if (eip === undefined) return `EIP ${allocationId} bound to ${instanceId} is not found by DescribeEipAddresses`;
  if (eip.instanceId !== instanceId)
    return `EIP ${allocationId} is bound to ${eip.instanceId ?? 'nothing'} now, not to ${instanceId}`;
  return eipStateRefusal(eip, ['InUse']);
}

/** The platform's code for a refused EIP (the one ModifyEipAddressAttribute would answer, where there is one). */
function refusalCode(eip: EipFacts | undefined, boundTo: string | undefined): string {
  if (eip === undefined) return 'InvalidAllocationId.NotFound';
  if (eip.bandwidthPackageId !== undefined) return 'Forbidden.InCommonBandwidthPackage';
  if (eip.chargeType === 'PrePaid') return 'Forbidden.ChargeTypeIsPrepaid';
  if (boundTo !== undefined && eip.instanceId !== boundTo) return 'EipRouting.NotBound';
  return 'IncorrectEipStatus';
}

/** How `instance` (as DescribeInstances shows it) should look to the core, given its EIP as VPC shows it. */
export function routeToEip(instance: InstanceSnapshot, eip: EipFacts | undefined): EipRoute {
  const allocationId = instance.eipAllocationId;
  if (!instance.eipBound || allocationId === undefined) return { kind: 'none' };
  const refused = eipRefusal(instance.instanceId, allocationId, eip);
  if (refused !== undefined || eip === undefined) return { kind: 'keep', reason: refused ?? '' };
  return {
    kind: 'route',
    instance: {
      ...instance,
      eipBound: false,
      eipAllocationId: allocationId,
      bandwidthOutMbps: eip.bandwidthMbps,
      internetChargeType: eip.internetChargeType,
      ...(eip.ipAddress ? { publicIp: eip.ipAddress } : {}),
      ...(eip.tags ? { eipTags: { ...eip.tags } } : {}),
    },
  };
}

/** A bandwidth change asked of a routed instance (the fields of ModifyInstanceNetworkSpec that matter). */
export interface EipChangeRequest {
  instanceId: string;
  bandwidthOutMbps: number;
  networkChargeType?: InternetChargeType;
  startTime?: string;
  endTime?: string;
}

export type EipWrite =
  /** The EIP already has the target: nothing to send (a duplicate, or a change whose answer was lost). */
  | { kind: 'none' }
  | { kind: 'modify'; allocationId: string; bandwidthMbps: number }
  /** Refused without a call: `code` is the platform's code when the platform would answer the same. */
  | { kind: 'refuse'; code: string; message: string };

/**
 * What one change becomes on the EIP, decided on a FRESH read of it (read-before-write): the target is
 * absolute, so an EIP already at it needs no call. No ClientToken exists for ModifyEipAddressAttribute.
 */
export function planEipWrite(allocationId: string, eip: EipFacts | undefined, req: EipChangeRequest): EipWrite {
  const refused = eipRefusal(req.instanceId, allocationId, eip);
  if (refused !== undefined || eip === undefined)
    return { kind: 'refuse', code: refusalCode(eip, req.instanceId), message: refused ?? '' };
  return planEipChange(allocationId, eip, req);
}

/**
 * What one change becomes on an EIP that is itself the managed resource (a group of `resource: eip`), on a fresh
 * read: the rules of planEipWrite without the binding (the EIP may be bound to anything or nothing, InUse or
 * Available).
 */
export function planEipResourceWrite(allocationId: string, eip: EipFacts | undefined, req: EipChangeRequest): EipWrite {
  const refused =
    eip === undefined
      ? `EIP ${allocationId} is not found by DescribeEipAddresses`
      : eipStateRefusal(eip, EIP_RESOURCE_STATUSES);
  if (refused !== undefined || eip === undefined)
    return { kind: 'refuse', code: refusalCode(eip, undefined), message: refused ?? '' };
  return planEipChange(allocationId, eip, req);
}

/** The statuses in which ModifyEipAddressAttribute changes an EIP. */
export const EIP_RESOURCE_STATUSES: readonly string[] = ['InUse', 'Available'];

/** The target against an EIP that may be changed: no temporary upgrade, no billing switch, in range, if different. */
function planEipChange(allocationId: string, eip: EipFacts, req: EipChangeRequest): EipWrite {
  if (req.startTime !== undefined || req.endTime !== undefined) {
    return {
      kind: 'refuse',
      code: 'EipRouting.NoTemporaryUpgrade',
      message: `EIP ${allocationId}: an EIP has no temporary upgrade (StartTime/EndTime); ask for a permanent change`,
    };
  }
  if (req.networkChargeType !== undefined && req.networkChargeType !== eip.internetChargeType) {
    return {
      kind: 'refuse',
      code: 'EipRouting.NoBillingSwitch',
      message:
        `EIP ${allocationId} is ${eip.internetChargeType}: switching an EIP's metering method to ` +
        `${req.networkChargeType} is not done by the autoscaler (it is not part of ModifyEipAddressAttribute)`,
    };
  }
  const range = EIP_BANDWIDTH_RANGE[eip.internetChargeType];
  if (
    !Number.isInteger(req.bandwidthOutMbps) ||
    req.bandwidthOutMbps < range.minMbps ||
    req.bandwidthOutMbps > range.maxMbps
  ) {
    return {
      kind: 'refuse',
      code: 'InvalidParameter',
      message: `EIP ${allocationId} (${eip.internetChargeType}) takes ${range.minMbps}–${range.maxMbps} Mbps, not ${req.bandwidthOutMbps}`,
    };
  }
  if (eip.bandwidthMbps === req.bandwidthOutMbps) return { kind: 'none' };
  return { kind: 'modify', allocationId, bandwidthMbps: req.bandwidthOutMbps };
}
