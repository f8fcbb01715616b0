/**
 * The StateStore port in memory, for unit tests of the app and for the simulator's fast path.
 * Same semantics as the Tablestore adapter (both pass test/contract/stateStore.contract.ts): every
 * operation runs to completion without an await in the middle, so each is atomic like one conditional
 * write. Time is only what callers pass in (`nowMs`); nothing here reads a clock.
 *
 * Fault hooks (`failNext`, `failAll`) let tests drive the app's fail-closed paths.
 */
import { StateUnavailableError } from '../../core/errors.js';
import type { AuditEntry, InstanceState, Lease, Orchestration } from '../../core/types.js';
import type {
  Advice,
  ClaimResult,
  Controls,
  DedupeClaim,
  DedupeStatus,
  OrchestrationPatch,
  StateStore,
  StateUpdate,
} from '../../ports/StateStore.js';
import { applyAdvice, isEmptyAdvice, storedAdvice } from '../../ports/adviceRules.js';
import {
  applyOrchestrationPatch,
  applyStateUpdate,
  check,
  compareAuditNewestFirst,
  defaultControls,
  defaultInstanceState,
  isActiveStep,
  isLeaseLive,
  isLeaseOurs,
} from '../../ports/stateRules.js';

/** Names of the StateStore operations, for fault injection. */
export type StateStoreOp = keyof StateStore;

const clone = <T>(value: T): T => structuredClone(value);

interface DedupeRecord {
  status: DedupeStatus;
  holder: string;
  expiresAtMs: number;
}

export class MemoryStateStore implements StateStore {
  private readonly instances = new Map<string, InstanceState>();
  /** dedupe key → its record: expiry (epoch ms), status, and the holder of an in-progress claim. */
  private readonly dedupe = new Map<string, DedupeRecord>();
  /** instanceId → entries keyed by `${atMs}/${seq}` (a repeat of the same key overwrites, like a PutRow). */
  private readonly audit = new Map<string, Map<string, AuditEntry>>();
  private readonly orchestrations = new Map<string, Orchestration>();
  private controls: Controls = defaultControls();
  private readonly faults = new Map<StateStoreOp, Error[]>();
  private outage: Error | undefined;

  /** Make the next call of `op` throw `error` (default: a retryable StateUnavailableError). Queues. */
  failNext(op: StateStoreOp, error: Error = new StateUnavailableError(`injected fault in ${op}`)): void {
    const queue = this.faults.get(op) ?? [];
    queue.push(error);
    this.faults.set(op, queue);
  }

  /** Make EVERY call throw `error` until `heal()` (a store outage). */
  failAll(error: Error = new StateUnavailableError('injected store outage')): void {
    this.outage = error;
  }

  /** End an outage started by `failAll` and drop queued `failNext` faults. */
  heal(): void {
    this.outage = undefined;
    this.faults.clear();
  }

  /** Number of dedupe keys remembered (expired or not): lets tests check nothing leaks. */
  get dedupeSize(): number {
    return this.dedupe.size;
  }

  private fault(op: StateStoreOp): void {
    if (this.outage) throw this.outage;
    const next = this.faults.get(op)?.shift();
    if (next) throw next;
  }

  private row(instanceId: string): InstanceState {
    return this.instances.get(instanceId) ?? defaultInstanceState(instanceId);
  }

  private save(state: InstanceState): InstanceState {
    const saved = { ...state, version: state.version + 1 };
    this.instances.set(saved.instanceId, saved);
    return clone(saved);
  }

  async getInstanceState(instanceId: string): Promise<InstanceState> {
    this.fault('getInstanceState');
    check.id('instanceId', instanceId);
    return clone(this.row(instanceId));
  }

  async listInstanceStates(): Promise<InstanceState[]> {
    this.fault('listInstanceStates');
    return [...this.instances.values()].sort((a, b) => (a.instanceId < b.instanceId ? -1 : 1)).map(clone);
  }

