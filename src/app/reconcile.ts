/**
 * The timer tick, the level-triggered safety net (CMS repeats an unresolved alarm at most once per
 * SilenceTime ≥ 1 h): resume stalled orchestrations, then evaluate every managed instance through the same
 * path as an alarm, with a timer signal whose dedupe key is per instance per tick slot. Fleet, metrics,
 * controls and active orchestrations are loaded once, in bulk; instances run with bounded concurrency and
 * one failing instance is logged and counted, never fatal to the tick.
 */
import type { Orchestration, Signal } from '../core/types.js';
import type { Controls } from '../ports/StateStore.js';
import { mapBounded, type Settled } from './concurrency.js';
import { listManagedInstances, type ManagedInstance } from './groups.js';
import { evaluateSignal } from './handleSignal.js';
import { fetchMetricWindows } from './observe.js';
import { runOrchestration } from './orchestration/run.js';
import type { AppDeps, OrchestrationOutcome, Outcome, ReconcileSummary } from './types.js';

export interface ReconcileOptions {
  /** Only these instances (they must still be managed); empty or absent = every managed instance. */
  instanceIds?: readonly string[];
  /** Instances evaluated at once. Default 8. */
  concurrency?: number;
  /** Width of a tick slot, seconds: two ticks in one slot evaluate an instance once. Default 60. */
  slotSec?: number;
}

/** The timer signal of one instance for the tick slot containing `nowMs`. */
export function timerSignal(instanceId: string, nowMs: number, slotSec = 60): Signal {
  const slot = Math.floor(nowMs / (slotSec * 1000));
  return { source: 'timer', instanceId, atMs: nowMs, dedupeKey: `timer:${instanceId}:${slot}` };
}

/** Orchestrations nobody drives: no live lease on their instance for their action key. */
async function stalled(deps: AppDeps, active: Orchestration[]): Promise<Orchestration[]> {
  const nowMs = deps.clock.now();
  const out: Orchestration[] = [];
  for (const o of active) {
    const { lease } = await deps.store.getInstanceState(o.instanceId);
    if (!lease || lease.expiresAtMs <= nowMs) out.push(o);
  }
  return out;
}

type Job = { kind: 'resume'; o: Orchestration } | { kind: 'evaluate'; m: ManagedInstance };

function summarise(
  deps: AppDeps,
  startedMs: number,
  jobs: Job[],
  results: Settled<Outcome | OrchestrationOutcome>[],
): ReconcileSummary {
  const summary: ReconcileSummary = { startedMs, durationMs: 0, evaluated: 0, byStatus: {}, resumed: 0, errors: [] };
  results.forEach((r, i) => {
    const job = jobs[i] as Job;
    const instanceId = job.kind === 'resume' ? job.o.instanceId : job.m.instance.instanceId;
    if (job.kind === 'resume') summary.resumed++;
    else summary.evaluated++;
    if (!r.ok) {
      const error = r.error instanceof Error ? `${r.error.name}: ${r.error.message}` : String(r.error);
      summary.errors.push({ instanceId, error });
      deps.logger.log('error', 'reconcile: instance failed', {
        requestId: deps.holderId,
        instanceId,
        error,
        job: job.kind,
      });
    } else if (job.kind === 'evaluate') {
      const status = (r.value as Outcome).status;
      summary.byStatus[status] = (summary.byStatus[status] ?? 0) + 1;
    }
  });
  summary.durationMs = Math.max(0, deps.clock.now() - startedMs);
  return summary;
}

async function prefetchMetrics(deps: AppDeps, managed: ManagedInstance[], nowMs: number) {
  const targets = managed.map((m) => ({
    instanceId: m.instance.instanceId,
    group: m.group,
    classic: m.instance.networkType === 'classic',
  }));
  try {
    return await fetchMetricWindows(deps.metrics, deps.config, targets, nowMs);
  } catch (err) {
    // Not fatal: each evaluation fetches its own metrics instead.
    deps.logger.log('warn', 'reconcile: bulk metric fetch failed', { requestId: deps.holderId, error: String(err) });
    return undefined;
  }
}

/** One reconcile tick. Store and listing errors propagate (nothing was changed); per-instance errors are counted. */
export async function reconcile(deps: AppDeps, opts: ReconcileOptions = {}): Promise<ReconcileSummary> {
  const startedMs = deps.clock.now();
  const only = opts.instanceIds && opts.instanceIds.length > 0 ? new Set(opts.instanceIds) : undefined;
  const [controls, active, fleet] = await Promise.all([
    deps.store.getControls(),
    deps.store.listActiveOrchestrations(),
    listManagedInstances(deps.config, deps.ecs),
  ]);
  const managed = only ? fleet.filter((m) => only.has(m.instance.instanceId)) : fleet;
  const resumable = (await stalled(deps, active)).filter((o) => !only || only.has(o.instanceId));
  const metrics = await prefetchMetrics(deps, managed, startedMs);
  const jobs: Job[] = [
    ...resumable.map((o): Job => ({ kind: 'resume', o })),
    ...managed.map((m): Job => ({ kind: 'evaluate', m })),
  ];
  const results = await mapBounded<Job, Outcome | OrchestrationOutcome>(jobs, opts.concurrency ?? 8, (job) =>
    job.kind === 'resume'
      ? runOrchestration(deps, job.o.actionKey)
      : evaluateOne(deps, job.m, { controls, active, metrics, startedMs, slotSec: opts.slotSec }),
  );
  const summary = summarise(deps, startedMs, jobs, results);
  deps.logger.log('info', 'reconcile finished', { requestId: deps.holderId, ...summary });
  return summary;
}

interface TickContext {
  controls: Controls;
  active: Orchestration[];
  metrics: Awaited<ReturnType<typeof prefetchMetrics>>;
  startedMs: number;
  slotSec: number | undefined;
}

function evaluateOne(deps: AppDeps, m: ManagedInstance, tick: TickContext): Promise<Outcome> {
  const id = m.instance.instanceId;
  const metrics = tick.metrics?.get(id);
  return evaluateSignal(deps, timerSignal(id, tick.startedMs, tick.slotSec), {
    instance: m.instance,
    group: m.group,
    controls: tick.controls,
    orchestrations: tick.active.filter((o) => o.instanceId === id),
    ...(metrics ? { metrics } : {}),
  });
}
