// The clocks of packages/local-cloud/src/clock.ts at their limits: invalid inputs refused with a RangeError, a
// timer failure handed to onTimerError instead of failing the advance, a wall-clock timer further away than
// Node's setTimeout can wait (24.8 days) not fired at once, and a failing wall-clock timer reported on stderr.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RealClock, VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';

const T0 = Date.UTC(2025, 0, 1);
afterEach(() => {
  vi.restoreAllMocks();
});

describe('VirtualClock limits', () => {
  it('refuses a start that is not a finite number, and an advanceTo target that is not either', async () => {
    expect(() => new VirtualClock(Number.NaN)).toThrow(RangeError);
    const clock = new VirtualClock(T0);
    await expect(clock.advanceTo(Number.POSITIVE_INFINITY)).rejects.toThrow(RangeError);
    expect(clock.now()).toBe(T0);
  });

  it('hands a failing timer to onTimerError, keeps the later timers and resolves the advance', async () => {
    const errors: unknown[] = [];
    const clock = new VirtualClock(T0, { onTimerError: (err) => errors.push(err) });
    const fired: number[] = [];
    clock.setTimer(T0 + 1, () => {
      throw new Error('boom');
    });
    clock.setTimer(T0 + 2, () => {
      fired.push(clock.now());
    });
    await clock.advance(10);
    expect(errors).toEqual([new Error('boom')]);
    expect(fired).toEqual([T0 + 2]);
    expect(clock.now()).toBe(T0 + 10);
  });
});

describe('RealClock limits', () => {
  it('does not fire a timer a month away now (Node alone would clamp the delay to 1 ms)', async () => {
    const clock = new RealClock();
    let fired = false;
    const cancel = clock.setTimer(clock.now() + 30 * 24 * 3_600_000, () => {
      fired = true;
    });
    await clock.sleep(50);
    cancel();
    expect(fired).toBe(false);
  });

  it.each([0, -5, Number.NaN, Number.POSITIVE_INFINITY])('refuses an interval of %s ms', (periodMs) => {
    expect(() => new RealClock().setInterval(periodMs, () => {})).toThrow(RangeError);
  });

  it('reports a failing timer as one JSON line on stderr and keeps running', async () => {
    const written: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    vi.spyOn(process.stderr, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: never[]) => {
      if (String(chunk).includes('"timer failed"')) written.push(String(chunk));
      else return original(chunk, ...rest);
      return true;
    }) as typeof process.stderr.write);
    const clock = new RealClock();
    clock.setTimer(clock.now(), () => {
      throw new Error('timer boom');
    });
    clock.setTimer(clock.now(), () => Promise.reject('plain rejection'));
    await vi.waitFor(() => expect(written).toHaveLength(2), { timeout: 20_000 });
    const lines = written.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.level, l.msg, l.error])).toEqual(
      expect.arrayContaining([
        ['error', 'timer failed', 'timer boom'],
        ['error', 'timer failed', 'plain rejection'],
      ]),
    );
  });
});
