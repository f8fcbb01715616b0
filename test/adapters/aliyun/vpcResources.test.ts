// EIPs and shared bandwidth packages as resources at the port boundary, through the official ECS and VPC SDKs against
// their emulators, wired as src/runtime/compose.ts wires them (withVpcResources over withEipRouting): described and
// listed by tag as bandwidth-only snapshots, changed by read-before-write with one call per change although neither
// API has a ClientToken (docs/eip.md).
import { afterEach, describe, expect, it } from 'vitest';
import { createEcsApi } from '../../../src/adapters/aliyun/ecs.js';
import type { RetryPolicy } from '../../../src/adapters/aliyun/retry.js';
import { createVpcApi } from '../../../src/adapters/aliyun/vpc.js';
import { withVpcLinks } from '../../../src/adapters/aliyun/vpcResources.js';
import { CloudApiError } from '../../../src/core/errors.js';
import type { EcsApi } from '../../../src/ports/EcsApi.js';
import type { VpcApi } from '../../../src/ports/VpcApi.js';
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';
import { type EcsEmulator, startEcsEmulator } from '@ecs-autoscaler/local-cloud/ecs/index.js';
import { FaultInjector, type FaultRule } from '@ecs-autoscaler/local-cloud/faults.js';
import { startVpcEmulator, type VpcEmulator, type VpcFixture } from '@ecs-autoscaler/local-cloud/vpc/index.js';
import * as b from '../../app/builders.js';
import { fleet, fleetInstance } from '../../integration/app/harness.js';

const CREDS = { accessKeyId: 'LTAI-vpc-resources', accessKeySecret: 'vpc-resources-secret' };
const RETRY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 500, maxDelayMs: 4_000, maxElapsedMs: 120_000 };
/** How long a package stays Modifying: shorter than the retry budget of one change (RETRY at half jitter: ~9.7 s). */
const CBWP_MODIFY_MS = 3_000;

/** eip-edge-1/2 (team edge), eip-core (team core), eip-in-pkg in cbwp-edge, cbwp-edge, cbwp-95 (PayBy95). */
function fixture(): VpcFixture {
  return {
    regionId: 'cn-hangzhou',
    eips: [
      {
        allocationId: 'eip-edge-1',
        ipAddress: '47.96.50.1',
        bandwidth: 10,
        internetChargeType: 'PayByBandwidth',
        instanceId: 'i-elsewhere',
        name: 'edge-one',
        tags: { team: 'edge', env: 'prod' },
      },
      { allocationId: 'eip-edge-2', ipAddress: '47.96.50.2', bandwidth: 5, tags: { team: 'edge', env: 'dev' } },
      { allocationId: 'eip-core', ipAddress: '47.96.50.3', bandwidth: 5, tags: { team: 'core' } },
      {
        allocationId: 'eip-in-pkg',
        ipAddress: '47.96.50.4',
        bandwidth: 5,
        bandwidthPackageId: 'cbwp-edge',
        tags: { team: 'edge', env: 'pkg' },
      },
    ],
    packages: [
      { bandwidthPackageId: 'cbwp-edge', bandwidth: 100, tags: { team: 'edge' } },
      { bandwidthPackageId: 'cbwp-95', bandwidth: 300, internetChargeType: 'PayBy95', tags: { team: 'core' } },
    ],
  };
}

interface Setup {
  clock: VirtualClock;
  ecsEmulator: EcsEmulator;
  vpcEmulator: VpcEmulator;
  vpc: VpcApi;
  api: EcsApi;
  unreadable: string[];
  drive<T>(p: Promise<T>): Promise<T>;
}

let s: Setup | undefined;
afterEach(async () => {
  await Promise.all([s?.ecsEmulator.close(), s?.vpcEmulator.close()]);
  s = undefined;
});

