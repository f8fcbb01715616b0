/**
 * The parameters each ECS action of the emulator reads, with the type, enum and range of ECS's API metadata
 * (vendor/reference/api-meta/ecs.json). The ACS guard (../acs/params.ts) hands a handler nothing else and
 * refuses malformed booleans and integers first; test/local/conformance compares this table with the metadata.
 */
import type { ApiParams } from '../acs/params.js';

const s = { type: 'string' } as const;
const bool = { type: 'boolean' } as const;
const CHARGE_TYPES = ['PayByBandwidth', 'PayByTraffic'] as const;

export const ECS_PARAMS: ApiParams = {
  DescribeInstances: {
    RegionId: s,
    InstanceIds: s,
    ZoneId: s,
    Status: s,
    InstanceChargeType: s,
    InternetChargeType: s,
    InstanceType: s,
    Tag: { type: 'array' },
    PageNumber: { type: 'integer', min: 1 },
    PageSize: { type: 'integer', min: 1, max: 100 },
    MaxResults: { type: 'integer', min: 1, max: 100 },
    NextToken: s,
  },
  DescribeInstanceStatus: {
    RegionId: s,
    ZoneId: s,
    InstanceId: { type: 'array', maxItems: 100 },
    PageNumber: { type: 'integer', min: 1 },
    PageSize: { type: 'integer', min: 1, max: 50 },
  },
  DescribeInstanceTypes: {
    InstanceTypeFamily: s,
    InstanceTypeFamilies: { type: 'array' },
    InstanceTypes: { type: 'array' },
  },
  DescribeResourcesModification: {
    RegionId: s,
    ResourceId: s,
    DestinationResource: { type: 'string', enum: ['InstanceType', 'SystemDisk'] },
    OperationType: { type: 'string', enum: ['Upgrade', 'Downgrade', 'RenewDowngrade', 'RenewModify'] },
    InstanceType: s,
    MigrateAcrossZone: bool,
  },
  StopInstance: {
    InstanceId: s,
    ForceStop: bool,
    StoppedMode: { type: 'string', enum: ['StopCharging', 'KeepCharging'] },
    DryRun: bool,
  },
  StartInstance: { InstanceId: s, DryRun: bool },
  ModifyInstanceSpec: {
    InstanceId: s,
    InstanceType: s,
    InternetMaxBandwidthOut: { type: 'integer', min: 0, max: 100 },
    InternetMaxBandwidthIn: { type: 'integer', min: 1, max: 200 },
    'Temporary.StartTime': s,
    'Temporary.EndTime': s,
    'Temporary.InternetMaxBandwidthOut': { type: 'integer', min: 1, max: 100 },
    Async: { type: 'boolean', invalidCode: 'InvalidParam.Async' },
    AllowMigrateAcrossZone: { type: 'boolean', invalidCode: 'InvalidParameter.AllowMigrateAcrossZone' },
    ClientToken: s,
    DryRun: bool,
  },
  ModifyInstanceNetworkSpec: {
    InstanceId: s,
    InternetMaxBandwidthOut: {
      type: 'integer',
      min: 0,
      max: 200,
      deviation:
        'alibaba-platform.md §6.5 (the current ModifyInstanceNetworkSpec page): PayByBandwidth subscription 0-200, ' +
        'otherwise 0-100. The metadata prose still says 0~100, but its own InternetMaxBandwidthIn goes to 200 and ' +
        'In never exceeds Out, so 200 must be reachable: the later document wins.',
    },
    InternetMaxBandwidthIn: { type: 'integer', min: 1, max: 200 },
    NetworkChargeType: {
      type: 'string',
      enum: CHARGE_TYPES,
      invalidCode: 'InvalidInternetChargeType.ValueNotSupported',
    },
    AllocatePublicIp: { type: 'boolean', invalidCode: 'InvalidParam.AllocatePublicIp' },
    StartTime: s,
    EndTime: s,
    AutoPay: bool,
    ClientToken: s,
  },
  ModifyPrepayInstanceSpec: {
    InstanceId: s,
    RegionId: s,
    InstanceType: s,
    OperatorType: { type: 'string', enum: ['upgrade', 'downgrade'] },
    ClientToken: s,
    AutoPay: bool,
    MigrateAcrossZone: bool,
    EndTime: s,
    RebootWhenFinished: bool,
  },
};

