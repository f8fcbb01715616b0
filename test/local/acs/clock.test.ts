// Tests for packages/local-cloud/src/clock.ts (kept under test/local/acs with the shell they were delivered with).
import { describe, expect, it } from 'vitest';
import { RealClock, VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';

const T0 = Date.UTC(2025, 0, 1);

describe('VirtualClock', () => {
  it('starts where told and only moves on advance', async () => {
    const clock = new VirtualClock(T0);
    expect(clock.now()).toBe(T0);
    await clock.advance(1500);
    expect(clock.now()).toBe(T0 + 1500);
    await clock.advanceTo(T0 + 1000); // a past target never moves time back
    expect(clock.now()).toBe(T0 + 1500);
  });

  it.each([
    { name: 'time order', timers: [30, 10, 20], expected: [10, 20, 30] },
    { name: 'ties in insertion order', timers: [10, 10, 5], expected: [5, 10, 10] },
    { name: 'only due timers', timers: [10, 200], expected: [10] },
  ])('runs timers in $name and sets now() to each due time', async ({ timers, expected }) => {
    const clock = new VirtualClock(T0);
    const ran: number[] = [];
    timers.forEach((at) => {
      clock.setTimer(T0 + at, () => {
        ran.push(clock.now() - T0);
      });
    });
    await clock.advance(100);
    expect(ran).toEqual(expected);
    expect(clock.now()).toBe(T0 + 100);
  });

  it('awaits each async callback before the next timer runs', async () => {
    const clock = new VirtualClock(T0);
    const log: string[] = [];
    clock.setTimer(T0 + 10, async () => {
      log.push('a-start');
      await new Promise((r) => setTimeout(r, 20)); // real async work, e.g. an HTTP call
      log.push('a-end');
    });
    clock.setTimer(T0 + 10, () => {
      log.push('b');
    });
    await clock.advance(10);
    expect(log).toEqual(['a-start', 'a-end', 'b']);
  });

  it('wakes sleepers, whose follow-up sleeps run within the same advance', async () => {
    const clock = new VirtualClock(T0);
    const woke: number[] = [];
    const sleeper = (async () => {
      for (let i = 0; i < 3; i++) {
        await clock.sleep(1000);
        woke.push(clock.now() - T0);
      }
    })();
    await clock.advance(2500);
    expect(woke).toEqual([1000, 2000]);
    await clock.advance(1000);
    await sleeper;
    expect(woke).toEqual([1000, 2000, 3000]);
  });

  it('repeats intervals without drift and stops on cancel', async () => {
    const clock = new VirtualClock(T0);
    const ticks: number[] = [];
    const cancel = clock.setInterval(300, async () => {
      ticks.push(clock.now() - T0);
      await new Promise((r) => setTimeout(r, 1));
    });
    await clock.advance(1000);
    expect(ticks).toEqual([300, 600, 900]);
    cancel();
    await clock.advance(1000);
    expect(ticks).toEqual([300, 600, 900]);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('cancels a one-shot timer', async () => {
    const clock = new VirtualClock(T0);
    let ran = false;
    const cancel = clock.setTimer(T0 + 10, () => {
      ran = true;
    });
    expect(clock.nextTimerAtMs()).toBe(T0 + 10);
    cancel();
    await clock.advance(100);
    expect(ran).toBe(false);
  });

  it('serialises concurrent advances', async () => {
    const clock = new VirtualClock(T0);
    const seen: number[] = [];
    clock.setTimer(T0 + 50, () => {
      seen.push(clock.now() - T0);
    });
    clock.setTimer(T0 + 150, () => {
      seen.push(clock.now() - T0);
    });
    await Promise.all([clock.advance(100), clock.advance(100)]);
    expect(seen).toEqual([50, 150]);
    expect(clock.now()).toBe(T0 + 200);
  });

  it('keeps time moving when a timer throws, then reports the error', async () => {
    const clock = new VirtualClock(T0);
    let later = false;
    clock.setTimer(T0 + 1, () => {
      throw new Error('boom');
    });
    clock.setTimer(T0 + 2, () => {
      later = true;
    });
    await expect(clock.advance(10)).rejects.toThrow('boom');
    expect(later).toBe(true);
    expect(clock.now()).toBe(T0 + 10);
  });

  it.each([
    { name: 'negative advance', run: async (c: VirtualClock): Promise<unknown> => c.advance(-1) },
    { name: 'zero interval', run: async (c: VirtualClock): Promise<unknown> => c.setInterval(0, () => {}) },
    { name: 'NaN timer', run: async (c: VirtualClock): Promise<unknown> => c.setTimer(Number.NaN, () => {}) },
  ])('rejects $name', async ({ run }) => {
    await expect(run(new VirtualClock(T0))).rejects.toThrow(RangeError);
  });
});

describe('RealClock', () => {
  it('fires timers on wall time and can cancel them', async () => {
    const clock = new RealClock();
    const fired: string[] = [];
    clock.setTimer(clock.now() + 20, () => {
      fired.push('kept');
    });
    const cancel = clock.setTimer(clock.now() + 20, () => {
      fired.push('cancelled');
    });
    cancel();
    await clock.sleep(60);
    expect(fired).toEqual(['kept']);
  });

  it('runs an interval until cancelled', async () => {
    const clock = new RealClock();
    let n = 0;
    const cancel = clock.setInterval(10, () => {
      n++;
    });
    await clock.sleep(55);
    cancel();
    const atCancel = n;
    await clock.sleep(30);
    expect(atCancel).toBeGreaterThanOrEqual(2);
    expect(n).toBe(atCancel);
  });
});
