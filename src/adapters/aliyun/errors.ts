/**
 * SDK error → CloudApiError. The openapi-core SDKs throw `ClientError` (4xx), `ThrottlingError` (code contains
 * "Throttling") and `ServerError` (5xx) with `code`, `statusCode`, `requestId`; timeouts surface as
 * `RequestTimeoutError`, network failures as plain errors with `code` ECONNRESET / ECONNREFUSED …
 * (sdk-wire.md §1.5–1.6). Retryable: throttling, 5xx, "operation too frequent" conflicts, timeouts and
 * connection failures. Everything else (validation, status, quota, idempotence mismatch) is final.
 */
import { CloudApiError } from '../../core/errors.js';

const RETRYABLE_CODES: ReadonlySet<string> = new Set([
  'InternalError',
  'ServiceUnavailable',
  'LastOrderProcessing',
  'LastRequestProcessing',
  'LastTokenProcessing',
  'TaskConflict',
  'OperationConflict',
  'UnknownError',
]);

const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ECONNABORTED',
]);

/** Whether an API error code is worth retrying with the same request (and ClientToken). */
export function isRetryableCode(code: string, httpStatus?: number): boolean {
  return code.startsWith('Throttling') || RETRYABLE_CODES.has(code) || (httpStatus !== undefined && httpStatus >= 500);
}

interface SdkErrorLike {
  name?: string;
  code?: unknown;
  statusCode?: unknown;
  requestId?: unknown;
  message?: string;
  data?: { Message?: unknown };
}

/** Normalise anything an SDK call threw. `api` names the call in the message (e.g. `ECS StopInstance`). */
export function toCloudApiError(err: unknown, api: string): CloudApiError {
  if (err instanceof CloudApiError) return err;
  const e = (err ?? {}) as SdkErrorLike;
  const message = `${api}: ${typeof e.data?.Message === 'string' ? e.data.Message : (e.message ?? String(err))}`;
  const requestId = typeof e.requestId === 'string' && e.requestId ? e.requestId : undefined;
  const base = requestId ? { requestId } : {};
  if (e.name === 'RequestTimeoutError' || /timeout/i.test(e.name ?? '')) {
    return new CloudApiError({ code: 'RequestTimeout', message, retryable: true, ...base }, { cause: err });
  }
  const code = typeof e.code === 'string' ? e.code : undefined;
  const httpStatus = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  if (
    httpStatus === undefined &&
    (code === undefined || NETWORK_CODES.has(code) || /socket hang up/i.test(e.message ?? ''))
  ) {
    const netCode = code ?? 'NetworkError';
    const retryable = NETWORK_CODES.has(netCode) || /socket hang up/i.test(e.message ?? '');
    return new CloudApiError({ code: netCode, message, retryable, ...base }, { cause: err });
  }
  const finalCode = code ?? 'UnknownError';
  return new CloudApiError(
    {
      code: finalCode,
      message,
      retryable: isRetryableCode(finalCode, httpStatus),
      ...base,
      ...(httpStatus !== undefined ? { httpStatus } : {}),
    },
    { cause: err },
  );
}
