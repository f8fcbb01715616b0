/**
 * What `@alicloud/fc2` throws, normalised to CloudApiError. For a non-2xx reply the SDK throws a plain Error
 * with `code = ErrorCode`, `name = 'FC<ErrorCode>Error'` and the status ONLY inside the message
 * (`POST /services/… failed with 409. requestid: <id>, message: <text>.`): there is no status property
 * (sdk-wire.md §3.1). Network failures keep Node's codes (ECONNREFUSED…) and timeouts are
 * `RequestTimeoutError` (from httpx).
 */
import { CloudApiError } from '../../core/errors.js';

/** FC's code for a repeated `X-Fc-Stateful-Async-Invocation-Id` (HTTP 409). */
export const TASK_EXISTS_CODE = 'StatefulAsyncInvocationAlreadyExists';

const RETRYABLE_CODES = new Set([
  'ResourceExhausted',
  'ResourceThrottled',
  'InternalServerError',
  'ServiceUnavailable',
  'ClientClosedRequest',
  'RequestTimeout',
]);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ECONNABORTED',
  'EHOSTUNREACH',
]);

interface Fc2Error {
  code?: unknown;
  name?: unknown;
  message?: unknown;
}

const REPLY_RE = /failed with (\d{3})\. requestid: ([^,]*), message: (.*)\.$/s;

/** Status, request id and server message parsed out of an fc2 error message, when it is a server reply. */
export function parseFc2Message(
  message: string,
): { httpStatus: number; requestId: string | undefined; text: string } | undefined {
  const m = REPLY_RE.exec(message);
  if (!m) return undefined;
  const requestId = m[2] && m[2] !== 'undefined' ? m[2] : undefined;
  return { httpStatus: Number(m[1]), requestId, text: m[3] ?? '' };
}

/** Retryable: 5xx, 429 and FC's throttling codes, timeouts and network failures. */
export function isRetryableFc(code: string, httpStatus: number | undefined): boolean {
  if (httpStatus !== undefined && (httpStatus >= 500 || httpStatus === 429)) return true;
  return RETRYABLE_CODES.has(code) || /Throttl/i.test(code) || NETWORK_CODES.has(code);
}

/** Converts anything fc2 throws into a CloudApiError (the original error is kept as `cause`). */
export function toCloudApiError(err: unknown): CloudApiError {
  const e: Fc2Error = typeof err === 'object' && err !== null ? (err as Fc2Error) : {};
  const message = typeof e.message === 'string' ? e.message : String(err);
  const reply = parseFc2Message(message);
  if (reply) {
    const code = typeof e.code === 'string' && e.code ? e.code : `HTTP${reply.httpStatus}`;
    return new CloudApiError(
      {
        code,
        message: `FC ${reply.httpStatus}: ${reply.text}`,
        httpStatus: reply.httpStatus,
        ...(reply.requestId ? { requestId: reply.requestId } : {}),
        retryable: isRetryableFc(code, reply.httpStatus),
      },
      { cause: err },
    );
  }
  if (e.name === 'RequestTimeoutError') {
    return new CloudApiError({ code: 'RequestTimeout', message, retryable: true }, { cause: err });
  }
  const code = typeof e.code === 'string' && e.code ? e.code : 'UnknownError';
  return new CloudApiError({ code, message, retryable: NETWORK_CODES.has(code) }, { cause: err });
}
