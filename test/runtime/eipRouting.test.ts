// The composition root routes EIP-bound instances to their EIPs (the container the local cloud and the functions
// use), through the official ECS and VPC SDKs against their emulators; a local ECS is never paired with a real VPC.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStateStore } from '../../src/adapters/memory/stateStore.js';
import type { Config } from '../../src/core/config/types.js';
import { routesEips } from '../../src/runtime/compose.js';
import { buildContainer } from '../../src/runtime/container.js';
import type { Settings } from '../../src/runtime/settings.js';
import { RealClock } from '@ecs-autoscaler/local-cloud/clock.js';
import { type EcsEmulator, startEcsEmulator } from '@ecs-autoscaler/local-cloud/ecs/index.js';
import { startVpcEmulator, type VpcEmulator } from '@ecs-autoscaler/local-cloud/vpc/index.js';
import { eipInstance, vpcFixture } from '../adapters/aliyun/eipHarness.js';
import { fleet } from '../integration/app/harness.js';

const credentials = { accessKeyId: 'AK-eip', accessKeySecret: 'SK-eip' };
let ecs: EcsEmulator;
let vpc: VpcEmulator;

beforeAll(async () => {
  const clock = new RealClock();
  ecs = await startEcsEmulator({ clock, credentials, fleet: fleet([eipInstance('i-eip-web', 'eip-web')]) });
  vpc = await startVpcEmulator({ clock, credentials, fixture: vpcFixture() });
});
afterAll(async () => {
  await ecs.close();
  await vpc.close();
});

function settings(over: Partial<Settings>): Settings {
  return {
    regionId: 'cn-hangzhou',
    ecsEndpoint: ecs.endpoint,
    protocol: 'http',
    ots: { endpoint: 'http://127.0.0.1:1', instanceName: 'x', tablePrefix: 'a_' },
    webhook: { token: 't', allowCidrs: [] },
    worker: { serviceName: 's', functionName: 'f' },
    configPath: '-',
    ...over,
  };
}

const container = (s: Settings) =>
  buildContainer(s, { groups: [] } as unknown as Config, credentials, '1', {
    store: new MemoryStateStore(),
    dispatcher: { dispatch: async () => 'queued' as const },
  });

describe('EIP routing in the container', () => {
  it('routes with the real ECS (public VPC) or a given VPC endpoint, never a local ECS with the real VPC', () => {
    expect(routesEips({})).toBe(true);
    expect(routesEips({ ecsEndpoint: '127.0.0.1:1', vpcEndpoint: '127.0.0.1:2' })).toBe(true);
    expect(routesEips({ ecsEndpoint: '127.0.0.1:1' })).toBe(false);
  });

  it('with a VPC endpoint, the container shows and scales the EIP of an EIP-bound instance', async () => {
    const deps = container(settings({ vpcEndpoint: vpc.endpoint })).deps('r1');
    const [inst] = await deps.ecs.describeInstances(['i-eip-web']);
    expect(inst).toMatchObject({ eipBound: false, eipAllocationId: 'eip-web', bandwidthOutMbps: 10 });
    await deps.ecs.modifyInstanceNetworkSpec({ instanceId: 'i-eip-web', bandwidthOutMbps: 15, clientToken: 'c' });
    expect(vpc.state.eip('eip-web')?.bandwidth).toBe(15);
  });

  it('without one (local ECS), the instance stays eip-bound and VPC is not called', async () => {
    const before = vpc.state.apiCalls().length;
    const deps = container(settings({})).deps('r2');
    const [inst] = await deps.ecs.describeInstances(['i-eip-web']);
    expect(inst).toMatchObject({ eipBound: true, eipAllocationId: 'eip-web' });
    expect(vpc.state.apiCalls().length).toBe(before);
  });
});
