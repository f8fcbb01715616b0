/**
 * Benchmark (e): the daily optimiser sweep over a large fleet, fanned out (src/app/optimise/fanout.ts). A fleet of
 * 1,000 instances in one group with the recommended hands-off policy (forecast on, strategy `apply`), each with 14
 * days of 300 s CMS history from the simulation bench's real traces (phase-shifted, p99 rescaled to 50 Mbps). In
 * process, on the memory store and in-memory cloud fakes (src/testing, historyMetrics.ts):
 *
 * 1. the tick: `optimise()` as the timer runs it — listing, history, assessment, planning, recording, and the
 *    dispatch of the advice batches (the dispatcher only collects them);
 * 2. the worker: each batch through `runWorkerTask`, one after another (one Node thread: CPU-bound wall time).
 *
 * It reports both against FC's limits (tick 300 s, worker 1800 s, s.yaml) and checks the outcome: every instance
 * advised once, one `strategy` audit entry each, no error.
 */
import { resolve } from 'node:path';
import { loadConfigText } from '../adapters/config/file.js';
import { MemoryStateStore } from '../adapters/memory/stateStore.js';
import type { AppDeps } from '../app/index.js';
import { optimise } from '../app/optimise/index.js';
import { historyPeriodSec, historyStartMs } from '../app/optimise/history.js';
import { loadPriceTable } from '../app/optimise/prices.js';
import { ASSESS_CHUNK, ASSESS_CONCURRENCY } from '../app/optimise/sweep.js';
import type { AdviseTask } from '../ports/Dispatcher.js';
import type { StateStore } from '../ports/StateStore.js';
import { runWorkerTask } from '../runtime/worker.js';
import { createJsonLogger } from '../runtime/logger.js';
import { FakeClock, FakeDispatcher, FakeEcs } from '../testing/index.js';
import { BENCH_REGION, benchId, benchSnapshot } from './fleet.js';
import { HistoryMetrics, liveHeapBytes } from './historyMetrics.js';
import { defaultTraceFiles, fleetDemand } from './simDemand.js';
import { round, type Summary, summarise } from './stats.js';

/** FC's limits for the two functions (s.yaml `timeout`). */
export const TICK_TIMEOUT_SEC = 300;
export const WORKER_TIMEOUT_SEC = 1800;
/** The CMS adapter's own rate (src/adapters/aliyun/cmsClient.ts): a floor on the time the reads take. */
const CMS_CALLS_PER_SEC = 40;

export interface FanoutBenchOptions {
  /** Instances in the fleet. Default 1000. */
  instances?: number;
  /** Days of history per instance (7–30). Default 14. */
  historyDays?: number;
  /** Instances per advice batch (default: the product's ADVICE_BATCH_SIZE). */
  batchSize?: number;
  /** Largest fleet advised inline (default: the product's ADVICE_INLINE_MAX). */
  inlineMax?: number;
  /** Trace files (default: every shared Bitbrains trace, else the demo trace). */
  files?: readonly string[];
  /** Called after each worker batch. */
  onProgress?: (done: number, total: number) => void;
}

export interface FanoutBenchResult {
  instances: number;
  historyDays: number;
  traces: string[];
  tick: {
    wallSec: number;
    cpuSec: number;
    assessed: number;
    batches: number;
    /**
     * History the tick holds at once (ASSESS_CONCURRENCY chunks of ASSESS_CHUNK instances; live heap after a full
     * GC), MiB: the function has 512 MB. `fleetHistoryMiB`: the whole fleet's, what a sweep without chunks held.
     */
    historyMiB: number;
    fleetHistoryMiB: number;
    /** DescribeMetricList calls the tick makes in the cloud, and the floor they put on its time at 40 calls/s. */
    cmsCalls: number;
    cmsFloorSec: number;
    /** StateStore (Tablestore) calls, one round trip each in the cloud. */
    storeCalls: number;
    withinLimit: boolean;
  };
  worker: {
    batchSize: number;
    /** Wall time per batch, s. */
    batchSec: Summary;
    /** CPU time per batch, s (may exceed wall time: the GC runs on helper threads). */
    batchCpuSec: Summary;
    /** Mean wall time per advised instance, ms. */
    perInstanceMs: number;
    totalSec: number;
    /** One batch's history (live heap), MiB: the function has 256 MB. */
    historyMiB: number;
    cmsCallsPerBatch: number;
    cmsFloorSec: number;
    storeCallsPerBatch: number;
    withinLimit: boolean;
  };
  advised: number;
  auditedOnce: number;
  errors: number;
  /** Every instance advised and audited exactly once, nothing failed. */
  ok: boolean;
}

