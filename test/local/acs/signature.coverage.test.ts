// The two signature verifiers on their own (the ACS server's tests reach them over HTTP): requests the official
// ECS SDK signed, captured and then altered one field at a time. Each alteration is refused with the platform's
// code, and an unaltered request yields the identity it carried (access key, STS token, nonce, signing time).
import * as $Ecs from '@alicloud/ecs20140526';
import { describe, expect, it } from 'vitest';
import {
  header,
  percentEncode,
  type RawRequest,
  verifyAcs3,
  verifyRpcV1,
} from '@ecs-autoscaler/local-cloud/acs/signature.js';
import { AK, type CapturedRequest, type ClientOpts, ecsClient, secretFor, startCapture } from './sdk.js';

/** One DescribeRegions request as the official SDK signs it with `o`, captured verbatim. */
async function signed(o: ClientOpts = {}): Promise<CapturedRequest> {
  const capture = await startCapture();
  try {
    await ecsClient(capture.endpoint, o).describeRegions(new $Ecs.DescribeRegionsRequest({ regionId: 'cn-hangzhou' }));
  } finally {
    await capture.close();
  }
  return capture.requests[0] as CapturedRequest;
}

/** The parameters a legacy request carries (query plus form body), as the ACS server collects them. */
function paramsOf(req: RawRequest): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [k, v] of new URL(req.url, 'http://x').searchParams) params[k] = v;
  if ((header(req, 'content-type') ?? '').startsWith('application/x-www-form-urlencoded'))
    for (const [k, v] of new URLSearchParams(req.body.toString('utf8'))) params[k] = v;
  return params;
}

const withHeaders = (req: CapturedRequest, change: (h: RawRequest['headers']) => void): RawRequest => {
  const headers: RawRequest['headers'] = { ...req.headers };
  change(headers);
  return { ...req, headers };
};

describe('verifyAcs3 (ACS3-HMAC-SHA256)', () => {
  it('accepts the SDK request and returns its key, nonce and signing time; an STS token when one was sent', async () => {
    const req = await signed();
    const r = verifyAcs3(req, secretFor);
    expect(r).toEqual({
      ok: true,
      identity: {
        scheme: 'ACS3-HMAC-SHA256',
        accessKeyId: AK,
        nonce: req.headers['x-acs-signature-nonce'],
        signedAtMs: Date.parse(String(req.headers['x-acs-date'])),
      },
    });
    const sts = verifyAcs3(await signed({ securityToken: 'STS/tok+en=' }), secretFor);
    expect(sts).toMatchObject({ ok: true, identity: { securityToken: 'STS/tok+en=' } });
  });

  it('reads a header that arrived as a list (a repeated header) joined, as it was signed', async () => {
    const req = await signed();
    const date = String(req.headers['x-acs-date']);
    expect(
      verifyAcs3(
        withHeaders(req, (h) => {
          h['x-acs-date'] = [date];
        }),
        secretFor,
      ),
    ).toMatchObject({
      ok: true,
      identity: { signedAtMs: Date.parse(date) },
    });
    expect(header({ method: 'GET', url: '/', headers: { 'x-a': ['1', '2'] }, body: Buffer.alloc(0) }, 'x-a')).toBe(
      '1,2',
    );
  });

  it('refuses a request without an Authorization header, or with one of another form, as incomplete', async () => {
    const req = await signed();
    const incomplete = {
      ok: false,
      code: 'IncompleteSignature',
      message: 'The request signature does not conform to Aliyun standards.',
      httpStatus: 400,
    };
    expect(
      verifyAcs3(
        withHeaders(req, (h) => delete h.authorization),
        secretFor,
      ),
    ).toEqual(incomplete);
    expect(
      verifyAcs3(
        withHeaders(req, (h) => {
          h.authorization = 'Bearer x';
        }),
        secretFor,
      ),
    ).toEqual(incomplete);
  });

  it('refuses a required header named in SignedHeaders but missing from the request', async () => {
    const req = await signed();
    const r = verifyAcs3(
      withHeaders(req, (h) => delete h['x-acs-signature-nonce']),
      secretFor,
    );
    expect(r).toEqual({
      ok: false,
      code: 'IncompleteSignature',
      message: 'The request signature does not conform to Aliyun standards: x-acs-signature-nonce must be signed.',
      httpStatus: 400,
    });
  });

  it('refuses a request whose other signed header was dropped: the server signs it as empty, and it differs', async () => {
    const req = await signed();
    const signedHeaders = /SignedHeaders=([^,]+)/.exec(String(req.headers.authorization))?.[1]?.split(';') ?? [];
    expect(signedHeaders).toContain('x-acs-action');
    const r = verifyAcs3(
      withHeaders(req, (h) => delete h['x-acs-action']),
      secretFor,
    );
    expect(r).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch', httpStatus: 400 });
  });

  it('refuses an unknown access key with 404 and a body that is not the one hashed', async () => {
    const req = await signed();
    expect(verifyAcs3(req, () => undefined)).toMatchObject({
      ok: false,
      code: 'InvalidAccessKeyId.NotFound',
      httpStatus: 404,
    });
    expect(verifyAcs3({ ...req, body: Buffer.from('RegionId=cn-beijing') }, secretFor)).toMatchObject({
      ok: false,
      code: 'IncompleteSignature',
      message: expect.stringContaining('x-acs-content-sha256 does not match the body'),
    });
  });
});

