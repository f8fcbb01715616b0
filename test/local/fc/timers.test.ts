/** Timer triggers on the virtual clock, and the start-time validation of the runtime options. */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@ecs-autoscaler/local-cloud/errors.js';
import { startFcRuntime } from '@ecs-autoscaler/local-cloud/fc/index.js';
import type { FcRuntimeOptions, LocalFunction } from '@ecs-autoscaler/local-cloud/fc/types.js';
import { ACCOUNT, CALLER, REGION, ROLE, recorder, SERVICE, startRuntime, T0 } from './helpers.js';

interface TimerEventJson {
  triggerTime: string;
  triggerName: string;
  payload: string;
}

const byTime = (a: TimerEventJson, b: TimerEventJson) =>
  a.triggerTime.localeCompare(b.triggerTime) || a.triggerName.localeCompare(b.triggerName);

describe('timer triggers', () => {
  it('fire at each cron time of the clock with FC timer events, asynchronously', async () => {
    const tick = recorder();
    const s = await startRuntime([
      {
        name: 'tick',
        handler: tick.handler,
        timerTriggers: [
          { name: 'reconcile', cronExpression: '0 * * * * *', enable: true, payload: '{"task":"reconcile"}' },
          { name: 'fast', cronExpression: '@every 30s', enable: true },
          { name: 'off', cronExpression: '@every 1s', enable: false },
        ],
      },
    ]);
    try {
      await s.clock.advance(29_999);
      await s.rt.drain();
      expect(tick.events).toEqual([]);
      await s.clock.advance(120_001 - 29_999);
      await s.rt.drain();
      expect((tick.events as TimerEventJson[]).sort(byTime)).toEqual([
        { triggerTime: '2025-01-01T00:00:30Z', triggerName: 'fast', payload: '' },
        { triggerTime: '2025-01-01T00:01:00Z', triggerName: 'fast', payload: '' },
        { triggerTime: '2025-01-01T00:01:00Z', triggerName: 'reconcile', payload: '{"task":"reconcile"}' },
        { triggerTime: '2025-01-01T00:01:30Z', triggerName: 'fast', payload: '' },
        { triggerTime: '2025-01-01T00:02:00Z', triggerName: 'fast', payload: '' },
        { triggerTime: '2025-01-01T00:02:00Z', triggerName: 'reconcile', payload: '{"task":"reconcile"}' },
      ]);
      const recs = s.rt.invocations();
      expect(recs.every((r) => r.trigger === 'timer' && r.status === 'succeeded' && r.attempts === 1)).toBe(true);
      expect(recs.filter((r) => r.triggerName === 'reconcile').map((r) => r.acceptedAtMs)).toEqual([
        T0 + 60_000,
        T0 + 120_000,
      ]);
    } finally {
      await s.rt.close();
    }
  });

  it('retries a failing timer invocation like any async invocation', async () => {
    let runs = 0;
    const s = await startRuntime(
      [
        {
          name: 'tick',
          async: { maxAsyncRetryAttempts: 1, maxAsyncEventAgeInSeconds: 60 },
          handler: async () => {
            runs += 1;
            throw new Error('store down');
          },
          timerTriggers: [{ name: 't', cronExpression: '0 * * * * *', enable: true }],
        },
      ],
      { asyncRetryDelayMs: () => 5000 },
    );
    try {
      await s.clock.advance(60_000);
      await s.rt.drain();
      await s.clock.advance(5000);
      await s.rt.drain();
      expect(runs).toBe(2);
      expect(s.rt.invocations()[0]).toMatchObject({
        trigger: 'timer',
        triggerName: 't',
        status: 'failed',
        attempts: 2,
      });
    } finally {
      await s.rt.close();
    }
  });

  it('stops firing after close', async () => {
    const tick = recorder();
    const s = await startRuntime([
      {
        name: 'tick',
        handler: tick.handler,
        timerTriggers: [{ name: 't', cronExpression: '@every 10s', enable: true }],
      },
    ]);
    await s.clock.advance(10_000);
    await s.rt.drain();
    await s.rt.close();
    await s.clock.advance(60_000);
    expect(tick.events).toHaveLength(1);
    expect(s.clock.pendingTimers()).toBe(0);
  });

  it('stops a trigger whose cron does not move forward instead of firing forever', async () => {
    const tick = recorder();
    const s = await startRuntime(
      [{ name: 'tick', handler: tick.handler, timerTriggers: [{ name: 'stuck', cronExpression: 'x', enable: true }] }],
      { nextFire: (_c, after) => Math.max(after, T0 + 1000) },
    );
    try {
      await s.clock.advance(10_000);
      await s.rt.drain();
      expect(tick.events).toHaveLength(1);
      expect(s.logs.some((l) => l.msg === 'timer trigger stopped: cron did not advance')).toBe(true);
    } finally {
      await s.rt.close();
    }
  });

  it('uses src/core/cron.ts (FC cron with CRON_TZ) when no nextFire is injected', async () => {
    const tick = recorder();
    const fn: LocalFunction = {
      name: 'tick',
      handler: tick.handler,
      timerTriggers: [
        { name: 'minute', cronExpression: '0 * * * * *', enable: true },
        { name: 'shanghai', cronExpression: 'CRON_TZ=Asia/Shanghai 0 0 8 * * *', enable: true },
      ],
    };
    const s = await startRuntime([fn], { nextFire: undefined });
    try {
      await s.clock.advance(60_000);
      await s.rt.drain();
      expect(tick.events).toEqual([{ triggerTime: '2025-01-01T00:01:00Z', triggerName: 'minute', payload: '' }]);
      await s.clock.advanceTo(Date.UTC(2025, 0, 2, 0, 0, 0));
      await s.rt.drain();
      // 08:00 in Shanghai is 00:00 UTC.
      expect(tick.events.filter((e) => (e as TimerEventJson).triggerName === 'shanghai')).toEqual([
        { triggerTime: '2025-01-02T00:00:00Z', triggerName: 'shanghai', payload: '' },
      ]);
    } finally {
      await s.rt.close();
    }
  });

  it("rejects an invalid cron at start with the evaluator's reason", async () => {
    const fn: LocalFunction = {
      name: 'tick',
      handler: async () => 'x',
      timerTriggers: [{ name: 't', cronExpression: '0 0 25 * * *', enable: true }],
    };
    const err = await startRuntime([fn], { nextFire: undefined }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems[0]).toMatchObject({ path: 'functions[0].timerTriggers[0].cronExpression' });
  });
});

