/**
 * The sweep's advice (forecast profile + strategy by backtest, advise.ts) inline or fanned out to the worker.
 * Advice costs 230–600 ms of CPU per instance, so 1,000 instances would take 4–10 minutes: more than the tick's
 * 300 s. Up to ADVICE_INLINE_MAX instances the sweep advises inline, within the tick (the demo fleet, the simulator,
 * small accounts); above it the sweep dispatches batches of ADVICE_BATCH_SIZE instances to the worker function
 * (FC async, 1800 s timeout, 3 retries), which runs the same `adviseAll` per batch (adviseBatch.ts).
 *
 * A batch's key, its FC task id, is `advise-<hour slot>-<batch index>-<hash of its sorted ids>`: a re-run of the
 * same sweep in the same hour builds the same keys, FC refuses them (409, `already-queued`), and no batch runs
 * twice; a retried batch recomputes the same advice and writes no second audit entry (advise.ts).
 */
import { createHash } from 'node:crypto';
import type { AdviseTask } from '../../ports/Dispatcher.js';
import type { ManagedInstance } from '../groups.js';
import type { AppDeps } from '../types.js';
import { type AdviceReport, type AdviseContext, adviseAll } from './advise.js';

/** Largest number of instances the sweep advises inline; above it, batches go to the worker. */
export const ADVICE_INLINE_MAX = 50;
/**
 * Instances per batch: 100 × 600 ms (the worst measured advice) = 60 s of CPU, 1/30 of the worker's 1800 s, so
 * a slow or throttled run still finishes; 1,000 instances make 10 tasks that FC runs side by side.
 */
export const ADVICE_BATCH_SIZE = 100;

/** Overrides of the fan-out's limits (tests, the bench). */
export interface AdviceLimits {
  /** Default ADVICE_INLINE_MAX. */
  inlineMax?: number;
  /** Default ADVICE_BATCH_SIZE. */
  batchSize?: number;
}

/** One batch the sweep handed to the worker. */
export interface DispatchedBatch {
  batchKey: string;
  instances: number;
  /** `already-queued`: FC already has this task id (a re-run of the same sweep). */
  status: 'queued' | 'already-queued' | 'failed';
  error?: string;
}

export interface AdviceOutcome {
  /** Per instance advised inline (empty when the advice was dispatched: the worker audits it). */
  reports: AdviceReport[];
  errors: { instanceId: string; error: string }[];
  /** Present when the advice was fanned out. */
  dispatched?: DispatchedBatch[];
}

/** The targets that get advice: instances of groups with a bandwidth policy (adviseAll skips the others). */
export function adviceTargets(targets: readonly ManagedInstance[]): ManagedInstance[] {
  return targets.filter((t) => t.group.bandwidth !== undefined);
}

function idsHash(ids: readonly string[]): string {
  return createHash('sha256').update(ids.join('\n'), 'utf8').digest('hex').slice(0, 12);
}

/**
 * The batches of one sweep (deterministic): ids deduplicated and sorted, cut into `batchSize` chunks, each keyed
 * `advise-<hour slot of nowMs>-<index>-<12 hex of sha256 of its ids>` (an FC task id as is).
 */
export function adviceBatches(
  instanceIds: readonly string[],
  o: { nowMs: number; historyDays: number; batchSize?: number },
): AdviseTask[] {
  const ids = [...new Set(instanceIds)].sort();
  const size = Math.max(1, Math.floor(o.batchSize ?? ADVICE_BATCH_SIZE));
  const slot = Math.floor(o.nowMs / 3_600_000);
  const tasks: AdviseTask[] = [];
  for (let start = 0; start < ids.length; start += size) {
    const chunk = ids.slice(start, start + size);
    tasks.push({
      kind: 'advise',
      batchKey: `advise-${slot}-${tasks.length}-${idsHash(chunk)}`,
      instanceIds: chunk,
      nowMs: o.nowMs,
      historyDays: o.historyDays,
    });
  }
  return tasks;
}

/**
 * Hand the advice of `targets` to the worker, one task per batch. A failed dispatch is reported (status
 * `failed`, and an error per instance of the batch) and never fatal: the other batches still go, and the next
 * sweep advises those instances again.
 */
export async function dispatchAdvice(
  deps: AppDeps,
  targets: readonly ManagedInstance[],
  o: { nowMs: number; historyDays: number; batchSize?: number },
): Promise<AdviceOutcome> {
  const ids = adviceTargets(targets).map((t) => t.instance.instanceId);
  const dispatched: DispatchedBatch[] = [];
  const errors: AdviceOutcome['errors'] = [];
  for (const task of adviceBatches(ids, o)) {
    const batch = { batchKey: task.batchKey, instances: task.instanceIds.length };
    try {
      dispatched.push({ ...batch, status: await deps.dispatcher.dispatch(task) });
    } catch (err) {
      const error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      dispatched.push({ ...batch, status: 'failed', error });
      errors.push(...task.instanceIds.map((instanceId) => ({ instanceId, error: `advice not dispatched: ${error}` })));
      deps.logger.log('warn', 'advice batch not dispatched', { requestId: deps.holderId, ...batch, error });
    }
  }
  return { reports: [], errors, dispatched };
}

/** Whether the sweep advises inline: read-only runs (`recommend`) and fleets up to `inlineMax` to advise. */
export function advisesInline(
  targets: readonly ManagedInstance[],
  readOnly: boolean,
  limits: AdviceLimits = {},
): boolean {
  return readOnly || adviceTargets(targets).length <= (limits.inlineMax ?? ADVICE_INLINE_MAX);
}

/** Advise inline (see advisesInline), else dispatch batches to the worker. */
export function adviseFleet(
  deps: AppDeps,
  targets: readonly ManagedInstance[],
  ctx: AdviseContext & { limits?: AdviceLimits },
): Promise<AdviceOutcome> {
  if (advisesInline(targets, ctx.readOnly, ctx.limits)) return adviseAll(deps, targets, ctx);
  return dispatchAdvice(deps, targets, {
    nowMs: ctx.nowMs,
    historyDays: ctx.days,
    ...(ctx.limits?.batchSize !== undefined ? { batchSize: ctx.limits.batchSize } : {}),
  });
}
