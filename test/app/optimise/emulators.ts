// Test harness: the ECS and CMS emulators on one VirtualClock, the CMS metrics derived from the ECS emulator's
// instances and a workload, and the official SDK clients (through the product's adapters) pointed at them.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createMetricsApi } from '../../../src/adapters/aliyun/cms.js';
import { createAlarmRulesApi } from '../../../src/adapters/aliyun/cmsRules.js';
import { createEcsApi } from '../../../src/adapters/aliyun/ecs.js';
import { NO_RETRY } from '../../../src/adapters/aliyun/retry.js';
import { type PriceTable, parsePriceTable } from '../../../src/core/cost.js';
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';
import { type CmsEmulator, startCmsEmulator } from '@ecs-autoscaler/local-cloud/cms/emulator.js';
import type { InstanceView, WorkloadSource } from '@ecs-autoscaler/local-cloud/cms/types.js';
import { INSTANCE_TYPES } from '@ecs-autoscaler/local-cloud/ecs/catalog.js';
import { faultInjectorFrom } from '@ecs-autoscaler/local-cloud/faults.js';
import { type EcsEmulator, type FleetInstance, startEcsEmulator } from '@ecs-autoscaler/local-cloud/ecs/index.js';
import type { AlarmRulesApi } from '../../../src/ports/AlarmRulesApi.js';
import type { EcsApi } from '../../../src/ports/EcsApi.js';
import type { MetricsApi } from '../../../src/ports/MetricsApi.js';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const CREDENTIALS = { accessKeyId: 'LTAI-h10-test', accessKeySecret: 'h10-test-secret' };

/** The price table the product ships (config/prices/cn-hangzhou.json). */
export function shippedPrices(): PriceTable {
  const path = resolve(ROOT, 'config/prices/cn-hangzhou.json');
  return parsePriceTable(JSON.parse(readFileSync(path, 'utf8')), path);
}

let ipSeq = 10;

/** A fleet instance with defaults: PostPaid, PayByBandwidth, g7.large, a public IP. */
export function fleetInstance(over: Partial<FleetInstance> & { instanceId: string }): FleetInstance {
  return {
    zoneId: 'cn-hangzhou-h',
    instanceType: 'ecs.g7.large',
    instanceChargeType: 'PostPaid',
    internetChargeType: 'PayByBandwidth',
    bandwidthOutMbps: 100,
    publicIp: `47.96.0.${ipSeq++}`,
    tags: { 'autoscaler-group': 'web' },
    ...over,
  };
}

/** What CMS sees of the ECS emulator's instances (as the local cloud wires it). */
function instanceView(ecs: EcsEmulator): InstanceView {
  return {
    get(id) {
      const v = ecs.state.get(id);
      if (!v) return undefined;
      return {
        bandwidthOutMbps: v.effectiveBandwidthOutMbps,
        cpu: INSTANCE_TYPES.get(v.instanceType)?.cpu ?? 2,
        status: v.status,
        ...(v.publicIp ? { publicIp: v.publicIp } : {}),
        internetChargeType: v.internetChargeType,
      };
    },
    list: () => ecs.state.list().map((i) => i.instanceId),
  };
}

export interface Emulators {
  clock: VirtualClock;
  ecs: EcsEmulator;
  cms: CmsEmulator;
  ecsApi: EcsApi;
  metrics: MetricsApi;
  alarms: AlarmRulesApi;
  /** Env for the CLI commands (real SDK clients built from it). */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startEmulators(o: {
  startMs: number;
  instances: FleetInstance[];
  workload?: WorkloadSource;
  /** Fault spec for the CMS emulator, e.g. `PutResourceMetricRule:InternalError=1`. */
  cmsFaults?: string;
}): Promise<Emulators> {
  const clock = new VirtualClock(o.startMs);
  const ecs = await startEcsEmulator({ clock, credentials: CREDENTIALS, fleet: { instances: o.instances, stock: [] } });
  const cms = await startCmsEmulator({
    clock,
    credentials: CREDENTIALS,
    instances: instanceView(ecs),
    workload: o.workload ?? { demandAt: () => ({ outboundMbps: 0 }) },
    // Virtual time stands still while a test reads: a per-second limit on it would throttle forever.
    maxCallsPerSec: 0,
    ...(o.cmsFaults ? { faults: faultInjectorFrom(o.cmsFaults, 1) } : {}),
  });
  const common = { regionId: 'cn-hangzhou', credentials: CREDENTIALS, protocol: 'http' as const };
  return {
    clock,
    ecs,
    cms,
    ecsApi: createEcsApi({ ...common, endpoint: ecs.endpoint, retry: NO_RETRY }),
    // The adapters' own rate limiters run on wall time (virtual time does not move while a test reads).
    metrics: createMetricsApi({ ...common, endpoint: cms.endpoint, maxCallsPerSec: 1000 }),
    alarms: createAlarmRulesApi({ ...common, endpoint: cms.endpoint, retry: NO_RETRY, maxCallsPerSec: 1000 }),
    env: {
      ALIBABA_CLOUD_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: CREDENTIALS.accessKeySecret,
      AUTOSCALER_ECS_ENDPOINT: ecs.endpoint,
      AUTOSCALER_CMS_ENDPOINT: cms.endpoint,
      AUTOSCALER_PROTOCOL: 'http',
    },
    async close() {
      await Promise.allSettled([cms.close(), ecs.close()]);
    },
  };
}
