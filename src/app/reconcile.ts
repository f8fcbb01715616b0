/**
 * The timer tick, the level-triggered safety net (CMS repeats an unresolved alarm at most once per
 * SilenceTime ≥ 1 h): hand stalled orchestrations to the worker, then evaluate every managed instance through
 * the same path as an alarm, with a timer signal whose dedupe key is per instance per tick slot. Fleet,
 * metrics, controls and active orchestrations are loaded once, in bulk; instances run with bounded
 * concurrency and one failing instance is logged and counted, never fatal to the tick. A fleet larger than
 * RECONCILE_INLINE_MAX is evaluated by the worker in batches (reconcileFanout.ts), so a tick of 1,000
 * instances fits in FC's 300 s.
 */
import { isLeaseLive } from '../core/lease.js';
import type { Orchestration, Signal } from '../core/types.js';
import type { Controls } from '../ports/StateStore.js';
import { mapBounded, type Settled } from './concurrency.js';
import { listManagedInstances, type ManagedInstance, resolveGroup, withEipPrecedence } from './groups.js';
import { evaluateSignal } from './handleSignal.js';
import { fetchMetricWindows } from './observe.js';
import {
  dispatchBatches,
  dispatchResumes,
  RECONCILE_BATCH_SIZE,
  RECONCILE_INLINE_MAX,
  reconcileBatches,
} from './reconcileFanout.js';
import type { AppDeps, Outcome, ReconcileSummary } from './types.js';

export interface ReconcileOptions {
  /** Only these instances (they must still be managed); empty or absent = every managed instance. */
  instanceIds?: readonly string[];
  /** Instances evaluated at once. Default 8. */
  concurrency?: number;
  /** Width of a tick slot, seconds: two ticks in one slot evaluate an instance once. Default 60. */
  slotSec?: number;
  /**
   * A worker batch: describe exactly `instanceIds` (no fleet listing), evaluate them at the tick's `nowMs`,
   * resume nothing and fan out nothing.
   */
  batch?: { nowMs: number };
  /** Largest fleet evaluated inline (default RECONCILE_INLINE_MAX); Infinity never fans out. */
  inlineMax?: number;
  /** Instances per dispatched batch (default RECONCILE_BATCH_SIZE). */
  batchSize?: number;
}

/** The timer signal of one instance for the tick slot containing `nowMs`. */
export function timerSignal(instanceId: string, nowMs: number, slotSec = 60): Signal {
  const slot = Math.floor(nowMs / (slotSec * 1000));
  return { source: 'timer', instanceId, atMs: nowMs, dedupeKey: `timer:${instanceId}:${slot}` };
}

/** Orchestrations nobody drives: no live lease on their instance. */
async function stalled(deps: AppDeps, active: Orchestration[]): Promise<Orchestration[]> {
  const nowMs = deps.clock.now();
  const out: Orchestration[] = [];
  for (const o of active) {
    const { lease } = await deps.store.getInstanceState(o.instanceId);
    if (!isLeaseLive(lease, nowMs)) out.push(o);
  }
  return out;
}

function summarise(
  deps: AppDeps,
  startedMs: number,
  managed: ManagedInstance[],
  results: Settled<Outcome>[],
): ReconcileSummary {
  const summary: ReconcileSummary = { startedMs, durationMs: 0, evaluated: 0, byStatus: {}, resumed: 0, errors: [] };
  results.forEach((r, i) => {
    const instanceId = (managed[i] as ManagedInstance).instance.instanceId;
    summary.evaluated++;
    if (!r.ok) {
      const error = r.error instanceof Error ? `${r.error.name}: ${r.error.message}` : String(r.error);
      summary.errors.push({ instanceId, error });
      deps.logger.log('error', 'reconcile: instance failed', { requestId: deps.holderId, instanceId, error });
    } else {
      const status = r.value.status;
      summary.byStatus[status] = (summary.byStatus[status] ?? 0) + 1;
    }
  });
  return summary;
}

async function prefetchMetrics(deps: AppDeps, managed: ManagedInstance[], nowMs: number) {
  const targets = managed.map(({ instance, group }) => ({
    instanceId: instance.instanceId,
    resource: instance.resource,
    networkType: instance.networkType,
    group,
  }));
  try {
    return await fetchMetricWindows(deps.metrics, deps.config, targets, nowMs);
  } catch (err) {
    // Not fatal: each evaluation fetches its own metrics instead.
    deps.logger.log('warn', 'reconcile: bulk metric fetch failed', { requestId: deps.holderId, error: String(err) });
    return undefined;
  }
}

