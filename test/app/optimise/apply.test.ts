// Applying one planned change: the optimiser's signal, and the ordinary execution path run with the core decider.
import { describe, expect, it } from 'vitest';
import { applyChange, optimiseSignal } from '../../../src/app/optimise/apply.js';
import { changeDecider } from '../../../src/core/optimise/decider.js';
import { config, instance, T0 } from '../builders.js';
import { harness } from '../fakes.js';
import { shippedPrices } from './emulators.js';
import { bandwidthChange, freshState, optimisedGroup } from './fixtures.js';

const prices = shippedPrices();
const HOUR = 3_600_000;

const change = bandwidthChange;

describe('optimiseSignal', () => {
  it('one timer evaluation per instance, change kind and hour', () => {
    const slot = Math.floor(T0 / HOUR);
    expect(optimiseSignal(change, T0)).toEqual({
      source: 'timer',
      instanceId: 'i-web1',
      atMs: T0,
      dedupeKey: `optimise:i-web1:bandwidth:${slot}`,
    });
    expect(optimiseSignal(change, T0 + HOUR).dedupeKey).toBe(`optimise:i-web1:bandwidth:${slot + 1}`);
    expect(optimiseSignal({ ...change, kind: 'billingMethod' }, T0).dedupeKey).toBe(
      `optimise:i-web1:billingMethod:${slot}`,
    );
  });
});

describe('applyChange', () => {
  it('runs the change through the execution path with the core decider’s ClientToken, then audits it', async () => {
    const inst = instance({ bandwidthOutMbps: 100 });
    const h = harness(config([optimisedGroup()]), [inst]);
    const outcome = await applyChange(h.deps, change, prices);
    expect(outcome).toMatchObject({ status: 'applied', instanceId: 'i-web1' });
    const calls = h.ecs.calls.filter((c) => c.action === 'ModifyInstanceNetworkSpec');
    expect(calls).toHaveLength(1);
    // The token is the one the pure decider builds for the same instance, state and time.
    const expected = changeDecider(change, prices)(
      {
        instance: inst,
        group: optimisedGroup(),
        dryRun: false,
        killSwitch: false,
        paused: false,
        metrics: { bandwidthOutBps: [], cpuPercent: [] },
        signal: optimiseSignal(change, T0),
        state: freshState('i-web1', { version: 0 }),
        inMaintenanceWindow: true,
        periodSec: 60,
      },
      T0,
    );
    if (expected.kind !== 'scale') throw new Error('expected scale');
    expect(calls[0]?.params).toMatchObject({
      bandwidthOutMbps: 43,
      clientToken: expected.action.clientToken,
    });
    const audit = await h.store.listAudit('i-web1', { limit: 5 });
    expect(audit.map((e) => [e.reason, e.result])).toContainEqual(['rightsizing', 'applied']);
  });

  it('the same change again within the hour is a duplicate: no second ECS call', async () => {
    const h = harness(config([optimisedGroup()]), [instance({ bandwidthOutMbps: 100 })]);
    await applyChange(h.deps, change, prices);
    const again = await applyChange(h.deps, change, prices);
    expect(again.status).toBe('duplicate');
    expect(h.ecs.calls.filter((c) => c.action === 'ModifyInstanceNetworkSpec')).toHaveLength(1);
  });

  it('a change the fresh instance no longer matches is skipped, not applied', async () => {
    const h = harness(config([optimisedGroup()]), [instance({ bandwidthOutMbps: 80 })]);
    const outcome = await applyChange(h.deps, change, prices);
    expect(outcome).toMatchObject({ status: 'skipped', reason: 'plan-outdated' });
    expect(h.ecs.changeCount()).toBe(0);
  });
});
