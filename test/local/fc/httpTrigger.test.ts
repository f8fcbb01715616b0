/**
 * HTTP triggers: the FC 3.0 event JSON (compared with vendor/reference/fc3/http-event-example.json), body
 * encoding, multi-valued headers and queries, result mapping, errors, timeouts and `function` auth.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import FC from '@alicloud/fc2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpTriggerEvent } from '@ecs-autoscaler/local-cloud/fc/index.js';
import { ACCOUNT, CALLER, rawRequest, recorder, type Started, startRuntime, T0 } from './helpers.js';

const root = resolve(import.meta.dirname, '../../..');
const example = JSON.parse(
  readFileSync(resolve(root, 'vendor/reference/fc3/http-event-example.json'), 'utf8'),
) as Record<string, unknown>;

const echo = recorder();
let answer: unknown;
let s: Started;
const ALL = ['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'PATCH', 'OPTIONS'];

beforeAll(async () => {
  s = await startRuntime([
    { name: 'alarm', handler: echo.handler, httpTriggers: [{ name: 'http', methods: ALL, authType: 'anonymous' }] },
    {
      name: 'answer',
      handler: async () => answer,
      httpTriggers: [{ name: 'h', methods: ['GET'], authType: 'anonymous' }],
    },
    {
      name: 'fail',
      handler: async () => {
        throw new RangeError('out of range');
      },
      httpTriggers: [{ name: 'h', methods: ['GET'], authType: 'anonymous' }],
    },
    {
      name: 'hang',
      timeoutSec: 0.2,
      handler: () => new Promise((r) => setTimeout(r, 1500).unref()),
      httpTriggers: [{ name: 'h', methods: ['GET'], authType: 'anonymous' }],
    },
    {
      name: 'private',
      handler: async () => 'secret-ok',
      httpTriggers: [{ name: 'h', methods: ['POST'], authType: 'function' }],
    },
    { name: 'no-trigger', handler: async () => 'x' },
  ]);
});

afterAll(async () => {
  await s.rt.close();
});

function lastEvent(): HttpTriggerEvent {
  return echo.events.at(-1) as HttpTriggerEvent;
}

/** Every key path of a JSON value with its JSON type, e.g. `requestContext.http.method: string`. */
function shape(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return [`${prefix}: ${typeof value}`];
  return Object.entries(value).flatMap(([k, v]) =>
    v !== null && typeof v === 'object' && !['headers', 'queryParameters'].includes(k)
      ? shape(v, `${prefix}${k}.`)
      : [`${prefix}${k}: ${typeof v}`],
  );
}

describe('HTTP trigger event', () => {
  it('has exactly the structure of the FC 3.0 reference event', async () => {
    const res = await rawRequest(`${s.rt.httpUrl('alarm', '/cms/hook')}?token=abc`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'user-agent': 'AlibabaCloud Test/1' },
      body: 'haha',
    });
    expect(res.status).toBe(200);
    expect(shape(lastEvent()).sort()).toEqual(shape(example).sort());
  });

  it('fills every field as FC does', async () => {
    await rawRequest(`${s.rt.httpUrl('alarm', '/a%20b/c')}?x=1&y=2`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'CMS/1.0' },
      body: 'alertName=cpu&alertState=ALERT',
    });
    const e = lastEvent();
    expect(e).toMatchObject({
      version: 'v1',
      rawPath: '/a%20b/c',
      body: 'alertName=cpu&alertState=ALERT',
      isBase64Encoded: false,
      queryParameters: { x: '1', y: '2' },
    });
    expect(e.headers).toMatchObject({ 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': 'CMS/1.0' });
    expect(e.headers).not.toHaveProperty('Host');
    const rc = e.requestContext;
    expect(rc).toMatchObject({
      accountId: ACCOUNT,
      http: { method: 'POST', path: '/a b/c', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'CMS/1.0' },
      time: '2025-01-01T00:00:00Z',
      timeEpoch: String(T0),
    });
    expect(rc.domainName).toBe(`${rc.domainPrefix}.cn-hangzhou.fcapp.run`);
    expect(rc.requestId).toBe(s.rt.invocations().at(-1)?.requestId);
  });

  it.each([
    ['binary content', 'application/octet-stream', Buffer.from([0xff, 0x00, 0x81, 0x7f]), true],
    ['an image', 'image/png', Buffer.from('PNG-ish'), true],
    ['text that is not valid UTF-8', 'text/plain', Buffer.from([0xc3, 0x28]), true],
    ['JSON', 'application/json; charset=utf-8', Buffer.from('{"a":"é"}'), false],
    ['a form', 'application/x-www-form-urlencoded', Buffer.from('a=1'), false],
    ['no content-type and UTF-8 bytes', undefined, Buffer.from('plain'), false],
  ])('encodes %s as base64=%s', async (_n, contentType, body, base64) => {
    await rawRequest(s.rt.httpUrl('alarm'), {
      method: 'POST',
      headers: contentType ? { 'content-type': contentType } : {},
      body,
    });
    const e = lastEvent();
    expect(e.isBase64Encoded).toBe(base64);
    expect(Buffer.from(e.body, base64 ? 'base64' : 'utf8').equals(body)).toBe(true);
  });

  it('comma-joins repeated headers and query parameters', async () => {
    await rawRequest(`${s.rt.httpUrl('alarm')}?tag=a&tag=b&one=1`, {
      headers: { 'x-multi': ['v1', 'v2'], 'x-Single': 's' },
    });
    const e = lastEvent();
    expect(e.headers['X-Multi']).toBe('v1,v2');
    expect(e.headers['X-Single']).toBe('s');
    expect(e.queryParameters).toEqual({ tag: 'a,b', one: '1' });
  });

  it('serves the root path as "/" with an empty body', async () => {
    await rawRequest(s.rt.httpUrl('alarm', ''));
    expect(lastEvent()).toMatchObject({ rawPath: '/', body: '', isBase64Encoded: false, queryParameters: {} });
  });
});