async function setup(vpcRules: FaultRule[] = []): Promise<Setup> {
  const clock = new VirtualClock(b.T0);
  const ecsEmulator = await startEcsEmulator({ clock, credentials: CREDS, fleet: fleet([fleetInstance('i-plain')]) });
  const vpcEmulator = await startVpcEmulator({
    clock,
    credentials: CREDS,
    fixture: fixture(),
    timings: { cbwpModifyMs: CBWP_MODIFY_MS, eipSettleMs: 1_000 },
    ...(vpcRules.length > 0 ? { faults: new FaultInjector({ rules: vpcRules }) } : {}),
  });
  const common = { protocol: 'http' as const, regionId: 'cn-hangzhou', credentials: CREDS, retry: RETRY, clock };
  const vpc = createVpcApi({ ...common, endpoint: vpcEmulator.endpoint, readTimeoutMs: 5_000 });
  const ecs = createEcsApi({ ...common, endpoint: ecsEmulator.endpoint, readTimeoutMs: 5_000 });
  const unreadable: string[] = [];
  const api = withVpcLinks(ecs, vpc, {
    regionId: 'cn-hangzhou',
    retry: RETRY,
    clock,
    random: () => 0.5,
    onUnreadable: (action, reason) => unreadable.push(`${action}: ${reason}`),
  });
  async function drive<T>(p: Promise<T>): Promise<T> {
    let settled = false;
    const done = () => {
      settled = true;
    };
    p.then(done, done);
    for (let i = 0; i < 200_000 && !settled; i++) {
      const next = clock.nextTimerAtMs();
      if (next !== undefined) await clock.advanceTo(next);
      else await new Promise((r) => setTimeout(r, 1));
    }
    return p;
  }
  s = { clock, ecsEmulator, vpcEmulator, vpc, api, unreadable, drive };
  return s;
}

const calls = (action: string) => s?.vpcEmulator.state.apiCalls().filter((c) => c.action === action) ?? [];
const changes = (action: string) => s?.vpcEmulator.state.changes().filter((c) => c.action === action) ?? [];
const ecsCalls = () => s?.ecsEmulator.state.apiCalls() ?? [];
const change = (instanceId: string, bandwidthOutMbps: number) => ({ instanceId, bandwidthOutMbps, clientToken: 't' });

async function failure(p: Promise<unknown>): Promise<CloudApiError> {
  const err = await (s as Setup).drive(
    p.then(
      () => undefined,
      (e: unknown) => e,
    ),
  );
  expect(err).toBeInstanceOf(CloudApiError);
  return err as CloudApiError;
}