describe('verifyRpcV1 (legacy HMAC-SHA1)', () => {
  it('accepts the SDK request and returns its key, nonce, time and STS token', async () => {
    const req = await signed({ signatureAlgorithm: 'v2' });
    const params = paramsOf(req);
    expect(verifyRpcV1(req, params, secretFor)).toEqual({
      ok: true,
      identity: {
        scheme: 'HMAC-SHA1',
        accessKeyId: AK,
        nonce: params.SignatureNonce,
        signedAtMs: Date.parse(params.Timestamp ?? ''),
      },
    });
    const sts = await signed({ signatureAlgorithm: 'v2', securityToken: 'STS/tok+en=' });
    expect(verifyRpcV1(sts, paramsOf(sts), secretFor)).toMatchObject({
      ok: true,
      identity: { securityToken: 'STS/tok+en=' },
    });
  });

  it.each(['AccessKeyId', 'SignatureNonce', 'Timestamp'])('refuses a request without %s', async (name) => {
    const req = await signed({ signatureAlgorithm: 'v2' });
    const { [name]: _dropped, ...params } = paramsOf(req);
    expect(verifyRpcV1(req, params, secretFor)).toEqual({
      ok: false,
      code: `Missing${name}`,
      message: `${name} is mandatory for this action.`,
      httpStatus: 400,
    });
  });

  it('refuses another signature method, an unknown key, and a request without a Signature', async () => {
    const req = await signed({ signatureAlgorithm: 'v2' });
    const params = paramsOf(req);
    expect(verifyRpcV1(req, { ...params, SignatureMethod: 'HMAC-SHA256' }, secretFor)).toMatchObject({
      ok: false,
      code: 'InvalidSignatureMethod.Malformed',
      message: 'Specified signature method is not valid: HMAC-SHA256.',
    });
    expect(verifyRpcV1(req, params, () => undefined)).toMatchObject({ ok: false, httpStatus: 404 });
    const { Signature: _signature, ...unsigned } = params;
    expect(verifyRpcV1(req, unsigned, secretFor)).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch' });
  });
});

describe('percentEncode', () => {
  it("is RFC 3986: encodeURIComponent plus !'()*, with ~ left as is", () => {
    expect(percentEncode("a b!'()*~/")).toBe('a%20b%21%27%28%29%2A~%2F');
  });
});
