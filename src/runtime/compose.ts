/**
 * Composing a container from settings, the validated config, credentials and the four client factories.
 * Two sets of factories exist: container.ts builds every client at once (the local cloud's own container and
 * tests that call the app directly, in a process that already holds the SDKs); fcContainer.ts loads each SDK on
 * first use (a cold FC instance pays only for the clients its path calls; the local cloud's hosted functions go
 * through it too). This module imports neither set.
 */
import { randomUUID } from 'node:crypto';
import type { MetricsApiOptions } from '../adapters/aliyun/cms.js';
import type { EcsApiOptions } from '../adapters/aliyun/ecs.js';
import type { FcDispatcherOptions } from '../adapters/aliyun/fcDispatcher.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../adapters/aliyun/retry.js';
import type { VpcApiOptions } from '../adapters/aliyun/vpc.js';
import { withVpcLinks } from '../adapters/aliyun/vpcResources.js';
import type { TablestoreStateStoreOptions } from '../adapters/tablestore/stateStore.js';
import type { AppDeps } from '../app/index.js';
import type { Config } from '../core/config/types.js';
import type { PriceTable } from '../core/cost.js';
import { type Clock, systemClock } from '../ports/Clock.js';
import type { Dispatcher } from '../ports/Dispatcher.js';
import type { EcsApi } from '../ports/EcsApi.js';
import type { Logger } from '../ports/Logger.js';
import type { MetricsApi } from '../ports/MetricsApi.js';
import type { StateStore } from '../ports/StateStore.js';
import type { VpcApi } from '../ports/VpcApi.js';
import type { Notifier } from '../app/notify/notifier.js';
import { notifyingStore } from '../app/notify/notifyingStore.js';
import { lazyVpcApi } from './lazyAdapters.js';
import { createJsonLogger } from './logger.js';
import { buildNotifier, notificationSecrets } from './notify.js';
import type { Settings } from './settings.js';

export interface Credentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

/** The parts of an FC context the container needs (FC 3.0 context; see reference §3.2). */
export interface InvocationContext {
  requestId: string;
  accountId?: string;
  region?: string;
  credentials: Credentials;
  function?: { name: string };
  /**
   * Set only by the local cloud's FC runtime, never by FC (docs/fc-runtime.md, "The one difference from FC"):
   * what is process-wide in an FC instance but per hosted function locally.
   */
  local?: LocalHosting;
}

/** The local FC runtime's `context.local` (packages/local-cloud FcLocalExtension), as the product reads it. */
export interface LocalHosting {
  /** The local cloud's clock, virtual or accelerated (FC: the wall clock). */
  clock: Clock;
  /** The function's environment variables (FC: `process.env`). */
  env: Readonly<Record<string, string | undefined>>;
  /** What the local cloud provides instead of the deployment (FC: nothing). */
  host?: HostOverrides;
}

/** Parts of a hosted function's container that the local cloud provides. */
export interface HostOverrides {
  /** The config the cloud was started with (FC: the file AUTOSCALER_CONFIG names). */
  config?: Config;
  /** The cloud's log (FC: JSON lines on stdout). */
  logger?: Logger;
  /** The simulator's in-memory store, under the same contract (FC: Tablestore). */
  store?: StateStore;
  /** The simulator's price table (FC: the table in the code directory). */
  prices?: PriceTable;
}

export interface Container {
  settings: Settings;
  config: Config;
  logger: Logger;
  clock: Clock;
  /** Sends the notifications of committed audit entries in the background (docs/notifications.md). */
  notifier?: Notifier;
  /** Dependencies for one invocation: the same clients, a fresh holder id. */
  deps(requestId: string): AppDeps;
}

/**
 * FC freezes an instance once its handler returns, so a notification still being sent would wait for the next thaw:
 * each handler gives what it queued up to this long (real ms) before it returns; the rest goes on in the background.
 */
export const NOTIFY_GRACE_MS = 1000;

/** Runs one invocation, then gives the notifications it queued up to NOTIFY_GRACE_MS before the answer goes back. */
export async function withNotificationGrace<T>(c: Pick<Container, 'notifier'>, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } finally {
    await c.notifier?.idle(NOTIFY_GRACE_MS);
  }
}

export interface ContainerOverrides {
  /**
   * ECS retry budget. The alarm function must answer within CMS's 5 s timeout, so it retries briefly and
   * leaves the rest to the reconcile tick; the tick and the worker use the adapter's default (30 s).
   */
  ecsRetry?: RetryPolicy;
  clock?: Clock;
  logger?: Logger;
  store?: StateStore;
  dispatcher?: Dispatcher;
  /** The optimiser's price table (the simulator's `--prices`); default: read from the code directory. */
  prices?: PriceTable;
  /** Environment for the notification sinks' `urlEnv` / `secretEnv` (FC: process.env). Default: none. */
  env?: Record<string, string | undefined>;
}

