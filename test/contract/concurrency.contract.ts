/** Contract under concurrency: one conditional write decides, however many invocations race. */
import { describe, expect, it } from 'vitest';
import { orchestration, T0 } from './fixtures.js';
import type { StoreRef } from './stateStore.contract.js';

export function concurrencyContract(store: StoreRef): void {
  describe('concurrency', () => {
    it('50 concurrent claimers of one lease: exactly one wins, the rest see it held', async () => {
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          store().claimLease({
            instanceId: 'i-race',
            expectedVersion: 0,
            holder: `inv-${i}`,
            actionKey: `act-${i}`,
            nowMs: T0,
            ttlMs: 60_000,
          }),
        ),
      );
      const winners = results.filter((r) => r.ok);
      expect(winners).toHaveLength(1);
      const winner = winners[0]?.ok ? winners[0].state.lease : undefined;
      const losers = results.filter((r) => !r.ok);
      expect(losers.every((r) => r.reason === 'held' && r.lease.holder === winner?.holder)).toBe(true);
      expect((await store().getInstanceState('i-race')).lease).toEqual(winner);
    }, 30_000);

    it('1,000 concurrent puts of one dedupe key: exactly one is first', async () => {
      const results = await Promise.all(
        Array.from({ length: 1000 }, () => store().putDedupe('cms:race:ALERT', T0, 3600)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    }, 60_000);

    it('20 concurrent advances of one orchestration version: exactly one applies', async () => {
      await store().createOrchestration(orchestration('ak-race'));
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store().advanceOrchestration('ak-race', 1, { attempts: i + 1 })),
      );
      const winners = results.filter((r) => r.ok);
      expect(winners).toHaveLength(1);
      expect((await store().getOrchestration('ak-race'))?.version).toBe(2);
    }, 30_000);

    it('20 concurrent creators of one orchestration: exactly one creates it', async () => {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store().createOrchestration(orchestration('ak-dup', { attempts: i }))),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    }, 30_000);

    it('concurrent commits on one lease by the holder and an impostor: only the holder commits', async () => {
      const claim = await store().claimLease({
        instanceId: 'i-c',
        expectedVersion: 0,
        holder: 'inv-a',
        actionKey: 'act-a',
        nowMs: T0,
        ttlMs: 60_000,
      });
      expect(claim.ok).toBe(true);
      const [mine, theirs] = await Promise.all([
        store().commit({ instanceId: 'i-c', holder: 'inv-a', actionKey: 'act-a', update: { addDowngradeAtMs: T0 } }),
        store().commit({ instanceId: 'i-c', holder: 'inv-b', actionKey: 'act-a', update: { addDowngradeAtMs: T0 } }),
      ]);
      expect([mine.ok, theirs.ok]).toEqual([true, false]);
      expect((await store().getInstanceState('i-c')).downgradesMs).toEqual([T0]);
    });
  });
}
