/**
 * The reconcile tick's fan-out. A tick must finish within FC's 300 s, and evaluating 1,000 instances one after
 * another through the alarm path (DescribeInstances, state, metrics, claim, ECS, audit) does not fit on a loaded
 * account. Like the optimiser sweep's advice (optimise/fanout.ts), the tick keeps the cheap part (list the fleet,
 * find stalled type changes) and hands the evaluations to the worker in batches:
 *
 * - up to RECONCILE_INLINE_MAX managed instances the tick evaluates inline, where they fit in its 300 s (the demo
 *   fleet, small accounts, the simulator);
 * - above it, `{kind: 'reconcile', batchKey, instanceIds, nowMs}` tasks of RECONCILE_BATCH_SIZE instances go to the
 *   worker (FC async, the batch key as task id: `reconcile-<minute slot>-<index>-<12 hex of sha256 of the ids>`,
 *   so a second tick in the same slot builds the same keys and FC refuses them); each batch describes its
 *   instances and evaluates them with the tick's time, so the timer dedupe keys are the tick's.
 * - stalled orchestrations (no live lease) are dispatched too, never run inside the tick: one may legitimately
 *   wait 2 × 600 s for a status, far past the tick's 300 s. Their task id is `<actionKey>-resume-<version>`.
 *
 * A failed dispatch is an error per instance of the batch (or per orchestration), never fatal: the next tick
 * tries again.
 */
import { createHash } from 'node:crypto';
import type { Orchestration } from '../core/types.js';
import type { ReconcileTask } from '../ports/Dispatcher.js';
import type { AppDeps } from './types.js';

/** Largest fleet a tick evaluates inline; above it, batches go to the worker. */
export const RECONCILE_INLINE_MAX = 100;
/** Instances per batch (one DescribeInstances page; see docs/benchmarks.md for the measured batch time). */
export const RECONCILE_BATCH_SIZE = 100;
/**
 * Evaluations a worker batch runs at once. FC runs the batches side by side (up to 10 for 1,000 instances), so the
 * account sees batches × this many evaluations at once: 2 keeps that near the inline tick's 8 → 20, and a batch of
 * 100 still takes well under the 300 s (measured: docs/benchmarks.md, bench f).
 */
export const RECONCILE_BATCH_CONCURRENCY = 2;
/** Width of the slot in a batch key, ms (the tick's timer dedupe slot). */
const SLOT_MS = 60_000;

export interface DispatchedTask {
  taskId: string;
  instances: number;
  status: 'queued' | 'already-queued' | 'failed';
  error?: string;
}

function idsHash(ids: readonly string[]): string {
  return createHash('sha256').update(ids.join('\n'), 'utf8').digest('hex').slice(0, 12);
}

/** The batches of one tick (deterministic): ids deduplicated, sorted, cut into `batchSize` chunks. */
export function reconcileBatches(instanceIds: readonly string[], nowMs: number, batchSize = RECONCILE_BATCH_SIZE) {
  const ids = [...new Set(instanceIds)].sort();
  const size = Math.max(1, Math.floor(batchSize));
  const slot = Math.floor(nowMs / SLOT_MS);
  const tasks: ReconcileTask[] = [];
  for (let start = 0; start < ids.length; start += size) {
    const chunk = ids.slice(start, start + size);
    tasks.push({
      kind: 'reconcile',
      batchKey: `reconcile-${slot}-${tasks.length}-${idsHash(chunk)}`,
      instanceIds: chunk,
      nowMs,
    });
  }
  return tasks;
}

const errorText = (err: unknown) => (err instanceof Error ? `${err.name}: ${err.message}` : String(err));

/** Dispatch the evaluation batches; failures are reported per instance. */
export async function dispatchBatches(
  deps: AppDeps,
  tasks: readonly ReconcileTask[],
): Promise<{ dispatched: DispatchedTask[]; errors: { instanceId: string; error: string }[] }> {
  const dispatched: DispatchedTask[] = [];
  const errors: { instanceId: string; error: string }[] = [];
  for (const task of tasks) {
    const base = { taskId: task.batchKey, instances: task.instanceIds.length };
    try {
      dispatched.push({ ...base, status: await deps.dispatcher.dispatch(task) });
    } catch (err) {
      const error = errorText(err);
      dispatched.push({ ...base, status: 'failed', error });
      errors.push(...task.instanceIds.map((instanceId) => ({ instanceId, error: `batch not dispatched: ${error}` })));
      deps.logger.log('warn', 'reconcile batch not dispatched', { requestId: deps.holderId, ...base, error });
    }
  }
  return { dispatched, errors };
}

/** Hand each stalled orchestration to the worker under its resume task id. */
export async function dispatchResumes(
  deps: AppDeps,
  stalled: readonly Orchestration[],
): Promise<{ dispatched: DispatchedTask[]; errors: { instanceId: string; error: string }[] }> {
  const dispatched: DispatchedTask[] = [];
  const errors: { instanceId: string; error: string }[] = [];
  for (const o of stalled) {
    const task = { kind: 'orchestrate', actionKey: o.actionKey, instanceId: o.instanceId, resume: o.version } as const;
    const base = { taskId: `${o.actionKey}-resume-${o.version}`, instances: 1 };
    try {
      dispatched.push({ ...base, status: await deps.dispatcher.dispatch(task) });
    } catch (err) {
      const error = errorText(err);
      dispatched.push({ ...base, status: 'failed', error });
      errors.push({ instanceId: o.instanceId, error: `resume not dispatched: ${error}` });
      deps.logger.log('warn', 'orchestration resume not dispatched', { requestId: deps.holderId, ...base, error });
    }
  }
  return { dispatched, errors };
}
