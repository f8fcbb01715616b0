/**
 * Audit + commit: the end of an inline action. Applied → the `applied` entry (what, why, before → after,
 * request id, ClientToken), then one commit that records the cooldown start, the downgrade against the budget,
 * the temporary upgrade, and releases the lease. Failed (fence refused or a final ECS error) → the lease is
 * released (cooldown NOT started), then the `failed` entry with the ECS code.
 *
 * Why audit before commit: killed after the ECS call, or after the audit, the lease keeps the claim's
 * write-ahead and the next evaluation commits the change (DescribeInstances shows it) and writes the entry only
 * if it is missing (recover.ts), so neither is lost. The commit is still attempted when the audit write throws,
 * so a flaky store does not cost the cooldown, and the store error then propagates (fail closed: 5xx, the
 * caller retries). Only a store that fails the audit write and then accepts the commit loses the entry (the
 * commit clears the write-ahead); that is logged with the action key.
 */
import { stateUpdateFor } from '../core/stateUpdate.js';
import { evaluationEntry } from './audit.js';
import type { InlineAction } from './claim.js';
import type { ApiFailure } from './failure.js';
import type { Evaluation, Scale } from './types.js';

async function audit(
  ev: Evaluation,
  decision: Scale,
  action: InlineAction,
  requestIds: string[],
  failure?: ApiFailure,
) {
  const entry = evaluationEntry(ev, {
    decision: 'scale',
    reason: decision.reason,
    message: failure ? `${failure.code}: ${decision.message}` : decision.message,
    result: failure ? 'failed' : 'applied',
    action,
    requestIds,
    ...(failure ? { error: { code: failure.code, message: failure.message } } : {}),
  });
  await ev.deps.store.appendAudit(entry);
}

/** Record the applied change under this invocation's lease; false when the lease lapsed first. */
async function commit(ev: Evaluation, action: InlineAction): Promise<boolean> {
  const { deps, instance } = ev;
  const update = stateUpdateFor(action, instance, ev.state, ev.group.downgradeBudget.windowSec, deps.clock.now());
  const lease = { instanceId: instance.instanceId, holder: deps.holderId, actionKey: action.actionKey };
  const committed = await deps.store.commit({ ...lease, update });
  if (!committed.ok) {
    // The lease lapsed before the commit. Either an evaluation found the change and recorded it for us
    // (recover.ts), or the lease was re-taken before the change was visible: then it is not recorded.
    deps.logger.log('error', 'commit lost: lease expired before the change was recorded by this invocation', {
      requestId: deps.holderId,
      instanceId: instance.instanceId,
      actionKey: action.actionKey,
    });
  }
  return committed.ok;
}

/** Audit `applied`, then commit (attempted even when the audit write threw; that error is then rethrown). */
export async function commitApplied(ev: Evaluation, decision: Scale, action: InlineAction, requestId: string) {
  let auditError: unknown;
  try {
    await audit(ev, decision, action, [requestId]);
  } catch (err) {
    auditError = err;
  }
  const committed = await commit(ev, action);
  if (auditError === undefined) return;
  if (committed) {
    ev.deps.logger.log('error', 'applied audit entry lost: the audit write failed, the change is committed', {
      requestId: ev.deps.holderId,
      instanceId: ev.instance.instanceId,
      actionKeys: [action.actionKey],
    });
  }
  throw auditError;
}

/** Nothing was applied: release the lease (no cooldown), then audit the failure. */
export async function releaseFailed(ev: Evaluation, decision: Scale, action: InlineAction, failure: ApiFailure) {
  const { deps, instance } = ev;
  await deps.store.releaseLease({
    instanceId: instance.instanceId,
    holder: deps.holderId,
    actionKey: action.actionKey,
  });
  await audit(ev, decision, action, failure.requestId ? [failure.requestId] : [], failure);
}
