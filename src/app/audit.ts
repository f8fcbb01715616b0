/**
 * Audit entries: what changed (or not), when, why, and with which request ids. One builder so every
 * path (skip, would-do, applied, failed, rolled-back) fills the same fields the same way.
 */
import { type Spec, specChange } from '../core/specChange.js';
import type { Action, AuditEntry, AuditResult, Decision, InstanceSnapshot, Signal } from '../core/types.js';
import type { AppDeps } from './types.js';

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
  signal: Signal;
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

/** Build an entry at `deps.clock.now()`; the spec change comes from the action, else the instance. */
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
  if (init.requestIds && init.requestIds.length > 0) entry.requestIds = [...init.requestIds];
  if (init.error) entry.error = init.error;
  if (init.startedMs !== undefined) entry.durationMs = Math.max(0, atMs - init.startedMs);
  return entry;
}
