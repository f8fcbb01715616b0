// The alarm path end to end: real decide, the official ECS SDK against the local ECS, the memory store.
import { afterEach, describe, expect, it } from 'vitest';
import { handleSignal } from '../../../src/app/handleSignal.js';
import { FaultInjector } from '@ecs-autoscaler/local-cloud/faults.js';
import * as b from '../../app/builders.js';
import { appConfig, fleet, fleetInstance, type LocalApp, startLocalApp } from './harness.js';

let app: LocalApp;
afterEach(() => app?.close());

const alarm = (instanceId: string, dedupeKey: string) => b.signal({ instanceId, dedupeKey, atMs: app.clock.now() });

describe('alarm path against the local cloud', () => {
  it('duplicate deliveries of one alarm make one API call', async () => {
    app = await startLocalApp({ fleet: fleet([fleetInstance('i-web-1')]) });
    app.load('i-web-1', 'bandwidthMbps', 9.6);
    const deliveries = [1, 2, 3].map(() => app.drive(handleSignal(app.deps, alarm('i-web-1', 'cms:t-1:ALERT'))));
    const concurrent = await Promise.all(deliveries);
    const late = await app.drive(handleSignal(app.deps, alarm('i-web-1', 'cms:t-1:ALERT')));
    expect([...concurrent, late].map((o) => o.status).sort()).toEqual([
      'applied',
      'duplicate',
      'duplicate',
      'duplicate',
    ]);
    expect(app.emulator.state.apiCallCount('ModifyInstanceNetworkSpec')).toBe(1);
    const changes = app.emulator.state.changes({ action: 'ModifyInstanceNetworkSpec' });
    expect(changes).toHaveLength(1);
    expect((await app.instance('i-web-1'))?.bandwidthOutMbps).toBe(20);
    const [entry] = await app.store.listAudit('i-web-1', { limit: 1 });
    expect(entry).toMatchObject({
      result: 'applied',
      before: { bandwidthOutMbps: 10 },
      after: { bandwidthOutMbps: 20 },
    });
    expect(entry?.clientToken).toBe(changes[0]?.clientToken);
    expect(entry?.requestIds).toEqual([changes[0]?.requestId]);
  });

  it('20 concurrent signals for one instance: one action, the rest skip in-progress', async () => {
    // A slow ECS call (300 ms of wall time) keeps the action in flight while all 20 evaluations run.
    const faults = new FaultInjector({
      rules: [{ action: 'ModifyInstanceNetworkSpec', kind: 'latency', latencyMs: 300 }],
    });
    app = await startLocalApp({ fleet: fleet([fleetInstance('i-web-1')]), faults });
    app.load('i-web-1', 'bandwidthMbps', 9.6);
    const outs = await Promise.all(
      Array.from({ length: 20 }, (_, i) => app.drive(handleSignal(app.deps, alarm('i-web-1', `cms:t-${i}:ALERT`)))),
    );
    expect(outs.filter((o) => o.status === 'applied')).toHaveLength(1);
    expect(outs.filter((o) => o.status === 'skipped').map((o) => o.reason)).toEqual(Array(19).fill('in-progress'));
    expect(app.emulator.state.changes({ action: 'ModifyInstanceNetworkSpec' })).toHaveLength(1);
    const audit = await app.store.listAudit('i-web-1', { limit: 50 });
    expect(audit.filter((e) => e.reason === 'in-progress')).toHaveLength(19);
    expect(app.logger.decisions()).toHaveLength(20);
  });

  it('cooldown and quota skips are audited with their reasons', async () => {
    app = await startLocalApp({
      fleet: fleet([fleetInstance('i-web-1'), fleetInstance('i-web-2', { bandwidthOutMbps: 40 })]),
    });
    app.load('i-web-1', 'bandwidthMbps', 9.6);
    expect((await app.drive(handleSignal(app.deps, alarm('i-web-1', 'a-1')))).status).toBe('applied');
    await app.clock.advance(120_000);
    app.load('i-web-1', 'bandwidthMbps', 19.6, 2);
    const cooled = await app.drive(handleSignal(app.deps, alarm('i-web-1', 'a-2')));
    expect(cooled).toMatchObject({ status: 'skipped', reason: 'cooldown' });
    expect((await app.store.listAudit('i-web-1', { limit: 1 }))[0]).toMatchObject({
      result: 'skipped',
      reason: 'cooldown',
    });

    // i-web-2 has spent its reactive downgrade budget (max 3, reserve 1) within the window.
    const { version } = await app.store.getInstanceState('i-web-2');
    for (const [i, atMs] of [b.T0 - 7_200_000, b.T0 - 3_600_000].entries()) {
      const key = `old-${i}`;
      await app.store.claimLease({
        instanceId: 'i-web-2',
        expectedVersion: version + 2 * i,
        holder: 'h',
        actionKey: key,
        nowMs: app.clock.now(),
        ttlMs: 1_000,
      });
      await app.store.commit({
        instanceId: 'i-web-2',
        holder: 'h',
        actionKey: key,
        update: { addDowngradeAtMs: atMs },
      });
    }
    app.load('i-web-2', 'bandwidthMbps', 2);
    const quota = await app.drive(handleSignal(app.deps, alarm('i-web-2', 'a-3')));
    expect(quota).toMatchObject({ status: 'skipped', reason: 'quota' });
    const [entry] = await app.store.listAudit('i-web-2', { limit: 1 });
    expect(entry).toMatchObject({ result: 'skipped', reason: 'quota' });
    expect(entry?.message).toMatch(/downgrade/);
    expect(app.emulator.state.changes({ instanceId: 'i-web-2' })).toEqual([]);
  });

  it('dry run decides and audits "would-do" but changes nothing in the cloud', async () => {
    app = await startLocalApp({
      fleet: fleet([fleetInstance('i-web-1'), fleetInstance('i-batch-1', { tags: { app: 'batch' } })]),
      config: appConfig({ dryRun: true }),
    });
    app.load('i-web-1', 'bandwidthMbps', 9.6);
    app.load('i-batch-1', 'cpuPercent', 95);
    const outs = [
      await app.drive(handleSignal(app.deps, alarm('i-web-1', 'd-1'))),
      await app.drive(handleSignal(app.deps, alarm('i-batch-1', 'd-2'))),
    ];
    expect(outs.map((o) => o.status)).toEqual(['dry-run', 'dry-run']);
    expect(app.emulator.state.changes()).toEqual([]);
    const mutating = app.emulator.state.apiCalls().filter((c) => !c.action.startsWith('Describe'));
    expect(mutating).toEqual([]);
    expect((await app.store.listAudit('i-batch-1', { limit: 1 }))[0]).toMatchObject({
      result: 'would-do',
      after: { instanceType: 'ecs.g7.xlarge' },
    });
    expect(await app.store.listActiveOrchestrations()).toEqual([]);
  });
});