describe('describe and list: bandwidth-only snapshots', () => {
  it('describes EIPs and packages by id next to instances, each from its own API', async () => {
    const { api, drive } = await setup();
    const got = await drive(api.describeInstances(['eip-edge-1', 'cbwp-edge', 'i-plain', 'eip-nope', 'cbwp-95']));
    const byId = new Map(got.map((i) => [i.instanceId, i]));
    expect([...byId.keys()].sort()).toEqual(['cbwp-95', 'cbwp-edge', 'eip-edge-1', 'i-plain']);
    expect(byId.get('eip-edge-1')).toMatchObject({
      resource: 'eip',
      status: 'Running',
      bandwidthOutMbps: 10,
      internetChargeType: 'PayByBandwidth',
      instanceChargeType: 'PostPaid',
      publicIp: '47.96.50.1',
      eipBound: false,
      eipAllocationId: 'eip-edge-1',
      tags: { team: 'edge', env: 'prod' },
      cpu: 0,
    });
    expect(byId.get('eip-edge-1')?.linkRefusal).toBeUndefined();
    expect(byId.get('cbwp-edge')).toMatchObject({
      resource: 'bandwidthPackage',
      bandwidthOutMbps: 100,
      internetChargeType: 'PayByBandwidth',
      tags: { team: 'edge' },
    });
    expect(byId.get('cbwp-95')?.linkRefusal).toMatch(/enhanced 95th percentile/);
    expect(byId.get('i-plain')?.resource).toBeUndefined();
    expect(calls('DescribeEipAddresses')).toHaveLength(1);
    expect(calls('DescribeCommonBandwidthPackages')).toHaveLength(1);
  });

  it('lists the EIPs or packages carrying every given tag; without `resource`, only instances', async () => {
    const { api, drive } = await setup();
    const ids = async (filter: Parameters<EcsApi['listInstances']>[0]) =>
      (await drive(api.listInstances(filter))).map((i) => i.instanceId).sort();
    expect(await ids({ tags: { team: 'edge' }, resource: 'eip' })).toEqual(['eip-edge-1', 'eip-edge-2', 'eip-in-pkg']);
    expect(await ids({ tags: { team: 'edge', env: 'dev' }, resource: 'eip' })).toEqual(['eip-edge-2']);
    expect(await ids({ tags: { team: 'edge' }, resource: 'bandwidthPackage' })).toEqual(['cbwp-edge']);
    expect(await ids({ resource: 'bandwidthPackage' })).toEqual(['cbwp-95', 'cbwp-edge']);
    expect(await ids({})).toEqual(['i-plain']);
    const [inPkg] = await drive(api.listInstances({ tags: { env: 'pkg' }, resource: 'eip' }));
    // Its own bandwidth (5), not the package's (100), and why it is not changed.
    expect(inPkg).toMatchObject({ bandwidthOutMbps: 5, linkRefusal: expect.stringMatching(/package cbwp-edge/) });
  });

  it('when VPC cannot be read, the resources are absent and the instances still described', async () => {
    const { api, drive, unreadable } = await setup([
      { action: 'DescribeEipAddresses', kind: 'InternalError' },
      { action: 'DescribeCommonBandwidthPackages', kind: 'InternalError' },
    ]);
    const got = await drive(api.describeInstances(['eip-edge-1', 'cbwp-edge', 'i-plain']));
    expect(got.map((i) => i.instanceId)).toEqual(['i-plain']);
    expect(await drive(api.listInstances({ tags: { team: 'edge' }, resource: 'eip' }))).toEqual([]);
    expect(unreadable.some((u) => /^DescribeEipAddresses: InternalError/.test(u))).toBe(true);
    expect(unreadable.some((u) => /^DescribeCommonBandwidthPackages: InternalError/.test(u))).toBe(true);
  });
});

describe('change an EIP: ModifyEipAddressAttribute, read before write', () => {
  it('one change is one call; the same change again is none', async () => {
    const { api, drive, clock, vpcEmulator } = await setup();
    const res = await drive(api.modifyInstanceNetworkSpec(change('eip-edge-2', 20)));
    expect(res.requestId).not.toBe('');
    expect(vpcEmulator.state.eip('eip-edge-2')?.bandwidth).toBe(20);
    await clock.advance(5_000);
    const again = await drive(api.modifyInstanceNetworkSpec(change('eip-edge-2', 20)));
    expect(again.requestId).toBe('');
    expect(calls('ModifyEipAddressAttribute')).toHaveLength(1);
    expect((await drive(api.describeInstances(['eip-edge-2'])))[0]?.bandwidthOutMbps).toBe(20);
  });

  it('a lost answer is retried by reading again: one call, one change', async () => {
    const { api, drive } = await setup([{ action: 'ModifyEipAddressAttribute', kind: 'drop-after', maxCount: 1 }]);
    await drive(api.modifyInstanceNetworkSpec(change('eip-edge-1', 30)));
    expect(calls('ModifyEipAddressAttribute')).toHaveLength(1);
    expect(changes('ModifyEipAddressAttribute')).toEqual([
      expect.objectContaining({ resourceId: 'eip-edge-1', from: 10, to: 30 }),
    ]);
  });

  it('an EIP in a package is refused without a call, naming the package', async () => {
    const { api } = await setup();
    const err = await failure(api.modifyInstanceNetworkSpec(change('eip-in-pkg', 20)));
    expect(err).toMatchObject({ code: 'Forbidden.InCommonBandwidthPackage', retryable: false });
    expect(err.message).toMatch(/cbwp-edge/);
    expect(calls('ModifyEipAddressAttribute')).toEqual([]);
  });
});

