import { describe, expect, it } from 'vitest';
import type { MetricsApi } from '../../src/ports/MetricsApi.js';
import { lazyPort, type MethodTable } from '../../src/runtime/lazyPort.js';

interface Counter {
  add(n: number): Promise<number>;
  total(): Promise<number>;
}

const COUNTER_METHODS: MethodTable<Counter> = { add: true, total: true };

/** A counter implementation whose methods use `this`, and a load function that counts its calls. */
function counterLoader(failFirst = 0) {
  const calls = { loads: 0 };
  const load = async (): Promise<Counter> => {
    calls.loads++;
    if (calls.loads <= failFirst) throw new Error(`load ${calls.loads} failed`);
    return {
      sum: 0,
      async add(n: number) {
        this.sum += n;
        return this.sum;
      },
      async total() {
        return this.sum;
      },
    } as Counter & { sum: number };
  };
  return { calls, load };
}

describe('lazyPort', () => {
  it('loads nothing until a method is called, then loads once and forwards arguments and this', async () => {
    const { calls, load } = counterLoader();
    const port = lazyPort(COUNTER_METHODS, load);
    expect(calls.loads).toBe(0);
    expect(Object.keys(port).sort()).toEqual(['add', 'total']);
    const [a, b] = await Promise.all([port.add(2), port.add(3)]);
    expect([a, b].sort()).toEqual([2, 5]);
    expect(await port.total()).toBe(5);
    expect(calls.loads).toBe(1);
  });

  it('is not thenable, so awaiting the port itself never calls a method', async () => {
    const { calls, load } = counterLoader();
    const port = lazyPort(COUNTER_METHODS, load);
    expect(await Promise.resolve(port)).toBe(port);
    expect(calls.loads).toBe(0);
  });

  it('forgets a failed load: the call rejects with its error and the next call loads again', async () => {
    const { calls, load } = counterLoader(1);
    const port = lazyPort(COUNTER_METHODS, load);
    await expect(port.add(1)).rejects.toThrow('load 1 failed');
    expect(await port.add(1)).toBe(1);
    expect(calls.loads).toBe(2);
  });

  it('rejects a call whose method the loaded implementation lacks, naming it', async () => {
    const port = lazyPort<MetricsApi>({ getSeries: true, getLast: true }, async () => ({}) as MetricsApi);
    await expect(port.getLast({ instanceIds: [], metric: 'CPUUtilization', periodSec: 60 })).rejects.toThrow(
      /has no getLast\(\)/,
    );
  });
});
