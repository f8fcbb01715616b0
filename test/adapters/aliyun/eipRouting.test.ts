// EIP routing at the port boundary, through the official ECS and VPC SDKs against their emulators: an EIP-bound
// instance is shown with its EIP's bandwidth and scaled through ModifyEipAddressAttribute by the real app path;
// duplicate and concurrent deliveries make one change although the API has no ClientToken (docs/eip.md).
import { afterEach, describe, expect, it } from 'vitest';
import { handleSignal } from '../../../src/app/handleSignal.js';
import { CloudApiError } from '../../../src/core/errors.js';
import { FaultInjector } from '@ecs-autoscaler/local-cloud/faults.js';
import * as b from '../../app/builders.js';
import { type EipApp, startEipApp } from './eipHarness.js';

let app: EipApp;
afterEach(() => app?.close());

const alarm = (instanceId: string, dedupeKey: string) => b.signal({ instanceId, dedupeKey, atMs: app.clock.now() });
const eipModifies = () => app.vpcEmulator.state.apiCalls().filter((c) => c.action === 'ModifyEipAddressAttribute');
const eipChanges = () => app.vpcEmulator.state.changes().filter((c) => c.action === 'ModifyEipAddressAttribute');
const change = (bandwidthOutMbps: number) => ({ instanceId: 'i-eip-web', bandwidthOutMbps, clientToken: 'tok-1' });

