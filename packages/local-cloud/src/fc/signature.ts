/**
 * Server side of the FC 2.0 signature that `@alicloud/fc2` computes (sdk-wire.md §3.1):
 * `Authorization: FC <ak>:base64(HMAC-SHA256(secret, METHOD\nContent-MD5\nContent-Type\nDate\n<x-fc-* lines><path>))`,
 * where the x-fc-* lines are `name:value\n` sorted by lower-case name, and for paths that carry signed queries
 * (HTTP triggers) `\n` plus the sorted `key=value` lines. `Content-MD5` is base64 of the HEX md5 string.
 * Error codes follow FC's API error table (docs/fc-runtime.md lists them).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { CallerCredentials } from './types.js';

export interface FcSignedRequest {
  method: string;
  /** Decoded request path, e.g. `/2016-08-15/services/svc/functions/fn/invocations`. */
  path: string;
  /** Node's lower-cased headers. */
  headers: IncomingHttpHeaders;
  /** Query parameters to include in the string to sign, or null when the path does not sign them. */
  query: URLSearchParams | null;
  body: Buffer;
}

export type FcAuthResult =
  | { ok: true; accessKeyId: string }
  | { ok: false; httpStatus: number; code: string; message: string };

export interface VerifyOptions {
  credentials: readonly CallerCredentials[];
  /** Wall-clock now (the SDK stamps `date` from the wall clock, even when the emulators run on virtual time). */
  wallNowMs: number;
  maxSkewSec: number;
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

function fail(httpStatus: number, code: string, message: string): FcAuthResult {
  return { ok: false, httpStatus, code, message };
}

/** The exact string fc2's `helper.composeStringToSign` produces for this request. */
export function stringToSign(req: FcSignedRequest): string {
  const h = req.headers;
  const fcLines = Object.keys(h)
    .filter((k) => k.startsWith('x-fc-'))
    .sort()
    .map((k) => `${k}:${headerValue(h, k) ?? ''}\n`)
    .join('');
  const base = `${req.method}\n${headerValue(h, 'content-md5') ?? ''}\n${headerValue(h, 'content-type') ?? ''}\n${
    headerValue(h, 'date') ?? ''
  }\n${fcLines}${req.path}`;
  if (!req.query) return base;
  const params = [...req.query.entries()].map(([k, v]) => `${k}=${v}`).sort();
  return `${base}\n${params.join('\n')}`;
}

/** `Content-MD5` as fc2 computes it: base64 of the hex digest string. */
export function contentMd5(body: Buffer): string {
  return Buffer.from(createHash('md5').update(body).digest('hex'), 'utf8').toString('base64');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function checkDate(req: FcSignedRequest, opts: VerifyOptions): FcAuthResult | undefined {
  const date = headerValue(req.headers, 'date');
  if (!date) return fail(400, 'MissingRequiredHeader', 'required HTTP header Date was not specified');
  const atMs = Date.parse(date);
  if (Number.isNaN(atMs)) return fail(400, 'InvalidArgument', `Date header '${date}' is not an HTTP date`);
  const skewSec = Math.abs(opts.wallNowMs - atMs) / 1000;
  if (skewSec > opts.maxSkewSec) {
    return fail(
      403,
      'RequestTimeTooSkewed',
      `Date header '${date}' differs from the server time by ${Math.round(skewSec)} s (must be ≤ ${opts.maxSkewSec} s)`,
    );
  }
  return undefined;
}

function checkToken(req: FcSignedRequest, cred: CallerCredentials): FcAuthResult | undefined {
  if (!cred.accessKeyId.startsWith('STS')) return undefined;
  const token = headerValue(req.headers, 'x-fc-security-token');
  if (!token) {
    return fail(400, 'MissingRequiredHeader', 'required HTTP header x-fc-security-token was not specified');
  }
  if (!cred.securityToken || !safeEqual(token, cred.securityToken)) {
    return fail(403, 'InvalidSecurityToken', `the security token of access key ID '${cred.accessKeyId}' is invalid`);
  }
  return undefined;
}

/** Verifies the FC signature of a request against the known callers. */
export function verifyFcSignature(req: FcSignedRequest, opts: VerifyOptions): FcAuthResult {
  const auth = headerValue(req.headers, 'authorization');
  if (!auth) return fail(400, 'MissingRequiredHeader', 'required HTTP header Authorization was not specified');
  const m = /^FC ([^:\s]+):(\S+)$/.exec(auth);
  if (!m) return fail(403, 'SignatureNotMatch', "Authorization header must be 'FC <accessKeyId>:<signature>'");
  const [, accessKeyId = '', signature = ''] = m;
  const dateProblem = checkDate(req, opts);
  if (dateProblem) return dateProblem;
  const cred = opts.credentials.find((c) => c.accessKeyId === accessKeyId);
  if (!cred) return fail(403, 'InvalidAccessKeyID', `invalid access key ID '${accessKeyId}'`);
  const tokenProblem = checkToken(req, cred);
  if (tokenProblem) return tokenProblem;
  const md5 = headerValue(req.headers, 'content-md5');
  if (md5 !== undefined && md5 !== contentMd5(req.body)) {
    return fail(400, 'InvalidArgument', `Content-MD5 '${md5}' does not match the request body`);
  }
  const expected = createHmac('sha256', cred.accessKeySecret).update(stringToSign(req), 'utf8').digest('base64');
  if (!safeEqual(expected, signature)) {
    return fail(
      403,
      'SignatureNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your access key and signing method',
    );
  }
  return { ok: true, accessKeyId };
}
