// Benchmark (f), the reconcile tick's fan-out, at a tiny size: the pieces work and the outcome check holds.
// No timing assertions (the numbers belong to `npm run bench`).
import { describe, expect, it } from 'vitest';
import { type BenchReport, checksPassed, renderTable } from '../../src/bench/index.js';
import { machineInfo } from '../../src/bench/machine.js';
import { benchReconcile } from '../../src/bench/reconcileFanout.js';

describe('benchmark (f): the reconcile tick fanned out to the worker', () => {
  it('lists, dispatches batches, runs them, and checks every instance was evaluated once with no change', async () => {
    const f = await benchReconcile({ instances: 25, batchSize: 10, inlineMax: 5 });
    expect(f).toMatchObject({ instances: 25, batches: 3, evaluated: 25, errors: 0, mutatingCalls: 0, ok: true });
    expect(f.batchSec.n).toBe(3);
    expect(f.byStatus).toEqual({ skipped: 25 });
    expect(f.storeRequestsPerBatch).toBeGreaterThan(0);
    const report: BenchReport = {
      startedAt: 'now',
      machine: machineInfo(),
      loadAverageEnd: [0, 0, 0],
      totalSec: 1,
      f,
    };
    expect(checksPassed(report)).toBe(true);
    expect(renderTable(report)).toContain('(f) reconcile fan-out');
  }, 120_000);
});
