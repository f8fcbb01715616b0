import { describe, expect, it } from 'vitest';
import { handleSignal } from '../../src/app/handleSignal.js';
import { runOrchestration } from '../../src/app/orchestration/run.js';
import type { InstanceTypeAction, Orchestration } from '../../src/core/types.js';
import * as b from './builders.js';
import { apiError } from '../../src/testing/index.js';
import { harness } from './fakes.js';

const KEY = 'type-i-web1-0001';
const cfg = b.config([b.group({ bandwidth: undefined, instanceType: b.typePolicy() })], {
  evaluation: { lookbackSec: 3600, periodSec: 60, leaseTtlSec: 120, orchestrationLeaseTtlSec: 600 },
});

async function planned(action: InstanceTypeAction = b.typeAction(), fleet = [b.instance()], over = {}) {
  const h = harness(cfg, fleet, { decide: b.scaleWith(action), ...over });
  const out = await handleSignal(h.deps, b.signal());
  expect(out.status).toBe('dispatched');
  return h;
}

describe('runOrchestration: stop → modify → start', () => {
  it.each([
    ['PostPaid up', b.typeAction(), 'PostPaid', 'ModifyInstanceSpec', { typeUpMs: expect.any(Number) }, 0],
    [
      'PrePaid down',
      b.typeAction({
        direction: 'down',
        fromType: 'ecs.g7.xlarge',
        toType: 'ecs.g7.large',
        api: 'ModifyPrepayInstanceSpec',
      }),
      'PrePaid',
      'ModifyPrepayInstanceSpec',
      { typeDownMs: expect.any(Number) },
      1,
    ],
  ] as const)(
    '%s runs every step once and records the change',
    async (_n, action, charge, api, lastChange, platform) => {
      const h = await planned(action, [b.instance({ instanceChargeType: charge, instanceType: action.fromType })]);
      const steps: string[] = [];
      h.deps.hooks = { afterOrchestrationStep: (o) => void steps.push(o.step) };
      const out = await runOrchestration(h.deps, KEY);
      expect(out).toMatchObject({ status: 'done', step: 'verified' });
      expect(steps).toEqual(['stopping', 'stopped', 'modifying', 'modified', 'starting', 'running', 'verified']);
      expect(h.ecs.changes.map((c) => c.action)).toEqual(['StopInstance', api, 'StartInstance']);
      expect(h.ecs.changes[0]?.detail).toBe('KeepCharging');
      const modify = h.ecs.calls.find((c) => c.action === api)?.params as Record<string, unknown>;
      expect(modify.clientToken).toBe('as-token-type-1');
      if (api === 'ModifyPrepayInstanceSpec') expect(modify.operatorType).toBe('downgrade');
      const resources = h.ecs.calls.find((c) => c.action === 'DescribeResourcesModification')?.params;
      expect(resources).toMatchObject({ operationType: api === 'ModifyPrepayInstanceSpec' ? 'Downgrade' : 'Upgrade' });
      expect(h.ecs.instances.get('i-web1')).toMatchObject({ status: 'Running', instanceType: action.toType });
      const state = await h.store.getInstanceState('i-web1');
      expect(state).toMatchObject({ lastChange, platformDowngrades: platform });
      expect(state.lease).toBeUndefined();
      const [entry] = await h.store.listAudit('i-web1', { limit: 1 });
      expect(entry).toMatchObject({
        result: 'applied',
        after: { instanceType: action.toType },
        signal: { source: 'cms-alarm' },
      });
      expect(entry?.requestIds?.length).toBe(4);
      expect(await runOrchestration(h.deps, KEY)).toMatchObject({
        status: 'done',
        message: 'already finished at verified',
      });
      expect(h.ecs.changeCount()).toBe(3);
    },
  );

  it('a sold-out target rolls back before stopping: the instance keeps running on its old type', async () => {
    const h = await planned();
    h.ecs.soldOut.add('ecs.g7.xlarge');
    const out = await runOrchestration(h.deps, KEY);
    expect(out).toMatchObject({ status: 'done', step: 'rolled-back' });
    expect(h.ecs.changeCount()).toBe(0);
    const [entry] = await h.store.listAudit('i-web1', { limit: 1 });
    expect(entry).toMatchObject({ result: 'rolled-back', error: { code: 'SoldOut' } });
    expect(entry?.error?.message).toContain('SoldOut/WithoutStock');
    const state = await h.store.getInstanceState('i-web1');
    expect(state.lease).toBeUndefined();
    expect(state.lastChange).toEqual({});
  });

  it('OperationDenied.NoStock at modify time starts the instance again on its old type', async () => {
    const h = await planned();
    h.ecs.failNext('ModifyInstanceSpec', apiError('OperationDenied.NoStock', false, 403));
    const out = await runOrchestration(h.deps, KEY);
    expect(out).toMatchObject({ status: 'done', step: 'rolled-back' });
    expect(h.ecs.changes.map((c) => `${c.action}:${c.detail}`)).toEqual([
      'StopInstance:KeepCharging',
      'StartInstance:ecs.g7.large',
    ]);
    expect((await h.store.listAudit('i-web1', { limit: 1 }))[0]).toMatchObject({
      result: 'rolled-back',
      error: { code: 'OperationDenied.NoStock' },
    });
  });

  it('a StopInstance whose answer was lost (the retry finds it stopping) carries on instead of rolling back', async () => {
    const h = await planned();
    const stop = h.ecs.stopInstance.bind(h.ecs);
    // The first answer is lost after the stop took effect; the adapter's retry gets IncorrectInstanceStatus.
    h.ecs.stopInstance = async (req) => {
      await stop(req);
      throw apiError('IncorrectInstanceStatus', false, 403);
    };
    const out = await runOrchestration(h.deps, KEY);
    expect(out).toMatchObject({ status: 'done', step: 'verified' });
    expect(h.ecs.changes.map((c) => c.action)).toEqual(['StopInstance', 'ModifyInstanceSpec', 'StartInstance']);
  });

  it('any other StopInstance error still stops the orchestration from going on blindly', async () => {
    const h = await planned();
    h.ecs.failNext('StopInstance', apiError('InvalidInstanceId.NotFound', false, 404));
    const out = await runOrchestration(h.deps, KEY);
    expect(out.step).not.toBe('verified');
    expect(h.ecs.changeCount('ModifyInstanceSpec')).toBe(0);
  });

  const crashSteps = ['stopping', 'stopped', 'modifying', 'modified', 'starting', 'running'] as const;
  it.each(crashSteps)(
    'a crash right after persisting %s is completed by a rerun with exactly one modify',
    async (at) => {
      const h = await planned();
      h.deps.hooks = {
        afterOrchestrationStep: (o: Orchestration) => {
          if (o.step === at) throw new Error(`crash after ${at}`);
        },
      };
      await expect(runOrchestration(h.deps, KEY)).rejects.toThrow(`crash after ${at}`);
      h.deps.hooks = {};
      // The crashed run still holds the lease: wait for it to expire, as a later reconcile would.
      h.clock.ms += 601_000;
      const out = await runOrchestration(h.deps, KEY);
      expect(out).toMatchObject({ status: 'done', step: 'verified' });
      expect(h.ecs.changeCount('ModifyInstanceSpec')).toBe(1);
      expect(h.ecs.changeCount('StopInstance')).toBe(1);
      expect(h.ecs.changeCount('StartInstance')).toBe(1);
      expect(h.ecs.instances.get('i-web1')).toMatchObject({ status: 'Running', instanceType: 'ecs.g7.xlarge' });
      const applied = (await h.store.listAudit('i-web1', { limit: 20 })).filter((e) => e.result === 'applied');
      expect(applied).toHaveLength(1);
    },
  );

  it('a crash after the modify call but before its step was persisted replays the same token: no second change', async () => {
    const h = await planned();
    const modify = h.ecs.modifyInstanceSpec.bind(h.ecs);
    let crashes = 1;
    h.ecs.modifyInstanceSpec = async (req) => {
      const r = await modify(req);
      if (crashes-- > 0) throw new Error('lost response');
      return r;
    };
    await expect(runOrchestration(h.deps, KEY)).rejects.toThrow('lost response');
    // The type changed, but the persisted step is still `modifying`.
    expect((await h.store.getOrchestration(KEY))?.step).toBe('modifying');
    h.clock.ms += 601_000;
    expect(await runOrchestration(h.deps, KEY)).toMatchObject({ step: 'verified' });
    expect(h.ecs.changeCount('ModifyInstanceSpec')).toBe(1);
  });

  it('a start that fails after the type change is surfaced, retried later, and completes', async () => {
    const h = await planned();
    h.ecs.failNext('StartInstance', apiError('OperationDenied.NoStock', false, 403));
    const first = await runOrchestration(h.deps, KEY);
    expect(first).toMatchObject({ status: 'yielded', step: 'starting' });
    const surfaced = (await h.store.listAudit('i-web1', { limit: 5 })).find((e) => e.result === 'failed');
    expect(surfaced).toMatchObject({ error: { code: 'OperationDenied.NoStock' } });
    expect(surfaced?.message).toContain('will be retried');
    expect((await h.store.getInstanceState('i-web1')).lease).toBeUndefined();
    expect(await runOrchestration(h.deps, KEY)).toMatchObject({ status: 'done', step: 'verified' });
    expect(h.ecs.instances.get('i-web1')?.status).toBe('Running');
  });

  it('retryable errors yield without rolling back; the step is resumed later', async () => {
    const h = await planned();
    h.ecs.failNext('StopInstance', apiError('ServiceUnavailable', true, 503));
    expect(await runOrchestration(h.deps, KEY)).toMatchObject({ status: 'yielded', step: 'stopping' });
    expect(await runOrchestration(h.deps, KEY)).toMatchObject({ status: 'done', step: 'verified' });
    expect(h.ecs.changeCount('StopInstance')).toBe(1);
  });

  it('a status that never settles times out, keeps the step and frees the lease', async () => {
    const h = await planned(b.typeAction(), [b.instance()], { timing: { statusTimeoutMs: 30_000 } });
    h.ecs.transitionPolls = 1_000;
    const out = await runOrchestration(h.deps, KEY);
    expect(out).toMatchObject({ status: 'yielded', step: 'stopping', message: 'timed out waiting for Stopped' });
    expect(h.clock.slept).toBeGreaterThanOrEqual(30_000);
    expect((await h.store.getInstanceState('i-web1')).lease).toBeUndefined();
  });

  it('two concurrent runs of one orchestration make one change', async () => {
    const h = await planned();
    const outs = await Promise.all([runOrchestration(h.deps, KEY), runOrchestration(h.deps, KEY)]);
    expect(outs.map((o) => o.status).sort()).toEqual(['done', 'yielded']);
    expect(h.ecs.changeCount('ModifyInstanceSpec')).toBe(1);
    expect(h.ecs.changeCount('StopInstance')).toBe(1);
  });

  it('does not run while another action holds the instance lease', async () => {
    const h = await planned();
    await h.store.releaseLease({ instanceId: 'i-web1', holder: `orchestration:${KEY}`, actionKey: KEY });
    const { version } = await h.store.getInstanceState('i-web1');
    await h.store.claimLease({
      instanceId: 'i-web1',
      expectedVersion: version,
      holder: 'x',
      actionKey: 'bw-x',
      nowMs: b.T0,
      ttlMs: 60_000,
    });
    expect(await runOrchestration(h.deps, KEY)).toMatchObject({
      status: 'yielded',
      message: 'the instance is leased by another action',
    });
    expect(h.ecs.changeCount()).toBe(0);
  });

  it('after maxAttempts runs a change that never got past stopping is rolled back', async () => {
    const h = await planned(b.typeAction(), [b.instance()], { timing: { maxAttempts: 2, statusTimeoutMs: 10_000 } });
    h.ecs.transitionPolls = 1_000_000;
    await runOrchestration(h.deps, KEY);
    await runOrchestration(h.deps, KEY);
    h.ecs.transitionPolls = 1;
    h.ecs.finishTransitions();
    const out = await runOrchestration(h.deps, KEY);
    expect(out.step).toBe('rolled-back');
    expect((await h.store.getOrchestration(KEY))?.error?.code).toBe('MaxAttemptsExceeded');
    expect(h.ecs.instances.get('i-web1')).toMatchObject({ status: 'Running', instanceType: 'ecs.g7.large' });
  });

  it('an unknown action key is reported missing', async () => {
    const h = harness(cfg, []);
    expect(await runOrchestration(h.deps, 'nope')).toMatchObject({ status: 'missing' });
  });

  it('an instance that vanished fails the orchestration and releases the lease', async () => {
    const h = await planned();
    h.ecs.instances.delete('i-web1');
    expect(await runOrchestration(h.deps, KEY)).toMatchObject({ status: 'done', step: 'failed' });
    expect((await h.store.getInstanceState('i-web1')).lease).toBeUndefined();
    expect(h.logger.lines.some((l) => l.level === 'error' && l.msg === 'orchestration failed')).toBe(true);
  });
});

