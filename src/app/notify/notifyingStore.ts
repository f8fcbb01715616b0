/**
 * The hook between the app and the notifier: a StateStore that hands every audit entry it has written to the
 * notifier, AFTER the state it reports is committed. The inline path audits `applied` before its commit (so a
 * crash between the two still leaves the entry), so an `applied` entry with an action key whose commit has not
 * been seen yet is held until `commit` for that key returns (whatever it returns), or `holdMs` at the latest.
 * Orchestrations and recovery commit first and audit after: their entries go at once. Every other method is the
 * inner store's, untouched; the notifier never delays or fails a store call.
 */
import type { AuditEntry } from '../../core/types.js';
import type { StateStore } from '../../ports/StateStore.js';
import type { Notifier } from './notifier.js';

export interface NotifyingStoreOptions {
  /** Longest hold of an `applied` entry waiting for its commit, real ms. Default 30 000. */
  holdMs?: number;
}

const RECENT_COMMITS = 1000;

export function notifyingStore(inner: StateStore, notifier: Notifier, o: NotifyingStoreOptions = {}): StateStore {
  if (!notifier.enabled) return inner;
  const held = new Map<string, { entries: AuditEntry[]; timer: ReturnType<typeof setTimeout> }>();
  const committed = new Set<string>();

  const release = (actionKey: string) => {
    const h = held.get(actionKey);
    if (!h) return;
    held.delete(actionKey);
    clearTimeout(h.timer);
    for (const e of h.entries) notifier.observe(e);
  };

  const observe = (e: AuditEntry) => {
    const key = e.actionKey;
    if (e.result !== 'applied' || !key || committed.has(key)) return notifier.observe(e);
    const h = held.get(key);
    if (h) h.entries.push(e);
    else {
      const timer = setTimeout(() => release(key), o.holdMs ?? 30_000);
      timer.unref();
      held.set(key, { entries: [e], timer });
    }
  };

  const markCommitted = (actionKey: string) => {
    committed.add(actionKey);
    if (committed.size > RECENT_COMMITS) committed.delete(committed.values().next().value as string);
    release(actionKey);
  };

  const wrapped: Partial<StateStore> = {
    async appendAudit(entry) {
      await inner.appendAudit(entry);
      observe(entry);
    },
    async commit(req) {
      try {
        return await inner.commit(req);
      } finally {
        markCommitted(req.actionKey);
      }
    },
  };
  return new Proxy(inner, {
    get(target, prop, receiver) {
      const own = wrapped[prop as keyof StateStore];
      if (own) return own;
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
