/**
 * The provisioned-bandwidth history of one instance from its audit entries (pure), for pricing pay-by-bandwidth as
 * it was really provisioned (src/core/provisioned.ts): the applied bandwidth changes newest first, back to the
 * window start or the last billing switch (before it the link was billed otherwise), whichever comes first.
 * The app reads the entries page by page (src/app/optimise/audited.ts); the backtest engine has them in memory.
 */
import type { AuditEntry } from '../types.js';
import type { AuditedBandwidth } from './types.js';

/** Whether an entry changed the charge type. */
export function isBillingSwitch(e: AuditEntry): boolean {
  const to = e.after?.internetChargeType;
  return to !== undefined && to !== e.before?.internetChargeType;
}

/**
 * Fold entries (newest first) into `out`. Returns true when the walk is over: an entry at or before `sinceMs`,
 * or a billing switch (recorded as `billingSwitchMs`).
 */
export function foldAudited(out: AuditedBandwidth, entries: Iterable<AuditEntry>, sinceMs: number): boolean {
  for (const e of entries) {
    if (e.atMs <= sinceMs) return true;
    if (e.result !== 'applied') continue;
    if (isBillingSwitch(e)) {
      out.billingSwitchMs = e.atMs;
      return true;
    }
    const before = e.before?.bandwidthOutMbps;
    const after = e.after?.bandwidthOutMbps;
    if (before !== undefined && after !== undefined && before !== after)
      out.changes.push({ atMs: e.atMs, beforeMbps: before });
  }
  return false;
}

/** The audited bandwidth of entries held in memory, oldest first (the engine's record). */
export function auditedFrom(entriesOldestFirst: readonly AuditEntry[], sinceMs: number): AuditedBandwidth {
  const out: AuditedBandwidth = { changes: [] };
  const newestFirst = function* () {
    for (let i = entriesOldestFirst.length - 1; i >= 0; i--) yield entriesOldestFirst[i] as AuditEntry;
  };
  foldAudited(out, newestFirst(), sinceMs);
  return out;
}
