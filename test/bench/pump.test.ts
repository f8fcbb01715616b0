import { describe, expect, it } from 'vitest';
import { boundedAll, pumpUntil, shuffled } from '../../src/testing/pump.js';
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';
import { mulberry32 } from '@ecs-autoscaler/local-cloud/faults.js';

describe('boundedAll', () => {
  it.each([1, 3, 50])('never has more than %d in flight and keeps input order', async (limit) => {
    let inFlight = 0;
    let peak = 0;
    const items = Array.from({ length: 20 }, (_, i) => i);
    const out = await boundedAll(items, limit, async (x) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 1));
      inFlight--;
      if (x === 7) throw new Error('seven');
      return x * 2;
    });
    expect(peak).toBeLessThanOrEqual(limit);
    expect(out.map((r) => (r.status === 'fulfilled' ? r.value : 'x'))).toEqual(
      items.map((i) => (i === 7 ? 'x' : i * 2)),
    );
  });
});

describe('shuffled', () => {
  it('is a seeded permutation', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const a = shuffled(items, mulberry32(3));
    expect([...a].sort((x, y) => x - y)).toEqual(items);
    expect(a).not.toEqual(items);
    expect(shuffled(items, mulberry32(3))).toEqual(a);
  });
});

describe('pumpUntil', () => {
  it('moves a virtual clock for work that sleeps on it, within the horizon', async () => {
    const clock = new VirtualClock(0);
    const work = (async () => {
      for (let i = 0; i < 5; i++) await clock.sleep(100);
      return clock.now();
    })();
    expect(await pumpUntil(clock, work, { horizonMs: 10_000, wallTimeoutMs: 5000 })).toBe(500);
  });

  it('gives up after its wall timeout when the work needs time beyond the horizon', async () => {
    const clock = new VirtualClock(0);
    const work = clock.sleep(60_000);
    await expect(pumpUntil(clock, work, { horizonMs: 1000, wallTimeoutMs: 50 })).rejects.toThrow(/horizon/);
  });
});
