/**
 * The local cloud composed for fault injection: the same emulators as src/local/cloud, with faults in ECS,
 * CloudMonitor and Tablestore, and the product deployed into the FC runtime exactly as src/local/cloud deploys
 * it (`deployedFunctions`: functions/* entry points, s.yaml's triggers and environment rendered for the local
 * endpoints; the worker reached through @alicloud/fc2). The one addition is what an operator could set on the
 * deployment: shorter client timeouts (AUTOSCALER_SDK_READ_TIMEOUT_MS=250, AUTOSCALER_OTS_SOCKET_TIMEOUT_MS=200;
 * src/runtime/settings.ts), so that a withheld reply costs a fraction of a second of wall time.
 * Tablestore persists to a file so it can be restarted without faults on the same port.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createTablestoreStateStore, type TablestoreStateStore } from '../../src/adapters/tablestore/stateStore.js';
import type { Config } from '../../src/core/config/types.js';
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';
import { deployedFunctions } from '../../src/local/cloud/functions.js';
import { type CmsEmulator, startCmsEmulator } from '@ecs-autoscaler/local-cloud/cms/emulator.js';
import type { WorkloadSource } from '@ecs-autoscaler/local-cloud/cms/types.js';
import { type EcsEmulator, type FleetFile, startEcsEmulator } from '@ecs-autoscaler/local-cloud/ecs/index.js';
import type { FaultInjector } from '@ecs-autoscaler/local-cloud/faults.js';
import { type FcRuntime, startFcRuntime } from '@ecs-autoscaler/local-cloud/fc/index.js';
import {
  startTablestoreEmulator,
  type TablestoreEmulator,
  type TablestoreFaults,
} from '@ecs-autoscaler/local-cloud/tablestore/index.js';
import { cmsView } from './crashEnv.js';
import { LogCapture } from './logs.js';

const ACCOUNT_ID = '1234567890123456';
const SERVICE = 'ecs-vertical-autoscaler';
const secret = (n: number) => randomBytes(n).toString('base64url');

/** Client timeouts of the hosted functions (wall ms): a 400 ms ECS latency fault is a timeout, an OTS one too. */
export const FAULT_CLIENT_TIMEOUTS = {
  AUTOSCALER_SDK_READ_TIMEOUT_MS: '250',
  AUTOSCALER_OTS_SOCKET_TIMEOUT_MS: '200',
};

export interface FaultCloud {
  clock: VirtualClock;
  ecs: EcsEmulator;
  cms: CmsEmulator;
  ots: TablestoreEmulator;
  /** The test's own client of the functions' tables (for the verdict), with the same socket timeout. */
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
    socketTimeoutMs: Number(FAULT_CLIENT_TIMEOUTS.AUTOSCALER_OTS_SOCKET_TIMEOUT_MS),
  });
  await store.ensureTables();
  const functions = deployedFunctions({
    deployEnv: {
      ALIBABA_CLOUD_ACCOUNT_ID: ACCOUNT_ID,
      AUTOSCALER_REGION: ecs.regionId,
      AUTOSCALER_OTS_INSTANCE: 'autoscaler',
      AUTOSCALER_WEBHOOK_TOKEN: token,
      AUTOSCALER_WORKER_SERVICE: SERVICE,
    },
    endpoints: { AUTOSCALER_OTS_ENDPOINT: ots.url, AUTOSCALER_ECS_ENDPOINT: ecs.url, AUTOSCALER_CMS_ENDPOINT: cms.url },
    env: FAULT_CLIENT_TIMEOUTS,
    host: { config: o.config, logger: logs.logger },
  });
  const fc = await startFcRuntime({
    clock,
    accountId: ACCOUNT_ID,
    region: ecs.regionId,
    serviceName: SERVICE,
    credentials,
    // The function role's STS credentials: the emulators know one key, so the role signs with it plus a token.
    functionCredentials: { ...credentials, securityToken: secret(32) },
    functions,
  });
  // Known once the runtime listens, set before anything can invoke a function (the worker is dispatched to it).
  for (const f of functions) (f.environmentVariables as Record<string, string>).AUTOSCALER_FC_ENDPOINT = fc.url;
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
