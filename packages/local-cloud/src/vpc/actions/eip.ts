/**
 * DescribeEipAddresses and ModifyEipAddressAttribute (vpc.json). A change is checked in the order of the rules
 * table of docs/vpc-emulator.md; each refusal changes nothing.
 */
import type { AcsHandler } from '../../acs/server.js';
import { VpcErrors } from '../errors.js';
import { ASSOCIATED_TYPES, EIP_STATUSES } from '../paramSpec.js';
import { commaList, flag, isoSeconds, oneOf, optional, page, renderTags, required, tagFilter } from '../read.js';
import type { VpcState } from '../state.js';
import type { EipRecord, PackageRecord } from '../types.js';

/** ModifyEipAddressAttribute's Bandwidth prose: 1-200 pay-by-traffic, 1-500 pay-by-bandwidth (Mbps). */
export const EIP_BANDWIDTH_MAX = { PayByTraffic: 200, PayByBandwidth: 500 } as const;

/** Name: 1-128 characters, starting with a letter or a Chinese character; digits, `.`, `_`, `-` (the prose). */
const NAME_RE = /^[A-Za-z\u4e00-\u9fa5][A-Za-z0-9\u4e00-\u9fa5._-]{0,127}$/;
/** Description: 2-256 characters, starting with a letter or a Chinese character, not with http(s)://. */
const DESCRIPTION_RE = /^[A-Za-z\u4e00-\u9fa5][\s\S]{1,255}$/;

function render(e: EipRecord, pkg: PackageRecord | undefined, regionId: string) {
  return {
    AllocationId: e.allocationId,
    IpAddress: e.ipAddress,
    RegionId: regionId,
    Status: e.status,
    // In a package, the peak in force is the package's; EipBandwidth keeps the EIP's own.
    Bandwidth: String(pkg ? pkg.bandwidth : e.bandwidth),
    EipBandwidth: String(e.bandwidth),
    InternetChargeType: e.internetChargeType,
    ChargeType: e.chargeType,
    AllocationTime: isoSeconds(e.allocatedAtMs),
    ExpiredTime: '',
    InstanceId: e.instanceId ?? '',
    InstanceType: e.instanceId ? 'EcsInstance' : '',
    InstanceRegionId: e.instanceId ? regionId : '',
    Name: e.name,
    Description: e.description,
    BandwidthPackageId: e.bandwidthPackageId ?? '',
    BandwidthPackageBandwidth: pkg ? String(pkg.bandwidth) : '',
    BandwidthPackageType: pkg ? 'CommonBandwidthPackage' : '',
    BusinessStatus: e.lockReason === 'financial' ? 'FinancialLocked' : 'Normal',
    OperationLocks: { LockReason: e.lockReason ? [{ LockReason: e.lockReason }] : [] },
    Tags: renderTags(e.tags),
    Netmode: 'public',
    Mode: 'NAT',
    ISP: 'BGP',
    DeletionProtection: false,
    SecondLimited: false,
    HDMonitorStatus: 'false',
    HasReservationData: 'false',
    ServiceManaged: 0,
  };
}

export function eipActions(state: VpcState): Record<string, AcsHandler> {
  return {
    DescribeEipAddresses: (p) => {
      const regionId = required(p, 'RegionId');
      const status = oneOf(p, 'Status', EIP_STATUSES);
      const type = oneOf(p, 'AssociatedInstanceType', ASSOCIATED_TYPES, VpcErrors.associatedType);
      const charge = oneOf(p, 'ChargeType', ['PostPaid', 'PrePaid'], VpcErrors.chargeType);
      const lock = oneOf(p, 'LockReason', ['financial', 'security'], VpcErrors.lockReason);
      const ids = commaList(p, 'AllocationId', 50);
      const ips = commaList(p, 'EipAddress', 50);
      const instanceId = optional(p, 'AssociatedInstanceId');
      const name = optional(p, 'EipName');
      const tagged = tagFilter(p, VpcErrors.tagKey);
      if (flag(p, 'DryRun')) throw VpcErrors.dryRun();
      const matches = state
        .listEips()
        .filter(
          (e) =>
            regionId === state.regionId &&
            (!status || e.status === status) &&
            (!type || (type === 'EcsInstance' && e.instanceId !== undefined)) &&
            (!charge || e.chargeType === charge) &&
            (!lock || e.lockReason === lock) &&
            (!ids || ids.includes(e.allocationId)) &&
            (!ips || ips.includes(e.ipAddress)) &&
            (!instanceId || e.instanceId === instanceId) &&
            (!name || e.name === name) &&
            tagged(e.tags),
        );
      const { slice, fields } = page(p, matches, 100);
      const pkgOf = (e: EipRecord) => (e.bandwidthPackageId ? state.pkg(e.bandwidthPackageId) : undefined);
      return { ...fields, EipAddresses: { EipAddress: slice.map((e) => render(e, pkgOf(e), state.regionId)) } };
    },

    ModifyEipAddressAttribute: (p) => {
      const id = required(p, 'AllocationId');
      const regionId = optional(p, 'RegionId');
      const rawBandwidth = optional(p, 'Bandwidth');
      const name = optional(p, 'Name');
      const description = optional(p, 'Description');
      if (rawBandwidth !== undefined && !/^\d+$/.test(rawBandwidth))
        throw VpcErrors.eipBandwidth(rawBandwidth, 'not an integer');
      if (name !== undefined && !NAME_RE.test(name)) throw VpcErrors.eipName(name);
      if (description !== undefined && (!DESCRIPTION_RE.test(description) || /^https?:\/\//.test(description)))
        throw VpcErrors.description();
      const eip = state.eip(id);
      if (!eip || (regionId !== undefined && regionId !== state.regionId)) throw VpcErrors.eipNotFound();
      if (eip.lockReason === 'financial') throw VpcErrors.financialLocked();
      if (eip.status !== 'InUse' && eip.status !== 'Available') throw VpcErrors.eipStatus(eip.status);
      if (state.clock.now() < eip.busyUntilMs) throw VpcErrors.concurrent();
      let bandwidth: number | undefined;
      if (rawBandwidth !== undefined) {
        if (eip.bandwidthPackageId) throw VpcErrors.inCbwp();
        if (eip.chargeType === 'PrePaid') throw VpcErrors.eipPrepaid();
        bandwidth = Number(rawBandwidth);
        const max = EIP_BANDWIDTH_MAX[eip.internetChargeType];
        if (bandwidth < 1 || bandwidth > max)
          throw VpcErrors.eipBandwidth(rawBandwidth, `${eip.internetChargeType}: 1-${max}`);
      }
      state.modifyEip(id, {
        ...(bandwidth !== undefined ? { bandwidth } : {}),
        ...(name !== undefined ? { name } : {}),
        ...(description !== undefined ? { description } : {}),
      });
      return state.afterCall({}, true);
    },
  };
}
