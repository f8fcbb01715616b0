import { describe, expect, it, vi } from 'vitest';
import { benchOptions, run } from '../../src/cli/bench.js';
import { UsageError } from '../../src/cli/deps.js';

describe('autoscaler bench flags', () => {
  it('defaults to every benchmark at the sizes of the brief', () => {
    const o = benchOptions({});
    expect(o.only).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(o.decision).toMatchObject({ signals: 5000, decideCalls: 20_000 });
    expect(o.storm).toMatchObject({ instances: 1000, copies: 10, concurrency: 64 });
    expect(o.coldStart).toEqual({ runs: 10 });
    expect(o.sim).toEqual({ days: 30, instances: 10 });
    expect(o.fanout).toEqual({ instances: 1000 });
    expect(o.reconcile).toEqual({ instances: 1000 });
  });

  it('takes sizes and a selection', () => {
    const o = benchOptions({
      only: 'e, d, b',
      instances: '20',
      copies: '2',
      'sim-days': '0.5',
      dist: 'dist',
      seed: '9',
    });
    expect(o.only).toEqual(['b', 'd', 'e']);
    expect(o.storm).toMatchObject({ instances: 20, copies: 2, seed: 9 });
    expect(o.sim?.days).toBe(0.5);
    expect(o.coldStart?.distDir).toBe('dist');
  });

  it.each([
    [{ only: 'a,x' }, /--only .*"a,x"/],
    [{ only: '' }, /--only/],
    [{ signals: '0' }, /--signals must be a whole number from 1 .*got 0/],
    [{ instances: '2.5' }, /--instances .*got 2.5/],
    [{ copies: 'ten' }, /--copies .*got ten/],
    [{ 'sim-days': '-1' }, /--sim-days .*got -1/],
    [{ 'fanout-instances': '0' }, /--fanout-instances .*got 0/],
  ])('rejects %j', (values, message) => {
    expect(() => benchOptions(values)).toThrow(UsageError);
    expect(() => benchOptions(values)).toThrow(message);
  });

  it.each([
    [['--help'], 0],
    [['--only', 'q'], 2],
    [['--bogus'], 2],
  ])('run(%j) exits %d without running a benchmark', async (args, code) => {
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await run(args)).toBe(code);
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  });
});
