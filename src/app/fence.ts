/**
 * The fence before a mutating ECS call: one conditional renew of the lease (ours AND live, src/ports/StateStore.ts
 * `renewLease`). True proves that, from `nowMs` to `nowMs + ttl`, nobody else can take the lease; the lease is at
 * least the worst-case fence + ECS call + margin (config validation, src/core/config/leaseBudget.ts), so the call
 * ends before anybody can take over. False: the lease expired or was taken over, and the caller must not call.
 * An inline holder's renew re-times its write-ahead (`Lease.pending`) at the new expiry, so a recovery still
 * records the change at the latest instant it can have happened.
 */
import type { Decision } from '../core/types.js';
import type { Evaluation } from './evaluate.js';
import type { InlineAction } from './execute.js';
import type { ApiFailure } from './failure.js';
import { pendingChanges } from './recover.js';

type Scale = Extract<Decision, { kind: 'scale' }>;

/** The failure reported when the fence refuses: retryable (the next evaluation decides again). */
export function leaseLostFailure(instanceId: string, actionKey: string): ApiFailure {
  return {
    code: 'LeaseLost',
    message: `the lease ${actionKey} on ${instanceId} expired or was taken over before the ECS call: not called`,
    retryable: true,
    bug: false,
  };
}

/** Fence the next call of an inline holder; `actions` are all the actions its claim wrote ahead. */
export async function fenceInline(
  ev: Evaluation,
  decision: Scale,
  actions: readonly InlineAction[],
  leaseKey: string,
): Promise<boolean> {
  const { deps, instance } = ev;
  const nowMs = deps.clock.now();
  const ttlMs = deps.config.evaluation.leaseTtlSec * 1000;
  return deps.store.renewLease({
    instanceId: instance.instanceId,
    holder: deps.holderId,
    actionKey: leaseKey,
    nowMs,
    ttlMs,
    pending: pendingChanges(ev, decision.reason, actions, nowMs + ttlMs),
  });
}
