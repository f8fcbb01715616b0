import { describe, expect, it } from 'vitest';
import { MemoryStateStore } from '../../src/adapters/memory/stateStore.js';
import type { AppDeps } from '../../src/app/index.js';
import { CloudApiError, StateUnavailableError } from '../../src/core/errors.js';
import { receiveAlarm } from '../../src/runtime/alarm.js';
import { compact, receiveTick, TICK_JOBS } from '../../src/runtime/tick.js';
import { parseWorkerTask } from '../../src/runtime/worker.js';
import { config, group, instance, T0 } from '../app/builders.js';
import { CaptureLogger } from '../../src/testing/index.js';
import { harness } from '../app/fakes.js';

const TOKEN = 'tok-123456';
const event = (body: string, token = TOKEN) =>
  JSON.stringify({
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    queryParameters: { token },
    requestContext: { http: { method: 'POST', path: '/cms', sourceIp: '1.2.3.4' } },
  });
const alarm = (id = 'i-1') =>
  `alertState=ALERT&dimensions={instanceId=${id}}&timestamp=${T0}&transId=t-${id}&namespace=acs_ecs_dashboard`;

function endpoint(deps: AppDeps, logger = new CaptureLogger()) {
  return { ep: { auth: { token: TOKEN, allowCidrs: [] }, logger, deps: () => deps, now: () => T0 }, logger };
}

describe('receiveAlarm status mapping', () => {
  const h = harness(config([group()]), [instance({ instanceId: 'i-1' })]);

  it.each([
    ['a valid alarm', event(alarm()), 200],
    ['a wrong token', event(alarm(), 'nope'), 401],
    ['a malformed event', 'not json', 400],
    ['a form without alertState', event('a=b'), 400],
  ])('%s → %s', async (_n, ev, status) => {
    const { ep } = endpoint(h.deps);
    expect((await receiveAlarm(ep, ev, 'r')).statusCode).toBe(status);
  });

  it('answers 503 when the store is down (fail closed: nothing changed, the sender retries)', async () => {
    const store = new MemoryStateStore();
    store.failAll(new StateUnavailableError('OTSServerBusy'));
    const deps = { ...h.deps, store };
    const { ep, logger } = endpoint(deps);
    const res = await receiveAlarm(ep, event(alarm('i-2')), 'r');
    expect(res.statusCode).toBe(503);
    expect(JSON.parse(res.body)).toEqual({ status: 'error', reason: 'temporarily unavailable, retry' });
    expect(logger.lines.some((l) => l.msg === 'alarm handling failed')).toBe(true);
  });

  it('answers 500 for an unexpected non-retryable failure, without its details', async () => {
    const deps = {
      ...h.deps,
      store: {
        ...h.deps.store,
        putDedupe: () => Promise.reject(new CloudApiError({ code: 'X', message: 'x', retryable: false })),
      },
    };
    const { ep } = endpoint(deps as AppDeps);
    const res = await receiveAlarm(ep, event(alarm('i-3')), 'r');
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('X:');
  });
});

describe('receiveTick and parseWorkerTask', () => {
  it('runs the job the payload names and logs a compact result', async () => {
    const h = harness(config([group()]), []);
    const out = await receiveTick(
      h.deps,
      JSON.stringify({ triggerTime: '2025-01-06T03:00:00Z', triggerName: 't', payload: 'reconcile' }),
    );
    expect(out).toMatchObject({ kind: 'reconcile', triggerName: 't', result: { evaluated: 0 } });
    expect(compact({ a: [1, 2], b: 3 })).toEqual({ a: '2 items', b: 3 });
    expect(compact(7)).toBe(7);
  });

  it('fails loudly for a kind with no job', async () => {
    const h = harness(config([group()]), []);
    const saved = TICK_JOBS.optimise;
    delete TICK_JOBS.optimise;
    try {
      await expect(receiveTick(h.deps, '{"payload":"optimise"}')).rejects.toThrow(/no job registered/);
    } finally {
      TICK_JOBS.optimise = saved;
    }
  });

  it.each([
    ['{"kind":"orchestrate","actionKey":"k","instanceId":"i"}', undefined],
    ['nope', /not JSON/],
    ['{"kind":"other"}', /must be/],
  ])('parseWorkerTask(%s)', (text, error) => {
    if (error) expect(() => parseWorkerTask(text)).toThrow(error);
    else
      expect(parseWorkerTask(new TextEncoder().encode(text))).toEqual({
        kind: 'orchestrate',
        actionKey: 'k',
        instanceId: 'i',
      });
  });
});
