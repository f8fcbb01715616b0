/**
 * The DescribeInstances item shape (alibaba-platform.md §6.1): PascalCase keys, list wrappers with singular
 * inner keys (`PublicIpAddress.IpAddress[]`, `OperationLocks.LockReason[]`, `Tags.Tag[]`), Memory in MiB.
 */
import { INSTANCE_TYPES } from './catalog.js';
import { formatMinuteTime } from './params.js';
import { effectiveBandwidthOut } from './state.js';
import type { EmulatedInstance } from './types.js';

export function renderInstance(inst: EmulatedInstance, nowMs: number): Record<string, unknown> {
  const spec = INSTANCE_TYPES.get(inst.instanceType);
  return {
    InstanceId: inst.instanceId,
    InstanceName: inst.instanceName,
    HostName: inst.instanceName,
    RegionId: inst.regionId,
    ZoneId: inst.zoneId,
    Status: inst.status,
    InstanceType: inst.instanceType,
    InstanceTypeFamily: spec?.family ?? '',
    Cpu: spec?.cpu ?? 0,
    Memory: (spec?.memoryGiB ?? 0) * 1024,
    InstanceChargeType: inst.instanceChargeType,
    InternetChargeType: inst.internetChargeType,
    InternetMaxBandwidthOut: inst.eip ? 0 : effectiveBandwidthOut(inst, nowMs),
    InternetMaxBandwidthIn: inst.bandwidthInMbps,
    PublicIpAddress: { IpAddress: inst.publicIp ? [inst.publicIp] : [] },
    EipAddress: inst.eip
      ? {
          AllocationId: inst.eip.allocationId,
          IpAddress: inst.eip.ipAddress,
          Bandwidth: inst.eip.bandwidthMbps,
          InternetChargeType: inst.eip.internetChargeType ?? 'PayByTraffic',
        }
      : { AllocationId: '', IpAddress: '', InternetChargeType: '' },
    VpcAttributes: {
      VpcId: inst.vpcId,
      VSwitchId: inst.vSwitchId,
      PrivateIpAddress: { IpAddress: [inst.privateIp] },
      NatIpAddress: '',
    },
    InstanceNetworkType: 'vpc',
    StoppedMode: inst.status === 'Running' ? 'Not-applicable' : inst.stoppedMode,
    CreationTime: formatMinuteTime(inst.creationTimeMs),
    ExpiredTime: inst.expiredTimeMs !== undefined ? formatMinuteTime(inst.expiredTimeMs) : '2099-12-31T15:59Z',
    OSType: 'linux',
    OperationLocks: { LockReason: inst.lockReasons.map((r) => ({ LockReason: r, LockMsg: '' })) },
    Tags: { Tag: Object.entries(inst.tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue })) },
  };
}
