import { createHmac, randomUUID } from 'node:crypto';
import * as $Ecs from '@alicloud/ecs20140526';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AcsError, type AcsContext, type AcsServer, startAcsServer } from '@ecs-autoscaler/local-cloud/acs/server.js';
import { percentEncode } from '@ecs-autoscaler/local-cloud/acs/signature.js';
import { FaultInjector } from '@ecs-autoscaler/local-cloud/faults.js';
import { AK, ecsClient, replay, SECRET, sdkError, secretFor, startCapture } from './sdk.js';

const seen: { params: Record<string, string>; ctx: AcsContext }[] = [];
let server: AcsServer;

beforeAll(async () => {
  server = await startAcsServer({
    product: 'ecs',
    version: '2014-05-26',
    secretFor,
    actions: {
      DescribeRegions: (params, ctx) => {
        seen.push({ params, ctx });
        return { Regions: { Region: [{ RegionId: 'cn-hangzhou' }] } };
      },
      DescribeZones: () => {
        throw new AcsError(
          'IncorrectInstanceStatus',
          'The current status of the resource does not support this operation.',
          403,
        );
      },
      DescribeInstances: () => ({ RequestId: 'FIXED-ID', TotalCount: 0 }),
    },
  });
});
afterAll(() => server.close());

describe('ACS shell: signatures with the official ECS SDK', () => {
  it.each([
    { name: 'ACS3-HMAC-SHA256 (default)', opts: {} },
    { name: 'ACS3 with an STS token', opts: { securityToken: 'STS/tok+en=' } },
    { name: 'legacy RPC HMAC-SHA1 (v2)', opts: { signatureAlgorithm: 'v2' } },
    { name: 'legacy RPC with an STS token', opts: { signatureAlgorithm: 'v2', securityToken: 'STS/tok+en=' } },
  ])('accepts $name and hands the API parameters to the handler', async ({ opts }) => {
    seen.length = 0;
    const res = await ecsClient(server.endpoint, opts).describeRegions(
      new $Ecs.DescribeRegionsRequest({ instanceChargeType: 'PrePaid', acceptLanguage: 'en-US' }),
    );
    expect(res.body?.regions?.region?.[0]?.regionId).toBe('cn-hangzhou');
    expect(res.body?.requestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.params).toEqual({ InstanceChargeType: 'PrePaid', AcceptLanguage: 'en-US' });
    expect(seen[0]?.ctx).toMatchObject({ accessKeyId: AK, action: 'DescribeRegions', requestId: res.body?.requestId });
  });

  it.each([
    { name: 'wrong secret (ACS3)', opts: { accessKeySecret: 'nope' }, code: 'SignatureDoesNotMatch', status: 400 },
    {
      name: 'wrong secret (v2)',
      opts: { accessKeySecret: 'nope', signatureAlgorithm: 'v2' },
      code: 'SignatureDoesNotMatch',
      status: 400,
    },
    {
      name: 'unknown access key',
      opts: { accessKeyId: 'LTAI-other' },
      code: 'InvalidAccessKeyId.NotFound',
      status: 404,
    },
    {
      name: 'unknown access key (v2)',
      opts: { accessKeyId: 'x', signatureAlgorithm: 'v2' },
      code: 'InvalidAccessKeyId.NotFound',
      status: 404,
    },
  ])('rejects $name with $code', async ({ opts, code, status }) => {
    seen.length = 0;
    const err = await sdkError(ecsClient(server.endpoint, opts).describeRegions(new $Ecs.DescribeRegionsRequest({})));
    expect(err).toMatchObject({ name: 'ClientError', code, statusCode: status });
    expect(Object.keys(err.data ?? {}).sort()).toEqual(['Code', 'HostId', 'Message', 'Recommend', 'RequestId']);
    expect(seen).toHaveLength(0);
  });

  it('rejects an unsigned request with MissingSignature', async () => {
    const res = await fetch(`${server.url}/?RegionId=cn-hangzhou`, {
      method: 'POST',
      headers: { 'x-acs-action': 'DescribeRegions', 'x-acs-version': '2014-05-26' },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ Code: 'MissingSignature', HostId: 'ecs.aliyuncs.com' });
  });

  it('rejects a tampered query (signature covers the parameters)', async () => {
    const capture = await startCapture();
    await ecsClient(capture.endpoint).describeRegions(
      new $Ecs.DescribeRegionsRequest({ instanceChargeType: 'PrePaid' }),
    );
    await capture.close();
    const req = capture.requests[0]!;
    expect(req.url).toContain('PrePaid');
    const tampered = { ...req, url: req.url.replace('PrePaid', 'PostPaid') };
    const res = await replay(tampered, server.url);
    expect(res).toMatchObject({ status: 400, body: { Code: 'SignatureDoesNotMatch' } });
  });

  it('rejects a replayed nonce with SignatureNonceUsed', async () => {
    const capture = await startCapture();
    await ecsClient(capture.endpoint).describeRegions(new $Ecs.DescribeRegionsRequest({ regionId: 'cn-hangzhou' }));
    await capture.close();
    // Replayed verbatim, Host header included, so the signature itself stays valid.
    const req = capture.requests[0]!;
    const first = await replay(req, server.url);
    const second = await replay(req, server.url);
    expect(first.status).toBe(200);
    expect(second).toMatchObject({ status: 400, body: { Code: 'SignatureNonceUsed' } });
  });
});

