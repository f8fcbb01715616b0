/**
 * Demand for the multi-instance simulation benchmark: the vendored Bitbrains traces
 * (vendor/traces/bitbrains/*.csv, sources and licence in vendor/README.md), rescaled so each p99 is `peakMbps`,
 * one per instance in turn, each instance phase-shifted by 2 h 25 min more than the previous so that their daily
 * peaks spread over the day. A trace shorter than the run wraps around.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadTrace, rescaleToP99 } from '../local/sim/index.js';

const root = resolve(import.meta.dirname, '../..');
/** Phase shift between consecutive instances, seconds. */
export const PHASE_SHIFT_SEC = 2 * 3600 + 25 * 60;

/** The vendored trace directory. */
export const TRACE_DIR = resolve(root, 'vendor/traces/bitbrains');

/** The default trace files: every vendored Bitbrains trace, in name order. */
export function defaultTraceFiles(): string[] {
  return readdirSync(TRACE_DIR)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((f) => join(TRACE_DIR, f));
}

/** Outbound demand in Mbps of one instance at a virtual time. */
export type DemandFn = (tMs: number) => number;

interface Series {
  stepMs: number;
  values: number[];
}

function loadSeries(file: string, peakMbps: number): Series {
  const trace = loadTrace(file, { series: 'bandwidth' });
  return { stepMs: trace.stepSec * 1000, values: rescaleToP99(trace.points, peakMbps).map((p) => p.value) };
}

/**
 * One demand function per instance, all anchored at `startMs`: instance i replays trace i mod files.length,
 * shifted by i × PHASE_SHIFT_SEC.
 */
export function fleetDemand(o: { files: readonly string[]; instances: number; peakMbps: number; startMs: number }): {
  demand: DemandFn[];
  traceNames: string[];
} {
  if (o.files.length === 0) throw new Error('simulation bench: no trace file given');
  const series = o.files.map((f) => loadSeries(f, o.peakMbps));
  const demand = Array.from({ length: o.instances }, (_, i): DemandFn => {
    const s = series[i % series.length] as Series;
    const shiftSteps = Math.round((i * PHASE_SHIFT_SEC * 1000) / s.stepMs);
    return (tMs) => {
      const k = Math.floor((tMs - o.startMs) / s.stepMs) + shiftSteps;
      const len = s.values.length;
      return s.values[((k % len) + len) % len] ?? 0;
    };
  });
  return { demand, traceNames: o.files.map((f) => f.split('/').at(-1) ?? f) };
}
