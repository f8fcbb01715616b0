// Tags of EIPs and shared bandwidth packages in the VPC emulator, through the official VPC SDK: declared in the fleet
// file (an instance's `eip`, `eips[]`, `bandwidthPackages[]`), validated like instance tags, returned in `Tags.Tag`,
// filtered by `Tag.N` (every given tag must match) and kept in the saved state.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as $Vpc from '@alicloud/vpc20160428';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';
import { validateFleet } from '@ecs-autoscaler/local-cloud/ecs/fleet.js';
import type { FleetFile } from '@ecs-autoscaler/local-cloud/ecs/index.js';
import { startTablestoreEmulator } from '@ecs-autoscaler/local-cloud/tablestore/index.js';
import {
  persistVpcState,
  startVpcEmulator,
  type VpcEmulator,
  VPC_ERRORS,
} from '@ecs-autoscaler/local-cloud/vpc/index.js';
import { AK, SECRET } from '../acs/sdk.js';
import { callProblems } from '../conformance/spec.js';
import { T0, TIMINGS, vpcClient } from './harness.js';

const credentials = { accessKeyId: AK, accessKeySecret: SECRET };
const dir = mkdtempSync(join(tmpdir(), 'vpc-tags-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let vpc: VpcEmulator | undefined;
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()?.();
  if (vpc) expect(callProblems(vpc.state.apiCalls(), VPC_ERRORS, 'vpc')).toEqual([]);
  vpc = undefined;
});

const instance = {
  instanceId: 'i-bound',
  zoneId: 'cn-hangzhou-h',
  instanceType: 'ecs.g7.large',
  instanceChargeType: 'PostPaid',
  internetChargeType: 'PayByTraffic',
  bandwidthOutMbps: 0,
  tags: {},
};

function fleetDoc(): Record<string, unknown> {
  return {
    regionId: 'cn-hangzhou',
    instances: [
      {
        ...instance,
        eip: {
          allocationId: 'eip-bound',
          ipAddress: '47.96.40.1',
          bandwidthMbps: 10,
          tags: { team: 'edge', env: 'prod' },
        },
      },
    ],
    stock: [],
    eips: [
      { allocationId: 'eip-free', ipAddress: '47.96.40.2', bandwidthMbps: 5, tags: { team: 'edge', env: 'dev' } },
      { allocationId: 'eip-bare', ipAddress: '47.96.40.3', bandwidthMbps: 5 },
    ],
    bandwidthPackages: [
      { bandwidthPackageId: 'cbwp-edge', bandwidthMbps: 50, tags: { team: 'edge' } },
      { bandwidthPackageId: 'cbwp-other', bandwidthMbps: 50, tags: { team: 'core' } },
    ],
  };
}

async function start(fleet: FleetFile) {
  vpc = await startVpcEmulator({ clock: new VirtualClock(T0), credentials, fleet, timings: TIMINGS });
  const v = vpc;
  closers.push(() => v.close());
  return vpcClient(v.endpoint);
}

const tagList = (tags: Record<string, string>) => Object.entries(tags).map(([key, value]) => ({ key, value }));

