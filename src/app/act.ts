/**
 * Act on a claimed decision. A type change goes to the orchestration worker (orchestration/start.ts). An
 * inline action (bandwidth, billing method) is applied now, under the lease the claim took: the ECS call is
 * fenced by a conditional renew of the lease (ours AND live, one write) immediately before it, and carries the
 * decision's ClientToken (the adapter retries retryable errors with the same token, so a retry never applies a
 * change twice). Then commit.ts records what happened: applied → audit + commit; failed → release + audit.
 *
 * The fence: true proves that, from `nowMs` to `nowMs + ttl`, nobody else can take the lease; the lease is at
 * least the worst-case fence + ECS call + margin (config validation, src/core/config/leaseBudget.ts), so the
 * call ends before anybody can take over. False: the lease expired or was taken over, and nothing is called.
 * The renew re-times the write-ahead (`Lease.pending`) at the new expiry, so a recovery still records the
 * change at the latest instant it can have happened.
 */
import type { Action } from '../core/types.js';
import type { EcsApi } from '../ports/EcsApi.js';
import { type InlineAction, pendingChanges } from './claim.js';
import { commitApplied, releaseFailed } from './commit.js';
import { type ApiFailure, describeFailure, logFailure } from './failure.js';
import { startOrchestration } from './orchestration/start.js';
import type { Evaluation, Outcome, Scale } from './types.js';

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

/** The failure reported when the fence refuses: retryable (the next evaluation decides again). */
export function leaseLostFailure(instanceId: string, actionKey: string): ApiFailure {
  return {
    code: 'LeaseLost',
    message: `the lease ${actionKey} on ${instanceId} expired or was taken over before the ECS call: not called`,
    retryable: true,
    bug: false,
  };
}

/** The fence before the ECS call of an inline holder. */
function fence(ev: Evaluation, decision: Scale, action: InlineAction): Promise<boolean> {
  const { deps, instance } = ev;
  const nowMs = deps.clock.now();
  const ttlMs = deps.config.evaluation.leaseTtlSec * 1000;
  return deps.store.renewLease({
    instanceId: instance.instanceId,
    holder: deps.holderId,
    actionKey: action.actionKey,
    nowMs,
    ttlMs,
    pending: pendingChanges(ev, decision.reason, action, nowMs + ttlMs),
  });
}

/** Fence, then call ECS: the request id, or why nothing was applied. */
async function call(ev: Evaluation, decision: Scale, action: InlineAction): Promise<string | ApiFailure> {
  const { deps, instance } = ev;
  const fields = { requestId: deps.holderId, instanceId: instance.instanceId, actionKey: action.actionKey };
  if (!(await fence(ev, decision, action))) {
    deps.logger.log('warn', 'fence refused: lease lost before the ECS call', fields);
    return leaseLostFailure(instance.instanceId, action.actionKey);
  }
  try {
    return await callEcs(deps.ecs, action);
  } catch (err) {
    const failure = describeFailure(err);
    logFailure(deps.logger, failure, { ...fields, api: 'ModifyInstanceNetworkSpec' });
    return failure;
  }
}

/** Carry out `action` under the lease the claim took; the outcome says what happened (and is audited). */
export async function act(ev: Evaluation, decision: Scale, action: Action): Promise<Outcome> {
  if (action.kind === 'instanceType') return startOrchestration(ev, decision, action);
  const { instanceId } = ev.instance;
  const { actionKey } = action;
  const called = await call(ev, decision, action);
  if (typeof called === 'string') {
    await commitApplied(ev, decision, action, called);
    const { reason, message } = decision;
    return { status: 'applied', instanceId, reason, message, actionKey, requestIds: [called] };
  }
  await releaseFailed(ev, decision, action, called);
  const { code: reason, message, retryable, requestId } = called;
  return {
    status: 'failed',
    instanceId,
    reason,
    message,
    actionKey,
    requestIds: requestId ? [requestId] : [],
    retryable,
  };
}
