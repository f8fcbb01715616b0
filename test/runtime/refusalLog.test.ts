// The refused-call log (issue 14, finding 3): at most N lines per window per container, the rest counted and
// reported once the window has rolled; it must span invocations, so it is built once per container.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../functions/alarm/index.js';
import { createRefusalLog } from '../../src/runtime/refusalLog.js';
import { receiveAlarm } from '../../src/runtime/alarm.js';
import { httpTriggerEvent } from '../../src/testing/callbacks.js';
import { CaptureLogger } from '../../src/testing/index.js';

const T0 = Date.UTC(2026, 0, 1);

describe('createRefusalLog', () => {
  it('logs N per window, counts the rest, and reports the count when the window has rolled', () => {
    const logger = new CaptureLogger();
    let now = T0;
    const log = createRefusalLog(logger, () => now, { perWindow: 3, windowMs: 60_000 });
    for (let i = 0; i < 10; i++) log.refused({ n: i });
    expect(logger.lines.map((l) => l.n)).toEqual([0, 1, 2]);
    now += 59_999;
    log.flush();
    expect(logger.lines).toHaveLength(3);
    now += 1;
    log.flush();
    expect(logger.lines[3]).toMatchObject({
      level: 'warn',
      msg: 'webhook calls refused and not logged',
      suppressed: 7,
      logged: 3,
      windowStart: new Date(T0).toISOString(),
      windowEnd: new Date(T0 + 60_000).toISOString(),
    });
    log.flush();
    expect(logger.lines).toHaveLength(4);
    // A new window starts with the next refusal, with its own N lines.
    for (let i = 0; i < 4; i++) log.refused({ n: 10 + i });
    expect(logger.lines.slice(4).map((l) => l.n)).toEqual([10, 11, 12]);
  });

  it('a window without suppressed calls writes no summary; the next refusal after it rolls is logged', () => {
    const logger = new CaptureLogger();
    let now = T0;
    const log = createRefusalLog(logger, () => now);
    log.refused({ n: 1 });
    now += 120_000;
    log.refused({ n: 2 });
    expect(logger.lines.map((l) => l.msg)).toEqual(['webhook call refused', 'webhook call refused']);
  });
});

const forged = () => httpTriggerEvent({ body: 'alertState=ALERT', query: { token: 'forged-token-value' } });

describe('the alarm endpoint: one refused-call log per container, across invocations', () => {
  it('50 forged calls, each its own invocation with its own endpoint object: 10 lines', async () => {
    const logger = new CaptureLogger();
    const now = () => T0;
    for (let i = 0; i < 50; i++) {
      // As functions/alarm and the local cloud build it: a new endpoint object per invocation.
      const ep = {
        auth: { token: 'the-real-token-123', allowCidrs: [] },
        logger,
        now,
        deps: () => {
          throw new Error('never reached');
        },
      };
      expect((await receiveAlarm(ep, forged(), `req-${i}`)).statusCode).toBe(401);
    }
    expect(logger.lines.filter((l) => l.msg === 'webhook call refused')).toHaveLength(10);
  });

  describe('functions/alarm (the deployed handler)', () => {
    const saved = { ...process.env };
    afterEach(() => {
      process.env = { ...saved };
      vi.useRealTimers();
      vi.restoreAllMocks();
    });

    it('50 forged invocations log 10 lines; the next invocation after the minute logs the other 40 as a count', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(T0);
      Object.assign(process.env, {
        AUTOSCALER_OTS_INSTANCE: 'autoscaler',
        AUTOSCALER_WEBHOOK_TOKEN: 'the-real-token-123',
        AUTOSCALER_CONFIG: `${import.meta.dirname}/../../config/autoscaler.example.yaml`,
      });
      const lines: Record<string, unknown>[] = [];
      vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
        for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
        return true;
      });
      const context = (i: number) => ({
        requestId: `req-${i}`,
        credentials: { accessKeyId: 'AKID-refusals', accessKeySecret: 'secret-refusals' },
      });
      for (let i = 0; i < 50; i++) expect((await handler(forged(), context(i))).statusCode).toBe(401);
      expect(lines.filter((l) => l.msg === 'webhook call refused')).toHaveLength(10);
      vi.setSystemTime(T0 + 60_000);
      await handler(forged(), context(50));
      expect(lines.filter((l) => l.msg === 'webhook calls refused and not logged')).toEqual([
        expect.objectContaining({ suppressed: 40, logged: 10 }),
      ]);
      expect(JSON.stringify(lines)).not.toContain('the-real-token-123');
    });
  });
});
