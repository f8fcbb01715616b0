import { describe, expect, it } from 'vitest';
import { MemoryStateStore } from '../../src/adapters/memory/stateStore.js';
import type { AuditEntry } from '../../src/core/types.js';
import fc from 'fast-check';
import {
  type AuditCursor,
  auditPage,
  auditView,
  formatCursor,
  latestRecommendations,
  parseCursor,
  scanAudit,
} from '../../src/dashboard/auditPages.js';
import { formatRecommendationMessage } from '../../src/dashboard/recommendations.js';
import { applied, entry, MIN, T0 } from './fakes.js';

async function storeWith(entries: AuditEntry[]): Promise<MemoryStateStore> {
  const store = new MemoryStateStore();
  for (const e of entries) await store.appendAudit(e);
  return store;
}

/** Walk every page and return the ids in order, with the number of pages read. */
async function walk(store: MemoryStateStore, limit: number, actionsOnly = false) {
  const ids: string[] = [];
  let before: AuditCursor | undefined;
  let pages = 0;
  for (; pages < 200; pages++) {
    const page = await auditPage(store, 'i-web1', { limit, before, actionsOnly });
    ids.push(...page.entries.map((e) => auditView(e).id));
    if (!page.next) break;
    // Through the wire format, as the browser sends it back.
    before = parseCursor(formatCursor(page.next));
  }
  return { ids, pages: pages + 1 };
}

describe('audit paging', () => {
  // 3 entries per minute over 7 minutes: page boundaries often fall inside one millisecond.
  const entries = Array.from({ length: 21 }, (_, i) => entry({ atMs: T0 + Math.floor(i / 3) * MIN }));
  const newestFirst = [...entries]
    .sort((a, b) => b.atMs - a.atMs || (a.seq < b.seq ? 1 : -1))
    .map((e) => auditView(e).id);

  it.each([1, 2, 3, 4, 5, 7, 20, 21, 50])('limit %i walks every entry exactly once, newest first', async (limit) => {
    const store = await storeWith(entries);
    const { ids } = await walk(store, limit);
    expect(ids).toEqual(newestFirst);
  });

  it('uses a plain ms cursor between milliseconds and a seq cursor inside one', async () => {
    const store = await storeWith(entries);
    const between = await auditPage(store, 'i-web1', { limit: 3 });
    expect(between.next).toEqual({ atMs: T0 + 6 * MIN });
    const inside = await auditPage(store, 'i-web1', { limit: 4 });
    expect(inside.next).toEqual({ atMs: T0 + 5 * MIN, seq: inside.entries[3]?.seq });
  });

  it('property: any layout of ties, any limit, every entry exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 0, maxLength: 40 }),
        fc.integer({ min: 1, max: 8 }),
        async (offsets, limit) => {
          const es = offsets.map((o) => entry({ atMs: T0 + o }));
          const { ids } = await walk(await storeWith(es), limit);
          const expected = [...es]
            .sort((a, b) => b.atMs - a.atMs || (a.seq < b.seq ? 1 : -1))
            .map((e) => auditView(e).id);
          expect(ids).toEqual(expected);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('reads past a millisecond holding more entries than the tie slack', async () => {
    const store = await storeWith([...Array.from({ length: 60 }, () => entry({ atMs: T0 })), entry({ atMs: T0 - 1 })]);
    const { ids, pages } = await walk(store, 1);
    expect(new Set(ids).size).toBe(61);
    expect(pages).toBe(61);
  });

  it.each([
    ['1736132400000', { atMs: 1736132400000 }],
    ['1736132400000:00a1b2', { atMs: 1736132400000, seq: '00a1b2' }],
    ['-5', undefined],
    ['abc', undefined],
    ['1736132400000:', undefined],
  ])('cursor %s', (text, cursor) => {
    expect(parseCursor(text)).toEqual(cursor);
  });

  it('the last page has no cursor', async () => {
    const store = await storeWith(entries.slice(0, 2));
    expect(await auditPage(store, 'i-web1', { limit: 2 })).toEqual({ entries: expect.any(Array) });
  });

  it('"actions only" skips the skips across many store pages', async () => {
    const skips = Array.from({ length: 1200 }, (_, i) => entry({ atMs: T0 - i * 1000 }));
    const actions = [applied(T0 - 100_000, 10, 20), applied(T0 - 900_000, 20, 15), applied(T0 - 1_150_000, 15, 30)];
    const store = await storeWith([...skips, ...actions]);
    const first = await auditPage(store, 'i-web1', { limit: 2, actionsOnly: true });
    expect(first.entries.map((e) => e.after?.bandwidthOutMbps)).toEqual([20, 15]);
    const second = await auditPage(store, 'i-web1', { limit: 2, actionsOnly: true, before: first.next });
    expect(second.entries.map((e) => e.after?.bandwidthOutMbps)).toEqual([30]);
    expect(second.next).toBeUndefined();
  });

  it('a bounded scan reports where to resume', async () => {
    const store = await storeWith(Array.from({ length: 30 }, (_, i) => entry({ atMs: T0 - i * 1000 })));
    let visited = 0;
    const r = await scanAudit(store, 'i-web1', { maxEntries: 10 }, () => ++visited > 0);
    expect(visited).toBe(10);
    expect(r).toEqual({ exhausted: false, resume: { atMs: T0 - 9000 } });
    const since = await scanAudit(store, 'i-web1', { sinceMs: T0 - 4000, maxEntries: 100 }, () => true);
    expect(since.exhausted).toBe(true);
  });
});

describe('latestRecommendations', () => {
  const rec = (atMs: number, reason: string, saving: number, instanceId = 'i-web1') =>
    entry({
      instanceId,
      atMs,
      decision: 'scale',
      reason,
      result: 'would-do',
      before: { bandwidthOutMbps: 100 },
      after: reason === 'rightsizing' ? { bandwidthOutMbps: 40 } : { internetChargeType: 'PayByTraffic' },
      message: formatRecommendationMessage('p95 outbound is 27 Mbps', {
        monthlySaving: saving,
        currency: 'CNY',
        confidence: 1,
      }),
    });

  it('keeps the newest of each kind per instance, newest first, and ignores applied entries and older ones', async () => {
    const store = await storeWith([
      rec(T0 - 3 * 86_400_000, 'rightsizing', 999),
      rec(T0 - 26 * 3_600_000, 'rightsizing', 120),
      rec(T0 - 2 * 3_600_000, 'rightsizing', 150),
      rec(T0 - 3_600_000, 'billing-method', 30),
      applied(T0 - MIN, 10, 20, { reason: 'rightsizing' }),
      rec(T0 - 5 * 3_600_000, 'rightsizing', 80, 'i-web2'),
    ]);
    const views = await latestRecommendations(store, ['i-web1', 'i-web2'], T0 - 2 * 86_400_000);
    expect(views.map((v) => [v.instanceId, v.reason, v.recommendation?.monthlySaving])).toEqual([
      ['i-web1', 'billing-method', 30],
      ['i-web1', 'rightsizing', 150],
      ['i-web2', 'rightsizing', 80],
    ]);
    expect(views[1]?.message).toBe('p95 outbound is 27 Mbps');
    expect(views[1]?.recommendation).toEqual({
      recommendedMbps: 40,
      monthlySaving: 150,
      currency: 'CNY',
      confidence: 1,
    });
  });
});
