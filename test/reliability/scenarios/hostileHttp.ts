/**
 * Scenario 5 over HTTP: fuzzed requests and a table of named attacks against the alarm trigger of the local
 * FC runtime (the product's functions hosted as s.yaml deploys them), with the ECS emulator behind it.
 */
import fc from 'fast-check';
import { type HostileRequest, hostileRequest } from '../../support/arbitraries.js';
import { alarmBody, FORM_TYPE } from '../../../src/testing/callbacks.js';
import { startTestCloud, type TestCloud } from '../../support/cloud.js';
import { reliabilityConfig, SATURATING_DEMAND_MBPS, STEADY_DEMAND_MBPS } from '../../support/config.js';
import { FixedWorkload, generateFleet, webId } from '../../support/fleet.js';
import { pumpUntil } from '../../../src/testing/pump.js';
import { judge, tally } from './hostile.js';

const START_MS = Date.UTC(2025, 0, 6, 3, 0, 30);
const READY_MS = Date.UTC(2025, 0, 6, 3, 4, 10);
/** Requests may move the clock (the CMS adapter's rate limit sleeps on it), never up to the 03:05 tick. */
const HORIZON_MS = Date.UTC(2025, 0, 6, 3, 4, 50);
/** Names fetch refuses or that would corrupt the framing. */
const FORBIDDEN = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'expect',
  'host',
  'content-length',
  'te',
  'trailer',
]);

/** web-1/2 at their target (no change needed), web-90001/2 unmanaged and saturated (a change would show). */
export async function startHostileCloud(token?: string): Promise<TestCloud> {
  const fleet = generateFleet({ web: 2, unmanaged: 2 });
  const workload = new FixedWorkload();
  for (const i of fleet.instances) {
    const managed = i.tags?.['autoscaler-group'] === 'web';
    workload.outboundMbps.set(i.instanceId, managed ? STEADY_DEMAND_MBPS(10) : SATURATING_DEMAND_MBPS(10));
  }
  const t = await startTestCloud({
    startMs: START_MS,
    config: reliabilityConfig(),
    fleet,
    workload,
    webhookToken: token,
  });
  await t.clock.advanceTo(READY_MS);
  return t;
}

export const HOSTILE_IDS = { managed: [webId(1), webId(2)], unmanaged: [webId(90_001), webId(90_002)] };

function send(t: TestCloud, req: HostileRequest): Promise<Response> {
  const url = new URL(t.cloud.fc.httpUrl('ecs-autoscaler-alarm', req.path));
  for (const [k, v] of Object.entries(req.query)) url.searchParams.set(k, v);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (!FORBIDDEN.has(k.toLowerCase())) headers.set(k, v.replace(/[^\x20-\x7e]/g, '?'));
  }
  const raw = req.isBase64Encoded ? Buffer.from(req.body, 'base64') : Buffer.from(req.body, 'utf8');
  const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : raw;
  const res = fetch(url, { method: req.method, headers, body, signal: AbortSignal.timeout(30_000) });
  return pumpUntil(t.clock, res, { horizonMs: HORIZON_MS });
}

async function answer(res: Response): Promise<Record<string, unknown>> {
  const text = await res.text();
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { raw: text.slice(0, 100) };
  }
}

/** `cases` fuzzed requests over HTTP. */
export async function runHostileHttp(t: TestCloud, o: { cases: number; seed: number }) {
  const world = {
    token: t.cloud.webhookToken,
    oldToken: 'whk-rotated-long-ago-0000000000',
    managedIds: HOSTILE_IDS.managed,
    unmanagedIds: HOSTILE_IDS.unmanaged,
    nowMs: t.clock.now(),
  };
  const tl = tally();
  await fc.assert(
    fc.asyncProperty(hostileRequest(world), async (req) => {
      const res = await send(t, req);
      judge(tl, req, res.status, await answer(res));
    }),
    { numRuns: o.cases, seed: o.seed },
  );
  return tl;
}

