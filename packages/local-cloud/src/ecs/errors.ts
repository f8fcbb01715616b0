/**
 * The platform error codes the emulator answers with, with the documented HTTP status and message
 * (ModifyInstanceSpec, ModifyInstanceNetworkSpec, ModifyPrepayInstanceSpec, StopInstance … error tables).
 * One function per code so every rule names its code in exactly one place.
 */
import { AcsError } from '../acs/server.js';

const e = (code: string, message: string, status = 400) => new AcsError(code, message, status);

export const EcsErrors = {
  missing: (name: string) =>
    e(
      'MissingParameter',
      `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
    ),
  invalidParameter: (name: string, value: string) =>
    e('InvalidParameter', `The specified parameter "${name}" is not valid: ${value}.`),
  instanceNotFound: () => e('InvalidInstanceId.NotFound', 'The specified InstanceId does not exist.', 404),
  resourceNotFound: () => e('InvalidResourceId.NotFound', 'The specified ResourceId is not found.', 404),
  instanceIdsMalformed: (why: string) =>
    e('InvalidParameter', `The specified parameter "InstanceIds" is not valid: ${why}.`),
  locked: () =>
    e(
      'InstanceLockedForSecurity',
      'The specified operation is denied as your instance is locked for security reasons.',
      403,
    ),
  incorrectStatus: (status: string) =>
    e(
      'IncorrectInstanceStatus',
      `The current status of the resource does not support this operation (status ${status}).`,
      403,
    ),
  /** ModifyInstanceSpec's code for a bandwidth change in a status other than Running / Stopped (403). */
  statusNotSupported: (status: string) =>
    e(
      'InvalidStatus.ValueNotSupported',
      `The current status of the resource does not support this operation (status ${status}).`,
      403,
    ),
  notStopped: () => e('InvalidInstanceStatus.NotStopped', 'The specified Instance status is not stopped.'),
  networkStatusUnsupported: () =>
    e(
      'InvalidOperation.InstanceStatusUnsupported',
      'The specified instance status is not supported for this operation, expect status is Running or Stopped.',
    ),
  chargeTypeViolation: (why: string) =>
    e('ChargeTypeViolation', `The operation is not permitted due to charge type of the instance: ${why}.`, 403),
  /** ModifyPrepayInstanceSpec on a pay-as-you-go instance (its table has no ChargeTypeViolation). */
  prepayChargeType: () =>
    e(
      'InvalidInstanceChargeType.ValueNotSupported',
      'The specified instance is not a subscription (PrePaid) instance: use ModifyInstanceSpec.',
    ),
  /** ModifyPrepayInstanceSpec on a security-locked instance (its table has no InstanceLockedForSecurity). */
  prepayLocked: () =>
    e('OperationDenied', 'The specified operation is denied as your instance is locked for security reasons.', 403),
  /** ModifyPrepayInstanceSpec to the current type. */
  prepaySameType: (type: string) =>
    e('InvalidInstanceType.NotSupported', `The specified InstanceType is not Supported: already ${type}.`),
  mismatch: () =>
    e('InvalidParameter.Mismatch', 'Too many parameters in one request: change either InstanceType or the bandwidth.'),
  conflict: (why: string) => e('InvalidParameter.Conflict', why),
  typeNotSupported: (type: string) =>
    e(
      'InvalidInstanceType.ValueNotSupported',
      `The specified InstanceType does not exist or beyond the permitted range: ${type}.`,
    ),
  typeNotInZone: (type: string, zone: string) =>
    e(
      'InvalidInstanceType.ValueNotSupported',
      `The specified zone does not offer the specified instancetype: ${type} in ${zone}.`,
      403,
    ),
  sameType: (type: string) =>
    e(
      'DependencyViolation.InstanceType',
      `The current InstanceType cannot be changed to the specified InstanceType: already ${type}.`,
    ),
  noStock: (type: string, zone: string) =>
    e('OperationDenied.NoStock', `The resource is out of usage: ${type} in ${zone}.`, 403),
  /** OperatorType contradicts the sizes (ModifyPrepayInstanceSpec's table: InvalidParameter). */
  operatorMismatch: (declared: string, actual: string) =>
    e(
      'InvalidParameter',
      `The specified parameter "OperatorType" is not valid: ${declared}, the change is a ${actual}.`,
    ),
  quotaExceed: () => e('InstanceDowngrade.QuotaExceed', 'Quota of instance downgrade is exceed.'),
  tooSoon: () => e('Throttling', 'Request was denied due to request throttling, please try again after 5 minutes.'),
  bandwidthOut: (api: string, value: number, max: number) =>
    api === 'ModifyInstanceSpec'
      ? e(
          'InvalidParameter',
          `The specified parameter "InternetMaxBandwidthOut" is not valid: ${value} (allowed 0-${max}).`,
        )
      : e(
          'InvalidInternetMaxBandwidthOut.ValueNotSupported',
          `The specified InternetMaxBandwidthOut is beyond the permitted range: ${value} (allowed 0-${max}).`,
        ),
  /** ModifyInstanceSpec's table has no InternetMaxBandwidthIn code: its bandwidth code is InvalidParameter.Bandwidth. */
  bandwidthIn: (api: string, value: number, min: number, max: number) =>
    api === 'ModifyInstanceSpec'
      ? e(
          'InvalidParameter.Bandwidth',
          `The specified parameter Bandwidth is not valid: In ${value} (allowed ${min}-${max}).`,
        )
      : e(
          'InvalidInternetMaxBandwidthIn.ValueNotSupported',
          `The specified InternetMaxBandwidthIn is beyond the permitted range: ${value} (allowed ${min}-${max}).`,
        ),
  chargeTypeValue: (value: string) =>
    e('InvalidInternetChargeType.ValueNotSupported', `The specified InternetChargeType is invalid: ${value}.`),
  allocatePublicIp: (why: string) =>
    e('InvalidParam.AllocatePublicIp', `The specified param AllocatePublicIp is invalid: ${why}.`),
  eipNetwork: () =>
    e('InvalidInstance.InstanceNotSupported', 'The special vpc instance with eip not need bandwidth.', 403),
  eipSpec: () =>
    e(
      'InvalidInstance.EipNotSupport',
      'The specified instance with eip is not supported, please unassociate eip first.',
      403,
    ),
  eipTemporary: () =>
    e(
      'BandwidthUpgradeDenied.EipBoundInstance',
      'The specified VPC instance has bound EIP, temporary bandwidth upgrade is denied.',
    ),
  startTime: (why: string) =>
    e('InvalidStartTime.ValueNotSupported', `The specified StartTime is out of the permitted range: ${why}.`),
  endTime: (why: string) =>
    e('InvalidEndTime.ValueNotSupported', `The specified EndTime is out of the permitted range: ${why}.`),
  startBeyondLife: () => e('InvalidStartTime.BeyondLifeCycle', 'The specified start time exceeds the expiration time.'),
  endBeyondLife: () => e('InvalidEndTime.BeyondLifeCycle', 'The specified end time exceeds the expiration time.'),
  temporaryLower: (api: string, value: number, current: number) =>
    api === 'ModifyInstanceSpec'
      ? e(
          'InvalidParameter.Bandwidth',
          `The specified parameter Bandwidth is not valid: temporary ${value} < ${current}.`,
        )
      : e(
          'InvalidBandwidth.ValueNotSupported',
          `Instance upgrade bandwidth of temporary not allow less then existed: ${value} < ${current}.`,
        ),
  missingTemporary: (name: 'StartTime' | 'EndTime') =>
    e(`MissingTemporary.${name}`, `Temporary.${name} is not specified.`, 404),
  invalidTemporary: (name: 'StartTime' | 'EndTime', value: string) =>
    e(`InvalidTemporary.${name}`, `The specifed Temporary.${name} is not valid: ${value}.`),
  activeElasticUpgrade: () => e('InvalidAction.WithActiveElasticUpgrade', 'The instance has active Elastic Upgrade.'),
  dryRun: () => e('DryRunOperation', 'Request validation has been passed with DryRun flag set.'),
  clientToken: () =>
    e('InvalidClientToken.ValueNotSupported', 'The ClientToken provided is invalid: at most 64 ASCII characters.'),
  operationType: (value: string) => e('Invalid.OperationType', `The specified operationType is not valid: ${value}.`),
  destinationResource: (value: string) =>
    e('Invalid.DestinationResource', `The specified DestinationResource is not valid: ${value}.`, 404),
  tooManyInstanceIds: (n: number) =>
    e('InvalidParameter.TooManyInstanceIds', `Instance ids cannot be more than 100 (got ${n}).`, 403),
  operatorType: (value: string) =>
    e('InvalidParameter', `The specified parameter "OperatorType" is not valid: ${value}.`),
  stoppedMode: (value: string) =>
    e('InvalidParameter', `The specified parameter "StoppedMode" is not valid: ${value}.`),
  /** ModifyPrepayInstanceSpec's EndTime problems (its table has only InvalidParameter for them). */
  prepayEndTime: (why: string) => e('InvalidParameter', `The specified parameter "EndTime" is not valid: ${why}.`),
} as const;

/** Each API's own code for "same ClientToken, different parameters" (alibaba-platform.md §6.8). */
export function idempotenceMismatch(action: string): AcsError {
  return action === 'ModifyInstanceNetworkSpec'
    ? e('IdempotentParameterMismatch', 'The specified parameter has changed while using an already used clientToken.')
    : e(
        'IdempotenceParamNotMatch',
        'Request uses a client token in a previous request but is not identical to that request.',
      );
}
