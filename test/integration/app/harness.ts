/**
 * The app against the local cloud: the ECS emulator on a VirtualClock, the official ECS SDK through the
 * adapter (retries sleep on the same clock), the memory StateStore, a hand-written MetricsApi fed with
 * synthetic points, and the in-process dispatcher running the real orchestration worker.
 */
import { InProcessDispatcher } from '../../../src/adapters/inprocess/dispatcher.js';
import { createEcsApi } from '../../../src/adapters/aliyun/ecs.js';
import type { RetryPolicy } from '../../../src/adapters/aliyun/retry.js';
import { MemoryStateStore } from '../../../src/adapters/memory/stateStore.js';
import { runOrchestration } from '../../../src/app/orchestration/run.js';
import type { AppDeps } from '../../../src/app/types.js';
import { runWorkerTask } from '../../../src/runtime/worker.js';
import type { Config } from '../../../src/core/config/types.js';
import type { InstanceSnapshot } from '../../../src/core/types.js';
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';
import {
  type EcsEmulator,
  type FleetFile,
  type FleetInstance,
  startEcsEmulator,
} from '@ecs-autoscaler/local-cloud/ecs/index.js';
import type { FaultInjector } from '@ecs-autoscaler/local-cloud/faults.js';
import * as b from '../../app/builders.js';
import { CaptureLogger, FakeMetrics } from '../../../src/testing/index.js';

export const CREDS = { accessKeyId: 'LTAI-app-it', accessKeySecret: 'app-it-secret' };
export const ZONE = 'cn-hangzhou-h';
const RETRY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 200, maxDelayMs: 5_000, maxElapsedMs: 120_000 };

export function fleetInstance(instanceId: string, over: Partial<FleetInstance> = {}): FleetInstance {
  return {
    instanceId,
    zoneId: ZONE,
    instanceType: 'ecs.g7.large',
    instanceChargeType: 'PostPaid',
    internetChargeType: 'PayByBandwidth',
    bandwidthOutMbps: 10,
    tags: { app: 'web' },
    ...over,
  };
}

export function fleet(instances: FleetInstance[]): FleetFile {
  const types = ['ecs.g7.large', 'ecs.g7.xlarge', 'ecs.g7.2xlarge'];
  return {
    regionId: 'cn-hangzhou',
    instances,
    stock: types.map((instanceType) => ({ instanceType, zoneId: ZONE, available: 10 })),
  };
}

/** web: bandwidth target tracking by tag app=web; batch: the g7 ladder by tag app=batch, downtime allowed. */
export function appConfig(over: Partial<Config> = {}): Config {
  return b.config(
    [
      b.group({
        name: 'web',
        match: { instanceIds: [], tags: { app: 'web' } },
        bandwidth: b.bandwidthPolicy({ scaleDownStabilizationSec: 900, cooldownUpSec: 300, cooldownDownSec: 900 }),
      }),
      b.group({
        name: 'batch',
        match: { instanceIds: [], tags: { app: 'batch' } },
        instanceType: b.typePolicy({
          scaleUpStabilizationSec: 300,
          scaleDownStabilizationSec: 1800,
          cooldownUpSec: 1800,
          cooldownDownSec: 3600,
          allowDowntime: true,
        }),
      }),
    ],
    { evaluation: { lookbackSec: 3600, periodSec: 60, leaseTtlSec: 120, orchestrationLeaseTtlSec: 600 }, ...over },
  );
}

export interface LocalApp {
  clock: VirtualClock;
  emulator: EcsEmulator;
  deps: AppDeps;
  store: MemoryStateStore;
  metrics: FakeMetrics;
  logger: CaptureLogger;
  dispatcher: InProcessDispatcher;
  /** Settle `p`, advancing virtual time to the next timer whenever the code waits on the clock. */
  drive<T>(p: Promise<T>): Promise<T>;
  /** Fill one-minute points of a metric for the last `minutes` minutes (rates in Mbps → bit/s). */
  load(instanceId: string, metric: 'bandwidthMbps' | 'cpuPercent', value: number, minutes?: number): void;
  instance(id: string): Promise<InstanceSnapshot | undefined>;
  close(): Promise<void>;
}

export async function startLocalApp(opts: {
  fleet: FleetFile;
  config?: Config;
  faults?: FaultInjector;
}): Promise<LocalApp> {
  const clock = new VirtualClock(b.T0);
  const emulator = await startEcsEmulator({
    clock,
    credentials: CREDS,
    fleet: opts.fleet,
    timings: { stopMs: 15_000, startMs: 20_000 },
    ...(opts.faults ? { faults: opts.faults } : {}),
  });
  const ecs = createEcsApi({
    endpoint: emulator.endpoint,
    protocol: 'http',
    regionId: emulator.regionId,
    credentials: CREDS,
    retry: RETRY,
    clock,
    readTimeoutMs: 5_000,
  });
  const store = new MemoryStateStore();
  const metrics = new FakeMetrics();
  const logger = new CaptureLogger();
  const dispatcher = new InProcessDispatcher({ maxRetries: 0 });
  const deps: AppDeps = {
    config: opts.config ?? appConfig(),
    ecs,
    metrics,
    store,
    dispatcher,
    clock,
    logger,
    holderId: 'it-invocation',
  };
  dispatcher.setWorker((task) =>
    task.kind === 'orchestrate'
      ? runOrchestration({ ...deps, holderId: `worker-${task.actionKey}` }, task.actionKey)
      : runWorkerTask({ ...deps, holderId: `worker-${task.batchKey}` }, task),
  );

  async function drive<T>(p: Promise<T>): Promise<T> {
    let settled = false;
    p.then(
      () => {
        settled = true;
      },
      () => {
        settled = true;
      },
    );
    for (let i = 0; i < 200_000 && !settled; i++) {
      const next = clock.nextTimerAtMs();
      if (next !== undefined) await clock.advanceTo(next);
      else await new Promise((r) => setTimeout(r, 1));
    }
    return p;
  }

  function load(instanceId: string, metric: 'bandwidthMbps' | 'cpuPercent', value: number, minutes = 30): void {
    const nowMs = clock.now();
    const points = Array.from({ length: minutes }, (_, i) => {
      const v = metric === 'bandwidthMbps' ? value * 1e6 : value;
      return { timestampMs: nowMs - (minutes - 1 - i) * 60_000, average: v, maximum: v, minimum: v };
    });
    metrics.set(metric === 'bandwidthMbps' ? 'VPC_PublicIP_InternetOutRate' : 'CPUUtilization', instanceId, points);
  }

  return {
    clock,
    emulator,
    deps,
    store,
    metrics,
    logger,
    dispatcher,
    drive,
    load,
    instance: async (id) => (await drive(ecs.describeInstances([id])))[0],
    close: () => emulator.close(),
  };
}
