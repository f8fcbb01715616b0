// The ACS shell refuses malformed requests the way the platform does, before any handler runs: wrong path, no
// action, no version, oversized bodies, ACS3 headers that are not signed or do not match the body, legacy RPC
// requests missing a signed field or using another method, unreadable timestamps. A handler that throws a
// non-API error becomes a 500 InternalError, and every refusal is logged at warn.
import { createHmac, randomUUID } from 'node:crypto';
import * as $Ecs from '@alicloud/ecs20140526';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AcsServer, startAcsServer } from '@ecs-autoscaler/local-cloud/acs/server.js';
import { percentEncode } from '@ecs-autoscaler/local-cloud/acs/signature.js';
import { AK, type CapturedRequest, ecsClient, replay, SECRET, secretFor, startCapture } from './sdk.js';

const VERSION = '2014-05-26';
let server: AcsServer;
let handled: string[];
const logged: { level: string; msg: string; fields: Record<string, unknown> }[] = [];

beforeAll(async () => {
  server = await startAcsServer({
    product: 'ecs',
    version: VERSION,
    secretFor,
    logger: { log: (level, msg, fields = {}) => logged.push({ level, msg, fields }) },
    actions: {
      DescribeRegions: () => {
        handled.push('DescribeRegions');
        return { Regions: {} };
      },
      DescribeZones: () => {
        handled.push('DescribeZones');
        throw new TypeError('handler bug');
      },
      DescribeInstances: () => {
        handled.push('DescribeInstances');
        return null;
      },
    },
  });
});
afterAll(() => server.close());
beforeEach(() => {
  handled = [];
  logged.length = 0;
});