  async claimLease(req: Parameters<StateStore['claimLease']>[0]): Promise<ClaimResult> {
    this.fault('claimLease');
    check.id('instanceId', req.instanceId);
    check.positive('ttlMs', req.ttlMs);
    const current = this.row(req.instanceId);
    if (isLeaseLive(current.lease, req.nowMs)) return { ok: false, reason: 'held', lease: clone(current.lease) };
    if (current.version !== req.expectedVersion) return { ok: false, reason: 'stale' };
    const lease: Lease = { holder: req.holder, actionKey: req.actionKey, expiresAtMs: req.nowMs + req.ttlMs };
    if (req.pending) lease.pending = clone(req.pending);
    return { ok: true, state: this.save({ ...clone(current), lease }) };
  }

  async renewLease(req: Parameters<StateStore['renewLease']>[0]): Promise<boolean> {
    this.fault('renewLease');
    check.positive('ttlMs', req.ttlMs);
    const current = this.instances.get(req.instanceId);
    const held = current?.lease;
    if (!current || !held || !isLeaseOurs(held, req.holder, req.actionKey) || !isLeaseLive(held, req.nowMs)) {
      return false;
    }
    // The expiry moves; pending changes stay with the lease unless replaced, the holder unless handed over.
    const lease: Lease = { ...clone(held), expiresAtMs: req.nowMs + req.ttlMs };
    if (req.pending) lease.pending = clone(req.pending);
    if (req.handoverTo) lease.holder = req.handoverTo;
    this.save({ ...clone(current), lease });
    return true;
  }

  async commit(req: {
    instanceId: string;
    holder: string;
    actionKey: string;
    update: StateUpdate;
  }): Promise<{ ok: true; state: InstanceState } | { ok: false }> {
    this.fault('commit');
    const current = this.instances.get(req.instanceId);
    if (!current || !isLeaseOurs(current.lease, req.holder, req.actionKey)) return { ok: false };
    const next = applyStateUpdate(current, req.update);
    delete next.lease;
    return { ok: true, state: this.save(next) };
  }

  async releaseLease(req: { instanceId: string; holder: string; actionKey: string }): Promise<boolean> {
    this.fault('releaseLease');
    const current = this.instances.get(req.instanceId);
    if (!current || !isLeaseOurs(current.lease, req.holder, req.actionKey)) return false;
    const next = clone(current);
    delete next.lease;
    this.save(next);
    return true;
  }

  async setPaused(instanceId: string, paused: boolean): Promise<void> {
    this.fault('setPaused');
    check.id('instanceId', instanceId);
    this.save({ ...clone(this.row(instanceId)), paused });
  }

  async setAdvice(instanceId: string, advice: Advice): Promise<void> {
    this.fault('setAdvice');
    check.id('instanceId', instanceId);
    const stored = storedAdvice(advice);
    if (isEmptyAdvice(stored)) return;
    this.save(applyAdvice(this.row(instanceId), stored));
  }

  async putDedupe(key: string, nowMs: number, ttlSec: number): Promise<boolean> {
    this.fault('putDedupe');
    check.id('key', key);
    check.dedupeTtlSec(ttlSec);
    const found = this.dedupe.get(key);
    if (found && found.expiresAtMs > nowMs) return false;
    this.dedupe.set(key, { status: 'completed', holder: '', expiresAtMs: nowMs + ttlSec * 1000 });
    return true;
  }

  async claimDedupe(req: Parameters<StateStore['claimDedupe']>[0]): Promise<DedupeClaim> {
    this.fault('claimDedupe');
    check.id('key', req.key);
    check.id('holder', req.holder);
    check.dedupeTtlSec(req.inProgressSec, 'inProgressSec');
    const found = this.dedupe.get(req.key);
    if (found && found.expiresAtMs > req.nowMs) return { ok: false, ...found };
    this.dedupe.set(req.key, {
      status: 'in-progress',
      holder: req.holder,
      expiresAtMs: req.nowMs + req.inProgressSec * 1000,
    });
    return { ok: true };
  }

