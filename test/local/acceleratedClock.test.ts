import { afterEach, describe, expect, it } from 'vitest';
import { AcceleratedClock } from '../../src/local/acceleratedClock.js';

describe('AcceleratedClock', () => {
  let clock: AcceleratedClock | undefined;
  afterEach(() => clock?.stop());

  it('runs virtual time faster than wall time and fires timers in order', async () => {
    clock = new AcceleratedClock({ speed: 1000, startMs: 0, tickMs: 5 });
    const fired: number[] = [];
    clock.setTimer(2_000, () => void fired.push(2));
    clock.setTimer(1_000, () => void fired.push(1));
    const realStart = Date.now();
    clock.start();
    clock.start(); // idempotent
    await clock.sleep(3_000);
    expect(fired).toEqual([1, 2]);
    expect(clock.now()).toBeGreaterThanOrEqual(3_000);
    // 3 virtual seconds at 1000x take about 3 real ms plus scheduling; far below 3 s of wall time.
    expect(Date.now() - realStart).toBeLessThan(2_000);
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
