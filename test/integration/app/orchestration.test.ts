// The stop → modify → start orchestration through the official ECS SDK against the local ECS.
import { afterEach, describe, expect, it } from 'vitest';
import { handleSignal } from '../../../src/app/handleSignal.js';
import { reconcile } from '../../../src/app/reconcile.js';
import type { Orchestration } from '../../../src/core/types.js';
import * as b from '../../app/builders.js';
import { fleet, fleetInstance, type LocalApp, startLocalApp, ZONE } from './harness.js';

let app: LocalApp;
afterEach(() => app?.close());

const BATCH = fleet([fleetInstance('i-batch-1', { tags: { app: 'batch' } })]);

async function plan(): Promise<string> {
  app.load('i-batch-1', 'cpuPercent', 95);
  const out = await app.drive(
    handleSignal(app.deps, b.signal({ instanceId: 'i-batch-1', dedupeKey: 'cpu-1', atMs: app.clock.now() })),
  );
  expect(out).toMatchObject({ status: 'dispatched', reason: 'cpu-high' });
  return out.actionKey ?? '';
}

const actions = () => app.emulator.state.changes({ instanceId: 'i-batch-1' }).map((c) => c.action);

describe('instance-type orchestration against the local cloud', () => {
  it('runs stop → modify → start in the worker and audits the change with every request id', async () => {
    app = await startLocalApp({ fleet: BATCH });
    const key = await plan();
    await app.drive(app.dispatcher.drain());
    expect(await app.store.getOrchestration(key)).toMatchObject({ step: 'verified' });
    expect(actions()).toEqual(['StopInstance', 'ModifyInstanceSpec', 'StartInstance']);
    expect(app.emulator.state.changes({ action: 'StopInstance' })[0]?.params.StoppedMode).toBe('KeepCharging');
    expect(await app.instance('i-batch-1')).toMatchObject({ status: 'Running', instanceType: 'ecs.g7.xlarge' });
    const [entry] = await app.store.listAudit('i-batch-1', { limit: 1 });
    expect(entry).toMatchObject({
      result: 'applied',
      reason: 'cpu-high',
      before: { instanceType: 'ecs.g7.large' },
      after: { instanceType: 'ecs.g7.xlarge' },
    });
    const ids = app.emulator.state.changes({ instanceId: 'i-batch-1' }).map((c) => c.requestId);
    for (const id of ids) expect(entry?.requestIds).toContain(id);
    expect((await app.store.getInstanceState('i-batch-1')).lastChange.typeUpMs).toBeGreaterThan(b.T0);
  });

  const steps = ['stopping', 'stopped', 'modifying', 'modified', 'starting', 'running'] as const;
  it.each(steps)(
    'a crash after %s is completed by a later reconcile with exactly one ModifyInstanceSpec',
    async (at) => {
      app = await startLocalApp({ fleet: BATCH });
      app.deps.hooks = {
        afterOrchestrationStep: (o: Orchestration) => {
          if (o.step === at) throw new Error(`killed after ${at}`);
        },
      };
      const key = await plan();
      await app.drive(app.dispatcher.drain());
      expect(app.dispatcher.tasks()[0]).toMatchObject({ status: 'failed', error: `killed after ${at}` });
      expect((await app.store.getOrchestration(key))?.step).toBe(at);
      app.deps.hooks = {};
      // The dead worker's lease lapses; the next tick finds the orchestration stalled and hands it to the
      // worker (a resume task of its own id: FC refuses a reused one), which finishes it.
      await app.clock.advance(601_000);
      const summary = await app.drive(reconcile(app.deps));
      expect(summary).toMatchObject({ resumed: 1, errors: [] });
      expect(summary.dispatched?.[0]).toMatchObject({
        taskId: expect.stringMatching(/-resume-\d+$/),
        status: 'queued',
      });
      await app.drive(app.dispatcher.drain());
      expect(await app.store.getOrchestration(key)).toMatchObject({ step: 'verified' });
      expect(app.emulator.state.changes({ action: 'ModifyInstanceSpec' })).toHaveLength(1);
      expect(actions().filter((a) => a === 'StopInstance')).toHaveLength(1);
      expect(await app.instance('i-batch-1')).toMatchObject({ status: 'Running', instanceType: 'ecs.g7.xlarge' });
      const again = await app.drive(reconcile(app.deps));
      expect(again.resumed).toBe(0);
      expect(app.emulator.state.changes({ action: 'ModifyInstanceSpec' })).toHaveLength(1);
    },
  );

  it('a sold-out target is rolled back before any stop: the instance stays on its old type, audited with why', async () => {
    app = await startLocalApp({ fleet: BATCH });
    app.emulator.state.setStock('ecs.g7.xlarge', ZONE, 0);
    const key = await plan();
    await app.drive(app.dispatcher.drain());
    expect(await app.store.getOrchestration(key)).toMatchObject({ step: 'rolled-back', error: { code: 'SoldOut' } });
    expect(actions()).toEqual([]);
    expect(await app.instance('i-batch-1')).toMatchObject({ status: 'Running', instanceType: 'ecs.g7.large' });
    const [entry] = await app.store.listAudit('i-batch-1', { limit: 1 });
    expect(entry).toMatchObject({ result: 'rolled-back', error: { code: 'SoldOut' } });
    const state = await app.store.getInstanceState('i-batch-1');
    expect(state.lease).toBeUndefined();
    expect(state.lastChange.typeUpMs).toBeUndefined();
  });

  it('stock gone at modify time (OperationDenied.NoStock) restarts the instance on its old type', async () => {
    app = await startLocalApp({ fleet: BATCH });
    app.deps.hooks = {
      afterOrchestrationStep: (o: Orchestration) => {
        if (o.step === 'stopped') app.emulator.state.setStock('ecs.g7.xlarge', ZONE, 0);
      },
    };
    const key = await plan();
    await app.drive(app.dispatcher.drain());
    expect(await app.store.getOrchestration(key)).toMatchObject({
      step: 'rolled-back',
      error: { code: 'OperationDenied.NoStock' },
    });
    expect(actions()).toEqual(['StopInstance', 'StartInstance']);
    expect(await app.instance('i-batch-1')).toMatchObject({ status: 'Running', instanceType: 'ecs.g7.large' });
    expect((await app.store.listAudit('i-batch-1', { limit: 1 }))[0]).toMatchObject({
      result: 'rolled-back',
      error: { code: 'OperationDenied.NoStock' },
    });
  });
});