describe('change a package: ModifyCommonBandwidthPackageSpec, read before write', () => {
  it('one change is one call; the same change again, once applied, is none', async () => {
    const { api, drive, clock, vpcEmulator } = await setup();
    await drive(api.modifyInstanceNetworkSpec(change('cbwp-edge', 150)));
    expect(calls('ModifyCommonBandwidthPackageSpec')).toHaveLength(1);
    await clock.advance(CBWP_MODIFY_MS);
    expect(vpcEmulator.state.pkg('cbwp-edge')?.bandwidth).toBe(150);
    const again = await drive(api.modifyInstanceNetworkSpec(change('cbwp-edge', 150)));
    expect(again.requestId).toBe('');
    expect(calls('ModifyCommonBandwidthPackageSpec')).toHaveLength(1);
  });

  it('the same change delivered again while the first is Modifying is retried by reading, and makes no call', async () => {
    const { api, drive } = await setup();
    await drive(api.modifyInstanceNetworkSpec(change('cbwp-edge', 150)));
    await drive(api.modifyInstanceNetworkSpec(change('cbwp-edge', 150)));
    expect(calls('ModifyCommonBandwidthPackageSpec')).toHaveLength(1);
    expect(changes('CbwpModifyDone')).toEqual([expect.objectContaining({ from: 100, to: 150 })]);
  });

  it('a lost answer: the retry reads it Modifying, waits, reads it applied: one call, one change', async () => {
    const { api, drive, vpcEmulator } = await setup([
      { action: 'ModifyCommonBandwidthPackageSpec', kind: 'drop-after', maxCount: 1 },
    ]);
    await drive(api.modifyInstanceNetworkSpec(change('cbwp-edge', 200)));
    expect(calls('ModifyCommonBandwidthPackageSpec')).toHaveLength(1);
    expect(changes('ModifyCommonBandwidthPackageSpec')).toHaveLength(1);
    expect(vpcEmulator.state.pkg('cbwp-edge')).toMatchObject({ bandwidth: 200, pending: undefined });
  });

  it('a change asked while another is Modifying lands once, after it', async () => {
    const { api, drive, vpc, vpcEmulator } = await setup();
    await drive(vpc.modifyCommonBandwidthPackageSpec({ bandwidthPackageId: 'cbwp-edge', bandwidthMbps: 80 }));
    await drive(api.modifyInstanceNetworkSpec(change('cbwp-edge', 120)));
    expect(changes('ModifyCommonBandwidthPackageSpec').map((c) => [c.from, c.to])).toEqual([
      [100, 80],
      [80, 120],
    ]);
    // Only the two accepted calls: the busy package was read, not written to.
    expect(calls('ModifyCommonBandwidthPackageSpec')).toHaveLength(2);
    expect(vpcEmulator.state.pkg('cbwp-edge')?.pending?.bandwidth).toBe(120);
  });

  it('an enhanced-95 package is refused without a call, with the reason', async () => {
    const { api } = await setup();
    const err = await failure(api.modifyInstanceNetworkSpec(change('cbwp-95', 400)));
    expect(err).toMatchObject({ code: 'VpcResource.Unsupported', retryable: false });
    expect(err.message).toMatch(/enhanced 95th percentile.*not documented/);
    expect(calls('ModifyCommonBandwidthPackageSpec')).toEqual([]);
  });

  it('a package that is gone, a temporary upgrade and a bandwidth out of range are refused without a call', async () => {
    const { api } = await setup();
    expect(await failure(api.modifyInstanceNetworkSpec(change('cbwp-gone', 50)))).toMatchObject({
      code: 'InvalidBandwidthPackageId.NotFound',
    });
    const temporary = { ...change('cbwp-edge', 150), startTime: 'a', endTime: 'b' };
    expect(await failure(api.modifyInstanceNetworkSpec(temporary))).toMatchObject({
      code: 'VpcResource.NoTemporaryUpgrade',
    });
    expect(await failure(api.modifyInstanceNetworkSpec(change('cbwp-edge', 1)))).toMatchObject({
      code: 'InvalidParameter',
    });
    expect(calls('ModifyCommonBandwidthPackageSpec')).toEqual([]);
  });
});