/** How the container makes each SDK-backed port. */
export interface ClientFactories {
  ecs(o: EcsApiOptions): EcsApi;
  metrics(o: MetricsApiOptions): MetricsApi;
  store(o: TablestoreStateStoreOptions): StateStore;
  dispatcher(o: FcDispatcherOptions): Dispatcher;
  /** VPC for EIP routing and EIP / package groups; default: the lazily loaded SDK client (lazyAdapters.ts). */
  vpc?(o: VpcApiOptions): VpcApi;
}

/**
 * Whether EIP-bound instances are routed to their EIPs, and EIPs and packages served as resources (docs/eip.md):
 * with the real ECS (its VPC is the public endpoint), or with a VPC endpoint given. A local ECS without a local VPC
 * is never paired with the real VPC.
 */
export function routesEips(settings: Pick<Settings, 'ecsEndpoint' | 'vpcEndpoint'>): boolean {
  return settings.vpcEndpoint !== undefined || settings.ecsEndpoint === undefined;
}

/** The alarm function's ECS retry budget: at most ~2.5 s of retries inside CMS's 5 s callback timeout. */
export const ALARM_ECS_RETRY: RetryPolicy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 3, maxElapsedMs: 2_500 };

/** A container whose clients `make` builds from the settings (an override replaces the store or dispatcher). */
export function composeContainer(
  make: ClientFactories,
  settings: Settings,
  config: Config,
  creds: Credentials,
  accountId: string,
  over: ContainerOverrides = {},
): Container {
  const clock = over.clock ?? systemClock;
  const env = over.env ?? {};
  const secrets = [settings.webhook.token, ...notificationSecrets(config, env)];
  const logger = over.logger ?? createJsonLogger({ secrets, now: () => clock.now() });
  const common = {
    regionId: settings.regionId,
    credentials: creds,
    protocol: settings.protocol,
    clock,
    ...(settings.sdkReadTimeoutMs !== undefined ? { readTimeoutMs: settings.sdkReadTimeoutMs } : {}),
  };
  const retry = over.ecsRetry ? { retry: over.ecsRetry } : {};
  const ownEcs = make.ecs({ ...common, endpoint: settings.ecsEndpoint, ...retry });
  const ecs = routesEips(settings) ? withVpc(ownEcs) : ownEcs;
  /**
   * An EIP-bound instance's bandwidth is its EIP's: the routing shows and changes the EIP; outermost, the EIPs and
   * packages of `eip` / `bandwidthPackage` groups are served as resources (docs/eip.md).
   */
  function withVpc(inner: EcsApi): EcsApi {
    const vpc = (make.vpc ?? lazyVpcApi)({ ...common, endpoint: settings.vpcEndpoint, ...retry });
    return withVpcLinks(inner, vpc, {
      regionId: settings.regionId,
      ...retry,
      clock,
      onKept: (instanceId, allocationId, reason) =>
        logger.log('debug', 'EIP-bound instance not routed to its EIP', { instanceId, allocationId, reason }),
      onUnreadable: (action, reason) =>
        logger.log('warn', 'VPC unreadable: its EIPs and packages are absent', { action, reason }),
    });
  }
  const metrics = make.metrics({ ...common, endpoint: settings.cmsEndpoint });
  const rawStore =
    over.store ??
    make.store({
      endpoint: settings.ots.endpoint,
      instanceName: settings.ots.instanceName,
      credentials: creds,
      tablePrefix: settings.ots.tablePrefix,
      clock,
      ...(settings.otsSocketTimeoutMs !== undefined ? { socketTimeoutMs: settings.otsSocketTimeoutMs } : {}),
    });
  const dispatcher =
    over.dispatcher ??
    make.dispatcher({
      accountId,
      region: settings.regionId,
      endpoint: settings.fcEndpoint,
      credentials: creds,
      serviceName: settings.worker.serviceName,
      functionName: settings.worker.functionName,
    });
  const notifier = buildNotifier({
    config,
    env,
    clock,
    logger,
    store: rawStore,
    ecs,
    ...(over.prices ? { prices: over.prices } : {}),
  });
  // Audit entries reach the notifier after their commit; nothing in the decision path waits for a send.
  const store = notifyingStore(rawStore, notifier);
  const deps = (requestId: string): AppDeps => ({
    config,
    ecs,
    metrics,
    store,
    dispatcher,
    clock,
    logger,
    holderId: requestId || randomUUID(),
    ...(over.prices ? { prices: over.prices } : {}),
  });
  return { settings, config, logger, clock, notifier, deps };
}