/**
 * Every code each action's handler can answer (faults injected by the shell aside). Each one is in the action's
 * `errorCodes` in the metadata or in the common list of test/local/conformance/common.ts; the ECS test harness
 * checks after every test that no call answered a code outside this list.
 */
const GUARD = ['MissingParameter', 'InvalidParameter'] as const;
/** Every mutation with a ClientToken (Stop/StartInstance have none in the metadata, so they never read one). */
const MUTATION = ['InvalidInstanceId.NotFound', 'InvalidClientToken.ValueNotSupported'] as const;

export const ECS_ERRORS: Readonly<Record<string, readonly string[]>> = {
  DescribeInstances: [...GUARD],
  DescribeInstanceStatus: [...GUARD, 'InvalidParameter.TooManyInstanceIds'],
  DescribeInstanceTypes: ['InvalidParameter'],
  DescribeResourcesModification: [
    ...GUARD,
    'InvalidResourceId.NotFound',
    'Invalid.DestinationResource',
    'Invalid.OperationType',
  ],
  StopInstance: [
    ...GUARD,
    'InvalidInstanceId.NotFound',
    'InstanceLockedForSecurity',
    'IncorrectInstanceStatus',
    'DryRunOperation',
  ],
  StartInstance: [
    ...GUARD,
    'InvalidInstanceId.NotFound',
    'InstanceLockedForSecurity',
    'IncorrectInstanceStatus',
    'OperationDenied.NoStock',
    'DryRunOperation',
  ],
  ModifyInstanceSpec: [
    ...GUARD,
    ...MUTATION,
    'IdempotenceParamNotMatch',
    'InvalidParam.Async',
    'InvalidParameter.AllowMigrateAcrossZone',
    'InstanceLockedForSecurity',
    'ChargeTypeViolation',
    'InvalidParameter.Mismatch',
    'Throttling',
    'InvalidInstanceStatus.NotStopped',
    'InvalidStatus.ValueNotSupported',
    'InvalidInstanceType.ValueNotSupported',
    'DependencyViolation.InstanceType',
    'OperationDenied.NoStock',
    'InvalidInstance.EipNotSupport',
    'InvalidParameter.Bandwidth',
    'BandwidthUpgradeDenied.EipBoundInstance',
    'MissingTemporary.StartTime',
    'MissingTemporary.EndTime',
    'InvalidTemporary.StartTime',
    'InvalidTemporary.EndTime',
    'DryRunOperation',
  ],
  ModifyInstanceNetworkSpec: [
    ...GUARD,
    ...MUTATION,
    'IdempotentParameterMismatch',
    'InstanceLockedForSecurity',
    'InvalidOperation.InstanceStatusUnsupported',
    'InvalidAction.WithActiveElasticUpgrade',
    'InvalidInstance.InstanceNotSupported',
    'BandwidthUpgradeDenied.EipBoundInstance',
    'ChargeTypeViolation',
    'InvalidParameter.Conflict',
    'InvalidStartTime.ValueNotSupported',
    'InvalidEndTime.ValueNotSupported',
    'InvalidStartTime.BeyondLifeCycle',
    'InvalidEndTime.BeyondLifeCycle',
    'InvalidInternetMaxBandwidthOut.ValueNotSupported',
    'InvalidInternetMaxBandwidthIn.ValueNotSupported',
    'InvalidBandwidth.ValueNotSupported',
    'InvalidInternetChargeType.ValueNotSupported',
    'InvalidParam.AllocatePublicIp',
    'InstanceDowngrade.QuotaExceed',
    'Throttling',
  ],
  ModifyPrepayInstanceSpec: [
    ...GUARD,
    ...MUTATION,
    'IdempotenceParamNotMatch',
    'OperationDenied',
    'InvalidInstanceChargeType.ValueNotSupported',
    'InvalidAction.WithActiveElasticUpgrade',
    'InvalidInstanceType.NotSupported',
    'InvalidInstanceType.ValueNotSupported',
    'OperationDenied.NoStock',
    'IncorrectInstanceStatus',
    'InstanceDowngrade.QuotaExceed',
    'Throttling',
  ],
};
