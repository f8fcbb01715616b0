/** Contract for setAdvice: the optimiser's forecast profile and strategy in the instance row. */
import { describe, expect, it } from 'vitest';
import { MAX_ADVICE_JSON_CHARS } from '../../src/ports/adviceRules.js';
import type { ForecastProfile } from '../../src/core/forecast/types.js';
import type { InstanceState } from '../../src/core/types.js';
import type { StateStore } from '../../src/ports/StateStore.js';
import { forecastProfile, strategyChoice, T0 } from './fixtures.js';
import type { StoreRef } from './stateStore.contract.js';

const ID = 'i-bp1advice';
const TTL_MS = 60_000;
const ours = { instanceId: ID, holder: 'inv-a', actionKey: 'act-a' };

/** The profile as stored: every peak rounded up to 0.01 Mbps. */
const rounded = (p: ForecastProfile): ForecastProfile => ({
  ...p,
  peakMbps: p.peakMbps.map((v) => Math.ceil(v * 100 - 1e-6) / 100),
});

function claim(store: StateStore, expectedVersion: number, nowMs = T0) {
  return store.claimLease({ ...ours, expectedVersion, nowMs, ttlMs: TTL_MS });
}

/** A row with every other kind of state: history, a downgrade, a temporary upgrade, a pause, a live lease. */
async function busyRow(store: StateStore): Promise<InstanceState> {
  expect((await claim(store, 0)).ok).toBe(true);
  const upgrade = { baselineMbps: 10, upgradedMbps: 20, endMs: T0 + 3_600_000, actionKey: 'act-a' };
  const update = { lastChange: { bandwidthDownMs: T0 }, addDowngradeAtMs: T0, temporaryUpgrade: upgrade };
  expect((await store.commit({ ...ours, update })).ok).toBe(true);
  await store.setPaused(ID, true);
  const pending = [
    {
      actionKey: 'act-a',
      clientToken: 'tok-a',
      reason: 'saturated' as const,
      before: { bandwidthOutMbps: 20 },
      expect: { bandwidthOutMbps: 30 },
      update: { lastChange: { bandwidthUpMs: T0 + TTL_MS } },
    },
  ];
  const again = await store.claimLease({ ...ours, expectedVersion: 3, nowMs: T0 + 1, ttlMs: TTL_MS, pending });
  expect(again.ok).toBe(true);
  return store.getInstanceState(ID);
}

