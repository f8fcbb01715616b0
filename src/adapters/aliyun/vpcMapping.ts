/**
 * Maps the VPC SDK's camelCase response models into the VpcApi port's types. Bandwidths come as strings.
 */
import type * as $Vpc from '@alicloud/vpc20160428';
import type { BandwidthPackage, EipAddress } from '../../ports/VpcApi.js';

type SdkEip = $Vpc.DescribeEipAddressesResponseBodyEipAddressesEipAddress;
type SdkPackage = $Vpc.DescribeCommonBandwidthPackagesResponseBodyCommonBandwidthPackagesCommonBandwidthPackage;

/** A bandwidth string (`"10"`) as a number; anything that is not one is 0. */
function mbps(text: string | undefined): number {
  const n = Number(text);
  return text !== undefined && text !== '' && Number.isFinite(n) ? n : 0;
}

/** `Tags.Tag` ([{Key, Value}]) → a record; entries without a key are dropped. */
function tagsOf(list: readonly { key?: string; value?: string }[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of list ?? []) if (t.key) out[t.key] = t.value ?? '';
  return out;
}

/** One DescribeEipAddresses item → EipAddress. */
export function toEipAddress(e: SdkEip): EipAddress {
  const bandwidthPackageId = e.bandwidthPackageId || undefined;
  const bandwidthMbps = mbps(e.bandwidth);
  return {
    allocationId: e.allocationId ?? '',
    ...(e.name ? { name: e.name } : {}),
    ipAddress: e.ipAddress ?? '',
    bandwidthMbps,
    eipBandwidthMbps: bandwidthPackageId && e.eipBandwidth ? mbps(e.eipBandwidth) : bandwidthMbps,
    internetChargeType: e.internetChargeType === 'PayByBandwidth' ? 'PayByBandwidth' : 'PayByTraffic',
    chargeType: e.chargeType === 'PrePaid' ? 'PrePaid' : 'PostPaid',
    status: e.status ?? '',
    ...(e.instanceId ? { instanceId: e.instanceId } : {}),
    ...(e.instanceType ? { instanceType: e.instanceType } : {}),
    ...(bandwidthPackageId ? { bandwidthPackageId } : {}),
    lockReasons: (e.operationLocks?.lockReason ?? []).map((l) => l.lockReason ?? '').filter((r) => r !== ''),
    tags: tagsOf(e.tags?.tag),
  };
}

/** One DescribeCommonBandwidthPackages item → BandwidthPackage. */
export function toBandwidthPackage(p: SdkPackage): BandwidthPackage {
  return {
    bandwidthPackageId: p.bandwidthPackageId ?? '',
    ...(p.name ? { name: p.name } : {}),
    bandwidthMbps: mbps(p.bandwidth),
    internetChargeType: p.internetChargeType ?? '',
    chargeType: p.instanceChargeType === 'PrePaid' ? 'PrePaid' : 'PostPaid',
    status: p.status ?? '',
    ...(typeof p.ratio === 'number' && p.ratio > 0 ? { ratioPercent: p.ratio } : {}),
    allocationIds: (p.publicIpAddresses?.publicIpAddresse ?? []).map((a) => a.allocationId ?? '').filter(Boolean),
    tags: tagsOf(p.tags?.tag),
  };
}
