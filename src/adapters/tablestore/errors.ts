/**
 * Translate what the `tablestore` SDK throws into the port's vocabulary. The SDK (5.6.5) cannot parse the
 * protobuf error body, so `err.code` is the HTTP status as a NUMBER and the OTS code (e.g.
 * `OTSConditionCheckFail`) appears only inside `err.message` (reference/sdk-wire.md §4.5). Network failures
 * keep Node's string codes (ECONNREFUSED, ECONNRESET…), and the socket timeout is `TimeoutError`.
 */
import { StateUnavailableError } from '../../core/errors.js';

interface SdkError {
  code?: unknown;
  message?: unknown;
  name?: unknown;
}

const asSdkError = (err: unknown): SdkError => (typeof err === 'object' && err !== null ? (err as SdkError) : {});

/** The OTS error code inside the message, if any (e.g. `OTSServerBusy`). */
export function otsCode(err: unknown): string | undefined {
  const message = asSdkError(err).message;
  return typeof message === 'string' ? /OTS[A-Za-z]+/.exec(message)?.[0] : undefined;
}

/** A conditional write lost its race: a normal outcome, never an exception for callers. */
export function isConditionFailed(err: unknown): boolean {
  const { code } = asSdkError(err);
  return (code === 403 || code === 'OTSConditionCheckFail') && otsCode(err) === 'OTSConditionCheckFail';
}

/** OTS codes that mean "try again later" even on a 4xx status. */
const RETRYABLE_OTS = new Set([
  'OTSServerBusy',
  'OTSServerUnavailable',
  'OTSTimeout',
  'OTSInternalServerError',
  'OTSPartitionUnavailable',
  'OTSTableNotReady',
  'OTSRowOperationConflict',
  'OTSNotEnoughCapacityUnit',
  'OTSQuotaExhausted',
  'OTSOperationThrottled',
]);

/** Retryable: 5xx, throttling and availability codes, network errors and timeouts. Not: bad requests, auth, missing tables. */
export function isRetryable(err: unknown): boolean {
  const { code } = asSdkError(err);
  const ots = otsCode(err);
  if (ots !== undefined && RETRYABLE_OTS.has(ots)) return true;
  if (typeof code === 'number') return code >= 500;
  return typeof code === 'string' && !code.startsWith('OTS');
}

/**
 * The StateUnavailableError for a failed call, naming the operation, the table and the cause's code.
 * The SDK message is reduced to its OTS code: it carries raw protobuf bytes and request ids, never secrets,
 * but it is noise in a log line.
 */
export function storeFailure(err: unknown, operation: string, table: string): StateUnavailableError {
  const { code, message } = asSdkError(err);
  const ots = otsCode(err);
  const detail = [code === undefined ? undefined : String(code), ots].filter(Boolean).join(' ');
  const fallback = typeof message === 'string' ? message.slice(0, 120) : String(err);
  return new StateUnavailableError(
    `Tablestore ${operation} on table ${table} failed: ${detail || fallback}`,
    isRetryable(err),
    { cause: err },
  );
}
