/**
 * Per-instance rows on Tablestore: reads, the lease (claim, renew, release), commit and pause.
 * Each state change is ONE conditional write; the reads around it only decide what to write or, after a
 * lost race, which way it was lost (held vs stale).
 */
import { StateUnavailableError } from '../../core/errors.js';
import type { InstanceState, Lease } from '../../core/types.js';
import type { Advice, ClaimResult, StateStore, StateUpdate } from '../../ports/StateStore.js';
import { isEmptyAdvice, storedAdvice } from '../../ports/adviceRules.js';
import { applyStateUpdate, check, isLeaseLive, isLeaseOurs } from '../../ports/stateRules.js';
import {
  adviceOps,
  COL,
  decodeInstanceState,
  LEASE_COLUMNS,
  leaseCells,
  removedColumns,
  stateCells,
} from './instanceRows.js';
import { type Attributes, conditions, long, type UpdateOps } from './sdk.js';
import type { Tables } from './tables.js';

type ClaimRequest = Parameters<StateStore['claimLease']>[0];
type LeaseRef = { instanceId: string; holder: string; actionKey: string };

/** Commit re-reads and retries when the version moved under a lease we still hold (e.g. a pause). */
const MAX_COMMIT_ATTEMPTS = 5;

const pkOf = (instanceId: string) => [{ instanceId }];

/** The write succeeds only while the lease columns name this holder and action (missing columns fail). */
const leaseIsOurs = (ref: LeaseRef) =>
  conditions.and(conditions.equals(COL.leaseHolder, ref.holder), conditions.equals(COL.leaseActionKey, ref.actionKey));

export class InstanceOps {
  constructor(private readonly t: Tables) {}

  private get table(): string {
    return this.t.names.instanceState;
  }

  async get(instanceId: string): Promise<InstanceState> {
    check.id('instanceId', instanceId);
    return decodeInstanceState(instanceId, await this.t.read(this.table, pkOf(instanceId)));
  }

  async list(): Promise<InstanceState[]> {
    const rows = await this.t.scanAll(this.table, 'instanceId');
    return rows.map((row) => {
      const id = String(row.primaryKey?.[0]?.value);
      return decodeInstanceState(
        id,
        Object.fromEntries((row.attributes ?? []).map((a) => [a.columnName, a.columnValue])),
      );
    });
  }

  /**
   * The Powertools rule in one write: version 0 → PutRow EXPECT_NOT_EXIST; otherwise UpdateRow
   * EXPECT_EXIST AND version == expected AND (leaseExpiresAtMs ≤ now OR missing).
   */
  async claim(req: ClaimRequest): Promise<ClaimResult> {
    check.id('instanceId', req.instanceId);
    check.positive('ttlMs', req.ttlMs);
    const current = await this.get(req.instanceId);
    const early = verdict(current, req);
    if (early) return early;
    const lease: Lease = { holder: req.holder, actionKey: req.actionKey, expiresAtMs: req.nowMs + req.ttlMs };
    if (req.pending) lease.pending = req.pending;
    const next: InstanceState = { ...current, version: current.version + 1, lease };
    const pk = pkOf(req.instanceId);
    // Keyed on what the caller expects, not on the read: the write alone must enforce the rule.
    const won =
      req.expectedVersion === 0
        ? await this.t.put(
            this.table,
            pk,
            [...stateCells(next), { [COL.platformDowngrades]: long(0) }],
            conditions.notExist(),
          )
        : await this.t.update(
            this.table,
            pk,
            claimOps(next.version, lease),
            conditions.exist(
              conditions.and(
                conditions.equals(COL.version, long(req.expectedVersion)),
                conditions.atMost(COL.leaseExpiresAtMs, long(req.nowMs), true),
              ),
            ),
          );
    if (won) return { ok: true, state: next };
    // Lost the race: the row as it is now says whether a live lease beat us or the version moved.
    return verdict(await this.get(req.instanceId), req) ?? { ok: false, reason: 'stale' };
  }

  /** Ours AND live (`leaseExpiresAtMs > now`), in the write's own condition: the fence before an ECS call. */
  renew(
    req: LeaseRef & { nowMs: number; ttlMs: number; pending?: Lease['pending']; handoverTo?: string },
  ): Promise<boolean> {
    check.positive('ttlMs', req.ttlMs);
    const cells: Attributes = [{ [COL.leaseExpiresAtMs]: long(req.nowMs + req.ttlMs) }];
    if (req.pending) cells.push({ [COL.leasePending]: JSON.stringify(req.pending) });
    if (req.handoverTo) cells.push({ [COL.leaseHolder]: req.handoverTo });
    const ops: UpdateOps = [{ PUT: cells }, { INCREMENT: [{ [COL.version]: long(1) }] }];
    const live = conditions.above(COL.leaseExpiresAtMs, long(req.nowMs));
    return this.t.update(
      this.table,
      pkOf(req.instanceId),
      ops,
      conditions.exist(conditions.and(leaseIsOurs(req), live)),
    );
  }

