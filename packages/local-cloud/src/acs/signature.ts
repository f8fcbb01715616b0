/**
 * Server-side verification of the two Alibaba Cloud RPC signature schemes, exactly as the official SDKs sign
 * (see shared/reference/sdk-wire.md §1.3 and §1.4): ACS3-HMAC-SHA256 (`Authorization` header, the default of
 * openapi-core) and the legacy HMAC-SHA1 `Signature` parameter (`signatureAlgorithm: 'v2'`).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** What a parsed request looks like to the verifiers. Header names are lower-case. */
export interface RawRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Credentials and replay data a verified request carried. */
export interface SignedIdentity {
  scheme: 'ACS3-HMAC-SHA256' | 'HMAC-SHA1';
  accessKeyId: string;
  securityToken?: string;
  nonce: string;
  /** The signed request time, epoch ms. */
  signedAtMs: number;
}

export type VerifyResult =
  | { ok: true; identity: SignedIdentity }
  | { ok: false; code: string; message: string; httpStatus: number };

/** RFC 3986 encoding as the SDK does it (encodeURIComponent plus !'()*). */
export function percentEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function header(req: RawRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const fail = (code: string, message: string, httpStatus = 400): VerifyResult => ({
  ok: false,
  code,
  message,
  httpStatus,
});

const UNKNOWN_AK = fail('InvalidAccessKeyId.NotFound', 'Specified access key is not found.', 404);
const MISMATCH = fail(
  'SignatureDoesNotMatch',
  'Specified signature is not matched with our calculation. The string to sign was checked by the server.',
);

const ACS3_RE = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]+)$/;

/** Verify an ACS3-HMAC-SHA256 request. */
export function verifyAcs3(req: RawRequest, secretFor: (ak: string) => string | undefined): VerifyResult {
  const m = ACS3_RE.exec(header(req, 'authorization') ?? '');
  if (!m) return fail('IncompleteSignature', 'The request signature does not conform to Aliyun standards.');
  const [, ak = '', signed = '', sig = ''] = m;
  const signedHeaders = signed.split(';');
  for (const required of ['host', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256']) {
    if (!signedHeaders.includes(required) || header(req, required) === undefined) {
      return fail(
        'IncompleteSignature',
        `The request signature does not conform to Aliyun standards: ${required} must be signed.`,
      );
    }
  }
  const secret = secretFor(ak);
  if (secret === undefined) return UNKNOWN_AK;
  const u = new URL(req.url, 'http://x');
  const q = new Map<string, string>();
  for (const [k, v] of u.searchParams) q.set(k, v);
  const canonQuery = [...q.keys()]
    .sort()
    .map((k) => `${k}=${percentEncode(q.get(k) ?? '')}`)
    .join('&');
  const canonHeaders = signedHeaders.map((h) => `${h}:${String(header(req, h) ?? '').trim()}\n`).join('');
  const bodyHash = createHash('sha256').update(req.body).digest('hex');
  if (bodyHash !== header(req, 'x-acs-content-sha256')) {
    return fail(
      'IncompleteSignature',
      'The request signature does not conform to Aliyun standards: x-acs-content-sha256 does not match the body.',
    );
  }
  const canonical = [req.method, u.pathname, canonQuery, canonHeaders, signed, bodyHash].join('\n');
  const toSign = `ACS3-HMAC-SHA256\n${createHash('sha256').update(canonical).digest('hex')}`;
  if (!safeEqual(createHmac('sha256', secret).update(toSign).digest('hex'), sig)) return MISMATCH;
  const token = header(req, 'x-acs-security-token');
  return {
    ok: true,
    identity: {
      scheme: 'ACS3-HMAC-SHA256',
      accessKeyId: ak,
      ...(token ? { securityToken: token } : {}),
      nonce: header(req, 'x-acs-signature-nonce') ?? '',
      signedAtMs: Date.parse(header(req, 'x-acs-date') ?? ''),
    },
  };
}

/** Verify a legacy RPC request (HMAC-SHA1 `Signature` in the query or form body). `params` = query + form. */
export function verifyRpcV1(
  req: RawRequest,
  params: Record<string, string>,
  secretFor: (ak: string) => string | undefined,
): VerifyResult {
  const { Signature: sig, ...rest } = params;
  for (const required of ['AccessKeyId', 'SignatureNonce', 'Timestamp'] as const) {
    if (!rest[required]) return fail(`Missing${required}`, `${required} is mandatory for this action.`);
  }
  if (rest.SignatureMethod !== 'HMAC-SHA1') {
    return fail(
      'InvalidSignatureMethod.Malformed',
      `Specified signature method is not valid: ${rest.SignatureMethod}.`,
    );
  }
  const secret = secretFor(rest.AccessKeyId ?? '');
  if (secret === undefined) return UNKNOWN_AK;
  const canon = Object.keys(rest)
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(rest[k] ?? '')}`)
    .join('&');
  const toSign = `${req.method}&${percentEncode('/')}&${percentEncode(canon)}`;
  const expected = createHmac('sha1', `${secret}&`).update(toSign).digest('base64');
  if (!safeEqual(expected, sig ?? '')) return MISMATCH;
  return {
    ok: true,
    identity: {
      scheme: 'HMAC-SHA1',
      accessKeyId: rest.AccessKeyId ?? '',
      ...(rest.SecurityToken ? { securityToken: rest.SecurityToken } : {}),
      nonce: rest.SignatureNonce ?? '',
      signedAtMs: Date.parse(rest.Timestamp ?? ''),
    },
  };
}

/** Parameters that belong to the protocol, not to the API; handlers never see them. */
export const PROTOCOL_PARAMS: ReadonlySet<string> = new Set([
  'Action',
  'Version',
  'Format',
  'Timestamp',
  'SignatureNonce',
  'SignatureMethod',
  'SignatureVersion',
  'SignatureType',
  'Signature',
  'AccessKeyId',
  'SecurityToken',
]);
