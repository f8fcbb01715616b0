/**
 * The app composed exactly as an FC instance composes it (src/runtime/container.ts: the official ECS, CMS and
 * Tablestore SDK adapters against the given endpoints), for the crash tests' child process and for the
 * parent that recovers after the kill. Crash points are added by decorating the ports (crashPoints.ts).
 */
import { loadConfigText } from '../../src/adapters/config/file.js';
import type { AppDeps } from '../../src/app/types.js';
import type { WorkerTask } from '../../src/ports/Dispatcher.js';
import type { Logger } from '../../src/ports/Logger.js';
import type { AlarmEndpoint } from '../../src/runtime/alarm.js';
import { buildContainer } from '../../src/runtime/container.js';
import { instrumentEcs, instrumentStore, type PointHandler, stepHooks } from './crashPoints.js';
import { ScaledClock, type ScaledClockSpec } from './scaledClock.js';

export interface AppEnvSpec {
  clock: ScaledClockSpec;
  regionId: string;
  ecsEndpoint: string;
  cmsEndpoint: string;
  ots: { endpoint: string; instanceName: string };
  credentials: { accessKeyId: string; accessKeySecret: string };
  token: string;
  configYaml: string;
}

export interface AppEnv {
  clock: ScaledClock;
  /** Dependencies for one invocation (fresh holder id), instrumented when `at` was given. */
  deps(requestId: string): AppDeps;
  endpoint: AlarmEndpoint;
  /** Tasks the alarm path dispatched (the worker is run by the test, not by FC). */
  dispatched: WorkerTask[];
}

export function buildAppEnv(spec: AppEnvSpec, o: { logger: Logger; at?: PointHandler }): AppEnv {
  const clock = new ScaledClock(spec.clock);
  const config = loadConfigText(spec.configYaml, 'crash.yaml');
  const dispatched: WorkerTask[] = [];
  const settings = {
    regionId: spec.regionId,
    configPath: '(inline)',
    ots: { endpoint: spec.ots.endpoint, instanceName: spec.ots.instanceName, tablePrefix: 'autoscaler_' },
    ecsEndpoint: spec.ecsEndpoint,
    cmsEndpoint: spec.cmsEndpoint,
    protocol: 'http' as const,
    webhook: { token: spec.token, allowCidrs: [] },
    worker: { serviceName: 'ecs-vertical-autoscaler', functionName: 'ecs-autoscaler-worker' },
  };
  const dispatcher = {
    async dispatch(task: WorkerTask) {
      dispatched.push(task);
      return 'queued' as const;
    },
  };
  const container = buildContainer(settings, config, spec.credentials, '1234567890123456', {
    clock,
    logger: o.logger,
    dispatcher,
  });
  // Polls every 1-4 virtual seconds: a type change settles in about a wall second at speed 50. A status
  // wait gives up after 2,400 virtual seconds (48 s of wall time), so only a real hang times it out.
  const timing = { pollInitialMs: 1_000, pollMaxMs: 4_000, statusTimeoutMs: 2_400_000 };
  const deps = (requestId: string): AppDeps => {
    const d = container.deps(requestId);
    if (!o.at) return { ...d, timing };
    return {
      ...d,
      timing,
      ecs: instrumentEcs(d.ecs, o.at),
      store: instrumentStore(d.store, o.at),
      hooks: stepHooks(o.at),
    };
  };
  const endpoint: AlarmEndpoint = {
    auth: settings.webhook,
    logger: o.logger,
    deps: () => deps(`alarm-${Date.now()}`),
    now: () => clock.now(),
  };
  return { clock, deps, endpoint, dispatched };
}
