import { afterEach, describe, expect, it, vi } from 'vitest';
import { AcceleratedClock } from '@ecs-autoscaler/local-cloud/acceleratedClock.js';

describe('AcceleratedClock', () => {
  let clock: AcceleratedClock | undefined;
  afterEach(() => clock?.stop());

  it('runs virtual time faster than wall time and fires timers in order', async () => {
    // Fake timers drive the wall clock (Date.now and setTimeout), so "faster" is checked exactly and no
    // wall-clock bound depends on the machine's load.
    vi.useFakeTimers({ now: 0 });
    try {
      clock = new AcceleratedClock({ speed: 1000, startMs: 0, tickMs: 5 });
      const fired: number[] = [];
      clock.setTimer(2_000, () => void fired.push(2));
      clock.setTimer(1_000, () => void fired.push(1));
      clock.start();
      clock.start(); // idempotent
      let woke = false;
      void clock.sleep(3_000).then(() => {
        woke = true;
      });
      await vi.advanceTimersByTimeAsync(20);
      // 20 fake wall ms at 1000×: at least the 3 virtual seconds slept, at most 20 virtual seconds.
      expect(clock.now()).toBeGreaterThanOrEqual(3_000);
      expect(clock.now()).toBeLessThanOrEqual(20_000);
      expect(fired).toEqual([1, 2]);
      expect(woke).toBe(true);
    } finally {
      clock?.stop();
      vi.useRealTimers();
    }
  });

  it('does not move while stopped, and intervals repeat', async () => {
    clock = new AcceleratedClock({ speed: 1000, startMs: 0, tickMs: 5 });
    let count = 0;
    const cancel = clock.setInterval(100, () => void count++);
    await new Promise((r) => setTimeout(r, 30));
    expect(clock.now()).toBe(0);
    clock.start();
    await clock.sleep(1_000);
    cancel();
    expect(count).toBeGreaterThanOrEqual(9);
  });

  it('rejects a non-positive speed', () => {
    expect(() => new AcceleratedClock({ speed: 0, startMs: 0 })).toThrow(/speed must be > 0/);
  });
});
