// Fault injection at 20 % on every ECS action (throttling, 5xx, "too frequent", lost replies after the
// change was applied): every planned action is applied exactly once, healed by same-token retries and,
// where an invocation gave up, by the next reconcile tick.
import { afterEach, describe, expect, it } from 'vitest';
import { handleSignal } from '../../../src/app/handleSignal.js';
import { reconcile } from '../../../src/app/reconcile.js';
import { FaultInjector } from '@ecs-autoscaler/local-cloud/faults.js';
import * as b from '../../app/builders.js';
import { fleet, fleetInstance, type LocalApp, startLocalApp } from './harness.js';

let app: LocalApp;
afterEach(() => app?.close());

const WEB = ['i-web-1', 'i-web-2', 'i-web-3', 'i-web-4', 'i-web-5', 'i-web-6'];

describe('fault injection', () => {
  it.each([11, 29])('faults at 20 percent (seed %i): every planned action is applied exactly once', async (seed) => {
    const each = 0.2 / 4;
    const faults = new FaultInjector({
      seed,
      rules: [
        // Certain, on top of the random 20 %: a reply lost after the change, and a 5xx before one.
        { action: 'ModifyInstanceNetworkSpec', kind: 'drop-after', maxCount: 1 },
        { action: 'ModifyInstanceSpec', kind: 'ServiceUnavailable', maxCount: 1 },
        { action: '*', kind: 'Throttling', probability: each },
        { action: '*', kind: 'ServiceUnavailable', probability: each },
        { action: '*', kind: 'InternalError', probability: each },
        { action: '*', kind: 'drop-after', probability: each },
      ],
    });
    app = await startLocalApp({
      fleet: fleet([...WEB.map((id) => fleetInstance(id)), fleetInstance('i-batch-1', { tags: { app: 'batch' } })]),
      faults,
    });
    for (const id of WEB) app.load(id, 'bandwidthMbps', 9.6);
    app.load('i-batch-1', 'cpuPercent', 95);

    const signals = [...WEB, 'i-batch-1'].map((id) =>
      b.signal({ instanceId: id, dedupeKey: `f-${id}`, atMs: app.clock.now() }),
    );
    await Promise.allSettled(signals.map((s) => app.drive(handleSignal(app.deps, s))));
    await app.drive(app.dispatcher.drain());
    // Ticks heal whatever an invocation gave up on (bounded: a few ticks, a minute apart, leases lapsing).
    for (let tick = 0; tick < 5; tick++) {
      await app.clock.advance(660_000);
      await app.drive(reconcile(app.deps)).catch(() => undefined);
    }

    const fired = faults.history();
    expect(fired).toContainEqual({ action: 'ModifyInstanceNetworkSpec', kind: 'drop-after' });
    expect(fired).toContainEqual({ action: 'ModifyInstanceSpec', kind: 'ServiceUnavailable' });
    expect(fired.length).toBeGreaterThan(4);
    for (const id of WEB) {
      expect(app.emulator.state.changes({ instanceId: id, action: 'ModifyInstanceNetworkSpec' }), id).toHaveLength(1);
      expect(app.emulator.state.get(id)?.bandwidthOutMbps, id).toBe(20);
    }
    expect(app.emulator.state.changes({ action: 'ModifyInstanceSpec' })).toHaveLength(1);
    expect(app.emulator.state.get('i-batch-1')).toMatchObject({ status: 'Running', instanceType: 'ecs.g7.xlarge' });
    expect(await app.store.listActiveOrchestrations()).toEqual([]);
    const applied = (await app.store.listRecentAudit({ sinceMs: 0, limit: 500 })).filter((e) => e.result === 'applied');
    expect(applied.map((e) => e.instanceId).sort()).toEqual([...WEB, 'i-batch-1'].sort());
  });
});
