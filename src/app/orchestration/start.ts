/**
 * Start an instance-type change: persist the orchestration (step `planned`) under the lease the caller
 * claimed, audit it as `in-progress`, and hand it to the worker through the Dispatcher (FC async invocation
 * whose task id is the action key; a duplicate is `already-queued`, which is fine).
 */
import type { InstanceTypeAction, Orchestration } from '../../core/types.js';
import { auditSkip, evaluationEntry } from '../audit.js';
import type { AppDeps, Evaluation, Outcome, Scale } from '../types.js';

/**
 * The holder of the lease an evaluation claims for a type change before it dispatches it (the planner's
 * lease). The run that drives the orchestration adopts it (a conditional renew that renames the holder to
 * `orchestrationRunHolder`), so two runs never hold the lease under the same name: a stale run's heartbeat and
 * fence fail once another run has taken over.
 */
export function orchestrationHolder(actionKey: string): string {
  return `orchestration:${actionKey}`;
}

/** The lease holder of one run of an orchestration (the worker invocation `holderId`). */
export function orchestrationRunHolder(actionKey: string, holderId: string): string {
  return `${orchestrationHolder(actionKey)}@${holderId}`;
}

/** Release the orchestration's lease (no change recorded). */
export function releaseOrchestrationLease(deps: AppDeps, o: Pick<Orchestration, 'instanceId' | 'actionKey'>) {
  return deps.store.releaseLease({
    instanceId: o.instanceId,
    holder: orchestrationHolder(o.actionKey),
    actionKey: o.actionKey,
  });
}

async function alreadyEnded(ev: Evaluation, decision: Scale, action: InstanceTypeAction): Promise<Outcome> {
  const existing = await ev.deps.store.getOrchestration(action.actionKey);
  await releaseOrchestrationLease(ev.deps, action);
  const message = `type change ${action.actionKey} already ended at step ${existing?.step ?? 'unknown'}`;
  return auditSkip(ev, 'already-attempted', message, { action, detail: `not repeated: ${decision.message}` });
}

/** Persist the orchestration at `planned` and audit it; false when this action key already ended. */
async function create(ev: Evaluation, decision: Scale, action: InstanceTypeAction): Promise<boolean> {
  const { deps, instance } = ev;
  const nowMs = deps.clock.now();
  const o: Orchestration = {
    actionKey: action.actionKey,
    instanceId: instance.instanceId,
    action,
    step: 'planned',
    version: 0,
    createdMs: nowMs,
    updatedMs: nowMs,
    attempts: 0,
    requestIds: [],
  };
  if (!(await deps.store.createOrchestration(o))) {
    // The same decision again (same slot, same key): fine while it runs, never run twice once it ended.
    const existing = await deps.store.getOrchestration(action.actionKey);
    return existing !== undefined && !['verified', 'rolled-back', 'failed'].includes(existing.step);
  }
  await deps.store.appendAudit(
    evaluationEntry(ev, {
      decision: 'scale',
      reason: decision.reason,
      message: decision.message,
      result: 'in-progress',
      action,
    }),
  );
  return true;
}

/** Create (or find) the orchestration for `action` and dispatch it to the worker. */
export async function startOrchestration(
  ev: Evaluation,
  decision: Scale,
  action: InstanceTypeAction,
): Promise<Outcome> {
  const { deps, instance } = ev;
  let created: boolean;
  try {
    created = await create(ev, decision, action);
  } catch (err) {
    // Without a persisted orchestration nobody would resume this lease: free it (best effort) and fail closed.
    await releaseOrchestrationLease(deps, action).catch(() => false);
    throw err;
  }
  if (!created) return alreadyEnded(ev, decision, action);
  const base = { instanceId: instance.instanceId, reason: decision.reason, actionKey: action.actionKey };
  try {
    const task = { kind: 'orchestrate', actionKey: action.actionKey, instanceId: instance.instanceId } as const;
    const queued = await deps.dispatcher.dispatch(task);
    return { ...base, status: 'dispatched', message: `type change ${queued}: ${decision.message}` };
  } catch (err) {
    // The orchestration is persisted: with the lease released, the next reconcile tick resumes it.
    await releaseOrchestrationLease(deps, action);
    const error = err instanceof Error ? err.message : String(err);
    deps.logger.log('error', 'dispatch failed; reconcile will resume the orchestration', {
      requestId: deps.holderId,
      ...base,
      error,
    });
    return { ...base, status: 'failed', reason: 'DispatchFailed', message: error, retryable: true };
  }
}
