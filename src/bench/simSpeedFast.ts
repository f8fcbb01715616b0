/**
 * Benchmark (d) on the fast engine: the same fleet, demand and policy as the whole-local-cloud variant
 * (simSpeed.ts), each instance replayed through the in-process backtest engine (src/core/backtest, via
 * `driveFast`: the product's `decide`, the CMS model, the timer ticks and the daily optimiser sweep). The
 * instances are independent (one actor each; the model shares nothing between them), so they are split across
 * worker threads, one per core (simSpeedWorker.ts); `threads: 1` replays them one after the other in process.
 */
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { loadPriceTable } from '../app/optimise/prices.js';
import type { Config } from '../core/config/types.js';
import type { PriceTable } from '../core/cost.js';
import { driveFast } from '../local/sim/fast.js';
import type { Trace } from '../local/sim/types.js';
import type { DemandFn } from './simDemand.js';

const MINUTE = 60_000;
const root = resolve(import.meta.dirname, '../..');

/** One instance to replay: its demand per minute from `startMs` and its starting bandwidth. */
export interface InstanceJob {
  index: number;
  demand: Float64Array;
  initialMbps: number;
}

/** Everything a replay needs; structured-cloneable, so a worker thread gets a copy. */
export interface FastFleet {
  config: Config;
  prices: PriceTable;
  startMs: number;
  jobs: InstanceJob[];
}

export interface FastFleetSums {
  /** Σ demand and Σ max(0, demand − capacity) over every instance-minute, Mbps·min. */
  demand: number;
  unmet: number;
  alarms: number;
  mutatingCalls: number;
  changes: number;
}

export const emptySums = (): FastFleetSums => ({ demand: 0, unmet: 0, alarms: 0, mutatingCalls: 0, changes: 0 });

export function addSums(a: FastFleetSums, b: FastFleetSums): FastFleetSums {
  return {
    demand: a.demand + b.demand,
    unmet: a.unmet + b.unmet,
    alarms: a.alarms + b.alarms,
    mutatingCalls: a.mutatingCalls + b.mutatingCalls,
    changes: a.changes + b.changes,
  };
}

/** The setup: each instance's demand per minute and the price table the daily sweep decides on. */
export async function prepareFastFleet(o: {
  config: Config;
  demand: readonly DemandFn[];
  startMs: number;
  totalMinutes: number;
  initialMbps: (i: number) => number;
}): Promise<FastFleet> {
  const prices = await loadPriceTable(resolve(root, `config/prices/${o.config.regionId}.json`));
  const jobs = o.demand.map((d, index) => {
    const demand = new Float64Array(o.totalMinutes);
    for (let m = 0; m < o.totalMinutes; m++) demand[m] = d(o.startMs + m * MINUTE);
    return { index, demand, initialMbps: o.initialMbps(index) };
  });
  return { config: o.config, prices, startMs: o.startMs, jobs };
}

/** One instance through `driveFast` (demand as a trace of 60 s intervals); `onHour` after every simulated hour. */
export function replayInstance(fleet: FastFleet, job: InstanceJob, onHour?: (doneMinutes: number) => void) {
  const points = Array.from(job.demand, (value, m) => ({ tMs: fleet.startMs + m * MINUTE, value }));
  const repairs = { rowsOutOfOrder: 0, duplicateTimestamps: 0, rowsMerged: 0, gapsCompressed: 0, examples: [] };
  const trace: Trace = {
    name: `bench-${job.index + 1}`,
    format: 'plain',
    series: 'bandwidth',
    unit: 'Mbps',
    stepSec: 60,
    points,
    gapsCompressed: 0,
    repairs,
  };
  const rec = driveFast({
    trace,
    series: 'bandwidth',
    config: fleet.config,
    initial: { bandwidthMbps: job.initialMbps, instanceType: 'ecs.g7.large' },
    prices: fleet.prices,
    ...(onHour ? { onInterval: (done: number) => (done % 60 === 0 ? onHour(done) : undefined) } : {}),
  });
  const sums = emptySums();
  job.demand.forEach((d, m) => {
    sums.demand += d;
    sums.unmet += Math.max(0, d - (rec.capacity[m] ?? 0));
  });
  sums.alarms = rec.alarms;
  sums.mutatingCalls = rec.apiCalls;
  sums.changes = rec.applied.length;
  return sums;
}