/** A batch's instances: one DescribeInstances of its ids (paged by the adapter), each with its group. */
async function describeBatch(deps: AppDeps, ids: readonly string[]): Promise<ManagedInstance[]> {
  if (ids.length === 0) return [];
  const managed: ManagedInstance[] = [];
  for (const described of await deps.ecs.describeInstances([...ids])) {
    const instance = withEipPrecedence(deps.config, described);
    const group = resolveGroup(deps.config, instance);
    if (group) managed.push({ instance, group });
  }
  return managed.sort((a, b) => (a.instance.instanceId < b.instance.instanceId ? -1 : 1));
}

/** Evaluate `managed` here, with bounded concurrency. */
async function evaluateAll(
  deps: AppDeps,
  managed: ManagedInstance[],
  ctx: { controls: Controls; active: Orchestration[]; startedMs: number; tickMs: number },
  opts: ReconcileOptions,
): Promise<ReconcileSummary> {
  const metrics = await prefetchMetrics(deps, managed, ctx.startedMs);
  const tick: TickContext = { ...ctx, metrics, slotSec: opts.slotSec };
  const results = await mapBounded(managed, opts.concurrency ?? 8, (m) => evaluateOne(deps, m, tick));
  return summarise(deps, ctx.startedMs, managed, results);
}

/**
 * One reconcile tick (or one worker batch of it, `opts.batch`). Store and listing errors propagate (nothing
 * was changed); per-instance errors, including a batch or resume that could not be dispatched, are counted.
 */
export async function reconcile(deps: AppDeps, opts: ReconcileOptions = {}): Promise<ReconcileSummary> {
  const startedMs = deps.clock.now();
  const tickMs = opts.batch?.nowMs ?? startedMs;
  const only = opts.instanceIds && opts.instanceIds.length > 0 ? new Set(opts.instanceIds) : undefined;
  const [controls, active, fleet] = await Promise.all([
    deps.store.getControls(),
    deps.store.listActiveOrchestrations(),
    opts.batch ? describeBatch(deps, opts.instanceIds ?? []) : listManagedInstances(deps.config, deps.ecs),
  ]);
  const managed = only ? fleet.filter((m) => only.has(m.instance.instanceId)) : fleet;
  const dispatched: NonNullable<ReconcileSummary['dispatched']> = [];
  const errors: ReconcileSummary['errors'] = [];
  let resumed = 0;
  if (!opts.batch) {
    const resumable = (await stalled(deps, active)).filter((o) => !only || only.has(o.instanceId));
    const r = await dispatchResumes(deps, resumable);
    dispatched.push(...r.dispatched);
    errors.push(...r.errors);
    resumed = r.dispatched.filter((d) => d.status !== 'failed').length;
  }
  let summary: ReconcileSummary;
  if (!opts.batch && managed.length > (opts.inlineMax ?? RECONCILE_INLINE_MAX)) {
    const ids = managed.map((m) => m.instance.instanceId);
    const r = await dispatchBatches(deps, reconcileBatches(ids, tickMs, opts.batchSize ?? RECONCILE_BATCH_SIZE));
    dispatched.push(...r.dispatched);
    errors.push(...r.errors);
    summary = { startedMs, durationMs: 0, evaluated: 0, byStatus: {}, resumed: 0, errors: [] };
  } else {
    summary = await evaluateAll(deps, managed, { controls, active, startedMs, tickMs }, opts);
  }
  summary.resumed = resumed;
  summary.errors.push(...errors);
  if (dispatched.length > 0) summary.dispatched = dispatched;
  summary.durationMs = Math.max(0, deps.clock.now() - startedMs);
  deps.logger.log('info', 'reconcile finished', {
    requestId: deps.holderId,
    ...summary,
    ...(summary.dispatched ? { dispatched: summary.dispatched.length } : {}),
    ...(opts.batch ? { batch: true } : {}),
  });
  return summary;
}

interface TickContext {
  controls: Controls;
  active: Orchestration[];
  metrics: Awaited<ReturnType<typeof prefetchMetrics>>;
  startedMs: number;
  tickMs: number;
  slotSec: number | undefined;
}

function evaluateOne(deps: AppDeps, m: ManagedInstance, tick: TickContext): Promise<Outcome> {
  const id = m.instance.instanceId;
  const metrics = tick.metrics?.get(id);
  return evaluateSignal(deps, timerSignal(id, tick.tickMs, tick.slotSec), {
    instance: m.instance,
    group: m.group,
    controls: tick.controls,
    orchestrations: tick.active.filter((o) => o.instanceId === id),
    ...(metrics ? { metrics } : {}),
  });
}
