/**
 * Act on a `scale` decision: claim the per-instance lease conditionally on the version that was read
 * (a lost race is a skip `in-progress`, audited), then either apply the bandwidth / billing actions inline
 * or hand an instance-type change to the orchestration worker.
 */
import type { Action, Decision, InstanceTypeAction } from '../core/types.js';
import { auditEntry } from './audit.js';
import type { Evaluation } from './evaluate.js';
import { applyInline, type InlineAction } from './execute.js';
import { orchestrationHolder, startOrchestration } from './orchestration/start.js';
import { lapsedWithPending, pendingChanges, recoverLostCommit } from './recover.js';
import type { Outcome } from './types.js';

type Scale = Extract<Decision, { kind: 'scale' }>;

async function inProgress(ev: Evaluation, decision: Scale, action: Action, message: string): Promise<Outcome> {
  const { deps, instance, group, signal } = ev;
  await deps.store.appendAudit(
    auditEntry(deps, {
      instanceId: instance.instanceId,
      signal,
      group: group.name,
      decision: 'skip',
      reason: 'in-progress',
      message: `${message}; not applied: ${decision.message}`,
      result: 'skipped',
      action,
      startedMs: ev.startedMs,
    }),
  );
  return {
    status: 'skipped',
    instanceId: instance.instanceId,
    reason: 'in-progress',
    message,
    actionKey: action.actionKey,
  };
}

/** An unfinished type change owns the instance even when its lease lapsed (reconcile resumes it). */
async function activeOrchestration(ev: Evaluation): Promise<string | undefined> {
  const listed =
    ev.preloaded.orchestrations ??
    (await ev.deps.store.listActiveOrchestrations()).filter((o) => o.instanceId === ev.instance.instanceId);
  const o = listed[0];
  return o && `type change ${o.actionKey} is at step ${o.step}`;
}

/**
 * Claim the lease for `action`; a string is the reason the claim was lost. An inline claim writes its
 * actions ahead (`pending`, timed at the lease expiry) so that a change made but never committed can be
 * recorded by the next evaluation (recover.ts).
 */
async function claim(ev: Evaluation, decision: Scale, action: Action, inline: InlineAction[]): Promise<true | string> {
  const { deps, instance, state } = ev;
  const { leaseTtlSec, orchestrationLeaseTtlSec } = deps.config.evaluation;
  const orchestrated = inline.length === 0;
  const nowMs = deps.clock.now();
  const ttlMs = (orchestrated ? orchestrationLeaseTtlSec : leaseTtlSec) * 1000;
  const result = await deps.store.claimLease({
    instanceId: instance.instanceId,
    expectedVersion: state.version,
    holder: orchestrated ? orchestrationHolder(action.actionKey) : deps.holderId,
    actionKey: action.actionKey,
    nowMs,
    ttlMs,
    ...(orchestrated ? {} : { pending: pendingChanges(ev, decision.reason, inline, nowMs + ttlMs) }),
  });
  if (result.ok) return true;
  if (result.reason === 'held') {
    return `lease held by ${result.lease.actionKey} until ${new Date(result.lease.expiresAtMs).toISOString()}`;
  }
  return `state of ${instance.instanceId} changed since it was read (version ${state.version})`;
}

/**
 * A decision made without recovery (applyDecision: the optimiser, manual changes) must not replace an expired
 * lease whose change may be unrecorded: recover first; if that recorded something, the decision is stale.
 */
async function recordLostChangeFirst(ev: Evaluation): Promise<string | undefined> {
  if (ev.recoveryChecked || !lapsedWithPending(ev.state, ev.deps.clock.now())) return undefined;
  const { state } = await recoverLostCommit(ev);
  if (state.version === ev.state.version) return undefined;
  return `a change whose commit was lost was recorded first (version ${ev.state.version} → ${state.version}): decide again`;
}

/**
 * Claim, then apply. A decision carrying both inline actions and a type change applies the inline ones
 * (non-disruptive) and leaves the type change to a later evaluation.
 */
export async function act(ev: Evaluation, decision: Scale): Promise<Outcome> {
  const typeAction = decision.actions.find((a): a is InstanceTypeAction => a.kind === 'instanceType');
  const inline = decision.actions.filter((a): a is InlineAction => a.kind !== 'instanceType');
  const primary: Action | undefined = inline[0] ?? typeAction;
  if (!primary) {
    return { status: 'skipped', instanceId: ev.instance.instanceId, reason: 'no-action', message: decision.message };
  }
  if (typeAction && inline.length > 0) {
    ev.deps.logger.log('info', 'type change deferred: bandwidth/billing actions go first', {
      requestId: ev.deps.holderId,
      instanceId: ev.instance.instanceId,
      actionKey: typeAction.actionKey,
    });
  }
  const busy = await activeOrchestration(ev);
  if (busy) return inProgress(ev, decision, primary, busy);
  const recorded = await recordLostChangeFirst(ev);
  if (recorded) return inProgress(ev, decision, primary, recorded);
  const claimed = await claim(ev, decision, primary, inline);
  if (claimed !== true) return inProgress(ev, decision, primary, claimed);
  if (inline.length === 0 && typeAction) return startOrchestration(ev, decision, typeAction);
  return applyInline(ev, decision, inline);
}
