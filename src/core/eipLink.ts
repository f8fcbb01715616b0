/**
 * An instance whose public traffic goes through an Elastic IP (EIP): when its bandwidth is the EIP's to scale,
 * and what one bandwidth change of the instance becomes on the EIP. Pure: the routing decorator
 * (src/adapters/aliyun/eipRouting.ts) reads ECS and VPC, these functions decide (docs/eip.md).
 *
 * Routed, the instance looks to the decision core like a pay-as-you-go link billed as its EIP is: its bandwidth
 * is the EIP's, its metering method the EIP's, `eipBound` false. Only pay-as-you-go instances are routed: for a
 * subscription instance the core plans temporary upgrades and spends the 3-downgrade lifetime quota, neither of
 * which exists for an EIP.
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

/** Why the EIP cannot be changed for this instance (undefined: it can), whatever the target. */
function eipRefusal(instanceId: string, allocationId: string, eip: EipFacts | undefined): string | undefined {
  if (eip === undefined) return `EIP ${allocationId} bound to ${instanceId} is not found by DescribeEipAddresses`;
  if (eip.instanceId !== instanceId)
    return `EIP ${allocationId} is bound to ${eip.instanceId ?? 'nothing'} now, not to ${instanceId}`;
  if (eip.bandwidthPackageId !== undefined)
    return (
      `EIP ${allocationId} is in shared bandwidth package ${eip.bandwidthPackageId}: its bandwidth is the package's, ` +
      'shared with the package’s other EIPs, so it is not scaled per instance'
    );
  if (eip.chargeType === 'PrePaid')
    return `EIP ${allocationId} is a subscription: its bandwidth changes through an order, not ModifyEipAddressAttribute`;
  if (eip.lockReasons.length > 0) return `EIP ${allocationId} is locked (${eip.lockReasons.join(', ')})`;
  if (eip.status !== 'InUse') return `EIP ${allocationId} is ${eip.status || 'in an unknown state'}, not InUse`;
  return undefined;
}

/** How `instance` (as DescribeInstances shows it) should look to the core, given its EIP as VPC shows it. */
export function routeToEip(instance: InstanceSnapshot, eip: EipFacts | undefined): EipRoute {
  const allocationId = instance.eipAllocationId;
  if (!instance.eipBound || allocationId === undefined) return { kind: 'none' };
  const refused = eipRefusal(instance.instanceId, allocationId, eip);
  if (refused !== undefined || eip === undefined) return { kind: 'keep', reason: refused ?? '' };
  if (instance.instanceChargeType === 'PrePaid') {
    return {
      kind: 'keep',
      reason:
        `EIP ${allocationId} is bound to a subscription instance: its decisions would use temporary upgrades and ` +
        'the 3-downgrade lifetime quota, which an EIP does not have; only pay-as-you-go instances are routed',
    };
  }
  return {
    kind: 'route',
    instance: {
      ...instance,
      eipBound: false,
      eipAllocationId: allocationId,
      bandwidthOutMbps: eip.bandwidthMbps,
      internetChargeType: eip.internetChargeType,
      ...(eip.ipAddress ? { publicIp: eip.ipAddress } : {}),
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
  if (refused !== undefined || eip === undefined) {
    const code =
      eip === undefined
        ? 'InvalidAllocationId.NotFound'
        : eip.bandwidthPackageId !== undefined
          ? 'Forbidden.InCommonBandwidthPackage'
          : eip.chargeType === 'PrePaid'
            ? 'Forbidden.ChargeTypeIsPrepaid'
            : eip.instanceId !== req.instanceId
              ? 'EipRouting.NotBound'
              : 'IncorrectEipStatus';
    return { kind: 'refuse', code, message: refused ?? '' };
  }
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