export function adviceContract(store: StoreRef): void {
  describe('setAdvice', () => {
    it('creates a missing row: version 1, defaults, the profile (peaks rounded up to 0.01) and the strategy', async () => {
      const forecast = forecastProfile();
      const strategy = strategyChoice();
      await store().setAdvice(ID, { forecast, strategy });
      const expected: InstanceState = {
        instanceId: ID,
        version: 1,
        lastChange: {},
        downgradesMs: [],
        platformDowngrades: 0,
        paused: false,
        forecast: rounded(forecast),
        strategy,
      };
      expect(await store().getInstanceState(ID)).toEqual(expected);
      expect(await store().listInstanceStates()).toEqual([expected]);
      // A claim made on the default row (version 0) is now stale: re-read and decide with the advice.
      expect(await claim(store(), 0)).toEqual({ ok: false, reason: 'stale' });
      expect((await claim(store(), 1)).ok).toBe(true);
    });

    it('round-trips a weekly profile at 300 s (2016 peaks), each peak in [built, built + 0.01)', async () => {
      const weekly = forecastProfile({ periodSec: 604_800, slotSec: 300 });
      await store().setAdvice(ID, { forecast: weekly });
      const stored = (await store().getInstanceState(ID)).forecast;
      expect(stored).toEqual(rounded(weekly));
      expect(stored?.peakMbps).toHaveLength(2016);
      stored?.peakMbps.forEach((v, i) => {
        const built = weekly.peakMbps[i] as number;
        expect(v).toBeGreaterThanOrEqual(built);
        expect(v - built).toBeLessThan(0.01);
      });
      expect(JSON.stringify(stored).length).toBeLessThan(20_000);
    });

    it('absent leaves a field as it is, null clears it, an object replaces it (last writer wins)', async () => {
      await store().setAdvice(ID, { forecast: forecastProfile(), strategy: strategyChoice() });
      const weekly = forecastProfile({ periodSec: 604_800, builtAtMs: T0 + 1 });
      await store().setAdvice(ID, { forecast: weekly });
      expect(await store().getInstanceState(ID)).toMatchObject({
        version: 2,
        forecast: rounded(weekly),
        strategy: strategyChoice(),
      });
      const staticChoice = strategyChoice({ name: 'static', staticMbps: 25, chosenAtMs: T0 + 2, why: 'flat load' });
      await store().setAdvice(ID, { forecast: null, strategy: staticChoice });
      const state = await store().getInstanceState(ID);
      expect(state).toMatchObject({ version: 3, strategy: staticChoice });
      expect(state.forecast).toBeUndefined();
      await store().setAdvice(ID, { strategy: null });
      const cleared = await store().getInstanceState(ID);
      expect(cleared.version).toBe(4);
      expect('forecast' in cleared || 'strategy' in cleared).toBe(false);
    });

    it('an empty advice writes nothing: no row is created and an existing one keeps its version', async () => {
      await store().setAdvice(ID, {});
      expect(await store().listInstanceStates()).toEqual([]);
      await store().setAdvice(ID, { strategy: strategyChoice() });
      await store().setAdvice(ID, {});
      expect((await store().getInstanceState(ID)).version).toBe(1);
    });

    it('touches nothing else in the row: lease with pending changes, history, budget, upgrade, pause', async () => {
      const before = await busyRow(store());
      await store().setAdvice(ID, { forecast: forecastProfile(), strategy: strategyChoice() });
      const after = await store().getInstanceState(ID);
      expect(after).toEqual({
        ...before,
        version: before.version + 1,
        forecast: rounded(forecastProfile()),
        strategy: strategyChoice(),
      });
    });

    it('the lease holder still commits after an advice write, and the commit keeps the advice', async () => {
      const before = await busyRow(store());
      await store().setAdvice(ID, { forecast: forecastProfile(), strategy: strategyChoice() });
      const committed = await store().commit({ ...ours, update: { lastChange: { bandwidthUpMs: T0 + 5 } } });
      expect(committed).toEqual({
        ok: true,
        state: expect.objectContaining({ version: before.version + 2, forecast: rounded(forecastProfile()) }),
      });
      const state = await store().getInstanceState(ID);
      expect(state.lease).toBeUndefined();
      expect(state).toMatchObject({
        lastChange: { bandwidthDownMs: T0, bandwidthUpMs: T0 + 5 },
        forecast: rounded(forecastProfile()),
        strategy: strategyChoice(),
      });
      // Release and a later claim keep it too.
      expect((await claim(store(), state.version, T0 + TTL_MS)).ok).toBe(true);
      expect(await store().releaseLease(ours)).toBe(true);
      expect((await store().getInstanceState(ID)).strategy).toEqual(strategyChoice());
    });

    it.each([
      [
        'a peak count that is not periodSec / slotSec',
        { forecast: forecastProfile({ peakMbps: [1, 2, 3] }) },
        /peakMbps must hold periodSec \/ slotSec = 288 peaks/,
      ],
      [
        'a NaN peak',
        {
          forecast: {
            ...forecastProfile(),
            peakMbps: forecastProfile().peakMbps.map((v, i) => (i === 7 ? Number.NaN : v)),
          },
        },
        /peakMbps\[7\] must be a finite number/,
      ],
      [
        'a negative peak',
        { forecast: { ...forecastProfile(), peakMbps: forecastProfile().peakMbps.map((v, i) => (i === 0 ? -1 : v)) } },
        /peakMbps\[0\] must be a finite number ≥ 0/,
      ],
      [
        'a profile over the size bound (1 s slots: 86 400 peaks)',
        { forecast: forecastProfile({ slotSec: 1 }) },
        new RegExp(`advice.forecast must be at most ${MAX_ADVICE_JSON_CHARS} characters`),
      ],
      [
        'an unknown strategy',
        { strategy: strategyChoice({ name: 'magic' as 'static' }) },
        /strategy.name must be one of traffic, reactive, forecast, static/,
      ],
      [
        'a static strategy without its level',
        { strategy: strategyChoice({ name: 'static' }) },
        /staticMbps must be a finite number/,
      ],
    ])('rejects %s with a named reason and writes nothing', async (_label, advice, why) => {
      await store().setAdvice(ID, { strategy: strategyChoice() });
      const before = await store().getInstanceState(ID);
      await expect(store().setAdvice(ID, { strategy: null, ...advice })).rejects.toThrow(why);
      expect(await store().getInstanceState(ID)).toEqual(before);
    });
  });
}
