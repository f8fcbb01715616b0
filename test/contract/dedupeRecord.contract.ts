/**
 * Contract for the idempotency record of a delivery: claimDedupe (in progress, with an expiry),
 * completeDedupe (remembered for the retention) and releaseDedupe (the sender's retry gets the key).
 */
import { describe, expect, it } from 'vitest';
import { T0 } from './fixtures.js';
import type { StoreRef } from './stateStore.contract.js';

const KEY = 'cms:trans-1:ALERT:CRITICAL:h1';
const claim = (store: StoreRef, holder: string, nowMs = T0, inProgressSec = 120) =>
  store().claimDedupe({ key: KEY, holder, nowMs, inProgressSec });

export function dedupeRecordContract(store: StoreRef): void {
  describe('dedupe record', () => {
    it('the first claim wins; a second sees the in-progress record with its holder and expiry', async () => {
      expect(await claim(store, 'inv-a')).toEqual({ ok: true });
      expect(await claim(store, 'inv-b', T0 + 1)).toEqual({
        ok: false,
        status: 'in-progress',
        holder: 'inv-a',
        expiresAtMs: T0 + 120_000,
      });
    });

    it('an in-progress claim lapses at its expiry (the holder died): the next claim wins', async () => {
      await claim(store, 'inv-a');
      expect((await claim(store, 'inv-b', T0 + 119_999)).ok).toBe(false);
      expect(await claim(store, 'inv-b', T0 + 120_000)).toEqual({ ok: true });
      // The dead holder can no longer complete or release it.
      expect(await store().completeDedupe({ key: KEY, holder: 'inv-a', nowMs: T0 + 1, retentionSec: 600 })).toBe(false);
      expect(await store().releaseDedupe({ key: KEY, holder: 'inv-a' })).toBe(false);
      expect(await claim(store, 'inv-c', T0 + 120_001)).toMatchObject({ ok: false, holder: 'inv-b' });
    });

    it('completed: remembered for the retention from completion, then the key is free again', async () => {
      await claim(store, 'inv-a');
      expect(await store().completeDedupe({ key: KEY, holder: 'inv-a', nowMs: T0 + 5000, retentionSec: 600 })).toBe(
        true,
      );
      expect(await claim(store, 'inv-b', T0 + 604_999)).toMatchObject({
        ok: false,
        status: 'completed',
        expiresAtMs: T0 + 605_000,
      });
      expect(await claim(store, 'inv-b', T0 + 605_000)).toEqual({ ok: true });
    });

    it('released: the next claim wins at once; only the holder releases, only an in-progress record', async () => {
      await claim(store, 'inv-a');
      expect(await store().releaseDedupe({ key: KEY, holder: 'inv-b' })).toBe(false);
      expect(await store().releaseDedupe({ key: KEY, holder: 'inv-a' })).toBe(true);
      expect(await store().releaseDedupe({ key: KEY, holder: 'inv-a' })).toBe(false);
      expect(await claim(store, 'inv-b', T0 + 1)).toEqual({ ok: true });
      await store().completeDedupe({ key: KEY, holder: 'inv-b', nowMs: T0 + 2, retentionSec: 600 });
      expect(await store().releaseDedupe({ key: KEY, holder: 'inv-b' })).toBe(false);
      expect(await claim(store, 'inv-c', T0 + 3)).toMatchObject({ ok: false, status: 'completed' });
    });

    it('complete and release of a key never claimed are false and create nothing', async () => {
      expect(await store().completeDedupe({ key: 'nobody', holder: 'inv-a', nowMs: T0, retentionSec: 600 })).toBe(
        false,
      );
      expect(await store().releaseDedupe({ key: 'nobody', holder: 'inv-a' })).toBe(false);
      expect(await store().claimDedupe({ key: 'nobody', holder: 'inv-b', nowMs: T0, inProgressSec: 60 })).toEqual({
        ok: true,
      });
    });

    it('a key written by putDedupe reads as completed', async () => {
      expect(await store().putDedupe(KEY, T0, 600)).toBe(true);
      expect(await claim(store, 'inv-a', T0 + 1)).toMatchObject({ ok: false, status: 'completed' });
    });

    it.each([
      ['inProgressSec', () => store().claimDedupe({ key: KEY, holder: 'h', nowMs: T0, inProgressSec: 0 })],
      ['retentionSec', () => store().completeDedupe({ key: KEY, holder: 'h', nowMs: T0, retentionSec: 8 * 86_400 })],
      ['holder', () => store().claimDedupe({ key: KEY, holder: '', nowMs: T0, inProgressSec: 60 })],
    ])('rejects a bad %s before writing', async (_name, call) => {
      await expect(call()).rejects.toThrow();
    });

    it('200 concurrent claims of one key: exactly one wins; all others see it in progress', async () => {
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          store().claimDedupe({ key: KEY, holder: `inv-${i}`, nowMs: T0, inProgressSec: 60 }),
        ),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok && r.status === 'in-progress')).toHaveLength(199);
    }, 60_000);
  });
}
