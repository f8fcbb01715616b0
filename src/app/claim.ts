/**
 * Claim: take the per-instance lease with one conditional write on the version observe read, so two
 * evaluations never act on one instance. An unfinished type change owns the instance even when its lease
 * lapsed (reconcile resumes it). An inline claim (bandwidth, billing method) writes its action ahead with
 * the lease (`Lease.pending`: what the instance will look like, and what to record then), so that a change
 * made but never committed is recorded by the next evaluation (recover.ts). A type change is claimed by its
 * orchestration's holder and recovers through its orchestration row instead.
 */
import type { GroupPolicy } from '../core/config/types.js';
import { stateUpdateFor } from '../core/stateUpdate.js';
import type {
  Action,
  BandwidthAction,
  BillingMethodAction,
  InstanceSnapshot,
  InstanceState,
  PendingChange,
  ScaleReason,
} from '../core/types.js';
import { specChange } from './audit.js';
import { orchestrationHolder } from './orchestration/start.js';
import type { Evaluation } from './types.js';

/** An action applied inline, under the evaluation's own lease. */
export type InlineAction = BandwidthAction | BillingMethodAction;

function pick(spec: ReturnType<typeof specChange>['after']): PendingChange['expect'] {
  const out: PendingChange['expect'] = {};
  if (spec.bandwidthOutMbps !== undefined) out.bandwidthOutMbps = spec.bandwidthOutMbps;
  if (spec.internetChargeType !== undefined) out.internetChargeType = spec.internetChargeType;
  return out;
}

/**
 * The write-ahead of an inline action. Its time is `atMs`, the lease expiry: the real change happens between
 * the claim and the expiry, and a later cooldown start or budget entry can only make the product wait longer.
 * A temporary upgrade keeps the EndTime the action asks the platform for.
 */
export function pendingChanges(
  ctx: { instance: InstanceSnapshot; state: InstanceState; group: GroupPolicy },
  reason: ScaleReason,
  action: InlineAction,
  atMs: number,
): PendingChange[] {
  const { before, after } = specChange(action);
  const update = stateUpdateFor(action, ctx.instance, ctx.state, ctx.group.downgradeBudget.windowSec, atMs);
  return [
    {
      actionKey: action.actionKey,
      clientToken: action.clientToken,
      reason,
      before: pick(before),
      expect: pick(after),
      update,
    },
  ];
}

/** The type change that owns the instance, described, or undefined. */
async function activeOrchestration(ev: Evaluation): Promise<string | undefined> {
  const listed =
    ev.orchestrations ??
    (await ev.deps.store.listActiveOrchestrations()).filter((o) => o.instanceId === ev.instance.instanceId);
  const o = listed[0];
  return o && `type change ${o.actionKey} is at step ${o.step}`;
}

/** Claim the lease for `action`: true, or why the instance is someone else's (a skip `in-progress`). */
export async function claim(ev: Evaluation, reason: ScaleReason, action: Action): Promise<true | string> {
  const busy = await activeOrchestration(ev);
  if (busy) return busy;
  const { deps, instance, state } = ev;
  const { leaseTtlSec, orchestrationLeaseTtlSec } = deps.config.evaluation;
  const orchestrated = action.kind === 'instanceType';
  const nowMs = deps.clock.now();
  const ttlMs = (orchestrated ? orchestrationLeaseTtlSec : leaseTtlSec) * 1000;
  const result = await deps.store.claimLease({
    instanceId: instance.instanceId,
    expectedVersion: state.version,
    holder: orchestrated ? orchestrationHolder(action.actionKey) : deps.holderId,
    actionKey: action.actionKey,
    nowMs,
    ttlMs,
    ...(action.kind === 'instanceType' ? {} : { pending: pendingChanges(ev, reason, action, nowMs + ttlMs) }),
  });
  if (result.ok) return true;
  if (result.reason === 'held') {
    return `lease held by ${result.lease.actionKey} until ${new Date(result.lease.expiresAtMs).toISOString()}`;
  }
  return `state of ${instance.instanceId} changed since it was read (version ${state.version})`;
}
