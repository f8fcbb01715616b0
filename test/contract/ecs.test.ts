/**
 * The EcsApi contract against the ECS adapter on the official `@alicloud/ecs20140526` client, talking to the
 * local ECS emulator over HTTP on a virtual clock (stop and start take 1 s of it). One emulator per test.
 */
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';
import { startEcsEmulator } from '@ecs-autoscaler/local-cloud/ecs/index.js';
import type { FleetFile } from '@ecs-autoscaler/local-cloud/ecs/types.js';
import { createEcsApi } from '../../src/adapters/aliyun/ecs.js';
import { NO_RETRY } from '../../src/adapters/aliyun/retry.js';
import { endpointFromUrl } from '../../src/adapters/aliyun/sdkConfig.js';
import { CONTRACT_FLEET, ecsContract } from './ecs.contract.js';

const CREDS = { accessKeyId: 'LTAI-contract', accessKeySecret: 'contract-secret' };
const ZONE = 'cn-hangzhou-h';

const fleet: FleetFile = {
  regionId: 'cn-hangzhou',
  instances: CONTRACT_FLEET.map((i) => ({
    instanceId: i.instanceId,
    zoneId: ZONE,
    instanceType: i.instanceType,
    instanceChargeType: i.instanceChargeType,
    internetChargeType: 'PayByBandwidth',
    bandwidthOutMbps: i.bandwidthOutMbps,
    status: i.status,
    tags: i.tags,
  })),
  stock: ['ecs.g7.large', 'ecs.g7.xlarge', 'ecs.g7.2xlarge'].map((instanceType) => ({
    instanceType,
    zoneId: ZONE,
    available: 10,
  })),
};

ecsContract('ECS adapter (official SDK) over the ECS emulator', async () => {
  const clock = new VirtualClock(Date.UTC(2025, 2, 10, 8, 0, 0));
  const ecs = await startEcsEmulator({
    clock,
    credentials: CREDS,
    fleet: structuredClone(fleet),
    timings: { stopMs: 1_000, startMs: 1_000 },
  });
  const api = createEcsApi({
    ...endpointFromUrl(ecs.url),
    regionId: 'cn-hangzhou',
    credentials: CREDS,
    retry: NO_RETRY,
    readTimeoutMs: 5_000,
  });
  return {
    api,
    settle: () => clock.advance(2_001),
    changes: (instanceId) => ecs.state.changes({ instanceId }).length,
    close: () => ecs.close(),
  };
});
