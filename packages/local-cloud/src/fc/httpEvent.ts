/**
 * The FC 3.0 HTTP-trigger mapping for built-in runtimes (alibaba-platform.md §3.3,
 * vendor/reference/fc3/http-event-example.json): an HTTP request becomes the `version: v1` event JSON, and the
 * handler's return value becomes the HTTP response.
 */
import { createHash } from 'node:crypto';
import { resultBytes } from './invoke.js';

export interface IncomingHttp {
  method: string;
  /** The path after `/http/<function>`, still URL-encoded (`/` when empty). */
  rawPath: string;
  /** The query string without `?` ('' when none). */
  rawQuery: string;
  /** Node's `req.rawHeaders` (original case, duplicates kept). */
  rawHeaders: string[];
  httpVersion: string;
  sourceIp: string;
  body: Buffer;
}

export interface EventMeta {
  accountId: string;
  region: string;
  functionName: string;
  triggerName: string;
  requestId: string;
  nowMs: number;
}

export interface HttpTriggerEvent {
  version: 'v1';
  rawPath: string;
  body: string;
  isBase64Encoded: boolean;
  headers: Record<string, string>;
  queryParameters: Record<string, string>;
  requestContext: {
    accountId: string;
    domainName: string;
    domainPrefix: string;
    http: { method: string; path: string; protocol: string; sourceIp: string; userAgent: string };
    requestId: string;
    time: string;
    timeEpoch: string;
    triggerId: string;
  };
}

/** Headers FC's Go front end does not pass in the header map (Host is promoted, Transfer-Encoding consumed). */
const DROPPED_HEADERS = new Set(['host', 'transfer-encoding']);

/** Go's `CanonicalMIMEHeaderKey`, which FC's front end applies: `x-fc-log-type` → `X-Fc-Log-Type`. */
export function canonicalHeaderName(name: string): string {
  if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) return name;
  return name.toLowerCase().replace(/(^|-)([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase());
}

/** Multi-valued headers are comma-joined, in arrival order. */
export function eventHeaders(rawHeaders: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string;
    if (DROPPED_HEADERS.has(name.toLowerCase())) continue;
    const key = canonicalHeaderName(name);
    const value = rawHeaders[i + 1] as string;
    out[key] = key in out ? `${out[key]},${value}` : value;
  }
  return out;
}

/** Decoded query parameters; repeated keys are comma-joined. */
export function eventQuery(rawQuery: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(rawQuery)) out[k] = k in out ? `${out[k]},${v}` : v;
  return out;
}

const TEXT_TYPES = [/^text\//, /^application\/(json|xml|javascript|x-www-form-urlencoded)\b/, /\+(json|xml)\b/];

/**
 * FC sends a body as plain text when its content is text and base64 otherwise. Here: text when the
 * content-type is textual (or absent) AND the bytes are valid UTF-8, so the event never loses a byte.
 */
export function isTextBody(contentType: string | undefined, body: Buffer): boolean {
  const ct = (contentType ?? '').toLowerCase();
  if (ct && !TEXT_TYPES.some((re) => re.test(ct))) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(body);
    return true;
  } catch {
    return false;
  }
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** Stable trigger id (FC shows a UUID) derived from function and trigger names. */
export function triggerIdOf(functionName: string, triggerName: string): string {
  const h = createHash('md5').update(`${functionName}/${triggerName}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** ISO-8601 without milliseconds, as FC prints event times (`2023-09-05T06:41:11Z`). */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function buildHttpEvent(req: IncomingHttp, meta: EventMeta): HttpTriggerEvent {
  const headers = eventHeaders(req.rawHeaders);
  const text = isTextBody(headers['Content-Type'], req.body);
  const triggerId = triggerIdOf(meta.functionName, meta.triggerName);
  const domainPrefix = `${meta.functionName}-${triggerId.slice(0, 8)}`;
  return {
    version: 'v1',
    rawPath: req.rawPath,
    body: text ? req.body.toString('utf8') : req.body.toString('base64'),
    isBase64Encoded: !text,
    headers,
    queryParameters: eventQuery(req.rawQuery),
    requestContext: {
      accountId: meta.accountId,
      domainName: `${domainPrefix}.${meta.region}.fcapp.run`,
      domainPrefix,
      http: {
        method: req.method,
        path: safeDecode(req.rawPath),
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.sourceIp,
        userAgent: headers['User-Agent'] ?? '',
      },
      requestId: meta.requestId,
      time: isoSeconds(meta.nowMs),
      timeEpoch: String(meta.nowMs),
      triggerId,
    },
  };
}

export interface HttpReply {
  statusCode: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

function isStructured(value: unknown): value is Record<string, unknown> & { statusCode: number } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Buffer.isBuffer(value) &&
    typeof (value as { statusCode?: unknown }).statusCode === 'number'
  );
}

/**
 * Maps a handler's return value to the HTTP response: `{statusCode, headers, isBase64Encoded, body}` is
 * honoured; any other value is answered 200 with the value as the body (objects as JSON). Returns undefined
 * for a structured result with an impossible status code (the caller reports it as a function error).
 */
export function mapHttpResult(value: unknown): HttpReply | undefined {
  if (!isStructured(value)) return { statusCode: 200, headers: {}, body: resultBytes(value) };
  const { statusCode } = value;
  if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) return undefined;
  const headers: Record<string, string | string[]> = {};
  const raw = value.headers;
  if (raw && typeof raw === 'object') {
    for (const [k, v] of Object.entries(raw)) {
      if (v !== undefined && v !== null) headers[k] = Array.isArray(v) ? v.map(String) : String(v);
    }
  }
  const body =
    typeof value.body === 'string' && value.isBase64Encoded === true
      ? Buffer.from(value.body, 'base64')
      : resultBytes(value.body);
  return { statusCode, headers, body };
}
