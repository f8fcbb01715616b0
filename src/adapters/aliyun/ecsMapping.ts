/**
 * Maps the ECS SDK's camelCase response models into the autoscaler's domain types.
 */
import type * as $Ecs from '@alicloud/ecs20140526';
import type { InstanceChargeType, InstanceSnapshot, InstanceStatus, InternetChargeType } from '../../core/types.js';
import type { InstanceTypeInfo, ModificationAvailability } from '../../ports/EcsApi.js';

type SdkInstance = $Ecs.DescribeInstancesResponseBodyInstancesInstance;

const STATUSES: readonly InstanceStatus[] = ['Pending', 'Running', 'Starting', 'Stopping', 'Stopped'];

/** One DescribeInstances item → InstanceSnapshot. */
export function toSnapshot(i: SdkInstance, fallbackRegionId: string): InstanceSnapshot {
  const status = STATUSES.includes(i.status as InstanceStatus) ? (i.status as InstanceStatus) : 'Pending';
  const eipIp = i.eipAddress?.ipAddress || undefined;
  const publicIp = i.publicIpAddress?.ipAddress?.[0] ?? eipIp;
  const tags = Object.fromEntries((i.tags?.tag ?? []).map((t) => [t.tagKey ?? '', t.tagValue ?? '']));
  const chargeType: InstanceChargeType = i.instanceChargeType === 'PrePaid' ? 'PrePaid' : 'PostPaid';
  const expiredMs = i.expiredTime ? Date.parse(i.expiredTime) : Number.NaN;
  return {
    instanceId: i.instanceId ?? '',
    ...(i.instanceName ? { instanceName: i.instanceName } : {}),
    regionId: i.regionId ?? fallbackRegionId,
    zoneId: i.zoneId ?? '',
    status,
    instanceType: i.instanceType ?? '',
    instanceTypeFamily: i.instanceTypeFamily ?? '',
    cpu: i.cpu ?? 0,
    memoryMiB: i.memory ?? 0,
    instanceChargeType: chargeType,
    internetChargeType: (i.internetChargeType === 'PayByBandwidth'
      ? 'PayByBandwidth'
      : 'PayByTraffic') as InternetChargeType,
    bandwidthOutMbps: i.internetMaxBandwidthOut ?? 0,
    bandwidthInMbps: i.internetMaxBandwidthIn ?? 0,
    ...(publicIp ? { publicIp } : {}),
    eipBound: Boolean(i.eipAddress?.allocationId),
    ...(i.eipAddress?.allocationId ? { eipAllocationId: i.eipAddress.allocationId } : {}),
    securityLocked: (i.operationLocks?.lockReason ?? []).some((l) => l.lockReason === 'security'),
    tags,
    ...(chargeType === 'PrePaid' && Number.isFinite(expiredMs) ? { expiredTimeMs: expiredMs } : {}),
    ...(i.instanceNetworkType === 'classic' ? { networkType: 'classic' as const } : {}),
  };
}

export function toInstanceTypeInfo(
  t: $Ecs.DescribeInstanceTypesResponseBodyInstanceTypesInstanceType,
): InstanceTypeInfo {
  return {
    instanceTypeId: t.instanceTypeId ?? '',
    family: t.instanceTypeFamily ?? '',
    cpu: t.cpuCoreCount ?? 0,
    memoryGiB: t.memorySize ?? 0,
  };
}

/** Find `targetType` in a DescribeResourcesModification answer (statuses compared case-insensitively). */
export function toAvailability(
  body: $Ecs.DescribeResourcesModificationResponseBody | undefined,
  targetType: string,
): ModificationAvailability {
  const requestId = body?.requestId ?? '';
  for (const zone of body?.availableZones?.availableZone ?? []) {
    for (const resource of zone.availableResources?.availableResource ?? []) {
      const hit = resource.supportedResources?.supportedResource?.find((s) => s.value === targetType);
      if (hit) {
        const status = hit.status ?? '';
        const statusCategory = hit.statusCategory ?? '';
        const available = status.toLowerCase() === 'available' && statusCategory.toLowerCase() !== 'withoutstock';
        return { available, status, statusCategory, requestId };
      }
    }
  }
  return { available: false, status: 'NotOffered', statusCategory: 'WithoutStock', requestId };
}
