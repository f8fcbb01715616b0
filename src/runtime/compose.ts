/**
 * Composing a container from settings, the validated config, credentials and the four client factories.
 * Two sets of factories exist: container.ts builds every client at once (the local cloud, the simulator and
 * tests run in one process and already hold the SDKs); fcContainer.ts loads each SDK on first use (a cold
 * FC instance pays only for the clients its path calls). This module imports neither set.
 */
import { randomUUID } from 'node:crypto';
import type { MetricsApiOptions } from '../adapters/aliyun/cms.js';
import type { EcsApiOptions } from '../adapters/aliyun/ecs.js';
import type { FcDispatcherOptions } from '../adapters/aliyun/fcDispatcher.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../adapters/aliyun/retry.js';
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
import type { Notifier } from '../app/notify/notifier.js';
import { notifyingStore } from '../app/notify/notifyingStore.js';
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
  const common = { regionId: settings.regionId, credentials: creds, protocol: settings.protocol, clock };
  const ecs = make.ecs({
    ...common,
    endpoint: settings.ecsEndpoint,
    ...(over.ecsRetry ? { retry: over.ecsRetry } : {}),
  });
  const metrics = make.metrics({ ...common, endpoint: settings.cmsEndpoint });
  const rawStore =
    over.store ??
    make.store({
      endpoint: settings.ots.endpoint,
      instanceName: settings.ots.instanceName,
      credentials: creds,
      tablePrefix: settings.ots.tablePrefix,
      clock,
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