describe('runOrchestration: kill switch and dry run', () => {
  it.each([
    [
      'kill switch in controls',
      async (h: Awaited<ReturnType<typeof planned>>) => h.store.setControls({ killSwitch: true, pausedGroups: [] }),
      'KillSwitch',
    ],
    [
      'dry run switched on',
      async (h: Awaited<ReturnType<typeof planned>>) => {
        h.deps.config = { ...cfg, dryRun: true };
      },
      'DryRun',
    ],
  ])('%s: a change not yet started is dropped, audited, and nothing is called', async (_n, flip, code) => {
    const h = await planned();
    await flip(h);
    expect(await runOrchestration(h.deps, KEY)).toMatchObject({ status: 'done', step: 'rolled-back' });
    expect(h.ecs.changeCount()).toBe(0);
    expect(h.ecs.count('DescribeResourcesModification')).toBe(0);
    expect((await h.store.listAudit('i-web1', { limit: 1 }))[0]).toMatchObject({
      result: 'rolled-back',
      error: { code },
    });
    expect((await h.store.getInstanceState('i-web1')).lease).toBeUndefined();
  });

  it('a change already under way is finished even when the kill switch comes on', async () => {
    const h = await planned();
    h.deps.hooks = {
      afterOrchestrationStep: async (o: Orchestration) => {
        if (o.step === 'stopped') await h.store.setControls({ killSwitch: true, pausedGroups: [] });
      },
    };
    expect(await runOrchestration(h.deps, KEY)).toMatchObject({ status: 'done', step: 'verified' });
    expect(h.ecs.instances.get('i-web1')?.status).toBe('Running');
  });
});
