/**
 * The VPC emulator's fixture from a fleet file: an instance's `eip` becomes an EIP bound to it (InUse), the
 * fleet's `eips` unbound ones (Available), its `bandwidthPackages` the shared bandwidth packages. The fleet is the
 * one source of truth: the ECS emulator keeps only the binding and, once linked (`EcsState.linkEips`), reads
 * each EIP's bandwidth from the VPC state.
 */
import type { EipBinding, FleetFile } from '../ecs/types.js';
import type { VpcState } from './state.js';
import type { FixtureEip, VpcFixture } from './types.js';

function fixtureEip(e: EipBinding, instanceId?: string): FixtureEip {
  return {
    allocationId: e.allocationId,
    ipAddress: e.ipAddress,
    bandwidth: e.bandwidthMbps,
    internetChargeType: e.internetChargeType ?? 'PayByTraffic',
    chargeType: e.chargeType ?? 'PostPaid',
    ...(instanceId ? { instanceId } : {}),
    ...(e.bandwidthPackageId ? { bandwidthPackageId: e.bandwidthPackageId } : {}),
    ...(e.name ? { name: e.name } : {}),
    ...(e.tags ? { tags: { ...e.tags } } : {}),
  };
}

/** The EIPs and packages a (validated) fleet declares. */
export function vpcFixtureFromFleet(fleet: FleetFile): VpcFixture {
  return {
    ...(fleet.regionId ? { regionId: fleet.regionId } : {}),
    eips: [
      ...fleet.instances.flatMap((i) => (i.eip ? [fixtureEip(i.eip, i.instanceId)] : [])),
      ...(fleet.eips ?? []).map((e) => fixtureEip(e)),
    ],
    packages: (fleet.bandwidthPackages ?? []).map((p) => ({
      bandwidthPackageId: p.bandwidthPackageId,
      bandwidth: p.bandwidthMbps,
      internetChargeType: p.internetChargeType ?? 'PayByBandwidth',
      chargeType: p.chargeType ?? 'PostPaid',
      ...(p.name ? { name: p.name } : {}),
      ...(p.tags ? { tags: { ...p.tags } } : {}),
    })),
  };
}

/** What CloudMonitor samples of a VPC state (structurally the CMS emulator's `EipView`). */
export function cmsEipView(state: VpcState) {
  return {
    eips: () =>
      state.listEips().map((e) => ({
        allocationId: e.allocationId,
        ipAddress: e.ipAddress,
        bandwidthMbps: e.bandwidth,
        ...(e.status === 'InUse' && e.instanceId ? { instanceId: e.instanceId } : {}),
        ...(e.bandwidthPackageId ? { bandwidthPackageId: e.bandwidthPackageId } : {}),
      })),
    packages: () =>
      state.listPackages().map((p) => ({ bandwidthPackageId: p.bandwidthPackageId, bandwidthMbps: p.bandwidth })),
  };
}
