/**
 * Async invocation through the real fc2 client: 202 and execution on the event loop, task-id dedupe (409),
 * at-least-once retries with backoff on the virtual clock, event-age expiry, and the task-state API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fcClient, SERVICE, type Started, startRuntime, T0, thrown } from './helpers.js';

const ASYNC = { 'X-Fc-Invocation-Type': 'Async' };
const calls: Record<string, number> = {};
let failuresBeforeSuccess = 0;

function count(name: string): number {
  calls[name] = (calls[name] ?? 0) + 1;
  return calls[name];
}

let s: Started;

beforeAll(async () => {
  s = await startRuntime(
    [
      { name: 'ok', handler: async () => count('ok') },
      {
        name: 'flaky',
        async: { maxAsyncRetryAttempts: 3, maxAsyncEventAgeInSeconds: 3600 },
        handler: async () => {
          if (count('flaky') <= failuresBeforeSuccess) throw new Error('not yet');
          return 'done';
        },
      },
      {
        name: 'broken',
        async: { maxAsyncRetryAttempts: 2, maxAsyncEventAgeInSeconds: 3600 },
        handler: async () => {
          count('broken');
          throw new Error('always');
        },
      },
      {
        name: 'stale',
        async: { maxAsyncRetryAttempts: 8, maxAsyncEventAgeInSeconds: 5 },
        handler: async () => {
          count('stale');
          throw new Error('always');
        },
      },
    ],
    { asyncRetryDelayMs: (retry) => 1000 * 2 ** (retry - 1) },
  );
});

afterAll(async () => {
  await s.rt.close();
});

const taskState = async (fn: string, id: string) =>
  (await fcClient(s.rt.url).get(`/services/${SERVICE}/functions/${fn}/stateful-async-invocations/${id}`))
    .data as Record<string, unknown>;

/** Advances the virtual clock step by step, letting queued work finish after each step. */
async function advance(...stepsMs: number[]): Promise<void> {
  for (const ms of stepsMs) {
    await s.clock.advance(ms);
    await s.rt.drain();
  }
}

