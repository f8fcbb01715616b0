/**
 * The readable console log of `npm start`: CMS alarm callbacks as they are delivered and every audit entry
 * (what the autoscaler did or decided not to do, and why), one line each, in virtual time.
 */
import type { AuditEntry } from '../../core/types.js';
import type { StateStore } from '../../ports/StateStore.js';
import type { CmsEmulator } from '@ecs-autoscaler/local-cloud/cms/emulator.js';

export interface LiveLogOptions {
  store: StateStore;
  cms: CmsEmulator;
  now: () => number;
  write: (line: string) => void;
  /** Real ms between polls. Default 500. */
  pollMs?: number;
  /** Show skips too (default: only changes, failures and alarms). */
  verbose?: boolean;
}

const stamp = (ms: number) => new Date(ms).toISOString().slice(5, 16).replace('T', ' ');

export function formatAudit(e: AuditEntry): string {
  const mark = e.result === 'applied' ? '✔' : e.result === 'failed' ? '✖' : e.result === 'would-do' ? '…' : '·';
  const change =
    e.before && e.after
      ? e.after.bandwidthOutMbps !== undefined && e.after.bandwidthOutMbps !== e.before.bandwidthOutMbps
        ? ` ${e.before.bandwidthOutMbps} → ${e.after.bandwidthOutMbps} Mbps`
        : e.after.instanceType && e.after.instanceType !== e.before.instanceType
          ? ` ${e.before.instanceType} → ${e.after.instanceType}`
          : ''
      : '';
  const err = e.error ? ` [${e.error.code}]` : '';
  return `${stamp(e.atMs)}  ${mark} ${e.instanceId.padEnd(24)} ${e.result.padEnd(11)}${change}  ${e.reason}: ${e.message}${err}`;
}

/** Start printing; returns a stop function. */
export function startLiveLog(o: LiveLogOptions): () => void {
  const seen = new Set<string>();
  // The emulator keeps only its latest callbacks: remember the last one printed, not an index.
  let lastCallback: unknown;
  let since = o.now();
  let busy = false;
  const poll = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    try {
      const all = o.cms.callbacks();
      const from = lastCallback === undefined ? 0 : all.lastIndexOf(lastCallback as (typeof all)[number]) + 1;
      for (const cb of all.slice(from)) {
        const f = cb.fields;
        o.write(
          `${stamp(Number(f.timestamp))}  ⚑ ${String(f.alertState).padEnd(5)} ${f.alertName} (${f.rawMetricName} ${f.expression}, now ${f.curValue})`,
        );
      }
      if (all.length > 0) lastCallback = all[all.length - 1];
      const entries = await o.store.listRecentAudit({ sinceMs: since, limit: 200 });
      for (const e of entries.reverse()) {
        const key = `${e.instanceId}|${e.atMs}|${e.seq}`;
        if (seen.has(key)) continue;
        seen.add(key);
        since = Math.max(since, e.atMs);
        // Entries older than `since` are never listed again: forget them so a long demo stays small.
        if (seen.size > 5000) for (const k of [...seen].slice(0, 2500)) seen.delete(k);
        if (o.verbose || e.result !== 'skipped') o.write(formatAudit(e));
      }
    } catch (err) {
      o.write(`live log: ${(err as Error).message}`);
    } finally {
      busy = false;
    }
  };
  const handle = setInterval(() => void poll(), o.pollMs ?? 500);
  handle.unref();
  return () => clearInterval(handle);
}