  release(req: LeaseRef): Promise<boolean> {
    const ops: UpdateOps = [{ DELETE_ALL: LEASE_COLUMNS }, { INCREMENT: [{ [COL.version]: long(1) }] }];
    return this.t.update(this.table, pkOf(req.instanceId), ops, conditions.exist(leaseIsOurs(req)));
  }

  /** Unconditional (IGNORE), yet it still bumps the version atomically with INCREMENT. */
  async setPaused(instanceId: string, paused: boolean): Promise<void> {
    check.id('instanceId', instanceId);
    const ops: UpdateOps = [{ PUT: [{ [COL.paused]: paused }] }, { INCREMENT: [{ [COL.version]: long(1) }] }];
    await this.t.update(this.table, pkOf(instanceId), ops, conditions.ignore());
  }

  /**
   * The optimiser's advice: UpdateRow IGNORE (creates the row), PUT / DELETE_ALL the advice columns, INCREMENT the
   * version. Nothing else is touched; nothing is written for an empty advice.
   */
  async setAdvice(instanceId: string, advice: Advice): Promise<void> {
    check.id('instanceId', instanceId);
    const stored = storedAdvice(advice);
    if (isEmptyAdvice(stored)) return;
    const ops: UpdateOps = [...adviceOps(stored), { INCREMENT: [{ [COL.version]: long(1) }] }];
    await this.t.update(this.table, pkOf(instanceId), ops, conditions.ignore());
  }

  /**
   * Read, apply the update, write back conditional on (version unchanged AND lease ours). The version
   * guard makes the read-modify-write of the JSON columns safe; a write that only lost to a version bump
   * while the lease is still ours (a pause, our own renew) is retried.
   */
  async commit(req: LeaseRef & { update: StateUpdate }): Promise<{ ok: true; state: InstanceState } | { ok: false }> {
    for (let attempt = 0; attempt < MAX_COMMIT_ATTEMPTS; attempt++) {
      const current = await this.get(req.instanceId);
      if (!isLeaseOurs(current.lease, req.holder, req.actionKey)) return { ok: false };
      const next = applyStateUpdate(current, req.update);
      delete next.lease;
      next.version = current.version + 1;
      const condition = conditions.exist(
        conditions.and(conditions.equals(COL.version, long(current.version)), leaseIsOurs(req)),
      );
      if (await this.t.update(this.table, pkOf(req.instanceId), commitOps(current, next, req.update), condition)) {
        return { ok: true, state: next };
      }
    }
    throw new StateUnavailableError(
      `Tablestore commit of ${req.instanceId}: the row changed under our lease ${MAX_COMMIT_ATTEMPTS} times in a row`,
    );
  }
}

/** PUT the version and the lease; a claim without pending changes deletes those of the lease it replaces. */
function claimOps(version: number, lease: Lease): UpdateOps {
  const ops: UpdateOps = [{ PUT: [{ [COL.version]: long(version) }, ...leaseCells(lease)] }];
  if (!lease.pending) ops.push({ DELETE_ALL: [COL.leasePending] });
  return ops;
}

/** PUT the new state, delete what it no longer has, INCREMENT the platform counter. */
function commitOps(current: InstanceState, next: InstanceState, update: StateUpdate): UpdateOps {
  const ops: UpdateOps = [{ PUT: stateCells(next) }];
  const removed = removedColumns(current, next);
  if (removed.length > 0) ops.push({ DELETE_ALL: removed });
  if (update.platformDowngradesIncrement) {
    ops.push({ INCREMENT: [{ [COL.platformDowngrades]: long(update.platformDowngradesIncrement) }] });
  }
  return ops;
}

/** held when a live lease exists, stale when the version differs, undefined when a claim may proceed. */
function verdict(current: InstanceState, req: ClaimRequest): ClaimResult | undefined {
  if (isLeaseLive(current.lease, req.nowMs)) return { ok: false, reason: 'held', lease: current.lease };
  if (current.version !== req.expectedVersion) return { ok: false, reason: 'stale' };
  return undefined;
}
