/**
 * The provisioned-bandwidth history of one instance from its audit trail, for pricing pay-by-bandwidth as it was
 * really provisioned (src/core/provisioned.ts). Reads the `applied` entries newest first, page by page, back to
 * the window start, the last billing switch (before it the link was billed otherwise) or the page bound —
 * whichever comes first; what is not reached is simply unknown (the timeline then starts at the oldest known
 * bandwidth).
 */
import type { GroupPolicy } from '../../core/config/types.js';
import { foldAudited } from '../../core/optimise/audited.js';
import type { AuditedBandwidth } from '../../core/optimise/types.js';
import type { InstanceSnapshot } from '../../core/types.js';
import type { StateStore } from '../../ports/StateStore.js';

export interface AuditReadLimits {
  /** Entries per listAudit call. Default 500. */
  pageSize?: number;
  /**
   * Calls at most. Default 40: 20 000 entries, two weeks of 5-minute reconcile ticks with room for alarms;
   * skipped evaluations are audited too, so the trail is mostly not bandwidth changes.
   */
  maxPages?: number;
}

/**
 * Applied bandwidth changes of `instanceId` after `sinceMs`, newest first, stopping at the last billing switch.
 * Undefined when the trail holds no entry of the instance at all (no state store, never evaluated): then nothing
 * is known of how its link moved, which is not the same as a link that never moved.
 * Pages overlap by one millisecond (`beforeMs` is strict, and two entries may share one); entries are de-duplicated
 * by (atMs, seq).
 */
/**
 * Whether the billing assessment of this instance prices pay-by-bandwidth as provisioned (see
 * core/optimise/assess.ts).
 */
export function needsAuditedBandwidth(instance: InstanceSnapshot, group: GroupPolicy): boolean {
  return (
    group.optimisation.billingMethod &&
    group.bandwidth !== undefined &&
    instance.internetChargeType === 'PayByBandwidth' &&
    !instance.eipBound
  );
}

export async function auditedBandwidth(
  store: StateStore,
  instanceId: string,
  sinceMs: number,
  limits: AuditReadLimits = {},
): Promise<AuditedBandwidth | undefined> {
  const pageSize = limits.pageSize ?? 500;
  const maxPages = limits.maxPages ?? 40;
  const out: AuditedBandwidth = { changes: [] };
  const seen = new Set<string>();
  let beforeMs: number | undefined;
  for (let page = 0; page < maxPages; page++) {
    const entries = await store.listAudit(instanceId, {
      limit: pageSize,
      ...(beforeMs !== undefined ? { beforeMs } : {}),
    });
    const unseen = entries.filter((e) => {
      const key = `${e.atMs}|${e.seq}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const fresh = unseen.length;
    if (foldAudited(out, unseen, sinceMs)) return out;
    const oldest = entries.at(-1);
    if (!oldest) return page === 0 ? undefined : out;
    if (entries.length < pageSize) return out;
    // A page of nothing new (all at one millisecond): step strictly past it.
    beforeMs = fresh > 0 ? oldest.atMs + 1 : oldest.atMs;
  }
  return out;
}
