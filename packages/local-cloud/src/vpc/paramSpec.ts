/**
 * The parameters each VPC action of the emulator reads, with the type, enum and range of VPC's API metadata
 * (vendor/reference/api-meta/vpc.json), and every code each action can answer. The ACS guard (../acs/params.ts)
 * hands a handler nothing else; test/local/conformance compares both tables with the metadata.
 */
import type { ApiParams } from '../acs/params.js';

const s = { type: 'string' } as const;
const bool = { type: 'boolean' } as const;

export const EIP_STATUSES = ['Associating', 'Unassociating', 'InUse', 'Available', 'Releasing'] as const;
export const ASSOCIATED_TYPES = [
  'EcsInstance',
  'SlbInstance',
  'Nat',
  'HaVip',
  'NetworkInterface',
  'IpAddress',
] as const;

export const VPC_PARAMS: ApiParams = {
  DescribeEipAddresses: {
    RegionId: s,
    Status: { type: 'string', enum: EIP_STATUSES },
    EipAddress: s,
    AllocationId: s,
    PageNumber: { type: 'integer', min: 1 },
    PageSize: { type: 'integer', min: 1, max: 100 },
    LockReason: { type: 'string', enum: ['financial', 'security'], invalidCode: 'InvalidLockReason.NotFound' },
    AssociatedInstanceType: {
      type: 'string',
      enum: ASSOCIATED_TYPES,
      invalidCode: 'InvalidIAssociatedInstanceType.ValueNotSupported',
    },
    AssociatedInstanceId: s,
    ChargeType: { type: 'string', enum: ['PostPaid', 'PrePaid'], invalidCode: 'InvalidChargeType.ValueNotSupported' },
    DryRun: bool,
    EipName: s,
    Tag: { type: 'array', maxItems: 20 },
  },
  ModifyEipAddressAttribute: {
    AllocationId: s,
    // A string in the metadata; the emulator reads digits only (InvalidParameter otherwise).
    Bandwidth: { type: 'string', min: 1, max: 500 },
    RegionId: s,
    Name: s,
    Description: s,
  },
  DescribeCommonBandwidthPackages: {
    RegionId: s,
    BandwidthPackageId: s,
    Name: s,
    PageNumber: { type: 'integer', min: 1 },
    PageSize: { type: 'integer', min: 1, max: 50 },
    DryRun: bool,
    Tag: { type: 'array', maxItems: 20 },
  },
  ModifyCommonBandwidthPackageSpec: {
    RegionId: s,
    BandwidthPackageId: s,
    // China site: PayByBandwidth 2-20000, PayBy95 200-20000, PayByDominantTraffic 1-2000 (the parameter's prose).
    Bandwidth: { type: 'string', min: 1, max: 20000 },
  },
};

const GUARD = ['MissingParameter', 'InvalidParameter'] as const;

export const VPC_ERRORS: Readonly<Record<string, readonly string[]>> = {
  DescribeEipAddresses: [
    ...GUARD,
    'DryRunOperation',
    'InvalidChargeType.ValueNotSupported',
    'InvalidIAssociatedInstanceType.ValueNotSupported',
    'InvalidLockReason.NotFound',
    'InvalidTagKey',
  ],
  ModifyEipAddressAttribute: [
    ...GUARD,
    'InvalidAllocationId.NotFound',
    'Forbidden.ChargeTypeIsPrepaid',
    'Forbidden.InCommonBandwidthPackage',
    'Forbidden.FinancialLocked',
    'IncorrectEipStatus',
    'OperationFailed.ConcurrentRequest',
    'InvalidEipAddressName.Malformed',
    'InvalidDescription.Malformed',
  ],
  DescribeCommonBandwidthPackages: [...GUARD, 'DryRunOperation'],
  ModifyCommonBandwidthPackageSpec: [
    ...GUARD,
    'InvalidBandwidthPackageId.NotFound',
    'InvalidParameter.Bandwidth',
    'InvalidBandwidth.ValueNotSupported',
    'Forbidden.ChargeTypeIsPrepaid',
    'IncorrectStatus.CbwpModifying',
  ],
};
