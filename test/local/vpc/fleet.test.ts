// The VPC emulator seeded from the fleet file, one source of truth with ECS: after ModifyEipAddressAttribute
// (official VPC SDK) ECS DescribeInstances (official ECS SDK) shows the same EipAddress.Bandwidth; the VPC state is
// saved with the store's data file and restored on restart. Servers on 127.0.0.1 free ports, a VirtualClock.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as $Ecs from '@alicloud/ecs20140526';
import * as $Vpc from '@alicloud/vpc20160428';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';
import { defaultFleet, type FleetFile, startEcsEmulator } from '@ecs-autoscaler/local-cloud/ecs/index.js';
import { persistEcsState } from '@ecs-autoscaler/local-cloud/ecs/persist.js';
import { startTablestoreEmulator } from '@ecs-autoscaler/local-cloud/tablestore/index.js';
import { loadPersisted } from '@ecs-autoscaler/local-cloud/tablestore/recovery.js';
import { persistVpcState, startVpcEmulator, VPC_ERRORS } from '@ecs-autoscaler/local-cloud/vpc/index.js';
import { AK, ecsClient, SECRET } from '../acs/sdk.js';
import { callProblems } from '../conformance/spec.js';
import { T0, TIMINGS, vpcClient } from './harness.js';

const credentials = { accessKeyId: AK, accessKeySecret: SECRET };
const dir = mkdtempSync(join(tmpdir(), 'vpc-fleet-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()?.();
});

/** ECS and VPC from one fleet, linked as the local cloud links them; optionally saved in `dataFile`. */
async function startLinked(clock: VirtualClock, o: { fleet?: FleetFile; dataFile?: string } = {}) {
  const fleet = o.fleet ?? defaultFleet();
  const ecs = await startEcsEmulator({ clock, credentials, fleet });
  const vpc = await startVpcEmulator({ clock, credentials, fleet, timings: TIMINGS });
  ecs.state.linkEips(vpc.state);
  const ots = o.dataFile
    ? await startTablestoreEmulator({ clock, credentials, instanceName: 'autoscaler', dataFile: o.dataFile })
    : undefined;
  closers.push(async () => {
    await Promise.all([ecs.close(), vpc.close(), ots?.close()]);
    expect(callProblems(vpc.state.apiCalls(), VPC_ERRORS, 'vpc')).toEqual([]);
  });
  let restored = false;
  if (ots) {
    persistEcsState(ecs.state, ots, fleet);
    restored = persistVpcState(vpc.state, ots, fleet).restored;
  }
  return { ecs, vpc, ots, restored, ecsClient: ecsClient(ecs.endpoint), vpcClient: vpcClient(vpc.endpoint) };
}

type Linked = Awaited<ReturnType<typeof startLinked>>;

async function ecsEip(l: Linked, instanceId: string) {
  const res = await l.ecsClient.describeInstances(
    new $Ecs.DescribeInstancesRequest({ regionId: 'cn-hangzhou', instanceIds: JSON.stringify([instanceId]) }),
  );
  return res.body?.instances?.instance?.[0]?.eipAddress;
}

async function vpcEips(l: Linked) {
  const res = await l.vpcClient.describeEipAddresses(new $Vpc.DescribeEipAddressesRequest({ regionId: 'cn-hangzhou' }));
  return res.body?.eipAddresses?.eipAddress ?? [];
}

const modify = (l: Linked, allocationId: string, bandwidth: string) =>
  l.vpcClient.modifyEipAddressAttribute(new $Vpc.ModifyEipAddressAttributeRequest({ allocationId, bandwidth }));