describe('only the bandwidth of a resource is managed', () => {
  it('every other call naming an EIP or a package is refused, and ECS is not asked', async () => {
    const { api, ecsEmulator } = await setup();
    const before = ecsEmulator.state.changes().length;
    const refusals = await Promise.all([
      failure(api.stopInstance({ instanceId: 'eip-edge-1', stoppedMode: 'KeepCharging' })),
      failure(api.startInstance({ instanceId: 'cbwp-edge' })),
      failure(api.modifyInstanceSpec({ instanceId: 'eip-edge-1', instanceType: 'ecs.g7.xlarge', clientToken: 't' })),
      failure(
        api.modifyPrepayInstanceSpec({
          instanceId: 'cbwp-edge',
          instanceType: 'ecs.g7.xlarge',
          operatorType: 'upgrade',
          clientToken: 't',
        }),
      ),
      failure(
        api.describeResourcesModification({
          instanceId: 'eip-edge-1',
          targetType: 'ecs.g7.xlarge',
          operationType: 'Upgrade',
        }),
      ),
    ]);
    expect(refusals.map((e) => [e.code, e.retryable])).toEqual(Array(5).fill(['VpcResource.NotAnInstance', false]));
    expect(refusals[0]?.message).toMatch(/eip-edge-1 is an Elastic IP, not an ECS instance/);
    expect(refusals[1]?.message).toMatch(/cbwp-edge is a shared bandwidth package/);
    expect(ecsEmulator.state.changes().length).toBe(before);
    expect(ecsCalls()).toEqual([]);
  });

  it('an instance passes through to ECS as before', async () => {
    const { api, drive, ecsEmulator } = await setup();
    await drive(api.modifyInstanceNetworkSpec(change('i-plain', 15)));
    await drive(api.stopInstance({ instanceId: 'i-plain', stoppedMode: 'KeepCharging' }));
    expect(ecsEmulator.state.changes({ action: 'ModifyInstanceNetworkSpec' })).toHaveLength(1);
    // The other calls reach ECS too (whatever ECS answers them: the instance is still stopping).
    const settle = (p: Promise<unknown>) => drive(p.catch(() => undefined));
    await settle(api.startInstance({ instanceId: 'i-plain' }));
    await settle(api.modifyInstanceSpec({ instanceId: 'i-plain', instanceType: 'ecs.g7.xlarge', clientToken: 'a' }));
    await settle(
      api.modifyPrepayInstanceSpec({
        instanceId: 'i-plain',
        instanceType: 'ecs.g7.xlarge',
        operatorType: 'upgrade',
        clientToken: 'b',
      }),
    );
    await settle(
      api.describeResourcesModification({
        instanceId: 'i-plain',
        targetType: 'ecs.g7.xlarge',
        operationType: 'Upgrade',
      }),
    );
    const actions = new Set(ecsCalls().map((c) => c.action));
    for (const action of [
      'StartInstance',
      'ModifyInstanceSpec',
      'ModifyPrepayInstanceSpec',
      'DescribeResourcesModification',
    ])
      expect(actions).toContain(action);
    expect(s?.vpcEmulator.state.apiCalls()).toEqual([]);
  });
});
