/**
 * The VPC error codes the emulator answers, with the HTTP status and message of the action's table in
 * vendor/reference/api-meta/vpc.json. One function per code so every rule names its code in one place.
 */
import { AcsError } from '../acs/server.js';

const e = (code: string, message: string, status = 400) => new AcsError(code, message, status);

export const VpcErrors = {
  missing: (name: string) =>
    e(
      'MissingParameter',
      `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
    ),
  invalidParameter: (name: string, value: string) =>
    e('InvalidParameter', `The specified parameter "${name}" is not valid: ${value}.`),
  dryRun: () => e('DryRunOperation', 'Request validation has been passed with DryRun flag set.'),
  // DescribeEipAddresses
  chargeType: (value: string) =>
    e('InvalidChargeType.ValueNotSupported', `The specified ChargeType is not supported: ${value}.`),
  associatedType: (value: string) =>
    e(
      'InvalidIAssociatedInstanceType.ValueNotSupported',
      `The specified value of AssociatedInstanceType is not supported: ${value}.`,
    ),
  lockReason: (value: string) =>
    e('InvalidLockReason.NotFound', `The specified LockReason is not found: ${value}.`, 404),
  tagKey: () => e('InvalidTagKey', 'The tag keys are not valid.'),
  // ModifyEipAddressAttribute
  eipNotFound: () => e('InvalidAllocationId.NotFound', 'Specified allocation id is not found.', 404),
  eipBandwidth: (value: string, why: string) =>
    e('InvalidParameter', `Specified value of "Bandwidth" is not supported: ${value} (${why}).`),
  eipPrepaid: () =>
    e(
      'Forbidden.ChargeTypeIsPrepaid',
      "It's forbidden to change prepaid EIP's bandwidth by API. It can be changed on Aliyun web console.",
    ),
  inCbwp: () => e('Forbidden.InCommonBandwidthPackage', 'Specified allocation ID in common bandwidth package.', 404),
  eipStatus: (status: string) =>
    e('IncorrectEipStatus', `Current elastic IP status does not support this operation (status ${status}).`),
  financialLocked: () => e('Forbidden.FinancialLocked', 'The ip business status is invalid.'),
  concurrent: () => e('OperationFailed.ConcurrentRequest', 'Operation failed because concurrent request.'),
  eipName: (value: string) => e('InvalidEipAddressName.Malformed', `The specified Name is not valid: ${value}.`),
  description: () => e('InvalidDescription.Malformed', 'Invalid description.'),
  // Shared bandwidth packages
  cbwpNotFound: () =>
    e('InvalidBandwidthPackageId.NotFound', 'The specified BandwidthPackageId does not exist in our records.', 404),
  cbwpBandwidthMalformed: (value: string) =>
    e('InvalidParameter.Bandwidth', `The specified bandwidth is not valid: ${value}.`),
  cbwpBandwidthRange: (value: number, min: number, max: number, method: string) =>
    e(
      'InvalidBandwidth.ValueNotSupported',
      `The specified value of Bandwidth not supported: ${value} (${method}: ${min}-${max}).`,
      404,
    ),
  cbwpPrepaid: () =>
    e(
      'Forbidden.ChargeTypeIsPrepaid',
      "It's forbidden to change prepaid CBWP's bandwidth by API. It can be changed on Aliyun web console.",
    ),
  cbwpModifying: () => e('IncorrectStatus.CbwpModifying', 'Cbwp Modifying status is invalid.'),
} as const;
