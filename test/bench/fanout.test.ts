// Benchmark (e), the optimiser sweep's fan-out, at a tiny size: the pieces work and the outcome check holds.
// No timing assertions (the numbers belong to `npm run bench`).
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchFanout, type FanoutBenchResult } from '../../src/bench/fanout.js';
import { HistoryMetrics } from '../../src/bench/historyMetrics.js';
import { type BenchReport, checksPassed, renderTable } from '../../src/bench/index.js';
import { machineInfo } from '../../src/bench/machine.js';

const demo = resolve(import.meta.dirname, '../../config/demo/web-outbound-mbps.csv');

describe('benchmark (e): the optimiser sweep fanned out to the worker', () => {
  let result: FanoutBenchResult;

  it('sweeps, dispatches batches, runs them, and checks every instance was advised and audited once', async () => {
    result = await benchFanout({ instances: 5, batchSize: 2, inlineMax: 2, historyDays: 7, files: [demo] });
    expect(result).toMatchObject({ instances: 5, historyDays: 7, advised: 5, auditedOnce: 5, errors: 0, ok: true });
    expect(result.tick).toMatchObject({ assessed: 5, batches: 3 });
    expect(result.worker.batchSize).toBe(2);
    expect(result.worker.batchSec.n).toBe(3);
    // 7 days of 300 s points: 2,016 per instance, 2 pages of 1,000 per call of ≤ 50 instances → 11 pages for 5.
    expect(result.tick.cmsCalls).toBe(11);
    expect(result.worker.cmsCallsPerBatch).toBeGreaterThan(0);
    expect(result.tick.storeCalls).toBeGreaterThan(0);
    expect(result.traces).toEqual(['web-outbound-mbps.csv']);
  }, 60_000);

  it('a fleet within the inline limit is advised by the sweep itself: no batch', async () => {
    const r = await benchFanout({ instances: 2, inlineMax: 2, historyDays: 7, files: [demo] });
    expect(r).toMatchObject({ advised: 2, auditedOnce: 2, ok: true });
    expect(r.tick.batches).toBe(0);
    expect(r.worker.batchSec.n).toBe(0);
  }, 60_000);

  it('renders its rows, and a failed outcome check fails the run', () => {
    const base: BenchReport = {
      startedAt: '2026-01-01T00:00:00.000Z',
      machine: machineInfo(),
      loadAverageEnd: [1, 2, 3],
      totalSec: 1,
      e: result,
    };
    const text = renderTable(base);
    expect(text).toContain('| (e) optimiser fan-out | 5 instances × 7 days of 300 s history (web-outbound-mbps.csv) |');
    expect(text).toContain('dispatch 3 batches');
    expect(text).toMatch(/✓ within 300 s/);
    expect(text).toMatch(/✓ within 1800 s/);
    expect(checksPassed(base)).toBe(true);
    const failed = { ...base, e: { ...result, auditedOnce: 4, ok: false } };
    expect(checksPassed(failed)).toBe(false);
    expect(renderTable(failed)).toContain('audited once 4 · errors 0 ✗');
  });
});

describe('the bench history source', () => {
  it('serves complete periods over (start, end], capped at the capacity, and counts CMS pages', async () => {
    const t0 = Date.UTC(2025, 0, 6);
    const m = new HistoryMetrics(new Map([['i-1', () => 30]]), () => 20);
    const got = await m.getSeries({
      instanceIds: ['i-1', 'i-none'],
      metric: 'VPC_PublicIP_InternetOutRate',
      startMs: t0,
      endMs: t0 + 3_600_000,
      periodSec: 300,
    });
    const points = got.get('i-1') ?? [];
    expect(points.map((p) => (p.timestampMs - t0) / 300_000)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(points.every((p) => p.average === 20e6 && p.maximum === 20e6)).toBe(true);
    expect(got.get('i-none')).toEqual([]);
    expect(m.cmsCalls).toBe(1);
  });
});
