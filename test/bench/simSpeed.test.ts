import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fleetDemand, PHASE_SHIFT_SEC } from '../../src/bench/simDemand.js';
import { benchSimSpeed, type SimSpeedResult } from '../../src/bench/simSpeed.js';
import { defaultThreads } from '../../src/bench/simSpeedFast.js';
import { loadTrace } from '../../src/local/sim/index.js';

const demo = resolve(import.meta.dirname, '../../config/demo/web-outbound-mbps.csv');
const T0 = Date.UTC(2025, 0, 6);

describe('benchmark (d): simulation speed', () => {
  it('drives several instances through the local cloud minute by minute in virtual time (full engine)', async () => {
    const r = await benchSimSpeed({ engine: 'full', days: 0.05, instances: 2, traces: [demo], peakMbps: 40 });
    expect(r.engine).toBe('full');
    expect(r.virtualMinutes).toBe(72);
    expect(r.instances).toBe(2);
    expect(r.traces).toEqual(['web-outbound-mbps.csv']);
    expect(r.wallSec).toBeGreaterThan(0);
    expect(r.speedup).toBeGreaterThan(0);
    expect(r.mutatingCalls).toBeGreaterThanOrEqual(r.changes);
    expect(r.unmetFraction).toBeGreaterThanOrEqual(0);
    expect(r.unmetFraction).toBeLessThanOrEqual(1);
  });
});

describe('benchmark (d) on the fast engine', () => {
  const work = (r: SimSpeedResult) => [r.alarms, r.mutatingCalls, r.changes, r.unmetFraction];

  it('does the same work in process, in worker threads and as the whole local cloud', async () => {
    const fleet = { days: 0.5, instances: 3, traces: [demo], peakMbps: 40 };
    const progress: [number, number][] = [];
    const inProcess = await benchSimSpeed({ ...fleet, threads: 1 });
    const threaded = await benchSimSpeed({ ...fleet, threads: 2, onProgress: (d, t) => progress.push([d, t]) });
    const full = await benchSimSpeed({ ...fleet, engine: 'full' });
    expect([inProcess.engine, inProcess.threads, threaded.threads]).toEqual(['fast', 1, 2]);
    // Not vacuous: half a day of the demo trace raises alarms and changes bandwidth.
    expect(full.alarms).toBeGreaterThan(0);
    expect(full.changes).toBeGreaterThan(0);
    expect(work(inProcess)).toEqual(work(full));
    expect(work(threaded)).toEqual(work(full));
    expect(threaded.virtualMinutes).toBe(720);
    expect(threaded.wallSec).toBeGreaterThan(0);
    // Progress is the mean of the instances' simulated minutes, per simulated hour, up to the whole run.
    expect(progress.at(-1)).toEqual([720, 720]);
    expect(progress.every(([d], i) => i === 0 || d >= (progress[i - 1]?.[0] ?? 0))).toBe(true);
  }, 120_000);

  it('uses one worker thread per core, at most one per instance', () => {
    expect(defaultThreads(1)).toBe(1);
    expect(defaultThreads(10)).toBe(Math.min(10, availableParallelism()));
  });
});

describe('fleet demand', () => {
  const { demand } = fleetDemand({ files: [demo], instances: 3, peakMbps: 40, startMs: T0 });

  it.each([0, 5, 300, 3000])('instance i+1 at t equals instance i at t + the phase shift (minute %d)', (minute) => {
    const t = T0 + minute * 60_000;
    expect(demand[1]?.(t)).toBe(demand[0]?.(t + PHASE_SHIFT_SEC * 1000));
    expect(demand[2]?.(t)).toBe(demand[1]?.(t + PHASE_SHIFT_SEC * 1000));
  });

  it('wraps around a trace shorter than the run and never returns a negative or missing value', () => {
    const days = 4 * 3; // the demo trace holds 4 days
    const values = Array.from({ length: days * 24 }, (_, h) => demand[0]?.(T0 + h * 3_600_000));
    expect(values.every((v) => typeof v === 'number' && v >= 0)).toBe(true);
    const trace = loadTrace(demo, { series: 'bandwidth' });
    const periodMs = trace.points.length * trace.stepSec * 1000;
    expect(demand[0]?.(T0 + periodMs)).toBe(demand[0]?.(T0));
    expect(demand[0]?.(T0 + periodMs + 600_000)).toBe(demand[0]?.(T0 + 600_000));
  });

  it('refuses an empty trace list', () => {
    expect(() => fleetDemand({ files: [], instances: 1, peakMbps: 40, startMs: T0 })).toThrow(/no trace file/);
  });
});
