/**
 * The StateStore semantics that every implementation shares, as pure functions beside the port: the default
 * row, when a lease is live, how a StateUpdate changes a row, which orchestrations are active, the audit
 * order, the argument checks. The memory adapter applies them to maps; the Tablestore adapter applies them
 * before a conditional write. Both import them from here, so they cannot drift apart.
 */
import { AutoscalerError } from '../core/errors.js';
import type { AuditEntry, InstanceState, Lease, Orchestration, OrchestrationStep } from '../core/types.js';
import type { Controls, OrchestrationPatch } from './StateStore.js';

export { isLeaseLive } from '../core/lease.js';
export { applyStateUpdate } from '../core/stateUpdate.js';

/**
 * Longest dedupe TTL (seconds) any implementation accepts: the Tablestore dedupe table keeps rows 7 days,
 * and a key whose row vanished before its TTL would let a repeat through.
 */
export const MAX_DEDUPE_TTL_SEC = 7 * 86_400;

/** The row of an instance the store has never seen: version 0, no lease, empty history. */
export function defaultInstanceState(instanceId: string): InstanceState {
  return { instanceId, version: 0, lastChange: {}, downgradesMs: [], platformDowngrades: 0, paused: false };
}

/** Default global controls when nobody has set any. */
export function defaultControls(): Controls {
  return { killSwitch: false, pausedGroups: [] };
}

/** The lease belongs to this holder and action (live or not: nobody else has taken it). */
export function isLeaseOurs(lease: Lease | undefined, holder: string, actionKey: string): boolean {
  return lease !== undefined && lease.holder === holder && lease.actionKey === actionKey;
}

const FINISHED_STEPS: ReadonlySet<OrchestrationStep> = new Set(['verified', 'rolled-back', 'failed']);

/** Orchestrations not yet in a final step (verified, rolled-back, failed). */
export function isActiveStep(step: OrchestrationStep): boolean {
  return !FINISHED_STEPS.has(step);
}

/** The orchestration after a patch: present fields replace, undefined fields are ignored, version + 1. */
export function applyOrchestrationPatch(o: Orchestration, patch: OrchestrationPatch): Orchestration {
  const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  return { ...structuredClone(o), ...structuredClone(defined), version: o.version + 1 };
}

/** Newest first: atMs descending, then instanceId, then seq descending (the Tablestore BACKWARD order). */
export function compareAuditNewestFirst(a: AuditEntry, b: AuditEntry): number {
  if (a.atMs !== b.atMs) return b.atMs - a.atMs;
  if (a.instanceId !== b.instanceId) return a.instanceId < b.instanceId ? 1 : -1;
  if (a.seq === b.seq) return 0;
  return a.seq < b.seq ? 1 : -1;
}

/** Reject arguments no implementation could honour, naming the argument, the rule and the value. */
export function requireArg(ok: boolean, name: string, rule: string, value: unknown): void {
  if (!ok) throw new AutoscalerError(`StateStore: ${name} ${rule} (got ${JSON.stringify(value)})`);
}

/** Shared argument checks for identifiers, TTLs and limits. */
export const check = {
  id(name: string, value: string): void {
    requireArg(typeof value === 'string' && value.length > 0, name, 'must be a non-empty string', value);
  },
  positive(name: string, value: number): void {
    requireArg(Number.isFinite(value) && value > 0, name, 'must be a positive number', value);
  },
  dedupeTtlSec(value: number, name = 'ttlSec'): void {
    requireArg(
      Number.isFinite(value) && value > 0 && value <= MAX_DEDUPE_TTL_SEC,
      name,
      `must be > 0 and ≤ ${MAX_DEDUPE_TTL_SEC} (7 days, the dedupe table TTL)`,
      value,
    );
  },
  limit(value: number): void {
    requireArg(Number.isInteger(value) && value >= 1, 'limit', 'must be an integer ≥ 1', value);
  },
};
