/**
 * Benchmark (f): the reconcile tick at fleet scale. A tick that evaluated every managed instance itself would,
 * at 1,000 instances on a loaded machine, hit the 300 s read timeout, which is also FC's limit for the tick; so
 * the tick lists the fleet and hands batches to the worker (src/app/reconcileFanout.ts). On the local
 * cloud (ECS, CloudMonitor and Tablestore emulators through the official SDKs, the product composed exactly as the
 * hosted functions are):
 *
 * 0. for comparison, the tick without the fan-out: every instance evaluated inside the tick (03:03:10, its own timer slot);
 * 1. the tick: `reconcile()` as the timer runs it — list the fleet, look for stalled type changes, dispatch the
 *    batches (the dispatcher only collects them);
 * 2. the worker: each batch through `runWorkerTask`, one after another (FC runs them side by side; one after
 *    another on one Node thread, each batch's wall time is an upper bound of what it takes alone).
 *
 * Checked: every instance evaluated exactly once across the batches, no error, no mutating ECS call (the fleet sits
 * at its target), the tick and the worst batch within the tick's 300 s.
 */
import type { AppDeps, ReconcileSummary } from '../app/index.js';
import { reconcile } from '../app/reconcile.js';
import { RECONCILE_BATCH_SIZE } from '../app/reconcileFanout.js';
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';
import { startLocalCloud } from '../local/cloud/index.js';
import type { ReconcileTask } from '../ports/Dispatcher.js';
import type { Logger } from '../ports/Logger.js';
import { runWorkerTask } from '../runtime/worker.js';
import { TICK_TIMEOUT_SEC } from './fanout.js';
import { benchConfig, benchFleet, STEADY_MBPS } from './fleet.js';
import { FakeDispatcher } from '../testing/fakeDispatcher.js';
import { pumpUntil } from '../testing/pump.js';
import { round, type Summary, summarise } from './stats.js';
import { countCalls } from './stormCount.js';

export interface ReconcileBenchOptions {
  /** Default 1000. */
  instances?: number;
  /** Default: the product's RECONCILE_BATCH_SIZE. */
  batchSize?: number;
  /** Largest fleet the tick evaluates inline (default: the product's RECONCILE_INLINE_MAX; the smoke test: less). */
  inlineMax?: number;
  /** Give up after this much wall time per phase, ms. Default 600,000. */
  wallTimeoutMs?: number;
}

export interface ReconcileBenchResult {
  instances: number;
  batchSize: number;
  batches: number;
  /** The tick: list + dispatch, wall seconds. */
  tickSec: number;
  /** The same fleet evaluated inside one tick (no fan-out, concurrency 8), wall seconds. */
  inlineSec: number;
  /** Outcomes of the batches' evaluations. */
  byStatus: Record<string, number>;
  /** Requests one batch sent, on average: to Tablestore and to ECS (each a network round trip in the cloud). */
  storeRequestsPerBatch: number;
  ecsCallsPerBatch: number;
  batchSec: Summary;
  /** Wall time of all batches one after another (what one tick evaluating inline would need, at least). */
  totalBatchSec: number;
  perInstanceMs: number;
  evaluated: number;
  errors: number;
  mutatingCalls: number;
  withinTickLimit: boolean;
  ok: boolean;
}

/** 03:04:10 UTC: four CMS samples exist; the hosted 03:05 timer is never reached (the bench drives the tick). */
const START_MS = Date.UTC(2025, 0, 6, 3, 0, 30);
const INLINE_MS = Date.UTC(2025, 0, 6, 3, 3, 10);
const TICK_MS = Date.UTC(2025, 0, 6, 3, 4, 10);
const HORIZON_MS = Date.UTC(2025, 0, 6, 3, 4, 55);

const silent: Logger = { log: () => {} };

/** Run benchmark (f). */
export async function benchReconcile(o: ReconcileBenchOptions = {}): Promise<ReconcileBenchResult> {
  const instances = o.instances ?? 1000;
  const batchSize = o.batchSize ?? RECONCILE_BATCH_SIZE;
  const clock = new VirtualClock(START_MS);
  const cloud = await startLocalCloud({
    clock,
    config: benchConfig(),
    fleet: benchFleet(instances),
    workload: { demandAt: () => ({ outboundMbps: STEADY_MBPS }) },
    logger: silent,
  });
  try {
    const collector = new FakeDispatcher();
    const deps = (id: string): AppDeps => ({ ...cloud.container.deps(id), dispatcher: collector, logger: silent });
    const pump = <T>(work: Promise<T>) =>
      pumpUntil(clock, work, { horizonMs: HORIZON_MS, lookaheadMs: 1000, wallTimeoutMs: o.wallTimeoutMs ?? 600_000 });
    await clock.advanceTo(INLINE_MS);
    const inlineStart = performance.now();
    await pump(reconcile(deps('bench-inline'), { inlineMax: Number.POSITIVE_INFINITY }));
    const inlineSec = (performance.now() - inlineStart) / 1000;
    await clock.advanceTo(TICK_MS);
    const tickStart = performance.now();
    const tick = await pump(
      reconcile(deps('bench-tick'), { batchSize, ...(o.inlineMax !== undefined ? { inlineMax: o.inlineMax } : {}) }),
    );
    const tickSec = (performance.now() - tickStart) / 1000;
    const tasks = collector.tasks.filter((t): t is ReconcileTask => t.kind === 'reconcile');
    const times: number[] = [];
    const storeBefore = cloud.tablestore.stats().requests;
    const ecsBefore = cloud.ecs.state.apiCallCount();
    let evaluated = tick.evaluated;
    let errors = tick.errors.length;
    const byStatus: Record<string, number> = {};
    for (const [i, task] of tasks.entries()) {
      const started = performance.now();
      const r = (await pump(runWorkerTask(deps(`bench-batch-${i}`), task))) as ReconcileSummary;
      times.push((performance.now() - started) / 1000);
      evaluated += r.evaluated;
      errors += r.errors.length;
      for (const [k, n] of Object.entries(r.byStatus)) byStatus[k] = (byStatus[k] ?? 0) + (n ?? 0);
    }
    const batchSec = summarise(times);
    const perBatch = (n: number) => round(n / Math.max(1, tasks.length), 1);
    const storeRequestsPerBatch = perBatch(cloud.tablestore.stats().requests - storeBefore);
    const ecsCallsPerBatch = perBatch(cloud.ecs.state.apiCallCount() - ecsBefore);
    const totalBatchSec = times.reduce((a, b) => a + b, 0);
    const { mutatingCalls } = countCalls(cloud, instances);
    const withinTickLimit = tickSec < TICK_TIMEOUT_SEC && batchSec.max < TICK_TIMEOUT_SEC;
    return {
      instances,
      batchSize,
      batches: tasks.length,
      tickSec: round(tickSec),
      inlineSec: round(inlineSec),
      byStatus,
      storeRequestsPerBatch,
      ecsCallsPerBatch,
      batchSec,
      totalBatchSec: round(totalBatchSec),
      perInstanceMs: round((totalBatchSec * 1000) / Math.max(1, evaluated)),
      evaluated,
      errors,
      mutatingCalls,
      withinTickLimit,
      ok: evaluated === instances && errors === 0 && mutatingCalls === 0 && withinTickLimit,
    };
  } finally {
    await cloud.close();
  }
}
