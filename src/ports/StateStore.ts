/**
 * Durable state shared by stateless, concurrent invocations: per-instance state with an optimistic
 * version and a lease, dedupe keys, the audit trail, orchestrations and global controls.
 *
 * Coordination rule: every write that matters is ONE conditional write. A lost race is a normal result
 * (`ok: false`), never an exception. Exceptions mean the store itself failed (`StateUnavailableError`),
 * and callers must then fail closed: no cloud change without a recorded claim.
 *
 * Implementations: `src/adapters/tablestore` (official `tablestore` SDK) and `src/adapters/memory`.
 * Both pass the same contract suite (test/contract/stateStore.contract.ts).
 */
import type { ForecastProfile } from '../core/forecast/types.js';
import type {
  AuditEntry,
  InstanceState,
  Lease,
  Orchestration,
  PendingChange,
  StateUpdate,
  StrategyChoice,
} from '../core/types.js';

/** What a dedupe claim found: the key is ours, or another delivery's record (live until `expiresAtMs`). */
export type DedupeClaim = { ok: true } | { ok: false; status: DedupeStatus; holder?: string; expiresAtMs: number };
export type DedupeStatus = 'in-progress' | 'completed';

export type ClaimResult =
  /** The lease is ours; `state` is the row after the claim (version bumped, lease set). */
  | { ok: true; state: InstanceState }
  /** Someone else holds a live lease. */
  | { ok: false; reason: 'held'; lease: Lease }
  /** The row changed since it was read (version mismatch): re-read and decide again. */
  | { ok: false; reason: 'stale' };

/**
 * Defined in core, because a lease's pending change carries one and core computes it; re-exported as part of this
 * port's `commit` signature.
 */
export type { StateUpdate };

export type OrchestrationPatch = Partial<
  Pick<Orchestration, 'step' | 'attempts' | 'requestIds' | 'error' | 'updatedMs'>
>;

/** What the optimiser's sweep records per instance (`setAdvice`): an object sets, null clears, absent leaves as is. */
export interface Advice {
  forecast?: ForecastProfile | null;
  strategy?: StrategyChoice | null;
}

/** Global switches that operators flip at run time (in addition to the config file). */
export interface Controls {
  killSwitch: boolean;
  pausedGroups: string[];
}

export interface StateStore {
  /** Current state; a default row (version 0, no lease, empty history) when the instance is unknown. */
  getInstanceState(instanceId: string): Promise<InstanceState>;
  /** Every instance that has a row, for the fleet view and reconcile. */
  listInstanceStates(): Promise<InstanceState[]>;

  /**
   * Take the per-instance lease in one conditional write: succeeds when the row's version equals
   * `expectedVersion` AND (no lease OR the lease expired at `nowMs`). `pending` is stored with the lease
   * (write-ahead of inline actions) and cleared with it by commit and release; a claim without it clears
   * the pending changes of the expired lease it replaces.
   */
  claimLease(req: {
    instanceId: string;
    expectedVersion: number;
    holder: string;
    actionKey: string;
    nowMs: number;
    ttlMs: number;
    pending?: PendingChange[];
  }): Promise<ClaimResult>;

  /**
   * Extend a lease we still hold, in one write conditional on the row's lease naming this holder and action key
   * AND being live at `nowMs` (an expired lease is not renewed even when nobody took it: its holder may have
   * been declared dead, and a recovery may have looked). It sets the expiry to `nowMs + ttlMs`. The heartbeat of
   * an orchestration, and the FENCE before every mutating ECS call: true proves that nobody else can take the
   * lease before the new expiry. `pending` replaces the lease's pending changes (an inline holder re-times them
   * at the new expiry); `handoverTo` renames the holder in the same write (an orchestration run adopting the
   * lease its planner claimed). False when it is not ours or no longer live: do not call.
   */
  renewLease(req: {
    instanceId: string;
    holder: string;
    actionKey: string;
    nowMs: number;
    ttlMs: number;
    pending?: PendingChange[];
    handoverTo?: string;
  }): Promise<boolean>;