  async completeDedupe(req: Parameters<StateStore['completeDedupe']>[0]): Promise<boolean> {
    this.fault('completeDedupe');
    check.dedupeTtlSec(req.retentionSec, 'retentionSec');
    if (!this.claimedBy(req.key, req.holder)) return false;
    this.dedupe.set(req.key, {
      status: 'completed',
      holder: req.holder,
      expiresAtMs: req.nowMs + req.retentionSec * 1000,
    });
    return true;
  }

  async releaseDedupe(req: Parameters<StateStore['releaseDedupe']>[0]): Promise<boolean> {
    this.fault('releaseDedupe');
    if (!this.claimedBy(req.key, req.holder)) return false;
    this.dedupe.set(req.key, { status: 'completed', holder: req.holder, expiresAtMs: 0 });
    return true;
  }

  private claimedBy(key: string, holder: string): boolean {
    const found = this.dedupe.get(key);
    return found?.status === 'in-progress' && found.holder === holder;
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    this.fault('appendAudit');
    check.id('entry.instanceId', entry.instanceId);
    check.id('entry.seq', entry.seq);
    const perInstance = this.audit.get(entry.instanceId) ?? new Map<string, AuditEntry>();
    perInstance.set(`${entry.atMs}/${entry.seq}`, clone(entry));
    this.audit.set(entry.instanceId, perInstance);
  }

  async listAudit(instanceId: string, opts: { limit: number; beforeMs?: number }): Promise<AuditEntry[]> {
    this.fault('listAudit');
    check.limit(opts.limit);
    const { beforeMs } = opts;
    const entries = [...(this.audit.get(instanceId)?.values() ?? [])];
    return entries
      .filter((e) => beforeMs === undefined || e.atMs < beforeMs)
      .sort(compareAuditNewestFirst)
      .slice(0, opts.limit)
      .map(clone);
  }

  async listRecentAudit(opts: { sinceMs: number; limit: number }): Promise<AuditEntry[]> {
    this.fault('listRecentAudit');
    check.limit(opts.limit);
    const entries = [...this.audit.values()].flatMap((m) => [...m.values()]);
    return entries
      .filter((e) => e.atMs >= opts.sinceMs)
      .sort(compareAuditNewestFirst)
      .slice(0, opts.limit)
      .map(clone);
  }

  async createOrchestration(o: Orchestration): Promise<boolean> {
    this.fault('createOrchestration');
    check.id('actionKey', o.actionKey);
    if (this.orchestrations.has(o.actionKey)) return false;
    this.orchestrations.set(o.actionKey, clone(o));
    return true;
  }

  async getOrchestration(actionKey: string): Promise<Orchestration | undefined> {
    this.fault('getOrchestration');
    const found = this.orchestrations.get(actionKey);
    return found && clone(found);
  }

  async advanceOrchestration(
    actionKey: string,
    expectedVersion: number,
    patch: OrchestrationPatch,
  ): Promise<{ ok: true; orchestration: Orchestration } | { ok: false }> {
    this.fault('advanceOrchestration');
    const current = this.orchestrations.get(actionKey);
    if (!current || current.version !== expectedVersion) return { ok: false };
    const next = applyOrchestrationPatch(current, patch);
    this.orchestrations.set(actionKey, next);
    return { ok: true, orchestration: clone(next) };
  }

  async listActiveOrchestrations(): Promise<Orchestration[]> {
    this.fault('listActiveOrchestrations');
    return [...this.orchestrations.values()]
      .filter((o) => isActiveStep(o.step))
      .sort((a, b) => (a.actionKey < b.actionKey ? -1 : 1))
      .map(clone);
  }

  async getControls(): Promise<Controls> {
    this.fault('getControls');
    return clone(this.controls);
  }

  async setControls(controls: Controls): Promise<void> {
    this.fault('setControls');
    this.controls = { killSwitch: controls.killSwitch, pausedGroups: [...controls.pausedGroups] };
  }
}
