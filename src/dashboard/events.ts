/**
 * Live updates: new audit entries as server-sent events. The store has no change stream, so a feed polls
 * `listRecentAudit` from a cursor. The cursor re-reads a few seconds back because an entry's `atMs` is taken
 * before it is written (a slow writer can land behind the cursor); ids already sent are not sent again.
 */
import type { StateStore } from '../ports/StateStore.js';
import { auditId, auditView } from './auditPages.js';
import type { AuditView } from './types.js';

/** How far behind the cursor each poll re-reads, ms. */
export const FEED_OVERLAP_MS = 5_000;
/** Most entries one poll reads; at a 1 s poll this is far above what a fleet audits per second. */
export const FEED_BATCH = 200;
/** What EventSource waits before reconnecting after a response ends, ms (the FC function's polling pace). */
export const SSE_RETRY_MS = 2_000;

/** One SSE message: event `audit`, the cursor as `id` (sent back as Last-Event-ID on reconnect), JSON data. */
export function sseFrame(entry: AuditView, cursorMs: number): string {
  return `event: audit\nid: ${cursorMs}\ndata: ${JSON.stringify(entry)}\n\n`;
}

/** A comment line keeps proxies from closing an idle stream. */
export const SSE_HEARTBEAT = ': keep-alive\n\n';

export class AuditFeed {
  private cursorMs: number;
  /** id → atMs of entries already delivered inside the overlap window. */
  private readonly sent = new Map<string, number>();

  constructor(
    private readonly store: StateStore,
    sinceMs: number,
  ) {
    this.cursorMs = sinceMs;
  }

  /** The newest atMs delivered so far (or the starting point). */
  get cursor(): number {
    return this.cursorMs;
  }

  /** Entries not delivered before, oldest first. */
  async poll(): Promise<AuditView[]> {
    const sinceMs = Math.max(0, this.cursorMs - FEED_OVERLAP_MS);
    const entries = await this.store.listRecentAudit({ sinceMs, limit: FEED_BATCH });
    const fresh = entries.filter((e) => !this.sent.has(auditId(e))).reverse();
    for (const e of fresh) {
      this.sent.set(auditId(e), e.atMs);
      this.cursorMs = Math.max(this.cursorMs, e.atMs);
    }
    for (const [id, atMs] of this.sent) if (atMs < this.cursorMs - FEED_OVERLAP_MS) this.sent.delete(id);
    return fresh.map(auditView);
  }
}

/**
 * A complete (non-streaming) SSE response for hosts that cannot hold a connection open (the FC function):
 * the entries since the cursor, then the response ends and EventSource reconnects after `retry` with
 * Last-Event-ID, which makes it a polling loop the browser drives by itself.
 */
export async function oneShotEvents(store: StateStore, sinceMs: number): Promise<string> {
  const feed = new AuditFeed(store, sinceMs);
  const entries = await feed.poll();
  const frames = entries.map((e) => sseFrame(e, feed.cursor)).join('');
  // With nothing new, still send the cursor so the next reconnect starts from it.
  return `retry: ${SSE_RETRY_MS}\n${frames || `id: ${feed.cursor}\n`}\n`;
}
