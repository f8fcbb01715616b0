/**
 * The local cloud: ECS, Tablestore, CloudMonitor and Function Compute emulators on 127.0.0.1, sharing one
 * clock, with the product's functions hosted by the FC runtime exactly as s.yaml deploys them. The official
 * SDKs talk to every emulator over HTTP. Used by `autoscaler start` / `emulate`, the simulator and tests.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createTablestoreStateStore } from '../../adapters/tablestore/stateStore.js';
import type { Config } from '../../core/config/types.js';
import type { PriceTable } from '../../core/cost.js';
import type { Logger } from '../../ports/Logger.js';
import type { StateStore } from '../../ports/StateStore.js';
import { buildContainer, type Container } from '../../runtime/container.js';
import { createDashboardApi } from '../../dashboard/api.js';
import { type DashboardServer, startDashboardServer } from '../../dashboard/server.js';
import { createJsonLogger } from '../../runtime/logger.js';
import { readSettings } from '../../runtime/settings.js';
import type { TimerClock } from '@ecs-autoscaler/local-cloud/clock.js';
import { type CmsEmulator, startCmsEmulator } from '@ecs-autoscaler/local-cloud/cms/emulator.js';
import type { WorkloadSource } from '@ecs-autoscaler/local-cloud/cms/types.js';
import {
  defaultFleet,
  type EcsEmulator,
  type FleetFile,
  startEcsEmulator,
} from '@ecs-autoscaler/local-cloud/ecs/index.js';
import { INSTANCE_TYPES } from '@ecs-autoscaler/local-cloud/ecs/catalog.js';
import type { FaultInjector } from '@ecs-autoscaler/local-cloud/faults.js';
import { type FcRuntime, startFcRuntime } from '@ecs-autoscaler/local-cloud/fc/index.js';
import {
  startTablestoreEmulator,
  type TablestoreEmulator,
  type TablestoreFaultInjector,
  type TablestoreFaults,
} from '@ecs-autoscaler/local-cloud/tablestore/index.js';
import { startLocalNotifications } from '../localNotifications.js';
import type { NotifyReceiver } from '@ecs-autoscaler/local-cloud/notifyReceiver.js';
import { cmsEipView, startVpcEmulator, type VpcEmulator } from '@ecs-autoscaler/local-cloud/vpc/index.js';
import { deployedFunctions } from './functions.js';
import { bindToDataFile, dataFileIn, lockDataDir } from './restart.js';

export interface LocalCloudOptions {
  clock: TimerClock;
  config: Config;
  fleet?: FleetFile;
  /** Faults injected into the ECS API (see docs/ecs-emulator.md). */
  ecsFaults?: FaultInjector;
  /** Faults injected into the VPC API (EIPs, shared bandwidth packages; same rules as ECS). */
  vpcFaults?: FaultInjector;
  /** Faults injected into the CloudMonitor API (same rules as ECS; `autoscaler emulate --faults cms:…`). */
  cmsFaults?: FaultInjector;
  /** Faults injected into Tablestore's data plane (`autoscaler emulate --faults tablestore:…`). */
  tablestoreFaults?: TablestoreFaults | TablestoreFaultInjector;
  /** Demand per instance; default: no demand (CMS reports zeros). */
  workload?: WorkloadSource;
  /**
   * Directory for persisted state: the Tablestore data file, which also holds the ECS emulator's state and the
   * clock (src/local/cloud/restart.ts); absent = in memory. A restart with the same directory resumes.
   */
  dataDir?: string;
  /** Saved with the clock in the data file (the demo's trace origin). */
  saveWithClock?: Record<string, unknown>;
  /** Webhook secret; default: random. */
  webhookToken?: string;
  /** Application log sink; default: JSON lines to stderr. */
  logger?: Logger;
  /**
   * Use this store instead of the Tablestore emulator's (the simulator passes the memory adapter, which
   * passes the same contract suite, to replay a month in minutes), handed to the hosted functions as
   * `context.local.host.store`. The Tablestore emulator still runs.
   */
  store?: StateStore;
  /**
   * Whether the CMS emulator's clock tick waits for its webhook deliveries (default false). The simulator sets
   * it so that an alarm is handled at the virtual instant it fires; with a real or accelerated clock a handler
   * that sleeps on the clock (a retry backoff) must not freeze time.
   */
  awaitCallbacks?: boolean;
  /** Fixed ports (0 or absent = free ports). */
  ports?: Partial<Record<'ecs' | 'vpc' | 'cms' | 'tablestore' | 'fc' | 'dashboard', number>>;
  /** The optimiser's price table (the simulator's `--prices`); default: the table in the code directory. */
  prices?: PriceTable;
  /** Start a local notification receiver and send the functions' notifications there (src/local/localNotifications.ts). */
  notifications?: { write?: (line: string) => void };
}

