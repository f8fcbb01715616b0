/**
 * The app with EIP routing against the local cloud: the ECS and VPC emulators on one VirtualClock, each through its
 * official SDK (`@alicloud/ecs20140526`, `@alicloud/vpc20160428`) and adapter, the routing decorator in front of
 * ECS as src/runtime/compose.ts wires it, the memory StateStore and synthetic metrics.
 */
import { InProcessDispatcher } from '../../../src/adapters/inprocess/dispatcher.js';
import { createEcsApi } from '../../../src/adapters/aliyun/ecs.js';
import { withEipRouting } from '../../../src/adapters/aliyun/eipRouting.js';
import type { RetryPolicy } from '../../../src/adapters/aliyun/retry.js';
import { createVpcApi } from '../../../src/adapters/aliyun/vpc.js';
import { MemoryStateStore } from '../../../src/adapters/memory/stateStore.js';
import type { AppDeps } from '../../../src/app/types.js';
import type { EcsApi } from '../../../src/ports/EcsApi.js';
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';
import { type EcsEmulator, type FleetInstance, startEcsEmulator } from '@ecs-autoscaler/local-cloud/ecs/index.js';
import type { FaultInjector } from '@ecs-autoscaler/local-cloud/faults.js';
import { startVpcEmulator, type VpcEmulator, type VpcFixture } from '@ecs-autoscaler/local-cloud/vpc/index.js';
import * as b from '../../app/builders.js';
import { CaptureLogger, FakeMetrics } from '../../../src/testing/index.js';
import { appConfig, fleet, fleetInstance } from '../../integration/app/harness.js';

const CREDS = { accessKeyId: 'LTAI-eip-route', accessKeySecret: 'eip-route-secret' };
const RETRY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 200, maxDelayMs: 2_000, maxElapsedMs: 60_000 };

/** An EIP-bound instance as the ECS fleet file binds it (ECS shows InternetMaxBandwidthOut 0 and the EipAddress). */
export function eipInstance(
  instanceId: string,
  allocationId: string,
  over: Partial<FleetInstance> = {},
): FleetInstance {
  return fleetInstance(instanceId, {
    internetChargeType: 'PayByTraffic',
    bandwidthOutMbps: 0,
    eip: { allocationId, ipAddress: `47.96.30.${allocationId.length}`, bandwidthMbps: 10 },
    ...over,
  });
}

/**
 * i-eip-web → eip-web (pay-by-bandwidth 10 Mbps); i-eip-pkg → eip-pkg in cbwp-shared; i-eip-sub (a subscription
 * instance) → eip-sub; i-eip-traffic → eip-traffic (pay-by-traffic, a 5 Mbps cap).
 */
export function vpcFixture(): VpcFixture {
  return {
    regionId: 'cn-hangzhou',
    eips: [
      {
        allocationId: 'eip-web',
        ipAddress: '47.96.30.7',
        bandwidth: 10,
        internetChargeType: 'PayByBandwidth',
        instanceId: 'i-eip-web',
      },
      {
        allocationId: 'eip-pkg',
        ipAddress: '47.96.30.8',
        bandwidth: 5,
        instanceId: 'i-eip-pkg',
        bandwidthPackageId: 'cbwp-shared',
      },
      {
        allocationId: 'eip-sub',
        ipAddress: '47.96.30.9',
        bandwidth: 10,
        internetChargeType: 'PayByBandwidth',
        instanceId: 'i-eip-sub',
      },
      {
        allocationId: 'eip-traffic',
        ipAddress: '47.96.30.10',
        bandwidth: 5,
        internetChargeType: 'PayByTraffic',
        instanceId: 'i-eip-traffic',
      },
    ],
    packages: [{ bandwidthPackageId: 'cbwp-shared', bandwidth: 100 }],
  };
}

export interface EipApp {
  clock: VirtualClock;
  ecsEmulator: EcsEmulator;
  vpcEmulator: VpcEmulator;
  ecs: EcsApi;
  deps: AppDeps;
  store: MemoryStateStore;
  metrics: FakeMetrics;
  logger: CaptureLogger;
  kept: { instanceId: string; allocationId: string; reason: string }[];
  drive<T>(p: Promise<T>): Promise<T>;
  /** One-minute outbound points (Mbps) for the last `minutes` minutes. */
  load(instanceId: string, mbps: number, minutes?: number): void;
  close(): Promise<void>;
}

export async function startEipApp(opts: { vpcFaults?: FaultInjector } = {}): Promise<EipApp> {
  const clock = new VirtualClock(b.T0);
  const ecsEmulator = await startEcsEmulator({
    clock,
    credentials: CREDS,
    fleet: fleet([
      eipInstance('i-eip-web', 'eip-web'),
      eipInstance('i-eip-pkg', 'eip-pkg'),
      eipInstance('i-eip-sub', 'eip-sub', { instanceChargeType: 'PrePaid' }),
      eipInstance('i-eip-traffic', 'eip-traffic'),
      fleetInstance('i-plain'),
    ]),
  });
  const vpcEmulator = await startVpcEmulator({
    clock,
    credentials: CREDS,
    fixture: vpcFixture(),
    timings: { cbwpModifyMs: 30_000, eipSettleMs: 1_000 },
    ...(opts.vpcFaults ? { faults: opts.vpcFaults } : {}),
  });
  const common = { protocol: 'http' as const, regionId: 'cn-hangzhou', credentials: CREDS, retry: RETRY, clock };
  const kept: EipApp['kept'] = [];
  const ecs = withEipRouting(
    createEcsApi({ ...common, endpoint: ecsEmulator.endpoint, readTimeoutMs: 5_000 }),
    createVpcApi({ ...common, endpoint: vpcEmulator.endpoint, readTimeoutMs: 5_000 }),
    {
      retry: RETRY,
      clock,
      onKept: (instanceId, allocationId, reason) => kept.push({ instanceId, allocationId, reason }),
    },
  );
  const store = new MemoryStateStore();
  const metrics = new FakeMetrics();
  const logger = new CaptureLogger();
  const deps: AppDeps = {
    config: appConfig(),
    ecs,
    metrics,
    store,
    dispatcher: new InProcessDispatcher({ maxRetries: 0 }),
    clock,
    logger,
    holderId: 'eip-it',
  };

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

  function load(instanceId: string, mbps: number, minutes = 30): void {
    const nowMs = clock.now();
    const points = Array.from({ length: minutes }, (_, i) => ({
      timestampMs: nowMs - (minutes - 1 - i) * 60_000,
      average: mbps * 1e6,
      maximum: mbps * 1e6,
      minimum: mbps * 1e6,
    }));
    metrics.set('VPC_PublicIP_InternetOutRate', instanceId, points);
  }

  return {
    clock,
    ecsEmulator,
    vpcEmulator,
    ecs,
    deps,
    store,
    metrics,
    logger,
    kept,
    drive,
    load,
    close: async () => {
      await ecsEmulator.close();
      await vpcEmulator.close();
    },
  };
}