describe('runtime on a plain Clock port (no setTimer)', () => {
  it('fires timer triggers through clock.sleep, serves its index, and stops on close', async () => {
    const tick = recorder();
    const wall = { now: () => Date.now(), sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref()) };
    const s = await startRuntime(
      [
        {
          name: 'tick',
          handler: tick.handler,
          timerTriggers: [{ name: 't', cronExpression: '@every 1s', enable: true }],
          httpTriggers: [{ name: 'h', methods: ['GET'], authType: 'anonymous' }],
        },
      ],
      { clock: wall },
    );
    try {
      // A bounded wait that fails only on a real hang (the 1 s timer fires within about a second).
      for (let i = 0; i < 1_200 && tick.events.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(tick.events.length).toBeGreaterThanOrEqual(1);
      const event = tick.events[0] as TimerEventJson;
      expect(event.triggerTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      const index = (await (await fetch(s.rt.url)).json()) as { functions: { name: string; httpTrigger: string }[] };
      expect(index.functions).toEqual([
        expect.objectContaining({ name: 'tick', httpTrigger: `${s.rt.url}/http/tick/` }),
      ]);
    } finally {
      await s.rt.close();
    }
    const seen = tick.events.length;
    await new Promise((r) => setTimeout(r, 1100));
    expect(tick.events.length).toBe(seen);
  });
});

describe('runtime options validation', () => {
  const ok = async () => 'ok';
  const base: FcRuntimeOptions = {
    clock: { now: () => T0, sleep: async () => {} },
    accountId: ACCOUNT,
    region: REGION,
    serviceName: SERVICE,
    credentials: CALLER,
    functionCredentials: ROLE,
    functions: [],
    nextFire: (cron, after) => {
      if (cron === 'bad') throw new Error('field 1 (seconds): 61 is out of range 0-59');
      return after + 1000;
    },
  };

  it('reports every problem at once, each with its path', async () => {
    const err = await startFcRuntime({
      ...base,
      serviceName: '9svc',
      credentials: { accessKeyId: 'STS.x', accessKeySecret: 'y' },
      functions: [
        { name: 'a', handler: ok, timeoutSec: 0 },
        { name: 'a', handler: ok },
        { name: 'b.c', handler: ok, async: { maxAsyncRetryAttempts: 9, maxAsyncEventAgeInSeconds: 0 } },
        {
          name: 'd',
          handler: ok,
          httpTriggers: [
            { name: 'h1', methods: ['GET'], authType: 'anonymous' },
            { name: 'h2', methods: ['FETCH'], authType: 'anonymous' },
          ],
          timerTriggers: [{ name: 't', cronExpression: 'bad', enable: true }],
        },
      ],
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    const paths = (err as ConfigError).problems.map((p) => p.path);
    expect(paths).toEqual([
      'serviceName',
      'credentials.securityToken',
      'functions[0].timeoutSec',
      'functions[1].name',
      'functions[2].name',
      'functions[2].async.maxAsyncRetryAttempts',
      'functions[2].async.maxAsyncEventAgeInSeconds',
      'functions[3].httpTriggers',
      'functions[3].httpTriggers[1].methods',
      'functions[3].timerTriggers[0].cronExpression',
    ]);
    expect((err as ConfigError).message).toContain('61 is out of range');
  });

  it('starts with valid options', async () => {
    const rt = await startFcRuntime({ ...base, functions: [{ name: 'fine', handler: ok }] });
    await rt.close();
  });
});