describe('ACS shell: routing, versions, time and errors', () => {
  it('answers an unknown action with 404 InvalidAction.NotFound', async () => {
    const err = await sdkError(
      ecsClient(server.endpoint).describeInstanceTypes(new $Ecs.DescribeInstanceTypesRequest({})),
    );
    expect(err).toMatchObject({ code: 'InvalidAction.NotFound', statusCode: 404 });
  });

  it('answers another API version with 400 InvalidVersion', async () => {
    const other = await startAcsServer({
      product: 'ecs',
      version: '2099-01-01',
      secretFor,
      actions: { DescribeRegions: () => ({}) },
    });
    try {
      const err = await sdkError(ecsClient(other.endpoint).describeRegions(new $Ecs.DescribeRegionsRequest({})));
      expect(err).toMatchObject({ code: 'InvalidVersion', statusCode: 400 });
    } finally {
      await other.close();
    }
  });

  it.each([
    { name: 'an hour behind', offsetMs: -3_600_000 },
    { name: 'an hour ahead', offsetMs: 3_600_000 },
  ])('refuses a request signed $name of the server clock (InvalidTimeStamp.Expired)', async ({ offsetMs }) => {
    const skewed = await startAcsServer({
      product: 'ecs',
      version: '2014-05-26',
      secretFor,
      actions: { DescribeRegions: () => ({}) },
      signatureClock: { now: () => Date.now() + offsetMs, sleep: async () => {} },
    });
    try {
      const err = await sdkError(ecsClient(skewed.endpoint).describeRegions(new $Ecs.DescribeRegionsRequest({})));
      expect(err).toMatchObject({ code: 'InvalidTimeStamp.Expired', statusCode: 400 });
    } finally {
      await skewed.close();
    }
  });

  it('maps a handler AcsError to the platform error shape the SDK reads', async () => {
    const err = await sdkError(
      ecsClient(server.endpoint).describeZones(new $Ecs.DescribeZonesRequest({ regionId: 'cn-hangzhou' })),
    );
    expect(err).toMatchObject({ name: 'ClientError', code: 'IncorrectInstanceStatus', statusCode: 403 });
    expect(err.data).toMatchObject({ Code: 'IncorrectInstanceStatus', HostId: 'ecs.aliyuncs.com' });
    expect(err.message).toContain('The current status of the resource does not support this operation.');
  });

  it('keeps a RequestId the handler set', async () => {
    const res = await ecsClient(server.endpoint).describeInstances(
      new $Ecs.DescribeInstancesRequest({ regionId: 'cn-hangzhou' }),
    );
    expect(res.body?.requestId).toBe('FIXED-ID');
  });

  it('reads parameters from a form body (legacy RPC POST)', async () => {
    seen.length = 0;
    const params: Record<string, string> = {
      Action: 'DescribeRegions',
      Version: '2014-05-26',
      Format: 'JSON',
      AccessKeyId: AK,
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      SignatureNonce: randomUUID(),
      Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      RegionId: 'cn-shanghai',
    };
    const canon = Object.keys(params)
      .sort()
      .map((k) => `${percentEncode(k)}=${percentEncode(params[k] ?? '')}`)
      .join('&');
    const toSign = `POST&${percentEncode('/')}&${percentEncode(canon)}`;
    const Signature = createHmac('sha1', `${SECRET}&`).update(toSign).digest('base64');
    const res = await fetch(`${server.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...params, Signature }).toString(),
    });
    expect(res.status).toBe(200);
    expect(seen[0]?.params).toEqual({ RegionId: 'cn-shanghai' });
  });
});

describe('ACS shell: fault injection', () => {
  async function outcomes(seed: number, calls: number): Promise<string[]> {
    const faulty = await startAcsServer({
      product: 'ecs',
      version: '2014-05-26',
      secretFor,
      actions: { DescribeRegions: () => ({}) },
      faults: new FaultInjector({ seed, rules: [{ action: '*', kind: 'Throttling', probability: 0.5 }] }),
    });
    const client = ecsClient(faulty.endpoint);
    const out: string[] = [];
    try {
      for (let i = 0; i < calls; i++) {
        out.push(
          await client.describeRegions(new $Ecs.DescribeRegionsRequest({})).then(
            () => 'ok',
            (e: { name: string; code: string }) => `${e.name}:${e.code}`,
          ),
        );
      }
    } finally {
      await faulty.close();
    }
    return out;
  }

  it('is deterministic for a seed and really mixes outcomes', async () => {
    const a = await outcomes(42, 16);
    const b = await outcomes(42, 16);
    expect(a).toEqual(b);
    expect(new Set(a)).toEqual(new Set(['ok', 'ThrottlingError:Throttling']));
  });

  it.each([
    { kind: 'InternalError' as const, name: 'ServerError', status: 500 },
    { kind: 'ServiceUnavailable' as const, name: 'ServerError', status: 503 },
    { kind: 'Throttling.User' as const, name: 'ThrottlingError', status: 400 },
    { kind: 'LastOrderProcessing' as const, name: 'ClientError', status: 403 },
    { kind: 'TaskConflict' as const, name: 'ClientError', status: 403 },
  ])('injects $kind before the handler runs ($status)', async ({ kind, name, status }) => {
    let ran = 0;
    const faults = new FaultInjector({ rules: [{ action: 'DescribeRegions', kind, maxCount: 1 }] });
    const faulty = await startAcsServer({
      product: 'ecs',
      version: '2014-05-26',
      secretFor,
      faults,
      actions: { DescribeRegions: () => ({ n: ++ran }) },
    });
    try {
      const client = ecsClient(faulty.endpoint);
      const err = await sdkError(client.describeRegions(new $Ecs.DescribeRegionsRequest({})));
      expect(err).toMatchObject({ name, code: kind, statusCode: status });
      expect(ran).toBe(0);
      await client.describeRegions(new $Ecs.DescribeRegionsRequest({}));
      expect(ran).toBe(1);
    } finally {
      await faulty.close();
    }
  });

  it.each([
    { kind: 'drop' as const, handlerRuns: 0 },
    { kind: 'drop-after' as const, handlerRuns: 1 },
  ])('$kind destroys the connection (handler ran $handlerRuns times)', async ({ kind, handlerRuns }) => {
    let ran = 0;
    const outcomesSeen: (string | undefined)[] = [];
    const faulty = await startAcsServer({
      product: 'ecs',
      version: '2014-05-26',
      secretFor,
      faults: new FaultInjector({ rules: [{ action: '*', kind, maxCount: 1 }] }),
      actions: { DescribeRegions: () => ({ n: ++ran }) },
      onRequest: (_ctx, o) => outcomesSeen.push(o.fault),
    });
    try {
      const err = await sdkError(ecsClient(faulty.endpoint).describeRegions(new $Ecs.DescribeRegionsRequest({})));
      expect(err.message).toMatch(/socket hang up|ECONNRESET/);
      expect(ran).toBe(handlerRuns);
      expect(outcomesSeen).toEqual([kind]);
    } finally {
      await faulty.close();
    }
  });

  it('adds latency (and a short read timeout turns it into a timeout)', async () => {
    const faulty = await startAcsServer({
      product: 'ecs',
      version: '2014-05-26',
      secretFor,
      faults: new FaultInjector({ rules: [{ action: '*', kind: 'latency', latencyMs: 300 }] }),
      actions: { DescribeRegions: () => ({}) },
    });
    try {
      const t0 = performance.now();
      await ecsClient(faulty.endpoint).describeRegions(new $Ecs.DescribeRegionsRequest({}));
      expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
      const err = await sdkError(
        ecsClient(faulty.endpoint, { readTimeout: 100 }).describeRegions(new $Ecs.DescribeRegionsRequest({})),
      );
      expect(err.name).toBe('RequestTimeoutError');
    } finally {
      await faulty.close();
    }
  });
});
