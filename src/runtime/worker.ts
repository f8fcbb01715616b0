/**
 * The worker endpoint: an async invocation carrying a WorkerTask, routed by its kind:
 * - `orchestrate` runs (or resumes) one stop → modify → start orchestration;
 * - `advise` runs the optimiser's advice for one batch of instances (src/app/optimise/adviseBatch.ts), the
 *   sweep's fan-out for fleets too large to advise inside the tick;
 * - `reconcile` evaluates one batch of a reconcile tick (src/app/reconcileFanout.ts), the tick's fan-out for
 *   fleets too large to evaluate inside FC's 300 s. A per-instance failure is counted, not thrown (the next
 *   tick evaluates the instance again); a listing or store failure is thrown for FC to retry.
 * Throwing makes FC retry the invocation (at-least-once): every orchestration step is idempotent, so a retry
 * resumes; an advice batch is recomputed and rewritten with no second audit entry. An advice batch is thrown back
 * to FC when one of its instances failed with a retryable error (store or cloud unavailable).
 */
import {
  type AppDeps,
  type OrchestrationOutcome,
  type ReconcileSummary,
  reconcile,
  runOrchestration,
} from '../app/index.js';
import type { AdviceBatchResult } from '../app/optimise/adviseBatch.js';
import { RECONCILE_BATCH_CONCURRENCY } from '../app/reconcileFanout.js';
import { AutoscalerError, InvalidEventError } from '../core/errors.js';
import type { AdviseTask, OrchestrateTask, ReconcileTask, WorkerTask } from '../ports/Dispatcher.js';

/** Most ids one advice task may carry (the sweep sends 100; FC's 128 KB async body holds about 4,000). */
export const MAX_ADVICE_IDS = 1_000;

const USAGE =
  'worker event must be {"kind":"orchestrate","actionKey":"…","instanceId":"…"}, ' +
  '{"kind":"advise","batchKey":"…","instanceIds":["…"],"nowMs":…,"historyDays":…} or ' +
  '{"kind":"reconcile","batchKey":"…","instanceIds":["…"],"nowMs":…}';

const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

function parseAdvise(doc: Partial<AdviseTask>): AdviseTask {
  const ids = doc.instanceIds;
  const idsOk = Array.isArray(ids) && ids.length > 0 && ids.length <= MAX_ADVICE_IDS && ids.every(isText);
  const numbersOk = Number.isFinite(doc.nowMs) && Number.isFinite(doc.historyDays);
  if (!isText(doc.batchKey) || !idsOk || !numbersOk) {
    throw new InvalidEventError(`${USAGE} (advise: 1–${MAX_ADVICE_IDS} ids, finite numbers)`);
  }
  return {
    kind: 'advise',
    batchKey: doc.batchKey,
    instanceIds: [...ids],
    nowMs: doc.nowMs as number,
    historyDays: doc.historyDays as number,
  };
}

function parseReconcile(doc: Partial<ReconcileTask>): ReconcileTask {
  const ids = doc.instanceIds;
  const idsOk = Array.isArray(ids) && ids.length > 0 && ids.length <= MAX_ADVICE_IDS && ids.every(isText);
  if (!isText(doc.batchKey) || !idsOk || !Number.isFinite(doc.nowMs)) {
    throw new InvalidEventError(`${USAGE} (reconcile: 1–${MAX_ADVICE_IDS} ids, a finite nowMs)`);
  }
  return { kind: 'reconcile', batchKey: doc.batchKey, instanceIds: [...ids], nowMs: doc.nowMs as number };
}

export function parseWorkerTask(event: Uint8Array | string): WorkerTask {
  const text = typeof event === 'string' ? event : new TextDecoder().decode(event);
  let doc: Partial<OrchestrateTask> | Partial<AdviseTask> | Partial<ReconcileTask>;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new InvalidEventError('worker event is not JSON');
  }
  if (doc?.kind === 'advise') return parseAdvise(doc);
  if (doc?.kind === 'reconcile') return parseReconcile(doc);
  if (doc?.kind !== 'orchestrate' || typeof doc.actionKey !== 'string' || typeof doc.instanceId !== 'string') {
    throw new InvalidEventError(USAGE);
  }
  const resume = doc.resume;
  if (resume !== undefined && !Number.isInteger(resume)) throw new InvalidEventError(`${USAGE} (resume: an integer)`);
  return {
    kind: 'orchestrate',
    actionKey: doc.actionKey,
    instanceId: doc.instanceId,
    ...(resume !== undefined ? { resume } : {}),
  };
}

async function orchestrate(deps: AppDeps, task: OrchestrateTask): Promise<OrchestrationOutcome> {
  const outcome = await runOrchestration(deps, task.actionKey);
  deps.logger.log('info', 'orchestration run finished', {
    requestId: deps.holderId,
    instanceId: task.instanceId,
    actionKey: task.actionKey,
    step: outcome.step,
    status: outcome.status,
  });
  return outcome;
}

async function advise(deps: AppDeps, task: AdviseTask): Promise<AdviceBatchResult> {
  // Loaded on first use: an orchestration never pays for the optimiser's code.
  const { adviseBatch } = await import('../app/optimise/adviseBatch.js');
  const result = await adviseBatch(deps, task);
  const retry = result.retryable.length > 0;
  deps.logger.log(result.errors.length > 0 ? 'warn' : 'info', 'advice batch finished', {
    requestId: deps.holderId,
    batchKey: task.batchKey,
    instances: result.instances,
    advised: result.strategies.length,
    skipped: result.skipped.length,
    errors: result.errors.length,
    ...(result.errors.length > 0 ? { firstError: result.errors[0] } : {}),
    retry,
    durationMs: result.durationMs,
  });
  if (retry) {
    throw new AutoscalerError(
      `advice batch ${task.batchKey}: ${result.retryable.length} instance(s) failed with a retryable error ` +
        `(first: ${result.retryable[0]}); FC retries the batch`,
    );
  }
  return result;
}

async function reconcileBatch(deps: AppDeps, task: ReconcileTask): Promise<ReconcileSummary> {
  const summary = await reconcile(deps, {
    instanceIds: task.instanceIds,
    batch: { nowMs: task.nowMs },
    concurrency: RECONCILE_BATCH_CONCURRENCY,
  });
  deps.logger.log(summary.errors.length > 0 ? 'warn' : 'info', 'reconcile batch finished', {
    requestId: deps.holderId,
    batchKey: task.batchKey,
    instances: task.instanceIds.length,
    evaluated: summary.evaluated,
    errors: summary.errors.length,
    durationMs: summary.durationMs,
  });
  return summary;
}

export type WorkerResult = OrchestrationOutcome | AdviceBatchResult | ReconcileSummary;

/** Run one task of any kind (the in-process dispatcher's worker and the FC handler's body). */
export function runWorkerTask(deps: AppDeps, task: WorkerTask): Promise<WorkerResult> {
  if (task.kind === 'advise') return advise(deps, task);
  if (task.kind === 'reconcile') return reconcileBatch(deps, task);
  return orchestrate(deps, task);
}

export async function receiveWorkerTask(deps: AppDeps, event: Uint8Array | string): Promise<WorkerResult> {
  return runWorkerTask(deps, parseWorkerTask(event));
}