  /**
   * Record an applied action and release the lease, in one write conditional on the row's lease naming
   * this holder and actionKey, expired or not (an expired lease nobody has re-taken is still ours). Recovery
   * relies on this: it commits a lost change under the dead holder's name. `ok: false` when the lease is
   * no longer ours.
   */
  commit(req: {
    instanceId: string;
    holder: string;
    actionKey: string;
    update: StateUpdate;
  }): Promise<{ ok: true; state: InstanceState } | { ok: false }>;

  /** Release a lease without recording a change. False when it was not ours (already released or taken). */
  releaseLease(req: { instanceId: string; holder: string; actionKey: string }): Promise<boolean>;

  /** Pause or resume one instance (unconditional). */
  setPaused(instanceId: string, paused: boolean): Promise<void>;

  /**
   * Record the optimiser's advice for one instance: its forecast profile and its strategy. Per field, an object
   * replaces the stored one, null clears it, absent leaves it as is; nothing else in the row changes (lease,
   * pending changes, cooldowns, budget, pause). Unconditional (the daily sweep is the only writer: last writer
   * wins), creates the row when missing, and bumps the version like every write (so a decision made on the old
   * advice loses its claim as `stale` and is made again). An empty advice writes nothing. The profile's peaks are
   * stored rounded UP to 0.01 Mbps (`storedAdvice`); a profile or strategy that is not well-formed, or whose
   * JSON exceeds the cell budget, is rejected with an AutoscalerError before anything is written.
   */
  setAdvice(instanceId: string, advice: Advice): Promise<void>;

  /** Put-if-absent of a dedupe key with a TTL: true the first time, false for every repeat within the TTL. */
  putDedupe(key: string, nowMs: number, ttlSec: number): Promise<boolean>;

  /**
   * The idempotency record of one delivery (Powertools' model), in three conditional writes. `claimDedupe`
   * marks the key in progress until `nowMs + inProgressSec` when no live record exists (none, or one whose
   * expiry has passed: a completed record past its retention, or the claim of a holder that died); of
   * concurrent claims exactly one wins, the others see the record. `completeDedupe` turns the holder's claim
   * into a completed record remembered `retentionSec`; `releaseDedupe` gives it up (the record expires at
   * once) so that the sender's retry is processed. Both are no-ops returning false when the record is not
   * the holder's in-progress claim any more. A key written by `putDedupe` reads as completed.
   */
  claimDedupe(req: { key: string; holder: string; nowMs: number; inProgressSec: number }): Promise<DedupeClaim>;
  completeDedupe(req: { key: string; holder: string; nowMs: number; retentionSec: number }): Promise<boolean>;
  releaseDedupe(req: { key: string; holder: string }): Promise<boolean>;

  appendAudit(entry: AuditEntry): Promise<void>;
  /** Entries of one instance, newest first, optionally strictly before `beforeMs`. */
  listAudit(instanceId: string, opts: { limit: number; beforeMs?: number }): Promise<AuditEntry[]>;
  /** Entries of all instances at or after `sinceMs`, newest first. */
  listRecentAudit(opts: { sinceMs: number; limit: number }): Promise<AuditEntry[]>;

  /** Create an orchestration; false when one with this action key already exists. */
  createOrchestration(o: Orchestration): Promise<boolean>;
  getOrchestration(actionKey: string): Promise<Orchestration | undefined>;
  /** Advance conditionally on `expectedVersion`; the version is bumped. `ok: false` on a lost race. */
  advanceOrchestration(
    actionKey: string,
    expectedVersion: number,
    patch: OrchestrationPatch,
  ): Promise<{ ok: true; orchestration: Orchestration } | { ok: false }>;
  /** Orchestrations not yet finished (step not in verified, rolled-back, failed). */
  listActiveOrchestrations(): Promise<Orchestration[]>;

  getControls(): Promise<Controls>;
  setControls(controls: Controls): Promise<void>;
}
