/**
 * Apply bandwidth and billing-method actions inline, under the lease the caller holds. Each call carries
 * the decision's ClientToken (the adapter retries retryable errors with the same token, so a retry never
 * applies a change twice), and is fenced by a conditional renew of the lease (fence.ts). Success → audit `applied`, then commit (cooldown, budget, temporary upgrade);
 * a final error → release the lease (cooldown NOT started) and audit `failed` with the ECS code. The claim
 * has written the actions ahead (`Lease.pending`): if this invocation dies between the ECS call and the
 * commit, the next evaluation records the change, and audits it unless the `applied` entry is already
 * there (recover.ts).
 */
import type { BandwidthAction, BillingMethodAction, Decision } from '../core/types.js';
import type { EcsApi } from '../ports/EcsApi.js';
import type { StateUpdate } from '../ports/StateStore.js';
import { auditEntry } from './audit.js';
import type { Evaluation } from './evaluate.js';
import { type ApiFailure, describeFailure, logFailure } from './failure.js';
import { fenceInline, leaseLostFailure } from './fence.js';
import { stateUpdateFor } from '../core/stateUpdate.js';
import type { Outcome } from './types.js';

export type InlineAction = BandwidthAction | BillingMethodAction;
type Scale = Extract<Decision, { kind: 'scale' }>;

/** The one ECS call for an inline action. DryRun never reaches here: dry-run mode calls nothing. */
export async function callEcs(ecs: EcsApi, action: InlineAction): Promise<string> {
  if (action.kind === 'billingMethod') {
    const r = await ecs.modifyInstanceNetworkSpec({
      instanceId: action.instanceId,
      bandwidthOutMbps: action.bandwidthMbps,
      networkChargeType: action.to,
      clientToken: action.clientToken,
    });
    return r.requestId;
  }
  const r = await ecs.modifyInstanceNetworkSpec({
    instanceId: action.instanceId,
    bandwidthOutMbps: action.toMbps,
    ...(action.allocatePublicIp ? { allocatePublicIp: true } : {}),
    ...(action.temporary ? { startTime: action.temporary.startTime, endTime: action.temporary.endTime } : {}),
    clientToken: action.clientToken,
  });
  return r.requestId;
}

/** Merge the updates of several applied actions into one commit (later fields win, downgrades add up). */
export function mergeUpdates(updates: StateUpdate[]): StateUpdate {
  const merged: StateUpdate = {};
  for (const u of updates) {
    merged.lastChange = { ...merged.lastChange, ...u.lastChange };
    if (u.addDowngradeAtMs !== undefined) merged.addDowngradeAtMs = u.addDowngradeAtMs;
    if (u.trimDowngradesBeforeMs !== undefined) merged.trimDowngradesBeforeMs = u.trimDowngradesBeforeMs;
    if (u.platformDowngradesIncrement) {
      merged.platformDowngradesIncrement = (merged.platformDowngradesIncrement ?? 0) + u.platformDowngradesIncrement;
    }
    if (u.temporaryUpgrade !== undefined) merged.temporaryUpgrade = u.temporaryUpgrade;
  }
  return merged;
}

async function audit(ev: Evaluation, decision: Scale, action: InlineAction, extra: AuditExtra): Promise<void> {
  const { deps, instance, group, signal } = ev;
  await deps.store.appendAudit(
    auditEntry(deps, {
      instanceId: instance.instanceId,
      signal,
      group: group.name,
      decision: 'scale',
      reason: decision.reason,
      message: extra.failure ? `${extra.failure.code}: ${decision.message}` : decision.message,
      result: extra.failure ? 'failed' : 'applied',
      action,
      requestIds: extra.requestIds,
      ...(extra.failure ? { error: { code: extra.failure.code, message: extra.failure.message } } : {}),
      startedMs: ev.startedMs,
    }),
  );
}

interface AuditExtra {
  requestIds: string[];
  failure?: ApiFailure;
}

/** Release (nothing applied) or commit (something applied) the lease the caller claimed. */
async function finish(ev: Evaluation, applied: InlineAction[], leaseKey: string): Promise<boolean> {
  const { deps, instance } = ev;
  const lease = { instanceId: instance.instanceId, holder: deps.holderId, actionKey: leaseKey };
  if (applied.length === 0) return deps.store.releaseLease(lease);
  const nowMs = deps.clock.now();
  const update = mergeUpdates(
    applied.map((a) => stateUpdateFor(a, instance, ev.state, ev.group.downgradeBudget.windowSec, nowMs)),
  );
  const committed = await deps.store.commit({ ...lease, update });
  if (!committed.ok) {
    // The lease lapsed before the commit. Either an evaluation found the change and recorded it for us
    // (recover.ts), or the lease was re-taken before the change was visible: then it is not recorded.
    deps.logger.log('error', 'commit lost: lease expired before the change was recorded by this invocation', {
      requestId: deps.holderId,
      instanceId: instance.instanceId,
      actionKey: leaseKey,
    });
  }
  return committed.ok;
}

