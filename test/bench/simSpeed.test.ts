import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fleetDemand, PHASE_SHIFT_SEC } from '../../src/bench/simDemand.js';
import { benchSimSpeed } from '../../src/bench/simSpeed.js';
import { loadTrace } from '../../src/local/sim/index.js';

const demo = resolve(import.meta.dirname, '../../config/demo/web-outbound-mbps.csv');
const T0 = Date.UTC(2025, 0, 6);

describe('benchmark (d): simulation speed', () => {
  it('drives several instances through the local cloud minute by minute in virtual time', async () => {
    const r = await benchSimSpeed({ days: 0.05, instances: 2, traces: [demo], peakMbps: 40 });
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