async function post(path: string, init: { headers?: Record<string, string>; body?: string | Buffer } = {}) {
  const res = await fetch(`${server.url}${path}`, { method: 'POST', ...init });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** A legacy RPC (HMAC-SHA1) request signed over `params` as given, sent as a form body. */
function rpcSigned(params: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const canon = Object.keys(params)
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k] ?? '')}`)
    .join('&');
  const toSign = `POST&${percentEncode('/')}&${percentEncode(canon)}`;
  const Signature = createHmac('sha1', `${SECRET}&`).update(toSign).digest('base64');
  return post('/', {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...params, Signature }).toString(),
  });
}

const rpcParams = (over: Record<string, string> = {}): Record<string, string> => ({
  Action: 'DescribeRegions',
  Version: VERSION,
  Format: 'JSON',
  AccessKeyId: AK,
  SignatureMethod: 'HMAC-SHA1',
  SignatureVersion: '1.0',
  SignatureNonce: randomUUID(),
  Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
  ...over,
});

/** One request as the official SDK signs it (ACS3-HMAC-SHA256), captured for tampering. */
async function capturedAcs3(): Promise<CapturedRequest> {
  const capture = await startCapture();
  await ecsClient(capture.endpoint).describeRegions(new $Ecs.DescribeRegionsRequest({ regionId: 'cn-hangzhou' }));
  await capture.close();
  return capture.requests[0] as CapturedRequest;
}

describe('ACS shell: requests refused before any handler runs', () => {
  it.each<{ name: string; path: string; headers: Record<string, string>; code: string; status: number }>([
    { name: 'a path other than /', path: '/v2/instances', headers: {}, code: 'InvalidAction.NotFound', status: 404 },
    { name: 'no action', path: '/', headers: { 'x-acs-version': VERSION }, code: 'MissingAction', status: 400 },
    {
      name: 'no version',
      path: '/',
      headers: { 'x-acs-action': 'DescribeRegions' },
      code: 'InvalidVersion',
      status: 400,
    },
  ])('$name → $status $code', async ({ path, headers, code, status }) => {
    const res = await post(path, { headers });
    expect(res).toMatchObject({ status, body: { Code: code, HostId: 'ecs.aliyuncs.com' } });
    expect(handled).toEqual([]);
    expect(logged.at(-1)).toMatchObject({ level: 'warn', msg: 'acs request', fields: { httpStatus: status, code } });
  });

  it('says the version is missing rather than wrong', async () => {
    const res = await post('/', { headers: { 'x-acs-action': 'DescribeRegions' } });
    expect(res.body.Message).toContain('(missing)');
  });

  it('stops reading a body over 1 MiB and closes the connection without calling the handler', async () => {
    const body = Buffer.alloc((1 << 20) + 64 * 1024, 'a');
    await expect(
      fetch(`${server.url}/?Action=DescribeRegions&Version=${VERSION}`, { method: 'POST', body }).then((r) => r.text()),
    ).rejects.toThrow();
    expect(handled).toEqual([]);
  });
});

describe('ACS3-HMAC-SHA256: headers that are malformed, unsigned or do not match', () => {
  it('refuses an Authorization header that is not ACS3 grammar', async () => {
    const res = await post('/', {
      headers: {
        'x-acs-action': 'DescribeRegions',
        'x-acs-version': VERSION,
        authorization: 'ACS3-HMAC-SHA256 Credential=x',
      },
    });
    expect(res).toMatchObject({ status: 400, body: { Code: 'IncompleteSignature' } });
  });

  it('refuses a signature that leaves x-acs-date out of the signed headers', async () => {
    const req = await capturedAcs3();
    const auth = String(req.headers.authorization).replace(/x-acs-date;?/, '');
    const res = await replay({ ...req, headers: { ...req.headers, authorization: auth } }, server.url);
    expect(res).toMatchObject({ status: 400, body: { Code: 'IncompleteSignature' } });
    expect(String(res.body.Message)).toContain('x-acs-date must be signed');
    expect(handled).toEqual([]);
  });

  it('refuses a body that does not match x-acs-content-sha256', async () => {
    const req = await capturedAcs3();
    const body = Buffer.from('RegionId=cn-shanghai');
    const headers = { ...req.headers, 'content-length': String(body.length) };
    const res = await replay({ ...req, headers, body }, server.url);
    expect(res).toMatchObject({ status: 400, body: { Code: 'IncompleteSignature' } });
    expect(String(res.body.Message)).toContain('x-acs-content-sha256');
  });
});

describe('legacy RPC (HMAC-SHA1): signed fields and method', () => {
  it.each(['AccessKeyId', 'SignatureNonce', 'Timestamp'])('refuses a request without %s', async (field) => {
    const params = rpcParams();
    delete params[field];
    const res = await rpcSigned(params);
    expect(res).toMatchObject({ status: 400, body: { Code: `Missing${field}` } });
    expect(handled).toEqual([]);
  });

  it('refuses a signature method other than HMAC-SHA1', async () => {
    const res = await rpcSigned(rpcParams({ SignatureMethod: 'HMAC-SHA256' }));
    expect(res).toMatchObject({ status: 400, body: { Code: 'InvalidSignatureMethod.Malformed' } });
  });

  it('refuses a correctly signed Timestamp that is not a date', async () => {
    const res = await rpcSigned(rpcParams({ Timestamp: 'yesterday' }));
    expect(res).toMatchObject({ status: 400, body: { Code: 'InvalidTimeStamp.Format' } });
    expect(handled).toEqual([]);
  });

  it('accepts the same request well formed (the refusals above are about the field, not the signing)', async () => {
    expect((await rpcSigned(rpcParams())).status).toBe(200);
    expect(handled).toEqual(['DescribeRegions']);
  });
});

describe('ACS shell: handler results', () => {
  it('answers a handler that throws a non-API error with 500 InternalError and logs it', async () => {
    const res = await rpcSigned(rpcParams({ Action: 'DescribeZones' }));
    expect(res).toMatchObject({ status: 500, body: { Code: 'InternalError' } });
    expect(logged.find((l) => l.msg === 'acs handler threw')?.fields.error).toContain('handler bug');
  });

  it('answers a handler that returns nothing with just the RequestId', async () => {
    const res = await rpcSigned(rpcParams({ Action: 'DescribeInstances' }));
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['RequestId']);
    expect(logged.at(-1)).toMatchObject({ level: 'info', fields: { httpStatus: 200, action: 'DescribeInstances' } });
  });
});