/** Reports progress as the mean of the instances' simulated minutes (one instance's timeline is the total). */
function progressMeter(fleet: FastFleet, onProgress?: (done: number, total: number) => void) {
  const total = fleet.jobs[0]?.demand.length ?? 0;
  const done = new Map<number, number>();
  return (index: number, minutes: number) => {
    done.set(index, minutes);
    let sum = 0;
    for (const m of done.values()) sum += m;
    onProgress?.(Math.round(sum / Math.max(1, fleet.jobs.length)), total);
  };
}

/** Started worker threads, each with the engine loaded (startup is setup, not replay). */
export interface WorkerPool {
  workers: Worker[];
  close(): Promise<void>;
}

/**
 * A young generation of 192 MiB (V8's default semi-space is 16 MiB): a replay allocates many short-lived objects
 * (metric windows, decisions, reason sentences), and fewer scavenges cut its CPU time by about a tenth.
 */
const resourceLimits = { maxYoungGenerationSizeMb: 192 };

/** A pool of `threads` workers that have imported simSpeedWorker.ts through tsx and said they are ready. */
export async function startPool(threads: number): Promise<WorkerPool> {
  // tsx's ESM API (its CommonJS build resolves its loader wrongly in a worker), next to the resolved entry.
  const tsxCjs = createRequire(import.meta.url).resolve('tsx/esm/api');
  const tsxApi = pathToFileURL(resolve(dirname(tsxCjs), 'index.mjs')).href;
  const entry = pathToFileURL(resolve(import.meta.dirname, 'simSpeedWorker.ts')).href;
  const boot = `const { workerData } = require('node:worker_threads');
import(workerData.tsxApi)
  .then((tsx) => { tsx.register(); return import(workerData.entry); })
  .catch((err) => { process.nextTick(() => { throw err; }); });`;
  const workers = Array.from(
    { length: threads },
    () => new Worker(boot, { eval: true, execArgv: [], workerData: { tsxApi, entry }, resourceLimits }),
  );
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((ok, fail) => {
          w.once('message', (m: { kind: string }) => (m.kind === 'ready' ? ok() : fail(new Error(String(m.kind)))));
          w.once('error', fail);
        }),
    ),
  );
  return { workers, close: async () => void (await Promise.all(workers.map((w) => w.terminate()))) };
}

/** Replay every instance: in process with no pool, else over the pool's workers, each taking the next free one. */
export async function replayFastFleet(
  fleet: FastFleet,
  pool?: WorkerPool,
  onProgress?: (done: number, total: number) => void,
): Promise<FastFleetSums> {
  const meter = progressMeter(fleet, onProgress);
  if (!pool || pool.workers.length === 0) {
    return fleet.jobs.reduce(
      (acc, job) =>
        addSums(
          acc,
          replayInstance(fleet, job, (m) => meter(job.index, m)),
        ),
      emptySums(),
    );
  }
  // Each worker takes the next instance when it is done with one: instances differ in cost (a trace with a
  // significant period also backtests the forecast), so a fixed split would leave one core idle at the end.
  const queue = [...fleet.jobs];
  const parts = pool.workers.map(
    (w) =>
      new Promise<FastFleetSums>((ok, fail) => {
        let sums = emptySums();
        const next = () => {
          const job = queue.shift();
          if (job === undefined) {
            w.off('message', onMessage);
            ok(sums);
          } else w.postMessage({ ...fleet, jobs: [job] });
        };
        const onMessage = (m: WorkerMessage) => {
          if (m.kind === 'progress') meter(m.index, m.doneMinutes);
          else if (m.kind === 'done') {
            sums = addSums(sums, m.sums);
            next();
          } else if (m.kind === 'failed') fail(new Error(`simulation bench worker: ${m.error}`));
        };
        w.on('message', onMessage);
        w.once('error', fail);
        next();
      }),
  );
  return (await Promise.all(parts)).reduce(addSums, emptySums());
}

export type WorkerMessage =
  | { kind: 'ready' }
  | { kind: 'progress'; index: number; doneMinutes: number }
  | { kind: 'done'; sums: FastFleetSums }
  | { kind: 'failed'; error: string };

/** Worker threads for `instances`: one per available core, at most one per instance. */
export function defaultThreads(instances: number): number {
  return Math.max(1, Math.min(instances, os.availableParallelism()));
}
