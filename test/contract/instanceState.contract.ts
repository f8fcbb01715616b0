/** Contract for per-instance rows: defaults, leases (claim, renew, release), commit, pause. */
import { describe, expect, it } from 'vitest';
import type { StateStore } from '../../src/ports/StateStore.js';
import { T0 } from './fixtures.js';
import type { StoreRef } from './stateStore.contract.js';

const ID = 'i-bp1contract';
const TTL_MS = 60_000;

function claim(store: StateStore, over: Partial<Parameters<StateStore['claimLease']>[0]> = {}) {
  return store.claimLease({
    instanceId: ID,
    expectedVersion: 0,
    holder: 'inv-a',
    actionKey: 'act-a',
    nowMs: T0,
    ttlMs: TTL_MS,
    ...over,
  });
}

const ours = { instanceId: ID, holder: 'inv-a', actionKey: 'act-a' };

export function instanceStateContract(store: StoreRef): void {
  describe('getInstanceState / listInstanceStates', () => {
    it('returns the default row for an unknown instance, and lists nothing', async () => {
      expect(await store().getInstanceState('i-unknown')).toEqual({
        instanceId: 'i-unknown',
        version: 0,
        lastChange: {},
        downgradesMs: [],
        platformDowngrades: 0,
        paused: false,
      });
      expect(await store().listInstanceStates()).toEqual([]);
    });

    it('lists every instance that has a row, with its current state', async () => {
      await claim(store(), { instanceId: 'i-b' });
      await store().setPaused('i-a', true);
      const rows = await store().listInstanceStates();
      expect(rows.map((r) => r.instanceId).sort()).toEqual(['i-a', 'i-b']);
      expect(rows.find((r) => r.instanceId === 'i-a')?.paused).toBe(true);
      expect(rows.find((r) => r.instanceId === 'i-b')?.lease?.holder).toBe('inv-a');
    });
  });

  describe('claimLease', () => {
    it('claims a fresh row at version 0: version 1, lease until now + ttl, and it persists', async () => {
      const result = await claim(store());
      const lease = { holder: 'inv-a', actionKey: 'act-a', expiresAtMs: T0 + TTL_MS };
      expect(result).toEqual({ ok: true, state: expect.objectContaining({ instanceId: ID, version: 1, lease }) });
      expect(await store().getInstanceState(ID)).toEqual(result.ok ? result.state : undefined);
    });

    it.each([
      ['a fresh row with a non-zero expected version', 0, 3, 'stale'],
      ['a live lease, right version', 1, 1, 'held'],
      ['a live lease, wrong version', 1, 0, 'held'],
    ] as const)('refuses %s', async (_label, setupClaims, expectedVersion, reason) => {
      if (setupClaims) await claim(store());
      const result = await claim(store(), { holder: 'inv-b', actionKey: 'act-b', expectedVersion, nowMs: T0 + 1 });
      expect(result.ok).toBe(false);
      expect(!result.ok && result.reason).toBe(reason);
      if (reason === 'held') {
        expect(result).toEqual({
          ok: false,
          reason: 'held',
          lease: { holder: 'inv-a', actionKey: 'act-a', expiresAtMs: T0 + TTL_MS },
        });
      }
      expect((await store().getInstanceState(ID)).version).toBe(setupClaims);
    });

    it.each([
      ['one ms before expiry: held', TTL_MS - 1, true],
      ['exactly at expiry: taken over', TTL_MS, false],
      ['long after expiry: taken over', 10 * TTL_MS, false],
    ])('a lease checked %s', async (_label, afterMs, held) => {
      await claim(store());
      const result = await claim(store(), { holder: 'inv-b', expectedVersion: 1, nowMs: T0 + afterMs });
      expect(result.ok).toBe(!held);
      if (result.ok) expect(result.state).toMatchObject({ version: 2, lease: { holder: 'inv-b' } });
    });

    it('an expired lease with a stale version is stale, not held', async () => {
      await claim(store());
      expect(await claim(store(), { expectedVersion: 0, nowMs: T0 + TTL_MS })).toEqual({ ok: false, reason: 'stale' });
    });

    it('the same holder cannot re-claim its own live lease', async () => {
      await claim(store());
      const again = await claim(store(), { expectedVersion: 1, nowMs: T0 + 5 });
      expect(again.ok === false && again.reason).toBe('held');
    });
  });

  describe('renewLease', () => {
    it('extends our lease and keeps it ours', async () => {
      await claim(store());
      expect(await store().renewLease({ ...ours, nowMs: T0 + 50_000, ttlMs: TTL_MS })).toBe(true);
      const state = await store().getInstanceState(ID);
      expect(state.lease).toEqual({ holder: 'inv-a', actionKey: 'act-a', expiresAtMs: T0 + 50_000 + TTL_MS });
      const rival = await claim(store(), { holder: 'inv-b', expectedVersion: state.version, nowMs: T0 + TTL_MS + 1 });
      expect(rival.ok).toBe(false);
    });

    it.each([
      ['another holder', { holder: 'inv-b' }],
      ['another action key', { actionKey: 'act-b' }],
      ['an unknown instance', { instanceId: 'i-none' }],
    ])('refuses %s', async (_label, over) => {
      await claim(store());
      expect(await store().renewLease({ ...ours, ...over, nowMs: T0 + 1, ttlMs: TTL_MS })).toBe(false);
      expect((await store().getInstanceState(ID)).lease?.expiresAtMs).toBe(T0 + TTL_MS);
    });

    it('refuses an expired lease even when nobody took it over (the fence: an expired holder never calls)', async () => {
      await claim(store());
      expect(await store().renewLease({ ...ours, nowMs: T0 + TTL_MS, ttlMs: TTL_MS })).toBe(false);
      expect(await store().renewLease({ ...ours, nowMs: T0 + 10 * TTL_MS, ttlMs: TTL_MS })).toBe(false);
      expect(await store().getInstanceState(ID)).toMatchObject({ version: 1, lease: { expiresAtMs: T0 + TTL_MS } });
    });

    it('renews one ms before expiry, bumping the version (a claim on the old version is stale)', async () => {
      await claim(store());
      expect(await store().renewLease({ ...ours, nowMs: T0 + TTL_MS - 1, ttlMs: TTL_MS })).toBe(true);
      expect((await store().getInstanceState(ID)).version).toBe(2);
      const rival = await claim(store(), { holder: 'inv-b', expectedVersion: 1, nowMs: T0 + 2 * TTL_MS });
      expect(rival).toEqual({ ok: false, reason: 'stale' });
    });

    it('hands the lease over to a new holder in the same write: the old name no longer renews', async () => {
      await claim(store());
      expect(await store().renewLease({ ...ours, nowMs: T0 + 1, ttlMs: TTL_MS, handoverTo: 'run-1' })).toBe(true);
      expect((await store().getInstanceState(ID)).lease).toEqual({
        holder: 'run-1',
        actionKey: 'act-a',
        expiresAtMs: T0 + 1 + TTL_MS,
      });
      expect(await store().renewLease({ ...ours, nowMs: T0 + 2, ttlMs: TTL_MS })).toBe(false);
      expect(await store().renewLease({ ...ours, holder: 'run-1', nowMs: T0 + 2, ttlMs: TTL_MS })).toBe(true);
    });

    it('refuses once the lease was released or taken over after expiry', async () => {
      await claim(store());
      await store().releaseLease(ours);
      expect(await store().renewLease({ ...ours, nowMs: T0 + 1, ttlMs: TTL_MS })).toBe(false);
      await claim(store(), { expectedVersion: 2 });
      await claim(store(), { holder: 'inv-b', expectedVersion: 3, nowMs: T0 + TTL_MS });
      expect(await store().renewLease({ ...ours, nowMs: T0 + TTL_MS + 1, ttlMs: TTL_MS })).toBe(false);
    });
  });

  describe('commit', () => {
    it('records the update, releases the lease and bumps the version in one write', async () => {
      await claim(store());
      const upgrade = { baselineMbps: 10, upgradedMbps: 50, endMs: T0 + 3_600_000, actionKey: 'act-a' };
      const result = await store().commit({
        ...ours,
        update: {
          lastChange: { bandwidthDownMs: T0 },
          addDowngradeAtMs: T0,
          platformDowngradesIncrement: 1,
          temporaryUpgrade: upgrade,
        },
      });
      const expected = {
        instanceId: ID,
        version: 2,
        lastChange: { bandwidthDownMs: T0 },
        downgradesMs: [T0],
        platformDowngrades: 1,
        temporaryUpgrade: upgrade,
        paused: false,
      };
      expect(result).toEqual({ ok: true, state: expected });
      expect(await store().getInstanceState(ID)).toEqual(expected);
    });

    it('merges lastChange, appends/trims downgrades, accumulates the counter and clears the upgrade', async () => {
      const rounds = [
        { lastChange: { typeUpMs: T0 }, addDowngradeAtMs: T0 - 5000, platformDowngradesIncrement: 1 },
        { lastChange: { bandwidthUpMs: T0 + 1 }, addDowngradeAtMs: T0 - 9000, platformDowngradesIncrement: 2 },
        {
          lastChange: { typeUpMs: T0 + 2, billingMs: undefined },
          addDowngradeAtMs: T0,
          trimDowngradesBeforeMs: T0 - 6000,
          temporaryUpgrade: { baselineMbps: 5, upgradedMbps: 8, endMs: T0 + 9, actionKey: 'k' },
        },
        { temporaryUpgrade: null },
      ];
      let version = 0;
      for (const update of rounds) {
        const claimed = await claim(store(), { expectedVersion: version });
        expect(claimed.ok).toBe(true);
        const committed = await store().commit({ ...ours, update });
        version = committed.ok ? committed.state.version : -1;
      }
      const state = await store().getInstanceState(ID);
      expect(state).toEqual({
        instanceId: ID,
        version: 8,
        lastChange: { typeUpMs: T0 + 2, bandwidthUpMs: T0 + 1 },
        downgradesMs: [T0 - 5000, T0],
        platformDowngrades: 3,
        paused: false,
      });
    });

    it.each([
      ['another holder', { holder: 'inv-b' }],
      ['another action key', { actionKey: 'act-b' }],
      ['an unknown instance', { instanceId: 'i-none' }],
    ])('refuses %s and changes nothing', async (_label, over) => {
      await claim(store());
      const before = await store().getInstanceState(ID);
      const result = await store().commit({ ...ours, ...over, update: { addDowngradeAtMs: T0 } });
      expect(result).toEqual({ ok: false });
      expect(await store().getInstanceState(ID)).toEqual(before);
    });

    it('refuses after a release, and after the lease was taken over', async () => {
      await claim(store());
      await store().releaseLease(ours);
      expect(await store().commit({ ...ours, update: {} })).toEqual({ ok: false });
      await claim(store(), { expectedVersion: 2 });
      await claim(store(), { holder: 'inv-b', expectedVersion: 3, nowMs: T0 + TTL_MS });
      expect(await store().commit({ ...ours, update: {} })).toEqual({ ok: false });
    });

    it('still commits when an operator paused the instance while we held the lease', async () => {
      await claim(store());
      await store().setPaused(ID, true);
      const result = await store().commit({ ...ours, update: { lastChange: { bandwidthUpMs: T0 } } });
      expect(result).toEqual({ ok: true, state: expect.objectContaining({ paused: true, version: 3 }) });
      expect((await store().getInstanceState(ID)).lease).toBeUndefined();
    });
  });

  describe('releaseLease / setPaused', () => {
    it('releases our lease once; a rival can then claim at the new version', async () => {
      await claim(store());
      expect(await store().releaseLease({ ...ours, holder: 'inv-b' })).toBe(false);
      expect(await store().releaseLease(ours)).toBe(true);
      expect(await store().releaseLease(ours)).toBe(false);
      const state = await store().getInstanceState(ID);
      expect(state.lease).toBeUndefined();
      expect(state.version).toBe(2);
      expect((await claim(store(), { holder: 'inv-b', expectedVersion: 2, nowMs: T0 + 1 })).ok).toBe(true);
    });

    it('returns false when releasing on an unknown instance', async () => {
      expect(await store().releaseLease(ours)).toBe(false);
    });

    it('pauses and resumes, keeps the rest of the row, and makes an older read stale', async () => {
      await claim(store());
      await store().setPaused(ID, true);
      const paused = await store().getInstanceState(ID);
      expect(paused).toMatchObject({ paused: true, version: 2, lease: { holder: 'inv-a' } });
      await store().setPaused(ID, false);
      expect(await store().getInstanceState(ID)).toMatchObject({ paused: false, version: 3 });
      expect(await claim(store(), { expectedVersion: 2, nowMs: T0 + TTL_MS })).toEqual({ ok: false, reason: 'stale' });
    });
  });
}
