/**
 * The end of an orchestration, done BEFORE the terminal step is persisted so that a crash in between is
 * healed by re-running the last step: verified → commit the change (cooldown, budget) and audit `applied`;
 * rolled-back → release the lease and audit why; failed → release and audit the error. Audit entries reuse
 * the signal, group and reason of the `in-progress` entry written when the change was planned.
 */
import type { AuditEntry, AuditResult, Orchestration, OrchestrationStep } from '../../core/types.js';
import { auditEntry } from '../audit.js';
import { resolveGroup } from '../groups.js';
import { stateUpdateFor } from '../../core/stateUpdate.js';
import { type RunContext, describe } from './context.js';
import type { StepError } from './steps.js';

/** Default budget window when the instance no longer matches a group (config changed meanwhile). */
const FALLBACK_BUDGET_WINDOW_SEC = 86_400;

async function entriesOf(ctx: RunContext, o: Orchestration): Promise<AuditEntry[]> {
  const recent = await ctx.deps.store.listAudit(o.instanceId, { limit: 100 });
  return recent.filter((e) => e.actionKey === o.actionKey);
}

/**
 * Write one audit entry about this orchestration (also used for surfaced, retried failures). With `once`,
 * an entry with the same result already written by an earlier run (that crashed before persisting the
 * terminal step) is not repeated.
 */
export async function auditOrchestration(
  ctx: RunContext,
  o: Orchestration,
  init: { result: AuditResult; message: string; error?: StepError | undefined; once?: boolean },
): Promise<void> {
  const { result, message, error } = init;
  const entries = await entriesOf(ctx, o);
  if (init.once && entries.some((e) => e.result === result && e.message.startsWith(message))) return;
  const planned = entries.find((e) => e.result === 'in-progress');
  const signal: AuditEntry['signal'] = planned?.signal ?? {
    source: 'timer',
    dedupeKey: `orchestration:${o.actionKey}`,
  };
  const entry = auditEntry(ctx.deps, {
    instanceId: o.instanceId,
    signal,
    decision: 'scale',
    reason: planned?.reason ?? (o.action.direction === 'up' ? 'cpu-high' : 'cpu-low'),
    message: planned ? `${message} (${planned.message})` : message,
    result,
    action: o.action,
    requestIds: o.requestIds,
    ...(error ? { error } : {}),
    startedMs: o.createdMs,
  });
  if (planned?.group) entry.group = planned.group;
  await ctx.deps.store.appendAudit(entry);
}

async function commitVerified(ctx: RunContext, o: Orchestration): Promise<void> {
  const { deps } = ctx;
  const instance = await describe(ctx, o.instanceId);
  const state = await deps.store.getInstanceState(o.instanceId);
  if (!instance) {
    await deps.store.releaseLease({ instanceId: o.instanceId, holder: ctx.holder, actionKey: o.actionKey });
    return;
  }
  const windowSec = resolveGroup(deps.config, instance)?.downgradeBudget.windowSec ?? FALLBACK_BUDGET_WINDOW_SEC;
  const update = stateUpdateFor(o.action, instance, state, windowSec, deps.clock.now());
  const committed = await deps.store.commit({
    instanceId: o.instanceId,
    holder: ctx.holder,
    actionKey: o.actionKey,
    update,
  });
  // Not ours any more: an earlier run committed already (crash before persisting `verified`), or the lease lapsed.
  if (!committed.ok) {
    deps.logger.log('warn', 'orchestration commit found the lease gone', {
      instanceId: o.instanceId,
      actionKey: o.actionKey,
    });
  }
}

/** Finish the orchestration that is about to be persisted at terminal step `next`. */
export async function finalize(
  ctx: RunContext,
  o: Orchestration,
  next: OrchestrationStep,
  requestIds: string[],
  error?: StepError,
): Promise<void> {
  const { deps } = ctx;
  const done = { ...o, requestIds };
  const { fromType, toType } = o.action;
  if (next === 'verified') {
    await commitVerified(ctx, o);
    await auditOrchestration(ctx, done, {
      result: 'applied',
      message: `type changed ${fromType} → ${toType}`,
      once: true,
    });
    return;
  }
  await deps.store.releaseLease({ instanceId: o.instanceId, holder: ctx.holder, actionKey: o.actionKey });
  const why = error ?? o.error;
  if (next === 'rolled-back') {
    const message = `rolled back: running on ${fromType}, not ${toType}`;
    await auditOrchestration(ctx, done, { result: 'rolled-back', message, error: why, once: true });
  } else {
    deps.logger.log('error', 'orchestration failed', {
      instanceId: o.instanceId,
      actionKey: o.actionKey,
      code: why?.code,
      error: why?.message,
    });
    const message = `type change ${fromType} → ${toType} failed`;
    await auditOrchestration(ctx, done, { result: 'failed', message, error: why, once: true });
  }
}
