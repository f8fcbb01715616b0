import { describe, expect, it } from 'vitest';
import { MemoryStateStore } from '../../../src/adapters/memory/stateStore.js';
import { AutoscalerError, StateUnavailableError } from '../../../src/core/errors.js';
import { forecastProfile, strategyChoice } from '../../contract/fixtures.js';

const T0 = 1_750_000_000_000;
const claimReq = { instanceId: 'i-a', expectedVersion: 0, holder: 'h', actionKey: 'k', nowMs: T0, ttlMs: 1000 };

describe('MemoryStateStore fault hooks', () => {
  it('failNext throws once for that operation only, then behaves again', async () => {
    const store = new MemoryStateStore();
    store.failNext('claimLease');
    await expect(store.claimLease(claimReq)).rejects.toBeInstanceOf(StateUnavailableError);
    expect(await store.putDedupe('x', T0, 60)).toBe(true);
    expect((await store.claimLease(claimReq)).ok).toBe(true);
  });

  it('failNext queues custom errors in order', async () => {
    const store = new MemoryStateStore();
    const first = new StateUnavailableError('first', false);
    const second = new Error('second');
    store.failNext('getControls', first);
    store.failNext('getControls', second);
    await expect(store.getControls()).rejects.toBe(first);
    await expect(store.getControls()).rejects.toBe(second);
    await expect(store.getControls()).resolves.toEqual({ killSwitch: false, pausedGroups: [] });
  });

  it('failAll makes every operation throw until heal(), and a failed write changes nothing', async () => {
    const store = new MemoryStateStore();
    store.failAll();
    await expect(store.setPaused('i-a', true)).rejects.toThrow(/outage/);
    await expect(store.listInstanceStates()).rejects.toBeInstanceOf(StateUnavailableError);
    store.heal();
    expect(await store.listInstanceStates()).toEqual([]);
  });
});

describe('MemoryStateStore isolation', () => {
  it('mutating returned or passed objects never changes stored state', async () => {
    const store = new MemoryStateStore();
    const claimed = await store.claimLease(claimReq);
    if (claimed.ok) claimed.state.downgradesMs.push(1);
    const controls = { killSwitch: true, pausedGroups: ['web'] };
    await store.setControls(controls);
    controls.pausedGroups.push('batch');
    (await store.getControls()).pausedGroups.push('db');
    expect((await store.getInstanceState('i-a')).downgradesMs).toEqual([]);
    expect((await store.getControls()).pausedGroups).toEqual(['web']);
  });

  it('advice is copied in and out: mutating the passed or returned profile and strategy changes nothing', async () => {
    const store = new MemoryStateStore();
    const forecast = forecastProfile();
    const strategy = strategyChoice();
    await store.setAdvice('i-a', { forecast, strategy });
    forecast.peakMbps[0] = 999;
    strategy.why = 'changed';
    const read = await store.getInstanceState('i-a');
    read.forecast?.peakMbps.fill(0);
    const again = await store.getInstanceState('i-a');
    expect(again.forecast?.peakMbps[0]).toBe(Math.ceil((forecastProfile().peakMbps[0] as number) * 100 - 1e-6) / 100);
    expect(again.strategy).toEqual(strategyChoice());
  });

  it('remembers expired dedupe keys until overwritten (no clock: expiry is judged by nowMs)', async () => {
    const store = new MemoryStateStore();
    await store.putDedupe('a', T0, 1);
    expect(store.dedupeSize).toBe(1);
    expect(await store.putDedupe('a', T0 + 1000, 1)).toBe(true);
    expect(store.dedupeSize).toBe(1);
  });
});

describe('MemoryStateStore argument checks', () => {
  const store = new MemoryStateStore();
  it.each([
    ['empty instanceId', () => store.getInstanceState(''), /instanceId must be a non-empty string/],
    ['zero ttlMs', () => store.claimLease({ ...claimReq, ttlMs: 0 }), /ttlMs must be a positive number \(got 0\)/],
    ['negative ttlSec', () => store.putDedupe('k', T0, -5), /ttlSec must be > 0 and ≤ 604800 .*\(got -5\)/],
    ['ttlSec over 7 days', () => store.putDedupe('k', T0, 604_801), /ttlSec must be > 0 and ≤ 604800 .*\(got 604801\)/],
    ['empty dedupe key', () => store.putDedupe('', T0, 5), /key must be a non-empty string/],
    ['fractional limit', () => store.listAudit('i-a', { limit: 1.5 }), /limit must be an integer ≥ 1 \(got 1.5\)/],
    ['zero limit', () => store.listRecentAudit({ sinceMs: 0, limit: 0 }), /limit must be an integer ≥ 1/],
    ['empty instanceId for advice', () => store.setAdvice('', {}), /instanceId must be a non-empty string/],
    ['a non-object advice', () => store.setAdvice('i-a', null as never), /advice must be an object \(got null\)/],
  ])('rejects %s with a message naming the argument and value', async (_label, call, message) => {
    await expect(call()).rejects.toThrow(message);
    await expect(call()).rejects.toBeInstanceOf(AutoscalerError);
  });
});
