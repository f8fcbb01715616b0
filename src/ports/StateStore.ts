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

export type ClaimResult =
  /** The lease is ours; `state` is the row after the claim (version bumped, lease set). */
  | { ok: true; state: InstanceState }
  /** Someone else holds a live lease. */
  | { ok: false; reason: 'held'; lease: Lease }
  /** The row changed since it was read (version mismatch): re-read and decide again. */
  | { ok: false; reason: 'stale' };

/** Moved to core (a pending change of a lease carries one); re-exported so callers keep importing it here. */
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

  /** Extend a lease we still hold (long orchestrations). False when it is no longer ours. */
  renewLease(req: {
    instanceId: string;
    holder: string;
    actionKey: string;
    nowMs: number;
    ttlMs: number;
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
