/** Contract for dedupe keys, the audit trail, orchestrations and global controls. */
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/core/types.js';
import { auditEntry, DAY_MS, orchestration, T0 } from './fixtures.js';
import type { StoreRef } from './stateStore.contract.js';

const TTL_SEC = 600;

export function recordsContract(store: StoreRef): void {
  describe('putDedupe', () => {
    it.each([
      ['a repeat within the TTL', 1, false],
      ['a repeat one ms before expiry', TTL_SEC * 1000 - 1, false],
      ['a repeat exactly at expiry', TTL_SEC * 1000, true],
      ['a repeat long after expiry', 3 * TTL_SEC * 1000, true],
    ])('first put is true; %s gives %s', async (_label, afterMs, expected) => {
      expect(await store().putDedupe('cms:trans-1:ALERT', T0, TTL_SEC)).toBe(true);
      expect(await store().putDedupe('cms:trans-1:ALERT', T0 + afterMs, TTL_SEC)).toBe(expected);
    });

    it('keys are independent, and a re-put after expiry starts a new TTL', async () => {
      expect(await store().putDedupe('k1', T0, TTL_SEC)).toBe(true);
      expect(await store().putDedupe('k2', T0, TTL_SEC)).toBe(true);
      const later = T0 + TTL_SEC * 1000;
      expect(await store().putDedupe('k1', later, TTL_SEC)).toBe(true);
      expect(await store().putDedupe('k1', later + TTL_SEC * 1000 - 1, TTL_SEC)).toBe(false);
      expect(await store().putDedupe('k2', later + 1, TTL_SEC)).toBe(true);
    });
  });

  describe('audit', () => {
    const put = async (entries: AuditEntry[]) => {
      for (const e of entries) await store().appendAudit(e);
    };

    it('round-trips a full entry exactly', async () => {
      const entry = auditEntry({
        instanceId: 'i-a',
        atMs: T0,
        group: 'web',
        actionKey: 'ak',
        clientToken: 'tok',
        requestIds: ['r1', 'r2'],
        error: { code: 'Throttling', message: 'slow down' },
        durationMs: 42,
        signal: { source: 'timer', dedupeKey: 'tick-1', value: 12.5, state: 'ALERT' },
      });
      await store().appendAudit(entry);
      expect(await store().listAudit('i-a', { limit: 10 })).toEqual([entry]);
    });

    it('lists one instance newest first, honours the limit and a strict beforeMs', async () => {
      await put([3, 1, 4, 2, 5].map((n) => auditEntry({ instanceId: 'i-a', atMs: T0 + n * 1000 })));
      await put([auditEntry({ instanceId: 'i-b', atMs: T0 + 9000 })]);
      const atMs = async (opts: { limit: number; beforeMs?: number }) =>
        (await store().listAudit('i-a', opts)).map((e) => (e.atMs - T0) / 1000);
      expect(await atMs({ limit: 10 })).toEqual([5, 4, 3, 2, 1]);
      expect(await atMs({ limit: 2 })).toEqual([5, 4]);
      expect(await atMs({ limit: 10, beforeMs: T0 + 4000 })).toEqual([3, 2, 1]);
      expect(await atMs({ limit: 10, beforeMs: T0 + 1000 })).toEqual([]);
      expect(await store().listAudit('i-none', { limit: 10 })).toEqual([]);
    });

    it('keeps entries that share a millisecond (distinct seq) and overwrites an exact repeat', async () => {
      const a = auditEntry({ instanceId: 'i-a', atMs: T0, seq: 'a' });
      const b = auditEntry({ instanceId: 'i-a', atMs: T0, seq: 'b', message: 'second' });
      await put([a, b, { ...b, message: 'second, retried' }]);
      const listed = await store().listAudit('i-a', { limit: 10 });
      expect(listed.map((e) => [e.seq, e.message])).toEqual([
        ['b', 'second, retried'],
        ['a', a.message],
      ]);
    });

    it('pages through 25 entries with beforeMs without loss or repeat', async () => {
      await put(Array.from({ length: 25 }, (_, i) => auditEntry({ instanceId: 'i-a', atMs: T0 + i * 60_000 })));
      const seen: number[] = [];
      let beforeMs: number | undefined;
      for (let page = 0; page < 10; page++) {
        const rows = await store().listAudit('i-a', { limit: 10, ...(beforeMs === undefined ? {} : { beforeMs }) });
        if (rows.length === 0) break;
        seen.push(...rows.map((r) => r.atMs));
        beforeMs = rows[rows.length - 1]?.atMs;
      }
      expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => T0 + (24 - i) * 60_000));
    });

    it('lists recent entries of all instances across days, newest first, sinceMs inclusive', async () => {
      const atMs = [-3 * DAY_MS, -DAY_MS - 1, -1, 0, 1, DAY_MS, 2 * DAY_MS + 5];
      await put(atMs.map((d, i) => auditEntry({ instanceId: i % 2 ? 'i-a' : 'i-b', atMs: T0 + d })));
      const recent = async (sinceMs: number, limit: number) =>
        (await store().listRecentAudit({ sinceMs, limit })).map((e) => [e.atMs - T0, e.instanceId]);
      expect(await recent(T0 - DAY_MS - 1, 100)).toEqual([
        [2 * DAY_MS + 5, 'i-b'],
        [DAY_MS, 'i-a'],
        [1, 'i-b'],
        [0, 'i-a'],
        [-1, 'i-b'],
        [-DAY_MS - 1, 'i-a'],
      ]);
      expect(await recent(T0, 2)).toEqual([
        [2 * DAY_MS + 5, 'i-b'],
        [DAY_MS, 'i-a'],
      ]);
      expect(await recent(T0 + 3 * DAY_MS, 10)).toEqual([]);
    });
  });

  describe('orchestrations', () => {
    it('creates once, gets it back, and refuses a duplicate without changing the original', async () => {
      const o = orchestration('ak-1', { error: { code: 'X', message: 'y' } });
      expect(await store().createOrchestration(o)).toBe(true);
      expect(await store().createOrchestration({ ...o, step: 'failed' })).toBe(false);
      expect(await store().getOrchestration('ak-1')).toEqual(o);
      expect(await store().getOrchestration('ak-none')).toBeUndefined();
    });

    it.each([
      ['the expected version', 1, true],
      ['an older version', 0, false],
      ['a newer version', 2, false],
    ])('advances on %s: %s', async (_label, expectedVersion, ok) => {
      await store().createOrchestration(orchestration('ak-1'));
      const patch = { step: 'stopping' as const, attempts: 1, requestIds: ['req-1'], updatedMs: T0 + 5 };
      const result = await store().advanceOrchestration('ak-1', expectedVersion, patch);
      const after = await store().getOrchestration('ak-1');
      if (ok) {
        expect(result).toEqual({ ok: true, orchestration: { ...orchestration('ak-1'), ...patch, version: 2 } });
        expect(after).toEqual(result.ok ? result.orchestration : undefined);
      } else {
        expect(result).toEqual({ ok: false });
        expect(after).toEqual(orchestration('ak-1'));
      }
    });

    it('refuses to advance an unknown orchestration', async () => {
      expect(await store().advanceOrchestration('ak-none', 1, { step: 'stopping' })).toEqual({ ok: false });
    });

    it('lists only active orchestrations', async () => {
      const steps = ['planned', 'stopping', 'modified', 'rolling-back', 'verified', 'rolled-back', 'failed'] as const;
      for (const [i, step] of steps.entries()) await store().createOrchestration(orchestration(`ak-${i}`, { step }));
      const active = await store().listActiveOrchestrations();
      expect(active.map((o) => o.step).sort()).toEqual(['modified', 'planned', 'rolling-back', 'stopping']);
      await store().advanceOrchestration('ak-0', 1, { step: 'failed', error: { code: 'E', message: 'boom' } });
      expect((await store().listActiveOrchestrations()).map((o) => o.actionKey).sort()).toEqual([
        'ak-1',
        'ak-2',
        'ak-3',
      ]);
    });
  });

  describe('controls', () => {
    it('defaults to off, then stores and overwrites what operators set', async () => {
      expect(await store().getControls()).toEqual({ killSwitch: false, pausedGroups: [] });
      await store().setControls({ killSwitch: true, pausedGroups: ['web', 'batch'] });
      expect(await store().getControls()).toEqual({ killSwitch: true, pausedGroups: ['web', 'batch'] });
      await store().setControls({ killSwitch: false, pausedGroups: [] });
      expect(await store().getControls()).toEqual({ killSwitch: false, pausedGroups: [] });
    });
  });
}