describe('EIP and package tags in the VPC emulator', () => {
  it('returns each EIP’s and package’s tags in Tags.Tag', async () => {
    const client = await start(validateFleet(fleetDoc()));
    const eips = await client.describeEipAddresses(new $Vpc.DescribeEipAddressesRequest({ regionId: 'cn-hangzhou' }));
    const byId = new Map((eips.body?.eipAddresses?.eipAddress ?? []).map((e) => [e.allocationId, e.tags?.tag]));
    expect(byId.get('eip-bound')).toEqual([
      expect.objectContaining({ key: 'team', value: 'edge' }),
      expect.objectContaining({ key: 'env', value: 'prod' }),
    ]);
    expect(byId.get('eip-bare')).toEqual([]);
    const pkgs = await client.describeCommonBandwidthPackages(
      new $Vpc.DescribeCommonBandwidthPackagesRequest({ regionId: 'cn-hangzhou' }),
    );
    const pkg = pkgs.body?.commonBandwidthPackages?.commonBandwidthPackage?.[0];
    expect(pkg?.tags?.tag).toEqual([expect.objectContaining({ key: 'team', value: 'edge' })]);
  });

  it('filters by Tag.N: a resource carrying every given tag', async () => {
    const client = await start(validateFleet(fleetDoc()));
    const eipIds = async (tags: Record<string, string>) => {
      const req = new $Vpc.DescribeEipAddressesRequest({ regionId: 'cn-hangzhou', tag: tagList(tags) });
      return ((await client.describeEipAddresses(req)).body?.eipAddresses?.eipAddress ?? []).map((e) => e.allocationId);
    };
    expect(await eipIds({ team: 'edge' })).toEqual(['eip-bound', 'eip-free']);
    expect(await eipIds({ team: 'edge', env: 'prod' })).toEqual(['eip-bound']);
    expect(await eipIds({ team: 'edge', env: 'test' })).toEqual([]);
    const pkgIds = async (tags: Record<string, string>) => {
      const req = new $Vpc.DescribeCommonBandwidthPackagesRequest({ regionId: 'cn-hangzhou', tag: tagList(tags) });
      const body = (await client.describeCommonBandwidthPackages(req)).body;
      return (body?.commonBandwidthPackages?.commonBandwidthPackage ?? []).map((p) => p.bandwidthPackageId);
    };
    expect(await pkgIds({ team: 'core' })).toEqual(['cbwp-other']);
    expect(await pkgIds({ team: 'core', env: 'prod' })).toEqual([]);
  });

  it('a key given without a value matches any value; an empty key and more than 20 tags are refused', async () => {
    const client = await start(validateFleet(fleetDoc()));
    const keyOnly = new $Vpc.DescribeEipAddressesRequest({ regionId: 'cn-hangzhou', tag: [{ key: 'env' }] });
    const got = (await client.describeEipAddresses(keyOnly)).body?.eipAddresses?.eipAddress ?? [];
    expect(got.map((e) => e.allocationId)).toEqual(['eip-bound', 'eip-free']);
    const empty = new $Vpc.DescribeEipAddressesRequest({ regionId: 'cn-hangzhou', tag: [{ key: '', value: 'x' }] });
    await expect(client.describeEipAddresses(empty)).rejects.toMatchObject({ code: 'InvalidTagKey' });
    const emptyPkg = new $Vpc.DescribeCommonBandwidthPackagesRequest({
      regionId: 'cn-hangzhou',
      tag: [{ key: '', value: 'x' }],
    });
    await expect(client.describeCommonBandwidthPackages(emptyPkg)).rejects.toMatchObject({ code: 'InvalidParameter' });
    const many = Array.from({ length: 21 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
    const tooMany = new $Vpc.DescribeEipAddressesRequest({ regionId: 'cn-hangzhou', tag: many });
    await expect(client.describeEipAddresses(tooMany)).rejects.toMatchObject({ code: 'InvalidParameter' });
  });

  it('validates EIP and package tags like instance tags', () => {
    const doc = fleetDoc();
    (doc.eips as Record<string, unknown>[])[0] = { ...(doc.eips as object[])[0], tags: { team: 7 } };
    (doc.bandwidthPackages as Record<string, unknown>[])[0] = {
      ...(doc.bandwidthPackages as object[])[0],
      tags: 'edge',
    };
    const bound = (doc.instances as Record<string, Record<string, unknown>>[])[0] as Record<string, unknown>;
    bound.eip = { ...(bound.eip as object), tags: ['edge'] };
    const problems = () => {
      try {
        validateFleet(doc);
        return [];
      } catch (e) {
        return (e as { problems: { path: string; rule: string }[] }).problems.map((p) => `${p.path}: ${p.rule}`);
      }
    };
    expect(problems()).toEqual([
      'bandwidthPackages[0].tags: must map tag keys to string values',
      'instances[0].eip.tags: must map tag keys to string values',
      'eips[0].tags: must map tag keys to string values',
    ]);
  });

  it('keeps the tags in the saved state', async () => {
    const fleet = validateFleet(fleetDoc());
    const clock = new VirtualClock(T0);
    const dataFile = join(dir, 'tags.json');
    const open = async () => {
      const ots = await startTablestoreEmulator({ clock, credentials, instanceName: 'autoscaler', dataFile });
      const v = await startVpcEmulator({ clock, credentials, fleet, timings: TIMINGS });
      const restored = persistVpcState(v.state, ots, fleet).restored;
      return { v, ots, restored };
    };
    const first = await open();
    await vpcClient(first.v.endpoint).modifyEipAddressAttribute(
      new $Vpc.ModifyEipAddressAttributeRequest({ allocationId: 'eip-free', bandwidth: '7' }),
    );
    await Promise.all([first.v.close(), first.ots.close()]);
    const second = await open();
    closers.push(() => Promise.all([second.v.close(), second.ots.close()]));
    expect(second.restored).toBe(true);
    expect(second.v.state.eip('eip-free')).toMatchObject({ bandwidth: 7, tags: { team: 'edge', env: 'dev' } });
    expect(second.v.state.pkg('cbwp-edge')?.tags).toEqual({ team: 'edge' });
  });
});
