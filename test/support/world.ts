/**
 * A small in-process world for the alarm endpoint: the real `receiveAlarm` and app over the fake ECS,
 * SimMetrics, the memory store and the real JSON logger, on a stepping clock. Each instance gets a group
 * tag and a constant demand, so what the autoscaler should do is fixed by the test.
 */
import { MemoryStateStore } from '../../src/adapters/memory/stateStore.js';
import type { AppDeps } from '../../src/app/types.js';
import type { Config } from '../../src/core/config/types.js';
import type { InstanceSnapshot } from '../../src/core/types.js';
import type { AlarmEndpoint } from '../../src/runtime/alarm.js';
import { reliabilityConfig } from './config.js';
import { cpuOf, FakeEcs } from '../../src/testing/index.js';
import { LogCapture } from './logs.js';
import { SimMetrics, SteppingClock } from './simMetrics.js';

export const WORLD_T0 = Date.UTC(2025, 0, 6, 3, 0, 0);

export interface WorldInstance {
  id: string;
  /** Value of the `autoscaler-group` tag (`none` = unmanaged). */
  group: string;
  demandMbps?: number;
  cpuVcpu?: number;
}

export function fakeSnapshot(instanceId: string, group: string): InstanceSnapshot {
  return {
    instanceId,
    regionId: 'cn-hangzhou',
    zoneId: 'cn-hangzhou-h',
    status: 'Running',
    instanceType: 'ecs.g7.large',
    instanceTypeFamily: 'ecs.g7',
    cpu: cpuOf('ecs.g7.large'),
    memoryMiB: 8192,
    instanceChargeType: 'PostPaid',
    internetChargeType: 'PayByBandwidth',
    bandwidthOutMbps: 10,
    bandwidthInMbps: 10,
    publicIp: '47.96.0.1',
    eipBound: false,
    securityLocked: false,
    tags: { 'autoscaler-group': group },
  };
}

export function createWorld(o: { token: string; instances: WorldInstance[]; config?: Config }) {
  const clock = new SteppingClock(WORLD_T0);
  const ecs = new FakeEcs(
    o.instances.map((i) => fakeSnapshot(i.id, i.group)),
    { clock, transitionPolls: 0 },
  );
  const metrics = new SimMetrics(ecs, clock);
  for (const i of o.instances) {
    metrics.setDemand(i.id, WORLD_T0 - 7_200_000, i.demandMbps ?? 0);
    metrics.setCpu(i.id, WORLD_T0 - 7_200_000, i.cpuVcpu ?? 0.5);
  }
  const logs = new LogCapture([o.token], () => clock.now());
  const store = new MemoryStateStore();
  const config = o.config ?? reliabilityConfig();
  let n = 0;
  const deps = (): AppDeps => ({
    config,
    ecs,
    metrics,
    store,
    dispatcher: { dispatch: async () => 'queued' },
    clock,
    logger: logs.logger,
    holderId: `world-${++n}`,
  });
  const endpoint: AlarmEndpoint = {
    auth: { token: o.token, allowCidrs: [] },
    logger: logs.logger,
    deps,
    now: () => clock.now(),
  };
  return { clock, ecs, metrics, store, logs, deps, endpoint };
}
