/**
 * DescribeCommonBandwidthPackages and ModifyCommonBandwidthPackageSpec (vpc.json). A spec change is asynchronous:
 * the package is Modifying (only queries allowed, IncorrectStatus.CbwpModifying otherwise) until the emulator's
 * clock reaches the end of the change, then Available with the new bandwidth.
 */
import type { AcsHandler } from '../../acs/server.js';
import { VpcErrors } from '../errors.js';
import { commaList, flag, isoSeconds, optional, page, renderTags, required, tagFilter } from '../read.js';
import type { VpcState } from '../state.js';
import type { CbwpInternetChargeType, EipRecord, PackageRecord } from '../types.js';

/** Bandwidth ranges per billing method, China site (ModifyCommonBandwidthPackageSpec's Bandwidth prose). */
export const CBWP_BANDWIDTH_RANGE: Readonly<Record<CbwpInternetChargeType, readonly [number, number]>> = {
  PayByBandwidth: [2, 20000],
  PayBy95: [200, 20000],
  PayByDominantTraffic: [1, 2000],
};

function render(p: PackageRecord, eips: EipRecord[], regionId: string) {
  return {
    BandwidthPackageId: p.bandwidthPackageId,
    RegionId: regionId,
    Name: p.name,
    Description: '',
    Status: p.pending ? 'Modifying' : 'Available',
    Bandwidth: String(p.bandwidth),
    InternetChargeType: p.internetChargeType,
    InstanceChargeType: p.chargeType,
    ...(p.internetChargeType === 'PayBy95' ? { Ratio: 20 } : {}),
    CreationTime: isoSeconds(p.createdAtMs),
    ExpiredTime: '',
    BusinessStatus: 'Normal',
    ISP: 'BGP',
    DeletionProtection: false,
    HasReservationData: 'false',
    ServiceManaged: 0,
    PublicIpAddresses: {
      PublicIpAddresse: eips
        .filter((e) => e.bandwidthPackageId === p.bandwidthPackageId)
        .map((e) => ({
          AllocationId: e.allocationId,
          IpAddress: e.ipAddress,
          BandwidthPackageIpRelationStatus: 'BINDED',
        })),
    },
    Tags: renderTags(p.tags),
  };
}

export function cbwpActions(state: VpcState): Record<string, AcsHandler> {
  return {
    DescribeCommonBandwidthPackages: (p) => {
      const regionId = required(p, 'RegionId');
      const ids = commaList(p, 'BandwidthPackageId', 50);
      const name = optional(p, 'Name');
      // vpc.json lists no tag code for this action: an empty key is the common InvalidParameter.
      const tagged = tagFilter(p, () => VpcErrors.invalidParameter('Tag.N.Key', '(empty)'));
      if (flag(p, 'DryRun')) throw VpcErrors.dryRun();
      const matches = state
        .listPackages()
        .filter(
          (x) =>
            regionId === state.regionId &&
            (!ids || ids.includes(x.bandwidthPackageId)) &&
            (!name || x.name === name) &&
            tagged(x.tags),
        );
      const { slice, fields } = page(p, matches, 50);
      const eips = state.listEips();
      return {
        ...fields,
        CommonBandwidthPackages: { CommonBandwidthPackage: slice.map((x) => render(x, eips, state.regionId)) },
      };
    },

    ModifyCommonBandwidthPackageSpec: (p) => {
      const regionId = required(p, 'RegionId');
      const id = required(p, 'BandwidthPackageId');
      const raw = required(p, 'Bandwidth');
      if (!/^\d+$/.test(raw)) throw VpcErrors.cbwpBandwidthMalformed(raw);
      const pkg = state.pkg(id);
      if (!pkg || regionId !== state.regionId) throw VpcErrors.cbwpNotFound();
      if (pkg.chargeType === 'PrePaid') throw VpcErrors.cbwpPrepaid();
      if (pkg.pending) throw VpcErrors.cbwpModifying();
      const bandwidth = Number(raw);
      const [min, max] = CBWP_BANDWIDTH_RANGE[pkg.internetChargeType];
      if (bandwidth < min || bandwidth > max)
        throw VpcErrors.cbwpBandwidthRange(bandwidth, min, max, pkg.internetChargeType);
      state.modifyPackage(id, bandwidth);
      return state.afterCall({}, true);
    },
  };
}
