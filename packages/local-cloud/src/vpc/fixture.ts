/** A small default fixture: EIPs of each kind the rules distinguish, and two shared bandwidth packages. */
import type { VpcFixture } from './types.js';

export function defaultVpcFixture(): VpcFixture {
  return {
    regionId: 'cn-hangzhou',
    eips: [
      {
        allocationId: 'eip-web-traffic',
        ipAddress: '47.96.10.1',
        bandwidth: 10,
        internetChargeType: 'PayByTraffic',
        instanceId: 'i-web-eip',
      },
      {
        allocationId: 'eip-api-bandwidth',
        ipAddress: '47.96.10.2',
        bandwidth: 20,
        internetChargeType: 'PayByBandwidth',
        instanceId: 'i-api-eip',
      },
      {
        allocationId: 'eip-prepaid',
        ipAddress: '47.96.10.3',
        bandwidth: 5,
        internetChargeType: 'PayByBandwidth',
        chargeType: 'PrePaid',
        instanceId: 'i-batch-eip',
      },
      { allocationId: 'eip-in-cbwp', ipAddress: '47.96.10.4', bandwidth: 5, bandwidthPackageId: 'cbwp-shared' },
      { allocationId: 'eip-associating', ipAddress: '47.96.10.5', bandwidth: 5, status: 'Associating' },
      { allocationId: 'eip-locked', ipAddress: '47.96.10.6', bandwidth: 5, lockReason: 'financial' },
    ],
    packages: [
      { bandwidthPackageId: 'cbwp-shared', bandwidth: 100, internetChargeType: 'PayByBandwidth' },
      { bandwidthPackageId: 'cbwp-95', bandwidth: 300, internetChargeType: 'PayBy95' },
      { bandwidthPackageId: 'cbwp-dominant', bandwidth: 50, internetChargeType: 'PayByDominantTraffic' },
      { bandwidthPackageId: 'cbwp-prepaid', bandwidth: 100, chargeType: 'PrePaid' },
    ],
  };
}