describe('HTTP trigger response', () => {
  it.each([
    ['a structured result', { statusCode: 201, headers: { 'x-a': 'b' }, body: 'made' }, 201, 'made', { 'x-a': 'b' }],
    [
      'a base64 result',
      { statusCode: 200, headers: { 'content-type': 'image/png' }, isBase64Encoded: true, body: 'AAEC' },
      200,
      '\u0000\u0001\u0002',
      { 'content-type': 'image/png' },
    ],
    ['a plain string', 'hello', 200, 'hello', {}],
    ['an object without statusCode', { ignored: true }, 200, '{"ignored":true}', {}],
    ['undefined', undefined, 200, '', {}],
    [
      'a structured result with an object body',
      { statusCode: 400, body: { reason: 'bad' } },
      400,
      '{"reason":"bad"}',
      {},
    ],
  ])('maps %s', async (_n, value, status, body, headers) => {
    answer = value;
    const res = await rawRequest(s.rt.httpUrl('answer', '/x'));
    expect(res.status).toBe(status);
    expect(res.body.toString('latin1')).toBe(body);
    expect(res.headers).toMatchObject(headers);
    expect(res.headers['x-fc-request-id']).toMatch(/^1-/);
  });

  it.each([
    ['a thrown error', 'fail', { errorMessage: 'out of range', errorType: 'RangeError' }, 'failed'],
    ['a timeout', 'hang', { errorMessage: 'Function timed out after 0.2 seconds' }, 'timeout'],
    ['an impossible statusCode', 'answer', { errorMessage: expect.stringContaining('statusCode') }, 'failed'],
  ])('answers 502 UnhandledInvocationError for %s', async (_n, fn, body, status) => {
    answer = { statusCode: 99 };
    const res = await rawRequest(s.rt.httpUrl(fn));
    expect(res.status).toBe(502);
    expect(res.headers['x-fc-error-type']).toBe('UnhandledInvocationError');
    expect(JSON.parse(res.body.toString())).toMatchObject(body);
    expect(s.rt.invocations().at(-1)).toMatchObject({ functionName: fn, trigger: 'http', status, httpStatus: 502 });
  });

  it.each([
    ['a method the trigger does not list', 'answer', 'POST', 405, 'MethodNotAllowed'],
    ['a function without HTTP trigger', 'no-trigger', 'GET', 404, 'TriggerNotFound'],
    ['an unknown function', 'ghost', 'GET', 404, 'TriggerNotFound'],
  ])('refuses %s', async (_n, fn, method, status, code) => {
    const res = await rawRequest(s.rt.httpUrl(fn), { method });
    expect(res.status).toBe(status);
    expect(JSON.parse(res.body.toString())).toMatchObject({ ErrorCode: code });
  });

  it('refuses a body over the sync payload limit with 413', async () => {
    const small = await startRuntime(
      [
        {
          name: 'f',
          handler: async () => 'ok',
          httpTriggers: [{ name: 'h', methods: ['POST'], authType: 'anonymous' }],
        },
      ],
      { maxSyncPayloadBytes: 1024 },
    );
    try {
      const res = await rawRequest(small.rt.httpUrl('f'), { method: 'POST', body: Buffer.alloc(1025) });
      expect(res.status).toBe(413);
      expect((await rawRequest(small.rt.httpUrl('f'), { method: 'POST', body: Buffer.alloc(1024) })).status).toBe(200);
    } finally {
      await small.rt.close();
    }
  });
});

describe('HTTP trigger with authType function', () => {
  function signed(
    path: string,
    query: Record<string, string>,
    secret = CALLER.accessKeySecret,
  ): Record<string, string> {
    const headers: Record<string, string> = { date: new Date().toUTCString(), 'content-type': 'text/plain' };
    headers.authorization = FC.getSignature(CALLER.accessKeyId, secret, 'POST', path, headers, query);
    return headers;
  }

  it('runs the handler for a request carrying a valid FC signature (path and query signed)', async () => {
    const url = `${s.rt.httpUrl('private', '/run')}?a=1`;
    const res = await rawRequest(url, { method: 'POST', headers: signed('/http/private/run', { a: '1' }), body: 'x' });
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('secret-ok');
  });

  it.each([
    ['no signature', {}, 400],
    ['a wrong secret', signed('/http/private/run', { a: '1' }, 'wrong'), 403],
    ['a signature over another query', signed('/http/private/run', { a: '2' }), 403],
  ])('rejects a request with %s', async (_n, headers, status) => {
    const res = await rawRequest(`${s.rt.httpUrl('private', '/run')}?a=1`, { method: 'POST', headers, body: 'x' });
    expect(res.status).toBe(status);
    expect(res.body.toString()).not.toContain('secret-ok');
  });
});
