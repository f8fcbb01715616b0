/**
 * Lost-commit recovery, in one place (observe runs it right after reading the row, before anything is decided).
 * The claim of a bandwidth / billing-method change stores, with the lease, what the action will make the
 * instance look like and what to record then (`Lease.pending`, claim.ts). If the holder dies, or its commit
 * fails, after a successful ECS call, the change is made but not recorded. The next evaluation that finds that
 * lease expired compares the expectations with the instance and commits what is applied under the dead
 * holder's name (a commit conditional on the row's lease still being that one), so the cooldown and the
 * downgrade budget count the change. The holder audits `applied` before it commits (commit.ts), so its entry
 * may already be there: a change is audited here only when no `applied` entry for it was written since the
 * claim. Read-only towards ECS: at most one DescribeInstances, never a mutating call. A claim writes one
 * change ahead; the store keeps a list, read here in order.
 */
import { isLeaseLive } from '../core/lease.js';
import { mergeUpdates } from '../core/stateUpdate.js';
import type { AuditEntry, InstanceSnapshot, InstanceState, Lease, PendingChange } from '../core/types.js';
import { evaluationEntry } from './audit.js';
import type { AppDeps, Evaluation } from './types.js';

/** Whether the instance shows every expected field of one pending change. */
function shows(instance: InstanceSnapshot, change: PendingChange): boolean {
  const { bandwidthOutMbps, internetChargeType } = change.expect;
  return (
    (bandwidthOutMbps === undefined || instance.bandwidthOutMbps === bandwidthOutMbps) &&
    (internetChargeType === undefined || instance.internetChargeType === internetChargeType)
  );
}

/**
 * The longest prefix of `pending` the instance shows applied. Actions run in order and stop at the first
 * failure, so a change after an unapplied one cannot have been made.
 */
export function appliedPrefix(pending: readonly PendingChange[], instance: InstanceSnapshot): PendingChange[] {
  const index = pending.findIndex((p) => !shows(instance, p));
  return index === -1 ? [...pending] : pending.slice(0, index);
}

/** The lease when it expired at `nowMs` with pending changes: a change may have been made and not recorded. */
function lapsedWithPending(state: InstanceState, nowMs: number): Lease | undefined {
  const lease = state.lease;
  return lease?.pending && lease.pending.length > 0 && !isLeaseLive(lease, nowMs) ? lease : undefined;
}

/** What an evaluation knows when it looks for a lost commit: the row read, before anything is decided. */
export interface RecoveryContext extends Omit<Evaluation, 'orchestrations'> {
  /**
   * When the snapshot's DescribeInstances was sent, if known. A snapshot sent at or after the lease expiry
   * shows every change made under the lease; an older one (or one preloaded by reconcile, whose time is
   * not known) is described again before the recovery concludes that something was NOT applied.
   */
  observedAtMs?: number;
}

/** The applied prefix, describing the instance again when the snapshot may predate the lease expiry. */
async function observeApplied(ctx: RecoveryContext, lease: Lease, pending: PendingChange[]) {
  let instance = ctx.instance;
  let applied = appliedPrefix(pending, instance);
  const fresh = ctx.observedAtMs !== undefined && ctx.observedAtMs >= lease.expiresAtMs;
  if (applied.length < pending.length && !fresh) {
    const again = (await ctx.deps.ecs.describeInstances([instance.instanceId]))[0];
    if (again) {
      instance = again;
      applied = appliedPrefix(pending, again);
    }
  }
  return { instance, applied };
}

/** Audit pages read back from the newest entry when looking for the holder's own `applied` entries. */
const AUDIT_PAGE = 25;
const AUDIT_PAGES = 4;

/**
 * The instance's audit entries written at or after `sinceMs`, newest first: at most AUDIT_PAGES pages (the
 * entries since a claim are few: the holder's own and a skip per evaluation that met the lease). A page
 * boundary inside one millisecond may hide an entry of that millisecond; the cost is a second entry.
 */