const START_MS = Date.UTC(2026, 10, 23, 19, 30, 0); // 03:30 Asia/Shanghai: the s.yaml timer
const MIB = 1024 * 1024;
const root = resolve(import.meta.dirname, '../..');

/** The recommended hands-off group (config/autoscaler.recommended.yaml) over the bench's tagged fleet. */
const CONFIG_YAML = `
version: 1
regionId: ${BENCH_REGION}
groups:
  - name: web
    match: { tags: { autoscaler-group: web } }
    bandwidth: { minMbps: 1, maxMbps: 100, forecast: { mode: on } }
    optimisation:
      strategy: { mode: apply, maxUnmetFraction: 0.005 }
`;

/** The store, counting the calls made through it. */
function counting(store: MemoryStateStore): { store: StateStore; calls: { n: number } } {
  const calls = { n: 0 };
  const proxy = new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.n++;
        return value.apply(target, args);
      };
    },
  });
  return { store: proxy, calls };
}

const cpuSec = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1e6;
};

async function world(o: FanoutBenchOptions) {
  const count = o.instances ?? 1000;
  const ecs = new FakeEcs(
    Array.from({ length: count }, (_, i) => ({ ...benchSnapshot(i + 1), bandwidthOutMbps: 100 })),
    { recordCalls: false },
  );
  const { demand, traceNames } = fleetDemand({
    files: o.files ?? defaultTraceFiles(),
    instances: count,
    peakMbps: 50,
    startMs: START_MS - 31 * 86_400_000,
  });
  const byId = new Map(demand.map((fn, i) => [benchId(i + 1), fn]));
  const metrics = new HistoryMetrics(byId, (id) => ecs.instances.get(id)?.bandwidthOutMbps ?? 0);
  const dispatcher = new FakeDispatcher();
  const memory = new MemoryStateStore();
  const { store, calls: storeCalls } = counting(memory);
  const deps: AppDeps = {
    config: loadConfigText(CONFIG_YAML, 'bench-fanout.yaml'),
    ecs,
    metrics,
    store,
    dispatcher,
    clock: new FakeClock(START_MS),
    logger: createJsonLogger({ write: () => {}, now: () => START_MS }),
    holderId: 'bench-sweep',
    prices: await loadPriceTable(resolve(root, 'config/prices/cn-hangzhou.json')),
  };
  return { count, deps, metrics, dispatcher, store: memory, storeCalls, traceNames };
}

