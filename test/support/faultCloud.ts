/**
 * The local cloud composed for fault injection: the same emulators and the same hosted functions as
 * src/local/cloud (handlers from s.yaml via `localFunctions`, the worker reached through @alicloud/fc2),
 * but with faults in ECS, CloudMonitor and Tablestore, and client timeouts short enough that a withheld
 * reply costs a fraction of a second (ECS read timeout 250 ms, Tablestore socket timeout 200 ms).
 * Tablestore persists to a file so it can be restarted without faults on the same port.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createMetricsApi } from '../../src/adapters/aliyun/cms.js';
import { createEcsApi } from '../../src/adapters/aliyun/ecs.js';
import { createFcDispatcher } from '../../src/adapters/aliyun/fcDispatcher.js';
import { createTablestoreStateStore, type TablestoreStateStore } from '../../src/adapters/tablestore/stateStore.js';
import type { Config } from '../../src/core/config/types.js';
import { VirtualClock } from '../../src/local/clock.js';
import { localFunctions } from '../../src/local/cloud/functions.js';
import { type CmsEmulator, startCmsEmulator } from '../../src/local/cms/emulator.js';
import type { WorkloadSource } from '../../src/local/cms/types.js';
import { type EcsEmulator, type FleetFile, startEcsEmulator } from '../../src/local/ecs/index.js';
import type { FaultInjector } from '../../src/local/faults.js';
import { type FcRuntime, startFcRuntime } from '../../src/local/fc/index.js';
import {
  startTablestoreEmulator,
  type TablestoreEmulator,
  type TablestoreFaults,
} from '../../src/local/tablestore/index.js';
import type { Dispatcher } from '../../src/ports/Dispatcher.js';
import type { Container } from '../../src/runtime/container.js';
import { cmsView } from './crashEnv.js';
import { LogCapture } from './logs.js';

const ACCOUNT_ID = '1234567890123456';
const SERVICE = 'ecs-vertical-autoscaler';
const secret = (n: number) => randomBytes(n).toString('base64url');

export interface FaultCloud {
  clock: VirtualClock;
  ecs: EcsEmulator;
  cms: CmsEmulator;
  ots: TablestoreEmulator;
  store: TablestoreStateStore;
  fc: FcRuntime;
  logs: LogCapture;
  token: string;
  accessKeySecret: string;
  alarmWebhook: string;
  /** Restart Tablestore on the same port and data file, without faults (the service recovered). */
  healTablestore(): Promise<void>;
  close(): Promise<void>;
}

/** The app as the hosted functions see it: official SDK adapters with short client timeouts. */
function appContainer(o: {
  config: Config;
  clock: VirtualClock;
  credentials: { accessKeyId: string; accessKeySecret: string };
  token: string;
  logs: LogCapture;
  ecs: EcsEmulator;
  cms: CmsEmulator;
  store: TablestoreStateStore;
  dispatcher: Dispatcher;
}): Container {
  const { clock, credentials, store, dispatcher, logs, config } = o;
  const common = { regionId: o.ecs.regionId, credentials, protocol: 'http' as const, clock };
  const ecs = createEcsApi({ ...common, endpoint: o.ecs.endpoint, readTimeoutMs: 250 });
  const metrics = createMetricsApi({ ...common, endpoint: o.cms.endpoint, readTimeoutMs: 250 });
  let n = 0;
  return {
    settings: {
      regionId: o.ecs.regionId,
      configPath: '(inline)',
      ots: { endpoint: '(store injected)', instanceName: 'autoscaler', tablePrefix: 'autoscaler_' },
      protocol: 'http',
      webhook: { token: o.token, allowCidrs: [] },
      worker: { serviceName: SERVICE, functionName: 'ecs-autoscaler-worker' },
    },
    config,
    logger: logs.logger,
    clock,
    deps: (requestId) => ({
      config,
      ecs,
      metrics,
      store,
      dispatcher,
      clock,
      logger: logs.logger,
      holderId: requestId || `inv-${++n}`,
    }),
  };
}

export async function startFaultCloud(o: {
  startMs: number;
  config: Config;
  fleet: FleetFile;
  workload: WorkloadSource;
  dataDir: string;
  ecsFaults: FaultInjector;
  cmsFaults: FaultInjector;
  otsFaults: TablestoreFaults;
}): Promise<FaultCloud> {
  const clock = new VirtualClock(o.startMs);
  const credentials = { accessKeyId: `LTAI${secret(12)}`, accessKeySecret: secret(24) };
  const token = `whk-${secret(18)}`;
  const logs = new LogCapture([token], () => clock.now());
  const ecs = await startEcsEmulator({ clock, credentials, fleet: o.fleet, faults: o.ecsFaults });
  const dataFile = join(o.dataDir, 'tablestore.json');
  const otsOpts = { clock, credentials, instanceName: 'autoscaler', dataFile };
  let ots = await startTablestoreEmulator({ ...otsOpts, faults: o.otsFaults });
  const cms = await startCmsEmulator({
    clock,
    credentials,
    regionId: ecs.regionId,
    instances: cmsView(ecs),
    workload: o.workload,
    faults: o.cmsFaults,
  });
  const store = createTablestoreStateStore({
    endpoint: ots.url,
    instanceName: 'autoscaler',
    credentials,
    clock,
    socketTimeoutMs: 200,
  });
  await store.ensureTables();
  const forward: { target?: Dispatcher } = {};
  const dispatcher: Dispatcher = { dispatch: (t) => (forward.target as Dispatcher).dispatch(t) };
  const container = appContainer({ ...o, clock, credentials, token, logs, ecs, cms, store, dispatcher });
  const fc = await startFcRuntime({
    clock,
    accountId: ACCOUNT_ID,
    region: ecs.regionId,
    serviceName: SERVICE,
    credentials,
    functionCredentials: { accessKeyId: `STS.${secret(12)}`, accessKeySecret: secret(24), securityToken: secret(32) },
    functions: localFunctions(container),
  });
  forward.target = createFcDispatcher({
    accountId: ACCOUNT_ID,
    region: ecs.regionId,
    endpoint: fc.url,
    credentials,
    serviceName: SERVICE,
    functionName: 'ecs-autoscaler-worker',
  });
  return {
    clock,
    ecs,
    cms,
    get ots() {
      return ots;
    },
    store,
    fc,
    logs,
    token,
    accessKeySecret: credentials.accessKeySecret,
    alarmWebhook: `${fc.httpUrl('ecs-autoscaler-alarm', '/cms')}?token=${encodeURIComponent(token)}`,
    async healTablestore() {
      const port = Number(new URL(ots.url).port);
      await ots.close();
      ots = await startTablestoreEmulator({ ...otsOpts, port });
    },
    async close() {
      await fc.close();
      await Promise.allSettled([cms.close(), ecs.close()]);
      await ots.close();
    },
  };
}