describe('describe: an EIP-bound instance is shown with its EIP', () => {
  it('routes a pay-as-you-go instance with a scalable EIP and keeps the others eip-bound, saying why', async () => {
    app = await startEipApp();
    const all = await app.drive(app.ecs.listInstances({}));
    const byId = new Map(all.map((i) => [i.instanceId, i]));
    expect(byId.get('i-eip-web')).toMatchObject({
      eipBound: false,
      eipAllocationId: 'eip-web',
      bandwidthOutMbps: 10,
      internetChargeType: 'PayByBandwidth',
      publicIp: '47.96.30.7',
    });
    expect(byId.get('i-eip-pkg')).toMatchObject({ eipBound: true, eipAllocationId: 'eip-pkg', bandwidthOutMbps: 0 });
    // A subscription instance with a pay-as-you-go EIP is routed: the core treats the link as pay-as-you-go.
    expect(byId.get('i-eip-sub')).toMatchObject({
      eipBound: false,
      eipAllocationId: 'eip-sub',
      instanceChargeType: 'PrePaid',
      bandwidthOutMbps: 10,
    });
    expect(byId.get('i-plain')).toMatchObject({ eipBound: false, bandwidthOutMbps: 10 });
    expect(byId.get('i-plain')?.eipAllocationId).toBeUndefined();
    expect(byId.get('i-eip-traffic')).toMatchObject({ eipBound: false, internetChargeType: 'PayByTraffic' });
    expect(app.kept.map((k) => [k.instanceId, k.allocationId])).toEqual([['i-eip-pkg', 'eip-pkg']]);
    expect(app.kept[0]?.reason).toMatch(/shared bandwidth package cbwp-shared/);
    // One DescribeEipAddresses for the whole page of instances.
    expect(app.vpcEmulator.state.apiCalls().filter((c) => c.action === 'DescribeEipAddresses')).toHaveLength(1);
  });

  it('when VPC cannot be read, EIP-bound instances stay eip-bound and the rest of the fleet is unaffected', async () => {
    const faults = new FaultInjector({ rules: [{ action: 'DescribeEipAddresses', kind: 'InternalError' }] });
    app = await startEipApp({ vpcFaults: faults });
    const all = await app.drive(app.ecs.listInstances({}));
    expect(
      all
        .filter((i) => i.eipBound)
        .map((i) => i.instanceId)
        .sort(),
    ).toEqual(['i-eip-pkg', 'i-eip-sub', 'i-eip-traffic', 'i-eip-web']);
    expect(app.kept[0]?.reason).toMatch(/DescribeEipAddresses failed \(InternalError/);
    await app.drive(app.ecs.modifyInstanceNetworkSpec(change(20)).catch(() => undefined));
    expect(eipModifies()).toEqual([]);
  });

  it('a plain instance costs no VPC call, and its change goes to ECS', async () => {
    app = await startEipApp();
    await app.drive(app.ecs.describeInstances(['i-plain']));
    await app.drive(
      app.ecs.modifyInstanceNetworkSpec({ instanceId: 'i-plain', bandwidthOutMbps: 15, clientToken: 't' }),
    );
    expect(app.vpcEmulator.state.apiCalls()).toEqual([]);
    expect(app.ecsEmulator.state.changes({ action: 'ModifyInstanceNetworkSpec' })).toHaveLength(1);
  });
});

describe('change: ModifyEipAddressAttribute, read before write', () => {
  it('a change of a routed instance sets the EIP (learning the binding first when it was never described)', async () => {
    app = await startEipApp();
    const res = await app.drive(app.ecs.modifyInstanceNetworkSpec(change(20)));
    expect(res.requestId).not.toBe('');
    expect(app.vpcEmulator.state.eip('eip-web')?.bandwidth).toBe(20);
    expect(app.ecsEmulator.state.changes({ action: 'ModifyInstanceNetworkSpec' })).toEqual([]);
    expect((await app.drive(app.ecs.describeInstances(['i-eip-web'])))[0]?.bandwidthOutMbps).toBe(20);
  });

  it('(a) the same change delivered twice (a replay) makes one ModifyEipAddressAttribute', async () => {
    app = await startEipApp();
    await app.drive(app.ecs.modifyInstanceNetworkSpec(change(20)));
    await app.clock.advance(5_000);
    const again = await app.drive(app.ecs.modifyInstanceNetworkSpec(change(20)));
    expect(again.requestId).toBe('');
    expect(eipModifies()).toHaveLength(1);
    expect(eipChanges()).toHaveLength(1);
  });

  it('(a) a lost answer is retried by reading again: the change is seen applied, never sent twice', async () => {
    const faults = new FaultInjector({
      rules: [{ action: 'ModifyEipAddressAttribute', kind: 'drop-after', maxCount: 1 }],
    });
    app = await startEipApp({ vpcFaults: faults });
    await app.drive(app.ecs.modifyInstanceNetworkSpec(change(20)));
    expect(eipModifies()).toHaveLength(1);
    expect(eipChanges()).toEqual([expect.objectContaining({ resourceId: 'eip-web', from: 10, to: 20 })]);
  });

  it('(b) two changes at once without any lease: the second sees ConcurrentRequest, reads again and stops', async () => {
    app = await startEipApp();
    await app.drive(app.ecs.describeInstances(['i-eip-web']));
    await app.drive(
      Promise.all([app.ecs.modifyInstanceNetworkSpec(change(20)), app.ecs.modifyInstanceNetworkSpec(change(20))]),
    );
    expect(eipChanges()).toHaveLength(1);
    expect(app.vpcEmulator.state.eip('eip-web')?.bandwidth).toBe(20);
  });

  it('refuses, without a call, a temporary upgrade, a billing switch and an EIP no longer in use', async () => {
    app = await startEipApp();
    await app.drive(app.ecs.describeInstances(['i-eip-web']));
    const fail = async (p: Promise<unknown>) => {
      const err = await app.drive(
        p.then(
          () => undefined,
          (e: unknown) => e,
        ),
      );
      expect(err).toBeInstanceOf(CloudApiError);
      return err as CloudApiError;
    };
    const temporary = await fail(app.ecs.modifyInstanceNetworkSpec({ ...change(20), startTime: 'x', endTime: 'y' }));
    expect(temporary).toMatchObject({ code: 'EipRouting.NoTemporaryUpgrade', retryable: false });
    const billing = await fail(app.ecs.modifyInstanceNetworkSpec({ ...change(20), networkChargeType: 'PayByTraffic' }));
    expect(billing).toMatchObject({ code: 'EipRouting.NoBillingSwitch', retryable: false });
    // The EIP is being unbound after the describe: the fresh read before the write sees it. (An EIP that joined a
    // shared package is refused the same way, naming the package: test/core/eipLink.test.ts.)
    app.vpcEmulator.state.setEipStatus('eip-web', 'Unassociating');
    const status = await fail(app.ecs.modifyInstanceNetworkSpec(change(20)));
    expect(status).toMatchObject({ code: 'IncorrectEipStatus', retryable: false });
    expect(status.message).toMatch(/eip-web is Unassociating/);
    expect(eipModifies()).toEqual([]);
  });
});

describe('the app path (handleSignal) on an EIP-bound instance', () => {
  it('scales the EIP with the same core: decision, audit, before → after', async () => {
    app = await startEipApp();
    app.load('i-eip-web', 9.6);
    const out = await app.drive(handleSignal(app.deps, alarm('i-eip-web', 'cms:eip-1:ALERT')));
    expect(out.status).toBe('applied');
    expect(app.vpcEmulator.state.eip('eip-web')?.bandwidth).toBe(20);
    const [entry] = await app.store.listAudit('i-eip-web', { limit: 1 });
    expect(entry).toMatchObject({
      result: 'applied',
      before: { bandwidthOutMbps: 10 },
      after: { bandwidthOutMbps: 20 },
    });
    expect(entry?.requestIds).toEqual([expect.stringMatching(/^[0-9A-F-]{36}$/)]);
  });

  it('(a) duplicate deliveries of one alarm, then a second alarm on the same load: one change', async () => {
    app = await startEipApp();
    app.load('i-eip-web', 9.6);
    const outs = await Promise.all(
      [1, 2, 3].map(() => app.drive(handleSignal(app.deps, alarm('i-eip-web', 'cms:eip-2:ALERT')))),
    );
    expect(outs.map((o) => o.status).sort()).toEqual(['applied', 'duplicate', 'duplicate']);
    await app.clock.advance(60_000);
    const later = await app.drive(handleSignal(app.deps, alarm('i-eip-web', 'cms:eip-3:ALERT')));
    expect(later.status).toBe('skipped');
    expect(eipModifies()).toHaveLength(1);
    expect(eipChanges()).toHaveLength(1);
  });

  it('(b) 10 concurrent evaluations of the instance: one change, the rest skip in-progress', async () => {
    const faults = new FaultInjector({
      rules: [{ action: 'ModifyEipAddressAttribute', kind: 'latency', latencyMs: 300 }],
    });
    app = await startEipApp({ vpcFaults: faults });
    app.load('i-eip-web', 9.6);
    const outs = await Promise.all(
      Array.from({ length: 10 }, (_, i) => app.drive(handleSignal(app.deps, alarm('i-eip-web', `cms:c-${i}:ALERT`)))),
    );
    expect(outs.filter((o) => o.status === 'applied')).toHaveLength(1);
    expect(outs.filter((o) => o.status === 'skipped').map((o) => o.reason)).toEqual(Array(9).fill('in-progress'));
    expect(eipModifies()).toHaveLength(1);
  });

  it('a pay-by-traffic EIP gets the traffic cap: the same core holds it at the policy maximum', async () => {
    app = await startEipApp();
    app.load('i-eip-traffic', 2);
    const out = await app.drive(handleSignal(app.deps, alarm('i-eip-traffic', 'cms:traffic:ALERT')));
    expect(out).toMatchObject({ status: 'applied' });
    const max = app.deps.config.groups[0]?.bandwidth?.maxMbps;
    expect(app.vpcEmulator.state.eip('eip-traffic')?.bandwidth).toBe(max);
    const [entry] = await app.store.listAudit('i-eip-traffic', { limit: 1 });
    expect(entry).toMatchObject({ reason: 'traffic-cap', before: { bandwidthOutMbps: 5 } });
  });

  it('a subscription instance with a pay-as-you-go EIP: a permanent EIP change, no temporary upgrade', async () => {
    app = await startEipApp();
    app.load('i-eip-sub', 9.6);
    const out = await app.drive(handleSignal(app.deps, alarm('i-eip-sub', 'cms:sub:ALERT')));
    expect(out.status).toBe('applied');
    expect(app.vpcEmulator.state.eip('eip-sub')?.bandwidth).toBe(20);
    expect(app.ecsEmulator.state.changes()).toEqual([]);
    const [entry] = await app.store.listAudit('i-eip-sub', { limit: 1 });
    expect(entry).toMatchObject({
      result: 'applied',
      before: { bandwidthOutMbps: 10 },
      after: { bandwidthOutMbps: 20 },
    });
    const row = await app.store.getInstanceState('i-eip-sub');
    expect(row.temporaryUpgrade).toBeUndefined();
    expect(row.platformDowngrades).toBe(0);
  });

  it('an instance whose EIP is in a shared package is skipped eip-bound, with no VPC change', async () => {
    app = await startEipApp();
    app.load('i-eip-pkg', 9.6);
    const out = await app.drive(handleSignal(app.deps, alarm('i-eip-pkg', 'cms:pkg:ALERT')));
    expect(out).toMatchObject({ status: 'skipped', reason: 'eip-bound' });
    expect(eipModifies()).toEqual([]);
  });
});