/** Run the sweep, then its batches. */
export async function benchFanout(o: FanoutBenchOptions = {}): Promise<FanoutBenchResult> {
  const w = await world(o);
  const historyDays = o.historyDays ?? 14;
  const advice = {
    ...(o.batchSize !== undefined ? { batchSize: o.batchSize } : {}),
    ...(o.inlineMax !== undefined ? { inlineMax: o.inlineMax } : {}),
  };
  const tickCpu = process.cpuUsage();
  const tickStart = performance.now();
  const summary = await optimise(w.deps, { historyDays, advice });
  const tickWallSec = (performance.now() - tickStart) / 1000;
  const tickCpuSec = cpuSec(tickCpu);
  const tickCms = w.metrics.cmsCalls;
  const tickStore = w.storeCalls.n;

  const wall: number[] = [];
  const cpu: number[] = [];
  let errors = summary.errors.length;
  // Inline (a fleet within the inline limit): the sweep itself advised.
  let advised = summary.dispatched ? 0 : (summary.strategies?.length ?? 0);
  const tasks = w.dispatcher.queued.filter((t): t is AdviseTask => t.kind === 'advise');
  for (const [i, task] of tasks.entries()) {
    const c = process.cpuUsage();
    const t = performance.now();
    const result = await runWorkerTask({ ...w.deps, holderId: `bench-${task.batchKey}` }, task);
    wall.push((performance.now() - t) / 1000);
    cpu.push(cpuSec(c));
    if ('strategies' in result) {
      advised += result.strategies.length;
      errors += result.errors.length;
    }
    o.onProgress?.(i + 1, tasks.length);
  }
  const batchStore = tasks.length > 0 ? (w.storeCalls.n - tickStore) / tasks.length : 0;
  const workerCms = tasks.length > 0 ? (w.metrics.cmsCalls - tickCms) / tasks.length : 0;
  // What each holds in memory: the whole fleet's history (the tick), one batch's (a worker).
  const held = async (ids: readonly string[]) => {
    const window = { startMs: historyStartMs(historyDays, START_MS), endMs: START_MS };
    const read = {
      ...window,
      periodSec: historyPeriodSec(historyDays),
      metric: 'VPC_PublicIP_InternetOutRate',
    } as const;
    return (await liveHeapBytes(() => w.metrics.getSeries({ ...read, instanceIds: ids }))) / MIB;
  };
  const allIds = Array.from({ length: w.count }, (_, i) => benchId(i + 1));
  const batchHistoryMiB = await held(tasks[0]?.instanceIds ?? []);
  const tickHistoryMiB = await held(allIds.slice(0, ASSESS_CHUNK * ASSESS_CONCURRENCY));
  const fleetHistoryMiB = await held(allIds);
  let auditedOnce = 0;
  for (let n = 1; n <= w.count; n++) {
    const entries = await w.store.listAudit(benchId(n), { limit: 50 });
    if (entries.filter((e) => e.reason === 'strategy').length === 1) auditedOnce++;
  }
  const batchSec = summarise(wall);
  const batchSize = Math.max(0, ...tasks.map((t) => t.instanceIds.length));
  return {
    instances: w.count,
    historyDays,
    traces: w.traceNames,
    tick: {
      wallSec: round(tickWallSec, 2),
      cpuSec: round(tickCpuSec, 2),
      assessed: summary.assessed,
      batches: summary.dispatched?.length ?? 0,
      historyMiB: Math.round(tickHistoryMiB),
      fleetHistoryMiB: Math.round(fleetHistoryMiB),
      cmsCalls: tickCms,
      cmsFloorSec: round(tickCms / CMS_CALLS_PER_SEC, 1),
      storeCalls: tickStore,
      withinLimit: tickWallSec + tickCms / CMS_CALLS_PER_SEC < TICK_TIMEOUT_SEC,
    },
    worker: {
      batchSize,
      batchSec: roundSummary(batchSec),
      batchCpuSec: roundSummary(summarise(cpu)),
      perInstanceMs: advised > 0 ? round((wall.reduce((a, b) => a + b, 0) * 1000) / advised, 1) : 0,
      totalSec: round(
        wall.reduce((a, b) => a + b, 0),
        1,
      ),
      historyMiB: Math.round(batchHistoryMiB),
      cmsCallsPerBatch: Math.round(workerCms),
      cmsFloorSec: round(workerCms / CMS_CALLS_PER_SEC, 1),
      storeCallsPerBatch: Math.round(batchStore),
      withinLimit: tasks.length === 0 || batchSec.max + workerCms / CMS_CALLS_PER_SEC < WORKER_TIMEOUT_SEC,
    },
    advised,
    auditedOnce,
    errors,
    ok: advised === w.count && auditedOnce === w.count && errors === 0,
  };
}

function roundSummary(s: Summary): Summary {
  return {
    n: s.n,
    median: round(s.median, 2),
    p99: round(s.p99, 2),
    mean: round(s.mean, 2),
    min: round(s.min, 2),
    max: round(s.max, 2),
  };
}