export interface LocalCloud {
  regionId: string;
  accountId: string;
  credentials: { accessKeyId: string; accessKeySecret: string };
  otsInstanceName: string;
  /** Full URL CMS rules post to, including the token. */
  alarmWebhook: string;
  webhookToken: string;
  ecs: EcsEmulator;
  /** EIPs and shared bandwidth packages of the fleet; ECS reads its EIP bandwidths from here. */
  vpc: VpcEmulator;
  cms: CmsEmulator;
  tablestore: TablestoreEmulator;
  fc: FcRuntime;
  dashboard: DashboardServer;
  /** The local notification receiver, when `notifications` was asked for. */
  notifications?: NotifyReceiver;
  /** The hosted functions' state: the `store` option they are given, else the Tablestore emulator's tables. */
  store: StateStore;
  /**
   * The cloud's own container (every client at once, the cloud's key, the same settings as the functions): the
   * dashboard server, alarm provisioning and drivers that call the app directly use it. The hosted functions
   * build theirs themselves (src/runtime/fcContainer.ts).
   */
  container: Container;
  /** Endpoints for the JSON line of `emulate`. */
  endpoints(): Record<string, string>;
  close(): Promise<void>;
}

const ACCOUNT_ID = '1234567890123456';
const SERVICE = 'ecs-vertical-autoscaler';

