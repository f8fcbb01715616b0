/**
 * `npm run bench`: the six benchmarks of the product, run in order and reported with the machine they ran on.
 * (a) decision overhead in process, (b) an alarm storm through the local FC runtime, (c) cold start of the
 * bundled handlers, (d) simulation speed, (e) the optimiser sweep over 1,000 instances fanned out to the worker,
 * (f) the reconcile tick over 1,000 instances fanned out to the worker (local cloud, official SDKs).
 * Not part of `npm test`: the numbers depend on the machine.
 */
import { type ColdStartOptions, type ColdStartResult, benchColdStart } from './coldStart.js';
import { type DecisionBenchOptions, type DecisionBenchResult, benchDecision } from './decision.js';
import { type FanoutBenchOptions, type FanoutBenchResult, benchFanout } from './fanout.js';
import { type MachineInfo, machineInfo } from './machine.js';
import { benchReconcile, type ReconcileBenchOptions, type ReconcileBenchResult } from './reconcileFanout.js';
import { type SimSpeedOptions, type SimSpeedResult, benchSimSpeed } from './simSpeed.js';
import { type StormBenchOptions, type StormBenchResult, benchStorm } from './storm.js';

export type BenchId = 'a' | 'b' | 'c' | 'd' | 'e' | 'f';
export const BENCH_IDS: readonly BenchId[] = ['a', 'b', 'c', 'd', 'e', 'f'];

export const BENCH_TITLES: Record<BenchId, string> = {
  a: 'decision overhead (in process, memory store)',
  b: 'alarm storm (local FC runtime over HTTP)',
  c: 'cold start of the bundled handlers',
  d: 'simulation speed (virtual time)',
  e: 'optimiser sweep fanned out to the worker (in process)',
  f: 'reconcile tick fanned out to the worker (local cloud)',
};

export interface BenchOptions {
  only: readonly BenchId[];
  decision?: DecisionBenchOptions;
  storm?: StormBenchOptions;
  coldStart?: ColdStartOptions;
  sim?: SimSpeedOptions;
  fanout?: FanoutBenchOptions;
  reconcile?: ReconcileBenchOptions;
  /** One line per benchmark started and finished (the CLI writes them to stderr). */
  onStatus?: (line: string) => void;
}

export interface BenchReport {
  startedAt: string;
  machine: MachineInfo;
  /** Load average when the last benchmark finished (the machine may be shared). */
  loadAverageEnd: [number, number, number];
  totalSec: number;
  a?: DecisionBenchResult;
  b?: StormBenchResult;
  c?: ColdStartResult;
  d?: SimSpeedResult;
  e?: FanoutBenchResult;
  f?: ReconcileBenchResult;
}

/**
 * False when a benchmark's built-in check failed (mutating calls ≠ actions needed; see StormBenchResult.ok; an
 * instance of (e) not advised and audited exactly once). FC's time limits are reported, never checked.
 */
export function checksPassed(r: BenchReport): boolean {
  const a = r.a === undefined || r.a.mutatingCalls === r.a.actionsNeeded;
  const b = r.b === undefined || r.b.ok;
  const e = r.e === undefined || r.e.ok;
  const f = r.f === undefined || r.f.ok;
  return a && b && e && f;
}

async function timed<T>(id: BenchId, o: BenchOptions, run: () => Promise<T>): Promise<T> {
  o.onStatus?.(`bench (${id}) ${BENCH_TITLES[id]} …`);
  const start = performance.now();
  const result = await run();
  o.onStatus?.(`bench (${id}) done in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  return result;
}

/** Run the selected benchmarks in the order a, b, c, d, e, f. */
export async function runBench(o: BenchOptions): Promise<BenchReport> {
  const started = performance.now();
  const report: BenchReport = {
    startedAt: new Date().toISOString(),
    machine: machineInfo(),
    loadAverageEnd: [0, 0, 0],
    totalSec: 0,
  };
  const want = new Set(o.only);
  if (want.has('a')) report.a = await timed('a', o, () => benchDecision(o.decision));
  if (want.has('b')) report.b = await timed('b', o, () => benchStorm(o.storm));
  if (want.has('c')) report.c = await timed('c', o, () => benchColdStart(o.coldStart));
  if (want.has('d')) report.d = await timed('d', o, () => benchSimSpeed(o.sim));
  if (want.has('e')) report.e = await timed('e', o, () => benchFanout(o.fanout));
  if (want.has('f')) report.f = await timed('f', o, () => benchReconcile(o.reconcile));
  report.loadAverageEnd = machineInfo().loadAverage;
  report.totalSec = Math.round((performance.now() - started) / 100) / 10;
  return report;
}

export { renderTable } from './table.js';
