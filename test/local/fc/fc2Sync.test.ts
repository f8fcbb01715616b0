/** The real `@alicloud/fc2` client against the local runtime: signatures, STS, sync invocation results and errors. */
import FC from '@alicloud/fc2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FcContext } from '@ecs-autoscaler/local-cloud/fc/types.js';
import { CALLER, fcClient, ROLE, rawRequest, SERVICE, type Started, startRuntime, thrown } from './helpers.js';

let s: Started;
const contexts: FcContext[] = [];

beforeAll(async () => {
  s = await startRuntime([
    {
      name: 'echo',
      handler: async (event, ctx) => {
        contexts.push(ctx);
        ctx.logger.info('got %d bytes', event.length);
        return `echo:${event.toString('utf8')}`;
      },
    },
    { name: 'json', handler: async () => ({ ok: true, n: 1 }) },
    {
      name: 'boom',
      handler: async () => {
        throw new TypeError('bad input');
      },
    },
    { name: 'slow', timeoutSec: 0.2, handler: () => new Promise((r) => setTimeout(r, 1500).unref()) },
  ]);
});

afterAll(async () => {
  await s.rt.close();
});

describe('fc2 signature verification', () => {
  it.each([
    ['the caller key', CALLER],
    ['the function role STS key with its token', ROLE],
  ])('accepts a request signed with %s', async (_name, cred) => {
    const res = await fcClient(s.rt.url, cred).invokeFunction(SERVICE, 'echo', 'hi');
    expect(res.data).toBe('echo:hi');
    expect(res.headers['x-fc-request-id']).toMatch(/^1-[0-9a-f]+-/);
  });

  it.each([
    ['a wrong secret', { ...CALLER, accessKeySecret: 'nope' }, 'SignatureNotMatch', 403],
    ['an unknown access key', { accessKeyId: 'LTAIother', accessKeySecret: 'x' }, 'InvalidAccessKeyID', 403],
    ['an STS key with a wrong token', { ...ROLE, securityToken: 'stolen' }, 'InvalidSecurityToken', 403],
  ])('rejects %s', async (_name, cred, code, status) => {
    const err = await thrown(fcClient(s.rt.url, cred).invokeFunction(SERVICE, 'echo', 'hi'));
    expect(err.code).toBe(code);
    expect(err.message).toContain(`failed with ${status}`);
  });

  it('rejects a date more than 15 minutes off the wall clock', async () => {
    const old = new Date(Date.now() - 20 * 60_000).toUTCString();
    const err = await thrown(fcClient(s.rt.url, CALLER, { date: old }).invokeFunction(SERVICE, 'echo', 'x'));
    expect(err.code).toBe('RequestTimeTooSkewed');
  });

  it('rejects a body that does not match its signed Content-MD5', async () => {
    const path = `/2016-08-15/services/${SERVICE}/functions/echo/invocations`;
    const headers: Record<string, string> = {
      date: new Date().toUTCString(),
      'content-type': 'application/octet-stream',
      'content-md5': Buffer.from('0'.repeat(32)).toString('base64'),
      'x-fc-account-id': '1',
    };
    headers.authorization = FC.getSignature(CALLER.accessKeyId, CALLER.accessKeySecret, 'POST', path, headers);
    const res = await rawRequest(`${s.rt.url}${path}`, { method: 'POST', headers, body: 'tampered' });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body.toString())).toMatchObject({ ErrorCode: 'InvalidArgument' });
  });

  it('rejects an unsigned request', async () => {
    const res = await rawRequest(`${s.rt.url}/2016-08-15/services/${SERVICE}/functions/echo/invocations`, {
      method: 'POST',
      body: 'x',
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body.toString())).toMatchObject({ ErrorCode: 'MissingRequiredHeader' });
  });
});

describe('sync invocation', () => {
  it('passes the body as a Buffer and a full FC context, and returns a string result as is', async () => {
    contexts.length = 0;
    const res = await fcClient(s.rt.url).invokeFunction(SERVICE, 'echo', Buffer.from('payload'), {}, 'prod');
    expect(res.data).toBe('echo:payload');
    const ctx = contexts[0] as FcContext;
    expect(ctx.requestId).toBe(res.headers['x-fc-request-id']);
    expect(ctx.credentials).toEqual(ROLE);
    expect(ctx.function).toEqual({ name: 'echo', handler: 'index.handler', memory: 512, timeout: 60 });
    expect(ctx.service).toMatchObject({ name: SERVICE, qualifier: 'prod' });
    expect([ctx.region, ctx.accountId]).toEqual(['cn-hangzhou', '1234567890123456']);
  });

  it('returns an object result as JSON text', async () => {
    const res = await fcClient(s.rt.url).invokeFunction(SERVICE, 'json', '');
    expect(JSON.parse(String(res.data))).toEqual({ ok: true, n: 1 });
  });

  it('returns the log tail when asked with X-Fc-Log-Type: Tail', async () => {
    const res = await fcClient(s.rt.url).invokeFunction(SERVICE, 'echo', 'abc', { 'X-Fc-Log-Type': 'Tail' });
    const tail = Buffer.from(String(res.headers['x-fc-log-result']), 'base64').toString();
    expect(tail).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z 1-\S+ \[info\] got 3 bytes\n$/);
  });

  it.each([
    ['a thrown error', 'boom', { errorMessage: 'bad input', errorType: 'TypeError' }, 'failed'],
    ['a timeout', 'slow', { errorMessage: 'Function timed out after 0.2 seconds' }, 'timeout'],
  ])('reports %s as 200 with x-fc-error-type (fc2 does not throw)', async (_n, fn, body, status) => {
    const res = await fcClient(s.rt.url).invokeFunction(SERVICE, fn, '{}');
    expect(res.headers['x-fc-error-type']).toBe('UnhandledInvocationError');
    expect(res.data).toMatchObject(body);
    const rec = s.rt.invocations().find((r) => r.requestId === res.headers['x-fc-request-id']);
    expect(rec).toMatchObject({ functionName: fn, trigger: 'sync', status, attempts: 1 });
  });

  it('keeps the stack of a thrown Error', async () => {
    const res = await fcClient(s.rt.url).invokeFunction(SERVICE, 'boom', '{}');
    const data = res.data as { stackTrace: string[] };
    expect(data.stackTrace.length).toBeGreaterThan(0);
    expect(data.stackTrace[0]).toMatch(/^at /);
  });

  it.each([
    ['an unknown function', SERVICE, 'nope', 'FunctionNotFound'],
    ['an unknown service', 'other', 'echo', 'ServiceNotFound'],
  ])('answers 404 for %s', async (_n, svc, fn, code) => {
    const err = await thrown(fcClient(s.rt.url).invokeFunction(svc, fn, 'x'));
    expect(err.code).toBe(code);
    expect(err.message).toContain('failed with 404');
  });

  it('rejects an unknown invocation type', async () => {
    const err = await thrown(
      fcClient(s.rt.url).invokeFunction(SERVICE, 'echo', 'x', { 'X-Fc-Invocation-Type': 'Later' }),
    );
    expect(err.code).toBe('InvalidArgument');
  });

  it('never writes a credential to the log', () => {
    const text = JSON.stringify(s.logs);
    for (const secret of [CALLER.accessKeySecret, ROLE.accessKeySecret, ROLE.securityToken]) {
      expect(text).not.toContain(secret);
    }
    expect(s.logs.some((l) => l.msg === 'invocation' && l.functionName === 'echo')).toBe(true);
  });
});