function secret(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

function cmsInstances(ecs: EcsEmulator) {
  return {
    get(id: string) {
      const v = ecs.state.get(id);
      if (!v) return undefined;
      return {
        bandwidthOutMbps: v.effectiveBandwidthOutMbps,
        cpu: INSTANCE_TYPES.get(v.instanceType)?.cpu ?? 2,
        status: v.status,
        publicIp: v.eip?.ipAddress ?? v.publicIp,
        internetChargeType: v.internetChargeType,
        instanceName: v.instanceName,
      };
    },
    list: () => ecs.state.list().map((i) => i.instanceId),
  };
}

/** The local endpoints set over s.yaml's environmentVariables (AUTOSCALER_FC_ENDPOINT once FC listens). */
function localEndpoints(o: {
  ecs: EcsEmulator;
  vpc: VpcEmulator;
  cms: CmsEmulator;
  ots: TablestoreEmulator;
}): Record<string, string> {
  return {
    AUTOSCALER_OTS_ENDPOINT: o.ots.url,
    AUTOSCALER_ECS_ENDPOINT: o.ecs.url,
    AUTOSCALER_VPC_ENDPOINT: o.vpc.url,
    AUTOSCALER_CMS_ENDPOINT: o.cms.url,
  };
}

/** Start every emulator and host the product's functions. Close it with `close()`. */
export async function startLocalCloud(o: LocalCloudOptions): Promise<LocalCloud> {
  const { clock, config } = o;
  const credentials = { accessKeyId: `LTAI${secret(12)}`, accessKeySecret: secret(24) };
  const token = o.webhookToken ?? secret(24);
  const logger =
    o.logger ??
    createJsonLogger({ write: (l) => process.stderr.write(`${l}\n`), secrets: [token], now: () => clock.now() });
  const dataFile = o.dataDir ? dataFileIn(o.dataDir) : undefined;
  const existed = dataFile ? existsSync(dataFile) : false;
  const unlock = o.dataDir ? lockDataDir(o.dataDir) : () => undefined;
  // The store first: its data file holds the ECS state too, restored before anyone can call ECS.
  const ots = await startTablestoreEmulator({
    clock,
    credentials,
    instanceName: 'autoscaler',
    port: o.ports?.tablestore,
    dataFile,
    ...(o.tablestoreFaults ? { faults: o.tablestoreFaults } : {}),
  });
  const fleet = o.fleet ?? defaultFleet();
  const ecs = await startEcsEmulator({ clock, credentials, fleet, faults: o.ecsFaults, port: o.ports?.ecs, logger });
  // One source of truth for EIPs: the VPC state, seeded from the same fleet; ECS renders its bandwidths from it.
  const vpc = await startVpcEmulator({ clock, credentials, fleet, faults: o.vpcFaults, port: o.ports?.vpc, logger });
  ecs.state.linkEips(vpc.state);
  if (dataFile) {
    try {
      const saveWithClock = o.saveWithClock ?? {};
      bindToDataFile({ dataFile, ots, ecs: ecs.state, vpc: vpc.state, fleet, clock, existed, saveWithClock });
    } catch (err) {
      await Promise.allSettled([ecs.close(), vpc.close(), ots.close()]);
      throw err;
    }
  }
  const cms = await startCmsEmulator({
    clock,
    credentials,
    regionId: ecs.regionId,
    instances: cmsInstances(ecs),
    eips: cmsEipView(vpc.state),
    workload: o.workload ?? { demandAt: () => ({ outboundMbps: 0 }) },
    port: o.ports?.cms,
    awaitCallbacks: o.awaitCallbacks ?? false,
    logger,
    ...(o.cmsFaults ? { faults: o.cmsFaults } : {}),
  });
  const ownStore = createTablestoreStateStore({
    endpoint: ots.url,
    instanceName: ots.instanceName,
    credentials,
    clock,
  });
  await ownStore.ensureTables();
  const store = o.store ?? ownStore;
  const priced = o.prices ? { prices: o.prices } : {};
  const notify = o.notifications ? await startLocalNotifications(config, o.notifications) : undefined;
  const fnConfig = notify?.config ?? config;
  // The deployed functions, loaded from functions/* by the FC runtime, each with s.yaml's environment rendered
  // for the local endpoints; what FC would take from the deployment (config file, stdout log) the cloud provides.
  const functions = deployedFunctions({
    deployEnv: {
      ALIBABA_CLOUD_ACCOUNT_ID: ACCOUNT_ID,
      AUTOSCALER_REGION: ecs.regionId,
      AUTOSCALER_OTS_INSTANCE: ots.instanceName,
      AUTOSCALER_WEBHOOK_TOKEN: token,
      AUTOSCALER_WORKER_SERVICE: SERVICE,
    },
    endpoints: localEndpoints({ ecs, vpc, cms, ots }),
    host: { config: fnConfig, logger, ...(o.store ? { store: o.store } : {}), ...priced },
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
    port: o.ports?.fc,
  });
  // Known once the runtime listens, set before anything can invoke a function (the worker is dispatched to it).
  for (const f of functions) (f.environmentVariables as Record<string, string>).AUTOSCALER_FC_ENDPOINT = fc.url;
  const env = functions[0]?.environmentVariables ?? {};
  // The cloud's own container (dashboard, provisioning, drivers), from the same settings, signing with its key.
  const container = buildContainer(readSettings(env), fnConfig, credentials, ACCOUNT_ID, {
    clock,
    logger,
    store,
    env,
    ...priced,
  });
  const alarmWebhook = `${fc.httpUrl('ecs-autoscaler-alarm', '/cms')}?token=${encodeURIComponent(token)}`;
  const deps = container.deps('dashboard');
  const dashboard = await startDashboardServer({
    api: createDashboardApi({ store, ecs: deps.ecs, metrics: deps.metrics, config, clock }),
    port: o.ports?.dashboard,
    logger,
  });
  return {
    regionId: ecs.regionId,
    accountId: ACCOUNT_ID,
    credentials,
    otsInstanceName: ots.instanceName,
    alarmWebhook,
    webhookToken: token,
    ecs,
    vpc,
    cms,
    tablestore: ots,
    fc,
    dashboard,
    ...(notify ? { notifications: notify.receiver } : {}),
    store,
    container,
    endpoints: () => ({
      ecs: ecs.url,
      vpc: vpc.url,
      cms: cms.url,
      tablestore: ots.url,
      fc: fc.url,
      alarmWebhook,
      dashboard: dashboard.url,
    }),
    async close() {
      await dashboard.close();
      await fc.close();
      await Promise.allSettled([cms.close(), ecs.close(), vpc.close()]);
      await ots.close();
      unlock();
      await notify?.receiver.close();
    },
  };
}
