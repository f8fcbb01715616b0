// The VPC state across local-cloud restarts, through the same binding startLocalCloud uses (bindToDataFile in
// src/local/cloud/restart.ts): an EIP change made through the official VPC SDK is on disk before its answer and is
// what ECS and VPC show after a restart; a data file written before the VPC emulator existed starts it from the fleet.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as $Ecs from '@alicloud/ecs20140526';
import * as $Vpc from '@alicloud/vpc20160428';
import { afterAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';
import { defaultFleet, startEcsEmulator } from '@ecs-autoscaler/local-cloud/ecs/index.js';
import { startTablestoreEmulator } from '@ecs-autoscaler/local-cloud/tablestore/index.js';
import { startVpcEmulator } from '@ecs-autoscaler/local-cloud/vpc/index.js';
import { bindToDataFile, dataFileIn } from '../../../src/local/cloud/restart.js';
import { AK, ecsClient, SECRET } from '../acs/sdk.js';
import { T0, vpcClient } from './harness.js';

const credentials = { accessKeyId: AK, accessKeySecret: SECRET };
const base = mkdtempSync(join(tmpdir(), 'vpc-restart-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** One run of the cloud's stateful parts, bound to `dir` as startLocalCloud binds them. */
async function run(dir: string, clock: VirtualClock, withVpcBinding = true) {
  const dataFile = dataFileIn(dir);
  const existed = existsSync(dataFile);
  const fleet = defaultFleet();
  const ots = await startTablestoreEmulator({ clock, credentials, instanceName: 'autoscaler', dataFile });
  const ecs = await startEcsEmulator({ clock, credentials, fleet });
  const vpc = await startVpcEmulator({ clock, credentials, fleet });
  ecs.state.linkEips(vpc.state);
  bindToDataFile({
    dataFile,
    ots,
    ecs: ecs.state,
    ...(withVpcBinding ? { vpc: vpc.state } : {}),
    fleet,
    clock,
    existed,
  });
  const eipBandwidth = async () => {
    const res = await ecsClient(ecs.endpoint).describeInstances(
      new $Ecs.DescribeInstancesRequest({ regionId: 'cn-hangzhou', instanceIds: '["i-eip-bound"]' }),
    );
    return res.body?.instances?.instance?.[0]?.eipAddress?.bandwidth;
  };
  const close = () => Promise.all([ecs.close(), vpc.close(), ots.close()]);
  return { ots, vpc, client: vpcClient(vpc.endpoint), eipBandwidth, close };
}

describe('VPC state across restarts', () => {
  it('an acknowledged EIP change survives a restart, in VPC and in ECS', async () => {
    const dir = mkdtempSync(join(base, 'a-'));
    const clock = new VirtualClock(T0);
    const first = await run(dir, clock);
    await first.client.modifyEipAddressAttribute(
      new $Vpc.ModifyEipAddressAttributeRequest({ allocationId: 'eip-local0001', bandwidth: '11' }),
    );
    expect(await first.eipBandwidth()).toBe(11);
    await first.close();
    await clock.advance(60_000);
    const second = await run(dir, clock);
    expect(await second.eipBandwidth()).toBe(11);
    expect(second.vpc.state.eip('eip-local0001')?.bandwidth).toBe(11);
    expect(second.vpc.state.changes().map((c) => [c.resourceId, c.from, c.to])).toEqual([['eip-local0001', 5, 11]]);
    await second.close();
  });

  it('data written without the VPC state (an older run) starts the VPC from the fleet', async () => {
    const dir = mkdtempSync(join(base, 'b-'));
    const clock = new VirtualClock(T0);
    const old = await run(dir, clock, false);
    await old.ots.persist();
    await old.close();
    const next = await run(dir, clock);
    expect(next.vpc.state.eip('eip-local0001')?.bandwidth).toBe(5);
    expect(await next.eipBandwidth()).toBe(5);
    await next.close();
  });
});
