/**
 * Contract for the lease's pending changes (write-ahead of inline actions): stored with the claim, kept by a
 * renew, cleared by commit, release and a takeover claim; and the commit that recovery relies on, by the old
 * holder on an expired lease nobody has re-taken.
 */
import { describe, expect, it } from 'vitest';
import type { PendingChange } from '../../src/core/types.js';
import type { StateStore } from '../../src/ports/StateStore.js';
import { T0 } from './fixtures.js';
import type { StoreRef } from './stateStore.contract.js';

const ID = 'i-bp1pending';
const TTL_MS = 60_000;
const ours = { instanceId: ID, holder: 'inv-a', actionKey: 'bw-1' };

/**
 * Two pending changes in order, a bandwidth downgrade then a billing switch. claim.ts writes one per claim (act.ts
 * re-times it at each renew); two show that the store keeps the list as given, in order, every field intact.
 */
const PENDING: PendingChange[] = [
  {
    actionKey: 'bw-1',
    clientToken: 'as-tok-bw-1',
    reason: 'target-tracking',
    before: { bandwidthOutMbps: 20 },
    expect: { bandwidthOutMbps: 10 },
    update: {
      lastChange: { bandwidthDownMs: T0 + TTL_MS },
      addDowngradeAtMs: T0 + TTL_MS,
      trimDowngradesBeforeMs: T0 + TTL_MS - 86_400_000,
      platformDowngradesIncrement: 1,
      temporaryUpgrade: null,
    },
  },
  {
    actionKey: 'bill-1',
    clientToken: 'as-tok-bill-1',
    reason: 'billing-method',
    before: { internetChargeType: 'PayByBandwidth' },
    expect: { internetChargeType: 'PayByTraffic' },
    update: {
      lastChange: { billingMs: T0 + TTL_MS },
      temporaryUpgrade: { baselineMbps: 5, upgradedMbps: 10, endMs: T0 + 3_600_000, actionKey: 'bw-0' },
    },
  },
];

function claim(store: StateStore, over: Partial<Parameters<StateStore['claimLease']>[0]> = {}) {
  return store.claimLease({
    instanceId: ID,
    expectedVersion: 0,
    holder: 'inv-a',
    actionKey: 'bw-1',
    nowMs: T0,
    ttlMs: TTL_MS,
    pending: PENDING,
    ...over,
  });
}

export function pendingContract(store: StoreRef): void {
  describe('lease pending changes (write-ahead)', () => {
    it('round-trip on claim: the claim result, a read, the listing and a rival’s `held` all carry them', async () => {
      const claimed = await claim(store());
      const lease = { holder: 'inv-a', actionKey: 'bw-1', expiresAtMs: T0 + TTL_MS, pending: PENDING };
      expect(claimed).toEqual({ ok: true, state: expect.objectContaining({ version: 1, lease }) });
      expect((await store().getInstanceState(ID)).lease).toEqual(lease);
      expect((await store().listInstanceStates())[0]?.lease).toEqual(lease);
      const rival = await claim(store(), { holder: 'inv-b', actionKey: 'bw-2', expectedVersion: 1, nowMs: T0 + 1 });
      expect(rival).toEqual({ ok: false, reason: 'held', lease });
    });

    it('a claim without pending changes stores none', async () => {
      await claim(store(), { pending: undefined });
      expect((await store().getInstanceState(ID)).lease).toEqual({
        holder: 'inv-a',
        actionKey: 'bw-1',
        expiresAtMs: T0 + TTL_MS,
      });
    });

    it('a renew moves only the expiry and keeps them', async () => {
      await claim(store());
      expect(await store().renewLease({ ...ours, nowMs: T0 + 10, ttlMs: TTL_MS })).toBe(true);
      expect((await store().getInstanceState(ID)).lease).toEqual({
        holder: 'inv-a',
        actionKey: 'bw-1',
        expiresAtMs: T0 + 10 + TTL_MS,
        pending: PENDING,
      });
    });

    it('a fencing renew with pending changes replaces them (re-timed at the new expiry)', async () => {
      await claim(store());
      const retimed = PENDING.map((p) => ({
        ...p,
        update: { ...p.update, lastChange: { bandwidthUpMs: T0 + 10 + TTL_MS } },
      }));
      expect(await store().renewLease({ ...ours, nowMs: T0 + 10, ttlMs: TTL_MS, pending: retimed })).toBe(true);
      expect((await store().getInstanceState(ID)).lease).toEqual({
        holder: 'inv-a',
        actionKey: 'bw-1',
        expiresAtMs: T0 + 10 + TTL_MS,
        pending: retimed,
      });
    });

    it.each([
      ['commit', (s: StateStore) => s.commit({ ...ours, update: {} }).then((r) => r.ok)],
      ['release', (s: StateStore) => s.releaseLease(ours)],
    ])('%s clears them with the lease; the next claim starts clean', async (_op, op) => {
      await claim(store());
      expect(await op(store())).toBe(true);
      const after = await store().getInstanceState(ID);
      expect(after.lease).toBeUndefined();
      await claim(store(), { holder: 'inv-b', actionKey: 'bw-2', expectedVersion: after.version, pending: undefined });
      expect((await store().getInstanceState(ID)).lease).toEqual({
        holder: 'inv-b',
        actionKey: 'bw-2',
        expiresAtMs: T0 + TTL_MS,
      });
    });

    it.each([
      ['without pending changes clears them', undefined],
      ['with its own replaces them', [PENDING[1] as PendingChange]],
    ])('a claim taking over the expired lease %s', async (_label, pending) => {
      await claim(store());
      const taken = await claim(store(), {
        holder: 'inv-b',
        actionKey: 'bw-2',
        expectedVersion: 1,
        nowMs: T0 + TTL_MS,
        pending,
      });
      expect(taken.ok).toBe(true);
      const lease = {
        holder: 'inv-b',
        actionKey: 'bw-2',
        expiresAtMs: T0 + 2 * TTL_MS,
        ...(pending ? { pending } : {}),
      };
      expect((await store().getInstanceState(ID)).lease).toEqual(lease);
    });

    it('the old holder commits on its EXPIRED lease nobody re-took: recorded, lease and pending cleared', async () => {
      await claim(store());
      const update = PENDING[0]?.update ?? {};
      const result = await store().commit({ ...ours, update });
      const expected = {
        instanceId: ID,
        version: 2,
        lastChange: { bandwidthDownMs: T0 + TTL_MS },
        downgradesMs: [T0 + TTL_MS],
        platformDowngrades: 1,
        paused: false,
      };
      expect(result).toEqual({ ok: true, state: expected });
      expect(await store().getInstanceState(ID)).toEqual(expected);
      // A second recovery (or the holder waking up) loses: the lease is gone, nothing is recorded twice.
      expect(await store().commit({ ...ours, update })).toEqual({ ok: false });
      expect(await store().getInstanceState(ID)).toEqual(expected);
    });

    it('once re-taken, the old holder’s commit is refused and the new lease keeps its own pending changes', async () => {
      await claim(store());
      const pending = [PENDING[1] as PendingChange];
      await claim(store(), { holder: 'inv-b', actionKey: 'bw-2', expectedVersion: 1, nowMs: T0 + TTL_MS, pending });
      expect(await store().commit({ ...ours, update: { addDowngradeAtMs: T0 } })).toEqual({ ok: false });
      const state = await store().getInstanceState(ID);
      expect(state).toMatchObject({ version: 2, downgradesMs: [], lease: { holder: 'inv-b', pending } });
    });
  });
}
