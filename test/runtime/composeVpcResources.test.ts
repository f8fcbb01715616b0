// The composition root serves the EIPs and packages of resource groups (withVpcResources over withEipRouting, same
// rule `routesEips`), and so does the CLI's `ecsFor`: through the official ECS and VPC SDKs against their emulators.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_RETRY } from '../../src/adapters/aliyun/retry.js';
import { MemoryStateStore } from '../../src/adapters/memory/stateStore.js';
import { ecsFor } from '../../src/cli/deps.js';
import type { Config } from '../../src/core/config/types.js';
import { buildContainer } from '../../src/runtime/container.js';
import type { Settings } from '../../src/runtime/settings.js';
import { CaptureLogger } from '../../src/testing/index.js';
import { RealClock } from '@ecs-autoscaler/local-cloud/clock.js';
import { type EcsEmulator, startEcsEmulator } from '@ecs-autoscaler/local-cloud/ecs/index.js';
import { FaultInjector } from '@ecs-autoscaler/local-cloud/faults.js';
import { startVpcEmulator, type VpcEmulator, type VpcFixture } from '@ecs-autoscaler/local-cloud/vpc/index.js';
import { eipInstance, vpcFixture } from '../adapters/aliyun/eipHarness.js';
import { fleet } from '../integration/app/harness.js';

const credentials = { accessKeyId: 'AK-res', accessKeySecret: 'SK-res' };
let ecs: EcsEmulator;
let vpc: VpcEmulator;
let broken: VpcEmulator;

/** The EIP routing fixture, its EIPs and package tagged. */
function fixture(): VpcFixture {
  const f = vpcFixture();
  return {
    ...f,
    eips: f.eips.map((e) => ({ ...e, tags: { team: e.allocationId === 'eip-traffic' ? 'edge' : 'core' } })),
    packages: (f.packages ?? []).map((p) => ({ ...p, tags: { team: 'edge' } })),
  };
}

beforeAll(async () => {
  const clock = new RealClock();
  ecs = await startEcsEmulator({ clock, credentials, fleet: fleet([eipInstance('i-eip-web', 'eip-web')]) });
  vpc = await startVpcEmulator({ clock, credentials, fixture: fixture() });
  broken = await startVpcEmulator({
    clock,
    credentials,
    fixture: fixture(),
    faults: new FaultInjector({ rules: [{ action: '*', kind: 'InternalError' }] }),
  });
});
afterAll(async () => {
  await Promise.all([ecs.close(), vpc.close(), broken.close()]);
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

const container = (s: Settings, logger = new CaptureLogger()) =>
  buildContainer(s, { groups: [] } as unknown as Config, credentials, '1', {
    store: new MemoryStateStore(),
    dispatcher: { dispatch: async () => 'queued' as const },
    logger,
    ecsRetry: NO_RETRY,
  });

describe('EIPs and packages as resources in the container', () => {
  it('describes and lists them by tag next to the routed instances', async () => {
    const deps = container(settings({ vpcEndpoint: vpc.endpoint })).deps('r1');
    const got = await deps.ecs.describeInstances(['i-eip-web', 'eip-traffic', 'cbwp-shared']);
    expect(got.map((i) => [i.instanceId, i.resource, i.bandwidthOutMbps])).toEqual([
      ['i-eip-web', undefined, 10],
      ['eip-traffic', 'eip', 5],
      ['cbwp-shared', 'bandwidthPackage', 100],
    ]);
    expect(got[0]).toMatchObject({ eipAllocationId: 'eip-web', eipTags: { team: 'core' } });
    const edge = await deps.ecs.listInstances({ tags: { team: 'edge' }, resource: 'eip' });
    expect(edge.map((i) => i.instanceId)).toEqual(['eip-traffic']);
    await deps.ecs.modifyInstanceNetworkSpec({ instanceId: 'cbwp-shared', bandwidthOutMbps: 120, clientToken: 'c' });
    expect(vpc.state.pkg('cbwp-shared')?.pending?.bandwidth).toBe(120);
  });

  it('logs a warning, and leaves them absent, when VPC cannot be read', async () => {
    const logger = new CaptureLogger();
    const deps = container(settings({ vpcEndpoint: broken.endpoint }), logger).deps('r2');
    expect(await deps.ecs.describeInstances(['eip-traffic'])).toEqual([]);
    expect(logger.lines.filter((e) => e.msg === 'VPC unreadable: its EIPs and packages are absent')).toEqual([
      expect.objectContaining({ level: 'warn', action: 'DescribeEipAddresses' }),
    ]);
  });

  it('without a VPC endpoint next to a local ECS, no resource and no VPC call', async () => {
    const before = vpc.state.apiCalls().length;
    const deps = container(settings({})).deps('r3');
    expect(await deps.ecs.describeInstances(['eip-traffic', 'cbwp-shared'])).toEqual([]);
    expect(vpc.state.apiCalls().length).toBe(before);
  });
});

describe('the CLI’s ecsFor', () => {
  const connection = (vpcEndpoint?: string) => ({
    regionId: 'cn-hangzhou',
    credentials,
    protocol: 'http' as const,
    ecsEndpoint: ecs.endpoint,
    ...(vpcEndpoint ? { vpcEndpoint } : {}),
  });

  it('serves them as the functions do, and not without a VPC endpoint next to a local ECS', async () => {
    const [pkg] = await ecsFor(connection(vpc.endpoint)).describeInstances(['cbwp-shared']);
    expect(pkg).toMatchObject({ resource: 'bandwidthPackage', tags: { team: 'edge' } });
    expect(await ecsFor(connection()).describeInstances(['cbwp-shared'])).toEqual([]);
  });
});
