/**
 * Reading the audit trail for the dashboard: stable entry ids, cursor paging that never loses entries which
 * share a millisecond, an "actions only" filter (every reconcile tick audits its skip, so skips dominate),
 * and a bounded backwards scan used by the chart and the recommendations.
 */
import type { AuditEntry } from '../core/types.js';
import type { StateStore } from '../ports/StateStore.js';
import {
  isRecommendationEntry,
  parseRecommendation,
  RECOMMENDATION_REASONS,
  stripRecommendationTrailer,
} from './recommendations.js';
import type { AuditView } from './types.js';

/** Results that record something done or attempted (not a decision to wait). */
const ACTION_RESULTS = new Set<AuditEntry['result']>(['applied', 'failed', 'would-do', 'in-progress', 'rolled-back']);

/** True for entries that changed, tried to change or would change something. */
export function isActionEntry(e: AuditEntry): boolean {
  return ACTION_RESULTS.has(e.result);
}

/** `instanceId/atMs/seq`: the store's own key, so unique and stable across reads. */
export function auditId(e: AuditEntry): string {
  return `${e.instanceId}/${e.atMs}/${e.seq}`;
}

/** The entry as the API returns it: id added, recommendation parsed, machine trailer removed from the sentence. */
export function auditView(e: AuditEntry): AuditView {
  const view: AuditView = { ...e, id: auditId(e), message: stripRecommendationTrailer(e.message) };
  const rec = parseRecommendation(e);
  if (rec) view.recommendation = rec;
  return view;
}

/**
 * A paging position: entries strictly older than it, in the store's newest-first order. `seq` is set only
 * when a page ended inside a millisecond (the store's `beforeMs` alone would skip the rest of that ms).
 */
export interface AuditCursor {
  atMs: number;
  seq?: string;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** Where the next (older) page starts; absent when there is none. */
  next?: AuditCursor;
}

/** `1736132400000` or `1736132400000:seq`, the form the API exchanges. */
export function formatCursor(c: AuditCursor): string {
  return c.seq === undefined ? String(c.atMs) : `${c.atMs}:${c.seq}`;
}

/** Parse `formatCursor`'s output; undefined when it is not one. */
export function parseCursor(text: string): AuditCursor | undefined {
  const m = /^(\d{1,15})(?::(.+))?$/.exec(text);
  if (!m) return undefined;
  return m[2] === undefined ? { atMs: Number(m[1]) } : { atMs: Number(m[1]), seq: m[2] };
}

/** Entries searched for one page of the "actions only" filter, at most. */
const FILTER_SCAN_LIMIT = 5000;
const SCAN_BATCH = 500;
/** Extra entries read past a mid-millisecond cursor; grows when a millisecond holds more. */
const TIE_SLACK = 16;

const olderThan = (c: AuditCursor) => (e: AuditEntry) =>
  e.atMs < c.atMs || (e.atMs === c.atMs && (c.seq === undefined || e.seq < c.seq));

/** Up to `count` entries strictly older than `cursor`, newest first. */
async function readOlder(store: StateStore, instanceId: string, cursor: AuditCursor | undefined, count: number) {
  if (!cursor) return store.listAudit(instanceId, { limit: count });
  if (cursor.seq === undefined) return store.listAudit(instanceId, { limit: count, beforeMs: cursor.atMs });
  // The range starts with the cursor millisecond's newer entries: read past them, more if there are many.
  for (let slack = TIE_SLACK; ; slack *= 8) {
    const got = await store.listAudit(instanceId, { limit: count + slack, beforeMs: cursor.atMs + 1 });
    const older = got.filter(olderThan(cursor));
    if (older.length >= count || got.length < count + slack) return older.slice(0, count);
  }
}

/** The first `limit` entries and the cursor after them (exact even when a millisecond is split). */
function cut(entries: AuditEntry[], limit: number): AuditPage {
  if (entries.length <= limit) return { entries };
  const page = entries.slice(0, limit);
  const last = page[limit - 1] as AuditEntry;
  const next = entries[limit] as AuditEntry;
  return { entries: page, next: next.atMs === last.atMs ? { atMs: last.atMs, seq: last.seq } : { atMs: last.atMs } };
}

/** One page of an instance's trail, newest first. */
export async function auditPage(
  store: StateStore,
  instanceId: string,
  opts: { limit: number; before?: AuditCursor | undefined; actionsOnly?: boolean },
): Promise<AuditPage> {
  if (!opts.actionsOnly) return cut(await readOlder(store, instanceId, opts.before, opts.limit + 1), opts.limit);
  const found: AuditEntry[] = [];
  const scan = await scanAudit(store, instanceId, { before: opts.before, maxEntries: FILTER_SCAN_LIMIT }, (e) => {
    if (isActionEntry(e)) found.push(e);
    return found.length <= opts.limit;
  });
  if (found.length > opts.limit) return cut(found, opts.limit);
  // The scan stopped at its limit: older action entries may exist, so there is still a next page.
  return scan.resume ? { entries: found, next: scan.resume } : { entries: found };
}

export interface ScanResult {
  /** True when the scan reached the start of the trail (or `sinceMs`). */
  exhausted: boolean;
  /** Set when the scan stopped at `maxEntries`: where to continue. */
  resume?: AuditCursor;
}

/**
 * Visit an instance's entries newest first, older than `before`, down to `sinceMs` (inclusive), at most
 * `maxEntries` (a dashboard request must stay bounded). `visit` returns false to stop early.
 */
export async function scanAudit(
  store: StateStore,
  instanceId: string,
  opts: { before?: AuditCursor | undefined; sinceMs?: number; maxEntries: number },
  visit: (e: AuditEntry) => boolean,
): Promise<ScanResult> {
  let cursor = opts.before;
  let seen = 0;
  while (seen < opts.maxEntries) {
    const batch = Math.min(SCAN_BATCH, opts.maxEntries - seen);
    const page = cut(await readOlder(store, instanceId, cursor, batch + 1), batch);
    for (const e of page.entries) {
      if (opts.sinceMs !== undefined && e.atMs < opts.sinceMs) return { exhausted: true };
      seen++;
      if (!visit(e)) return { exhausted: false };
    }
    if (!page.next) return { exhausted: true };
    cursor = page.next;
  }
  return cursor ? { exhausted: false, resume: cursor } : { exhausted: false };
}

/** Entries searched per instance for its latest recommendations (skips dominate a trail). */
const RECOMMENDATION_SCAN_LIMIT = 3000;

/** The latest recommendation of each kind for each instance, newest first, at or after `sinceMs`. */
export async function latestRecommendations(
  store: StateStore,
  instanceIds: readonly string[],
  sinceMs: number,
): Promise<AuditView[]> {
  const perInstance = await Promise.all(
    instanceIds.map(async (id) => {
      const latest = new Map<string, AuditEntry>();
      await scanAudit(store, id, { sinceMs, maxEntries: RECOMMENDATION_SCAN_LIMIT }, (e) => {
        if (isRecommendationEntry(e) && !latest.has(e.reason)) latest.set(e.reason, e);
        return latest.size < RECOMMENDATION_REASONS.length;
      });
      return [...latest.values()];
    }),
  );
  return perInstance
    .flat()
    .sort((a, b) => b.atMs - a.atMs)
    .map(auditView);
}
