/**
 * Errors the emulated service returns. Each one becomes a protobuf `Error{code,message}` body with the HTTP
 * status the real Tablestore uses for that code (Tablestore "Error codes" reference).
 */

/** Error codes the emulator produces, with their real HTTP status. */
export const OTS_STATUS = {
  OTSAuthFailed: 403,
  OTSConditionCheckFail: 403,
  OTSParameterInvalid: 400,
  OTSObjectNotExist: 404,
  OTSObjectAlreadyExist: 409,
  OTSMethodNotAllowed: 405,
  OTSRequestBodyTooLarge: 413,
  OTSServerBusy: 503,
  OTSTimeout: 503,
  OTSInternalServerError: 500,
} as const;

export type OtsErrorCode = keyof typeof OTS_STATUS;

/** A service-side error: thrown by the operation handlers, encoded by the server. */
export class OtsError extends Error {
  readonly httpStatus: number;
  constructor(
    readonly code: OtsErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'OtsError';
    this.httpStatus = OTS_STATUS[code];
  }
}

/** OTSParameterInvalid with the message the caller must see. */
export function invalid(message: string): OtsError {
  return new OtsError('OTSParameterInvalid', message);
}

/** The real message for a missing table. */
export function tableNotExist(): OtsError {
  return new OtsError('OTSObjectNotExist', 'Requested table does not exist.');
}

/** The real message for a failed row existence or column condition. */
export function conditionFailed(): OtsError {
  return new OtsError('OTSConditionCheckFail', 'Condition check failed.');
}
