/**
 * The streaming `/api/events` of the local server: one long-lived response per browser, fed by polling the
 * API's own `/api/audit?since=` every `pollMs` (so the server needs nothing but the API). Each entry is sent
 * once; the cursor re-reads FEED_OVERLAP_MS back for writers whose entry landed behind it.
 */
import type { ServerResponse } from 'node:http';
import { auditId } from './auditPages.js';
import { FEED_BATCH, FEED_OVERLAP_MS, SSE_HEARTBEAT, SSE_RETRY_MS, sseFrame } from './events.js';
import type { AuditView, DashboardApi } from './types.js';

/** A heartbeat comment at most this often when nothing happens, ms. */
const HEARTBEAT_MS = 15_000;

export interface LiveStreamOptions {
  api: DashboardApi;
  sinceMs: number;
  pollMs: number;
  /** Called with a message when a poll fails (the stream keeps going). */
  onError?: (message: string) => void;
}

async function fetchSince(o: LiveStreamOptions, sinceMs: number): Promise<AuditView[]> {
  const query = { since: String(Math.max(0, sinceMs)), limit: String(FEED_BATCH) };
  const res = await o.api({ method: 'GET', path: '/api/audit', query });
  if (res.status !== 200) throw new Error(`GET /api/audit answered ${res.status}: ${res.body.slice(0, 200)}`);
  return (JSON.parse(res.body) as { entries: AuditView[] }).entries;
}

/** Start streaming into `res`; returns a stop function (also called when the client goes away). */
export function streamAuditEvents(res: ServerResponse, o: LiveStreamOptions): () => void {
  let cursorMs = o.sinceMs;
  const sent = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let lastWriteMs = Date.now();
  const stop = () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    if (!res.writableEnded) res.end();
  };
  const tick = async () => {
    try {
      const fresh = (await fetchSince(o, cursorMs - FEED_OVERLAP_MS)).filter((e) => !sent.has(auditId(e))).reverse();
      for (const e of fresh) {
        sent.set(auditId(e), e.atMs);
        cursorMs = Math.max(cursorMs, e.atMs);
        res.write(sseFrame(e, cursorMs));
      }
      for (const [id, atMs] of sent) if (atMs < cursorMs - FEED_OVERLAP_MS) sent.delete(id);
      if (fresh.length > 0) lastWriteMs = Date.now();
    } catch (err) {
      o.onError?.(err instanceof Error ? err.message : String(err));
    }
    if (Date.now() - lastWriteMs >= HEARTBEAT_MS) {
      res.write(SSE_HEARTBEAT);
      lastWriteMs = Date.now();
    }
    if (!stopped) timer = setTimeout(tick, o.pollMs);
  };
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write(`retry: ${SSE_RETRY_MS}\n\n`);
  res.on('close', stop);
  void tick();
  return stop;
}
