import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandler } from '../../functions/dashboard/index.js';
import { DEFAULT_STATIC_DIR } from '../../src/dashboard/server.js';
import { loadStaticAssets } from '../../src/dashboard/static.js';
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';
import { startFcRuntime } from '@ecs-autoscaler/local-cloud/fc/index.js';
import type { FcRuntime } from '@ecs-autoscaler/local-cloud/fc/types.js';
import { applied, apiHarness, T0 } from './fakes.js';

const TOKEN = 'fc-dashboard-token-42';
const t = apiHarness();
const assets = loadStaticAssets(DEFAULT_STATIC_DIR);

/** An FC 3.0 HTTP-trigger event, as the platform builds it. */
function event(method: string, path: string, query: Record<string, string> = {}, headers: Record<string, string> = {}) {
  return Buffer.from(
    JSON.stringify({
      version: 'v1',
      rawPath: path,
      headers,
      queryParameters: query,
      body: '',
      isBase64Encoded: false,
      requestContext: { http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'test' } },
    }),
  );
}

describe('createHandler (direct)', () => {
  const handler = createHandler({ api: t.api, token: TOKEN, assets });

  it('refuses everything when no token is configured', async () => {
    for (const token of [undefined, '']) {
      const res = await createHandler({ api: t.api, token, assets })(event('GET', '/api/health'));
      expect(res.statusCode).toBe(403);
      expect(res.body).toMatch(/AUTOSCALER_DASHBOARD_TOKEN is not set/);
    }
  });

  it.each([
    ['no token', event('GET', '/api/instances'), 401],
    ['wrong token', event('GET', '/api/instances', { token: 'guess' }), 401],
    ['bearer', event('GET', '/api/instances', {}, { Authorization: `Bearer ${TOKEN}` }), 200],
    ['query token', event('GET', '/api/instances', { token: TOKEN }), 200],
    ['health without token', event('GET', '/api/health'), 200],
    ['write', event('POST', '/api/instances', { token: TOKEN }), 405],
    ['unknown route', event('GET', '/api/nope', { token: TOKEN }), 404],
    ['static page', event('GET', '/'), 200],
    ['static write', event('PUT', '/app.js'), 405],
    ['missing file', event('GET', '/secret.txt'), 404],
  ])('%s → %i', async (_name, ev, status) => {
    const res = await handler(ev);
    expect(res.statusCode).toBe(status);
    expect(res.body).not.toContain(TOKEN);
  });

  it('serves the front end as text', async () => {
    const res = await handler(event('GET', '/app.js'));
    expect(res).toMatchObject({
      isBase64Encoded: false,
      headers: { 'content-type': 'text/javascript; charset=utf-8' },
    });
    expect(res.body).toContain('EventSource');
  });

  it('answers /api/events as one complete SSE response (EventSource polls by reconnecting)', async () => {
    await t.store.appendAudit(applied(T0 - 1000, 10, 20));
    const res = await handler(event('GET', '/api/events', { token: TOKEN, since: String(T0 - 2000) }));
    expect(res.headers['content-type']).toBe('text/event-stream');
    expect(res.body).toMatch(/^retry: 2000\nevent: audit\nid: \d+\ndata: \{/);
  });

  it.each([
    ['not JSON', Buffer.from('nope')],
    ['not an object', Buffer.from('[1]')],
  ])('a malformed event (%s) is a 400', async (_name, ev) => {
    const res = await handler(ev);
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).error.message).toMatch(/HTTP trigger event/);
  });
});

describe('hosted by the local FC runtime (HTTP trigger, anonymous)', () => {
  let rt: FcRuntime;
  beforeAll(async () => {
    rt = await startFcRuntime({
      clock: new VirtualClock(T0),
      accountId: '1234567890123456',
      region: 'cn-hangzhou',
      serviceName: 'autoscaler',
      credentials: { accessKeyId: 'LTAIcaller', accessKeySecret: 'caller-secret' },
      functionCredentials: { accessKeyId: 'STS.k', accessKeySecret: 's', securityToken: 't' },
      functions: [
        {
          name: 'dashboard',
          handler: createHandler({ api: t.api, token: TOKEN, assets }),
          httpTriggers: [{ name: 'http', methods: ['GET', 'HEAD', 'POST'], authType: 'anonymous' }],
        },
      ],
      nextFire: () => Number.MAX_SAFE_INTEGER,
    });
  });
  afterAll(async () => {
    await rt.close();
  });

  it('serves the fleet to a bearer of the token, and nothing without it', async () => {
    const ok = await fetch(rt.httpUrl('dashboard', '/api/instances'), {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { instances: unknown[] }).instances[0]).toMatchObject({
      instanceId: 'i-web1',
      bandwidthOutMbps: 10,
    });
    const denied = await fetch(rt.httpUrl('dashboard', '/api/instances'));
    expect(denied.status).toBe(401);
  });

  it('serves the page', async () => {
    const res = await fetch(rt.httpUrl('dashboard', '/'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await res.text()).toContain('<h1>ECS autoscaler</h1>');
  });
});