type Done = { action: InlineAction; requestId: string };
type Failed = { action: InlineAction; failure: ApiFailure };

/**
 * Call ECS for each action in order; stop at the first failure (later actions are not attempted). Each call is
 * fenced first (fence.ts): a holder whose lease expired or was taken over never calls.
 */
async function callAll(
  ev: Evaluation,
  decision: Scale,
  actions: InlineAction[],
): Promise<{ done: Done[]; failed?: Failed }> {
  const { deps, instance } = ev;
  const done: Done[] = [];
  const leaseKey = actions[0]?.actionKey ?? '';
  for (const action of actions) {
    if (!(await fenceInline(ev, decision, actions, leaseKey))) {
      const failure = leaseLostFailure(instance.instanceId, leaseKey);
      deps.logger.log('warn', 'fence refused: lease lost before the ECS call', {
        requestId: deps.holderId,
        instanceId: instance.instanceId,
        actionKey: action.actionKey,
      });
      return { done, failed: { action, failure } };
    }
    try {
      done.push({ action, requestId: await callEcs(deps.ecs, action) });
    } catch (err) {
      const failure = describeFailure(err);
      const fields = { requestId: deps.holderId, instanceId: instance.instanceId, actionKey: action.actionKey };
      logFailure(deps.logger, failure, { ...fields, api: 'ModifyInstanceNetworkSpec' });
      return { done, failed: { action, failure } };
    }
  }
  return { done };
}

/**
 * Audit each applied action, then commit (or release when nothing was applied). The commit used to come
 * first, because a cooldown or budget entry lost to a failing audit write would be worse than a missing
 * entry; but then a process killed after the commit lost the `applied` entry for good. With the claim's
 * write-ahead (`Lease.pending`) the order can change safely: killed after the ECS call, or after the audit,
 * the lease keeps the write-ahead and the next evaluation commits the change (DescribeInstances shows it)
 * and writes the entry only if it is missing (recover.ts). The commit is still attempted when the audit
 * write throws, so a flaky store does not cost the cooldown, and the store error then propagates (fail
 * closed: 5xx, the caller retries). Only a store that fails the audit write and then accepts the commit
 * loses the entry (the commit clears the write-ahead); that is logged with the action keys.
 */
async function auditThenCommit(ev: Evaluation, decision: Scale, done: Done[], leaseKey: string): Promise<void> {
  let auditError: unknown;
  let audited = 0;
  try {
    for (const d of done) {
      await audit(ev, decision, d.action, { requestIds: [d.requestId] });
      audited++;
    }
  } catch (err) {
    auditError = err;
  }
  const committed = await finish(
    ev,
    done.map((d) => d.action),
    leaseKey,
  );
  if (auditError === undefined) return;
  if (committed) {
    ev.deps.logger.log('error', 'applied audit entry lost: the audit write failed, the change is committed', {
      requestId: ev.deps.holderId,
      instanceId: ev.instance.instanceId,
      actionKeys: done.slice(audited).map((d) => d.action.actionKey),
    });
  }
  throw auditError;
}

/** Apply the actions in order under the lease keyed by the first one; stop at the first failure. */
export async function applyInline(ev: Evaluation, decision: Scale, actions: InlineAction[]): Promise<Outcome> {
  const { instanceId } = ev.instance;
  const actionKey = actions[0]?.actionKey ?? '';
  const { done, failed } = await callAll(ev, decision, actions);
  await auditThenCommit(ev, decision, done, actionKey);
  const requestIds = done.map((d) => d.requestId);
  if (!failed) {
    return { status: 'applied', instanceId, reason: decision.reason, message: decision.message, actionKey, requestIds };
  }
  const { failure } = failed;
  const failedIds = failure.requestId ? [failure.requestId] : [];
  await audit(ev, decision, failed.action, { requestIds: failedIds, failure });
  const { code: reason, message, retryable } = failure;
  return {
    status: 'failed',
    instanceId,
    reason,
    message,
    actionKey,
    requestIds: [...requestIds, ...failedIds],
    retryable,
  };
}