describe('the VPC emulator from the fleet file', () => {
  it('serves the fleet EIPs (bound and in a package) and its packages', async () => {
    const l = await startLinked(new VirtualClock(T0));
    const eips = (await vpcEips(l)).filter((e) => ['eip-local0001', 'eip-local0002'].includes(e.allocationId ?? ''));
    expect(eips.map((e) => [e.allocationId, e.status, e.instanceId, e.bandwidth, e.internetChargeType])).toEqual([
      ['eip-local0001', 'InUse', 'i-eip-bound', '5', 'PayByBandwidth'],
      ['eip-local0002', 'Available', '', '20', 'PayByTraffic'],
    ]);
    expect(eips[1]).toMatchObject({ bandwidthPackageId: 'cbwp-local0001', eipBandwidth: '5' });
    const pkgs = await l.vpcClient.describeCommonBandwidthPackages(
      new $Vpc.DescribeCommonBandwidthPackagesRequest({ regionId: 'cn-hangzhou' }),
    );
    const pkg = pkgs.body?.commonBandwidthPackages?.commonBandwidthPackage?.[0];
    expect(pkg).toMatchObject({ bandwidthPackageId: 'cbwp-local0001', bandwidth: '20', name: 'shared-1' });
    expect(pkg?.publicIpAddresses?.publicIpAddresse?.map((e) => e.allocationId)).toContain('eip-local0002');
  });

  it('ECS shows the EIP bandwidth the VPC holds, after every ModifyEipAddressAttribute', async () => {
    const clock = new VirtualClock(T0);
    const l = await startLinked(clock);
    expect(await ecsEip(l, 'i-eip-bound')).toMatchObject({ bandwidth: 5, internetChargeType: 'PayByBandwidth' });
    await modify(l, 'eip-local0001', '12');
    expect(await ecsEip(l, 'i-eip-bound')).toMatchObject({ allocationId: 'eip-local0001', bandwidth: 12 });
    expect((await vpcEips(l))[0]?.bandwidth).toBe('12');
    await clock.advance(TIMINGS.eipSettleMs);
    await modify(l, 'eip-local0001', '7');
    expect((await ecsEip(l, 'i-eip-bound'))?.bandwidth).toBe(7);
    // The instance's own public bandwidth stays 0: its traffic goes through the EIP.
    const inst = await l.ecsClient.describeInstances(
      new $Ecs.DescribeInstancesRequest({ regionId: 'cn-hangzhou', instanceIds: '["i-eip-bound"]' }),
    );
    expect(inst.body?.instances?.instance?.[0]?.internetMaxBandwidthOut).toBe(0);
    expect(l.vpc.state.changes().map((c) => [c.from, c.to])).toEqual([
      [5, 12],
      [12, 7],
    ]);
  });

  it('saves the VPC state with the store before answering, and restores it on restart', async () => {
    const dataFile = join(dir, 'tablestore.json');
    const clock = new VirtualClock(T0);
    const first = await startLinked(clock, { dataFile });
    expect(first.restored).toBe(false);
    await modify(first, 'eip-local0001', '9');
    await first.vpcClient.modifyCommonBandwidthPackageSpec(
      new $Vpc.ModifyCommonBandwidthPackageSpecRequest({
        regionId: 'cn-hangzhou',
        bandwidthPackageId: 'cbwp-local0001',
        bandwidth: '40',
      }),
    );
    // On disk already (what a kill -9 now would leave): the answer came after the write.
    const { companions } = await loadPersisted(dataFile);
    const saved = companions.vpc as { eips: { allocationId: string; bandwidth: number }[] };
    expect(saved.eips.find((e) => e.allocationId === 'eip-local0001')?.bandwidth).toBe(9);
    while (closers.length > 0) await closers.pop()?.();
    await clock.advance(TIMINGS.cbwpModifyMs);
    const second = await startLinked(clock, { dataFile });
    expect(second.restored).toBe(true);
    expect(await ecsEip(second, 'i-eip-bound')).toMatchObject({ bandwidth: 9 });
    // The package change in flight at the save completes on the restored clock.
    expect((await vpcEips(second)).find((e) => e.allocationId === 'eip-local0002')?.bandwidth).toBe('40');
    expect(second.vpc.state.changes().map((c) => c.action)).toEqual([
      'ModifyEipAddressAttribute',
      'ModifyCommonBandwidthPackageSpec',
      'CbwpModifyDone',
    ]);
  });

  it('refuses to restore the VPC state of another fleet', async () => {
    const dataFile = join(dir, 'other.json');
    const clock = new VirtualClock(T0);
    const first = await startLinked(clock, { dataFile });
    await modify(first, 'eip-local0001', '8');
    while (closers.length > 0) await closers.pop()?.();
    const other = structuredClone(defaultFleet());
    const bound = other.instances.find((i) => i.eip);
    if (bound?.eip) bound.eip.bandwidthMbps = 6;
    const ots = await startTablestoreEmulator({ clock, credentials, instanceName: 'autoscaler', dataFile });
    const vpc = await startVpcEmulator({ clock, credentials, fleet: other });
    closers.push(() => Promise.all([ots.close(), vpc.close()]));
    expect(() => persistVpcState(vpc.state, ots, other)).toThrow(/another fleet \(the fleet file changed\)/);
    expect(vpc.state.eip('eip-local0001')?.bandwidth).toBe(6);
  });
});