describe('async invocation', () => {
  it('answers 202 at once and runs the handler afterwards', async () => {
    const before = calls.ok ?? 0;
    const res = await fcClient(s.rt.url).invokeFunction(SERVICE, 'ok', '{}', ASYNC);
    expect(res.data).toBe('');
    expect(res.headers['x-fc-request-id']).toBeTruthy();
    await s.rt.drain();
    expect(calls.ok).toBe(before + 1);
  });

  it('rejects a repeated task id with 409 StatefulAsyncInvocationAlreadyExists, and runs the task once', async () => {
    const before = calls.ok ?? 0;
    const headers = { ...ASYNC, 'X-Fc-Stateful-Async-Invocation-Id': 'task-dup-1' };
    const first = await fcClient(s.rt.url).invokeFunction(SERVICE, 'ok', '{}', headers);
    expect(first.headers['x-fc-stateful-async-invocation-id']).toBe('task-dup-1');
    await s.rt.drain();
    const err = await thrown(fcClient(s.rt.url).invokeFunction(SERVICE, 'ok', '{}', headers));
    expect(err.code).toBe('StatefulAsyncInvocationAlreadyExists');
    expect(err.message).toContain('failed with 409');
    await s.rt.drain();
    expect(calls.ok).toBe(before + 1);
  });

  it.each([
    ['starts with a digit', '1abc'],
    ['has a dot', 'a.b'],
    ['is longer than 128', `a${'x'.repeat(128)}`],
  ])('rejects a task id that %s', async (_n, id) => {
    const err = await thrown(
      fcClient(s.rt.url).invokeFunction(SERVICE, 'ok', '{}', { ...ASYNC, 'X-Fc-Stateful-Async-Invocation-Id': id }),
    );
    expect(err.code).toBe('InvalidArgument');
  });

  it('rejects an async payload over 128 KiB with EntityTooLarge', async () => {
    const err = await thrown(fcClient(s.rt.url).invokeFunction(SERVICE, 'ok', 'x'.repeat(128 * 1024 + 1), ASYNC));
    expect(err.code).toBe('EntityTooLarge');
  });

  it('retries a failing handler on the clock until it succeeds (at-least-once)', async () => {
    calls.flaky = 0;
    failuresBeforeSuccess = 2;
    const headers = { ...ASYNC, 'X-Fc-Stateful-Async-Invocation-Id': 'flaky-1' };
    await fcClient(s.rt.url).invokeFunction(SERVICE, 'flaky', '{"n":1}', headers);
    await s.rt.drain();
    expect(calls.flaky).toBe(1);
    expect(await taskState('flaky', 'flaky-1')).toMatchObject({
      status: 'Retrying',
      invocationErrorMessage: 'not yet',
    });
    await advance(999);
    expect(calls.flaky).toBe(1);
    await advance(1, 2000);
    expect(calls.flaky).toBe(3);
    const state = await taskState('flaky', 'flaky-1');
    expect(state).toMatchObject({ status: 'Succeeded', alreadyRetriedTimes: 2, invocationPayload: '{"n":1}' });
    expect(state.invocationErrorMessage).toBe('');
    const rec = s.rt.invocations().find((r) => r.taskId === 'flaky-1');
    expect(rec).toMatchObject({ trigger: 'async', status: 'succeeded', attempts: 3 });
  });

  it('gives up after maxAsyncRetryAttempts retries and reports Failed', async () => {
    calls.broken = 0;
    const headers = { ...ASYNC, 'X-Fc-Stateful-Async-Invocation-Id': 'broken-1' };
    await fcClient(s.rt.url).invokeFunction(SERVICE, 'broken', '{}', headers);
    await s.rt.drain();
    await advance(1000, 2000, 4000, 60_000);
    expect(calls.broken).toBe(3);
    const state = await taskState('broken', 'broken-1');
    expect(state).toMatchObject({ status: 'Failed', alreadyRetriedTimes: 2, invocationErrorMessage: 'always' });
    expect(s.rt.invocations().find((r) => r.taskId === 'broken-1')).toMatchObject({ status: 'failed', attempts: 3 });
  });

  it('drops an event older than maxAsyncEventAgeInSeconds as Expired', async () => {
    calls.stale = 0;
    const startMs = s.clock.now();
    const headers = { ...ASYNC, 'X-Fc-Stateful-Async-Invocation-Id': 'stale-1' };
    await fcClient(s.rt.url).invokeFunction(SERVICE, 'stale', '{}', headers);
    await s.rt.drain();
    // Attempts at +0 s, +1 s, +3 s; the next retry is due at +7 s, beyond the 5 s event age.
    await advance(1000, 2000, 4000, 60_000);
    expect(calls.stale).toBe(3);
    const state = await taskState('stale', 'stale-1');
    expect(state).toMatchObject({ status: 'Expired', alreadyRetriedTimes: 2 });
    expect(state.endTime).toBe(startMs + 7000);
    expect(s.rt.invocations().find((r) => r.taskId === 'stale-1')).toMatchObject({ status: 'expired', attempts: 3 });
  });

  it('answers 404 StatefulAsyncInvocationNotFound for an unknown task, or a task of another function', async () => {
    for (const [fn, id] of [
      ['ok', 'never-queued'],
      ['ok', 'flaky-1'],
    ] as const) {
      const err = await thrown(taskState(fn, id));
      expect(err.code).toBe('StatefulAsyncInvocationNotFound');
    }
  });

  it('stamps task times on the runtime clock', async () => {
    expect(s.clock.now()).toBeGreaterThan(T0);
    const state = await taskState('flaky', 'flaky-1');
    expect(state.startedTime).toBeGreaterThanOrEqual(T0);
    expect(state.endTime).toBeGreaterThanOrEqual(state.startedTime as number);
  });
});