async function auditedSince(deps: AppDeps, instanceId: string, sinceMs: number): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  let beforeMs: number | undefined;
  for (let page = 0; page < AUDIT_PAGES; page++) {
    const entries = await deps.store.listAudit(instanceId, {
      limit: AUDIT_PAGE,
      ...(beforeMs === undefined ? {} : { beforeMs }),
    });
    out.push(...entries.filter((e) => e.atMs >= sinceMs));
    const oldest = entries.at(-1);
    if (!oldest || entries.length < AUDIT_PAGE || oldest.atMs < sinceMs) break;
    beforeMs = oldest.atMs;
  }
  return out;
}

/**
 * The applied changes with no `applied` entry (same action key and ClientToken) written since the claim: the
 * holder writes its entry after the ECS call and before the commit, so a holder killed after that write, or
 * whose commit failed, has audited the change already. The claim time is the expiry minus the lease TTL.
 * Read after our commit won: a holder that is only slow (not dead) and writes its entry after this read
 * leaves two entries for one change (its own commit then fails); a duplicate, never a gap.
 */
async function unaudited(ctx: RecoveryContext, lease: Lease, applied: PendingChange[]): Promise<PendingChange[]> {
  const claimedAtMs = lease.expiresAtMs - ctx.deps.config.evaluation.leaseTtlSec * 1000;
  const entries = await auditedSince(ctx.deps, ctx.instance.instanceId, claimedAtMs);
  const audited = (p: PendingChange) =>
    entries.some(
      (e) =>
        e.result === 'applied' && e.actionKey === p.actionKey && (!e.clientToken || e.clientToken === p.clientToken),
    );
  return applied.filter((p) => !audited(p));
}

async function auditRecovered(ctx: RecoveryContext, lease: Lease, applied: PendingChange[]): Promise<void> {
  const expiredAt = new Date(lease.expiresAtMs).toISOString();
  for (const p of applied) {
    const entry = evaluationEntry(ctx, {
      decision: 'scale',
      reason: p.reason,
      message: `recovered: applied by ${lease.holder} whose commit was lost (lease ${lease.actionKey} expired at ${expiredAt}); recorded at the lease expiry`,
      result: 'applied',
    });
    Object.assign(entry, { before: p.before, after: p.expect, actionKey: p.actionKey, clientToken: p.clientToken });
    await ctx.deps.store.appendAudit(entry);
  }
}

/**
 * Record the changes an expired lease's holder made but never committed, then hand back the state (re-read
 * when anything happened) and the freshest snapshot. Nothing applied → nothing written: the next claim
 * replaces the stale lease. A lost commit race (the holder or another recovery committed first) → re-read.
 * Store errors propagate (fail closed).
 */
export async function recoverLostCommit(
  ctx: RecoveryContext,
): Promise<{ state: InstanceState; instance: InstanceSnapshot }> {
  const { deps, state } = ctx;
  const lease = lapsedWithPending(state, deps.clock.now());
  if (!lease?.pending) return { state, instance: ctx.instance };
  const { instance, applied } = await observeApplied(ctx, lease, lease.pending);
  if (applied.length === 0) return { state, instance };
  const { instanceId } = instance;
  const committed = await deps.store.commit({
    instanceId,
    holder: lease.holder,
    actionKey: lease.actionKey,
    update: mergeUpdates(applied.map((p) => p.update)),
  });
  if (!committed.ok) return { state: await deps.store.getInstanceState(instanceId), instance };
  const missing = await unaudited({ ...ctx, instance }, lease, applied);
  deps.logger.log('warn', 'recovered a change whose commit was lost', {
    requestId: deps.holderId,
    instanceId,
    actionKey: lease.actionKey,
    holder: lease.holder,
    recovered: applied.map((p) => p.actionKey),
    alreadyAudited: applied.filter((p) => !missing.includes(p)).map((p) => p.actionKey),
  });
  await auditRecovered({ ...ctx, instance }, lease, missing);
  return { state: await deps.store.getInstanceState(instanceId), instance };
}
