/** The app tests' harness: AppDeps over the one fake per port (src/testing) and the memory StateStore, at T0. */
import { MemoryStateStore } from '../../src/adapters/memory/stateStore.js';
import type { AppDeps } from '../../src/app/types.js';
import type { Config } from '../../src/core/config/types.js';
import type { InstanceSnapshot } from '../../src/core/types.js';
import { CaptureLogger, FakeClock, FakeDispatcher, FakeEcs, FakeMetrics } from '../../src/testing/index.js';
import { T0 } from './builders.js';

export interface Harness {
  deps: AppDeps;
  ecs: FakeEcs;
  metrics: FakeMetrics;
  store: MemoryStateStore;
  clock: FakeClock;
  logger: CaptureLogger;
  dispatcher: FakeDispatcher;
}

export function harness(cfg: Config, instances: InstanceSnapshot[], over: Partial<AppDeps> = {}): Harness {
  const clock = new FakeClock(T0);
  const ecs = new FakeEcs(instances, { clock });
  const metrics = new FakeMetrics();
  const store = new MemoryStateStore();
  const logger = new CaptureLogger();
  const dispatcher = new FakeDispatcher();
  let n = 0;
  const deps: AppDeps = {
    config: cfg,
    ecs,
    metrics,
    store,
    dispatcher,
    clock,
    logger,
    holderId: 'inv-1',
    random: () => {
      n = (n * 9301 + 49297) % 233280;
      return n / 233280;
    },
    ...over,
  };
  return { deps, ecs, metrics, store, clock, logger, dispatcher };
}
