/**
 * Audit entries: what changed (or not), when, why, and with which request ids. One builder so every
 * path (skip, would-do, applied, failed, rolled-back) fills the same fields the same way, and one helper
 * for every decision not to act (a skip is audited, then answered).
 */
import { type Spec, specChange } from '../core/specChange.js';
import type { Action, AuditEntry, AuditResult, Decision, InstanceSnapshot, Signal } from '../core/types.js';
import type { AppDeps, Evaluation, Outcome, Scale } from './types.js';

let counter = 0;

/**
 * A sequence id unique within (instanceId, atMs): a per-process counter plus randomness, so two invocations
 * writing in the same millisecond never overwrite each other's entry.
 */
export function auditSeq(random: () => number = Math.random): string {
  counter = (counter + 1) % 1_000_000;
  return `${counter.toString(36).padStart(4, '0')}${Math.floor(random() * 2 ** 32).toString(36)}`;
}

export { specChange };

/** The whole visible spec of an instance, for entries that change nothing. */
export function currentSpec(instance: InstanceSnapshot): Spec {
  return {
    bandwidthOutMbps: instance.bandwidthOutMbps,
    instanceType: instance.instanceType,
    internetChargeType: instance.internetChargeType,
  };
}

export interface AuditInit {
  instanceId: string;
  /** The cause: a Signal, or the `signal` of an earlier entry (an orchestration's planned change). */
  signal: Signal | AuditEntry['signal'];
  group?: string;
  decision: Decision['kind'];
  reason: string;
  message: string;
  result: AuditResult;
  action?: Action;
  instance?: InstanceSnapshot;
  requestIds?: string[];
  error?: { code: string; message: string };
  startedMs?: number;
}

/**
 * Build an entry at `deps.clock.now()`; the spec change comes from the action, else the instance; the
 * instance's EIP (`eipAllocationId`) is named when it has one, and a managed EIP or package is marked `resource`.
 */
export function auditEntry(deps: Pick<AppDeps, 'clock' | 'random'>, init: AuditInit): AuditEntry {
  const atMs = deps.clock.now();
  const { signal, action } = init;
  const entry: AuditEntry = {
    instanceId: init.instanceId,
    atMs,
    seq: auditSeq(deps.random),
    signal: { source: signal.source, dedupeKey: signal.dedupeKey },
    decision: init.decision,
    reason: init.reason,
    message: init.message,
    result: init.result,
  };
  if (init.group) entry.group = init.group;
  if (signal.metric !== undefined) entry.signal.metric = signal.metric;
  if (signal.value !== undefined) entry.signal.value = signal.value;
  if (signal.state !== undefined) entry.signal.state = signal.state;
  if (action) {
    Object.assign(entry, specChange(action));
    entry.actionKey = action.actionKey;
    entry.clientToken = action.clientToken;
  } else if (init.instance) {
    entry.before = currentSpec(init.instance);
  }
  // Named on every entry of an instance with an EIP, so the trail and its notifications say whose bandwidth a
  // change was (routed) or which EIP blocked it (`eip-bound`).
  const eip = init.instance?.eipAllocationId;
  if (eip !== undefined) entry.eipAllocationId = eip;
  // An entry of a managed EIP or package says so: its `instanceId` is the resource's id, not an instance's.
  const resource = init.instance?.resource;
  if (resource !== undefined) entry.resource = resource;
  if (init.requestIds && init.requestIds.length > 0) entry.requestIds = [...init.requestIds];
  if (init.error) entry.error = init.error;
  if (init.startedMs !== undefined) entry.durationMs = Math.max(0, atMs - init.startedMs);
  return entry;
}

/**
 * What an entry of one evaluation knows: an Evaluation, or (before an instance and its group are known) its
 * deps and signal.
 */
export type AuditContext = Pick<Evaluation, 'deps' | 'signal'> &
  Partial<Pick<Evaluation, 'instance' | 'group' | 'startedMs'>>;

/** An entry of this evaluation: instance, signal, group, spec and duration filled from `ev`. */
export function evaluationEntry(
  ev: AuditContext,
  fields: Omit<AuditInit, 'instanceId' | 'signal' | 'group' | 'instance' | 'startedMs'>,
): AuditEntry {
  const { deps, signal, instance, group, startedMs } = ev;
  return auditEntry(deps, {
    instanceId: instance?.instanceId ?? signal.instanceId,
    signal,
    ...(group ? { group: group.name } : {}),
    ...fields,
    ...(instance ? { instance } : {}),
    ...(startedMs === undefined ? {} : { startedMs }),
  });
}

export interface SkipInit {
  /** The action the skip is about (its key is answered and audited). */
  action?: Action;
  /** Appended to the audited message only: what was not done. */
  detail?: string;
  /** `ignored`: the instance is not ours to evaluate (unknown, unmanaged). Default `skipped`. */
  result?: 'skipped' | 'ignored';
}

/** Audit a decision not to act, then answer it. The one way every step skips. */
export async function auditSkip(ev: AuditContext, reason: string, message: string, o: SkipInit = {}): Promise<Outcome> {
  const result = o.result ?? 'skipped';
  const audited = o.detail ? `${message}; ${o.detail}` : message;
  await ev.deps.store.appendAudit(
    evaluationEntry(ev, {
      decision: 'skip',
      reason,
      message: audited,
      result,
      ...(o.action ? { action: o.action } : {}),
    }),
  );
  const outcome: Outcome = {
    status: result,
    instanceId: ev.instance?.instanceId ?? ev.signal.instanceId,
    reason,
    message,
  };
  if (o.action) outcome.actionKey = o.action.actionKey;
  return outcome;
}

/** Dry run: audit the action as `would-do` and answer `dry-run`; nothing is claimed or called. */
export async function wouldDo(ev: Evaluation, decision: Scale, action: Action): Promise<Outcome> {
  const message = `dry run: ${decision.message}`;
  await ev.deps.store.appendAudit(
    evaluationEntry(ev, { decision: 'scale', reason: decision.reason, message, result: 'would-do', action }),
  );
  const { instanceId } = ev.instance;
  return {
    status: 'dry-run',
    instanceId,
    reason: decision.reason,
    message: decision.message,
    actionKey: action.actionKey,
  };
}