export interface NamedAttack {
  name: string;
  method?: string;
  /** Appended to the trigger URL (path and query); `TOKEN` is replaced by the real token. */
  target: string;
  contentType?: string;
  body: () => Buffer | string;
  expect: number[];
}

const valid = () =>
  alarmBody({ instanceId: webId(90_001), value: 10e6, transId: 'named-1', timestampMs: READY_MS - 1000 });

/** Attacks by name: each must get one of the `expect` statuses and cause no change. */
export const NAMED_ATTACKS: NamedAttack[] = [
  { name: 'forged token', target: '/cms?token=not-the-token', body: valid, expect: [401] },
  { name: 'no token', target: '/cms', body: valid, expect: [401] },
  { name: 'token in a header only', target: '/cms', body: valid, expect: [401] },
  { name: 'rotated (old) token', target: '/cms?token=whk-rotated-long-ago-0000000000', body: valid, expect: [401] },
  { name: 'token with a suffix', target: '/cms?token=TOKENx', body: valid, expect: [401] },
  { name: 'instance outside the managed set', target: '/cms?token=TOKEN', body: valid, expect: [200] },
  {
    name: 'unknown instance',
    target: '/cms?token=TOKEN',
    body: () => valid().replace(/i-web-90001/g, 'i-nothere'),
    expect: [200],
  },
  { name: 'GET instead of POST', method: 'GET', target: '/cms?token=TOKEN', body: () => '', expect: [405] },
  { name: 'PUT instead of POST', method: 'PUT', target: '/cms?token=TOKEN', body: valid, expect: [405] },
  {
    name: 'XML content type',
    target: '/cms?token=TOKEN',
    contentType: 'application/xml',
    body: () => '<alertState>ALERT</alertState>',
    expect: [400],
  },
  {
    name: 'multipart content type',
    target: '/cms?token=TOKEN',
    contentType: 'multipart/form-data; boundary=x',
    body: valid,
    expect: [400],
  },
  {
    name: 'JSON declared, form sent',
    target: '/cms?token=TOKEN',
    contentType: 'application/json',
    body: valid,
    expect: [400],
  },
  {
    name: 'invalid UTF-8',
    target: '/cms?token=TOKEN',
    contentType: 'text/plain',
    body: () => Buffer.from([0xff, 0xfe, 0x41]),
    expect: [400],
  },
  { name: 'empty body', target: '/cms?token=TOKEN', body: () => '', expect: [400] },
  {
    name: '1 MiB body',
    target: '/cms?token=TOKEN',
    body: () => `alertState=ALERT&pad=${'A'.repeat(1 << 20)}`,
    expect: [400],
  },
  {
    name: 'deeply nested JSON',
    target: '/cms?token=TOKEN',
    contentType: 'application/json',
    body: () => `${'['.repeat(5000)}${']'.repeat(5000)}`,
    expect: [400],
  },
  {
    name: 'JSON prototype pollution',
    target: '/cms?token=TOKEN',
    contentType: 'application/json',
    body: () => '{"__proto__":{"alertState":"ALERT"},"constructor":{"prototype":{"x":1}}}',
    expect: [400],
  },
];

/** Send one named attack; returns the status and parsed answer. */
export async function sendAttack(t: TestCloud, a: NamedAttack) {
  const target = a.target.replace('TOKEN', encodeURIComponent(t.cloud.webhookToken));
  const [path, query] = target.split('?');
  const url = `${t.cloud.fc.httpUrl('ecs-autoscaler-alarm', path ?? '/')}${query ? `?${query}` : ''}`;
  const headers: Record<string, string> = { 'content-type': a.contentType ?? FORM_TYPE };
  if (a.name === 'token in a header only') headers['x-webhook-token'] = t.cloud.webhookToken;
  const method = a.method ?? 'POST';
  const body = method === 'GET' ? undefined : a.body();
  const sent = fetch(url, { method, headers, body, signal: AbortSignal.timeout(60_000) });
  const res = await pumpUntil(t.clock, sent, { horizonMs: HORIZON_MS });
  return { status: res.status, json: await answer(res) };
}
