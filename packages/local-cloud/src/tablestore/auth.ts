/**
 * Request authentication as Tablestore does it: required x-ots-* headers, instance name, AccessKey id,
 * body MD5 (x-ots-contentmd5) and the HMAC-SHA1 signature over path, method and the sorted x-ots-* headers
 * (reference/sdk-wire.md §4.1). An STS token (x-ots-ststoken) is accepted: it is covered by the signature.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { invalid, OtsError } from './errors.js';

const REQUIRED = [
  'x-ots-date',
  'x-ots-apiversion',
  'x-ots-accesskeyid',
  'x-ots-contentmd5',
  'x-ots-instancename',
  'x-ots-signature',
] as const;

export interface AuthConfig {
  instanceName: string;
  accessKeyId: string;
  accessKeySecret: string;
}

export interface SignedRequest {
  /** URL path without the query, e.g. `/PutRow`. */
  path: string;
  method: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The string the SDK signs: path, method, blank line, then `name:value` per sorted x-ots-* header. */
export function stringToSign(req: Pick<SignedRequest, 'path' | 'method' | 'headers'>): string {
  const names = Object.keys(req.headers)
    .map((k) => k.toLowerCase())
    .filter((k) => k.startsWith('x-ots-') && k !== 'x-ots-signature')
    .sort();
  const lines = names.map((k) => `${k}:${header(req.headers, k) ?? ''}`);
  return `${req.path}\n${req.method}\n\n${lines.join('\n')}\n`;
}

/** HMAC-SHA1, base64: the x-ots-signature value for a request. */
export function sign(secret: string, text: string): string {
  return createHmac('sha1', secret).update(text).digest('base64');
}

/** Throws the OtsError the service would return, or returns when the request is authentic. */
export function verifyRequest(req: SignedRequest, cfg: AuthConfig): void {
  for (const name of REQUIRED) {
    if (header(req.headers, name) === undefined) throw invalid(`Missing header: ${name}.`);
  }
  const date = header(req.headers, 'x-ots-date') as string;
  if (Number.isNaN(Date.parse(date))) throw invalid(`Invalid date format: ${date}.`);
  if (header(req.headers, 'x-ots-instancename') !== cfg.instanceName) {
    throw new OtsError('OTSAuthFailed', 'The instance is not found.');
  }
  if (!sameText(header(req.headers, 'x-ots-accesskeyid') as string, cfg.accessKeyId)) {
    throw new OtsError('OTSAuthFailed', 'The AccessKeyID does not exist.');
  }
  const md5 = createHash('md5').update(req.body).digest('base64');
  if (header(req.headers, 'x-ots-contentmd5') !== md5) {
    throw new OtsError('OTSAuthFailed', 'Mismatch between MD5 value of request body and x-ots-contentmd5 in header.');
  }
  const expected = sign(cfg.accessKeySecret, stringToSign(req));
  if (!sameText(header(req.headers, 'x-ots-signature') as string, expected)) {
    throw new OtsError('OTSAuthFailed', 'Signature mismatch.');
  }
}
