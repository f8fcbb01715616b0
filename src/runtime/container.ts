/**
 * The composition root: builds the app's dependencies from settings, the validated config and credentials.
 * FC handlers call `containerFor(context)` once per container; clients are rebuilt only when the STS
 * credentials in the invocation context rotate.
 */
import { randomUUID } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';
import { createMetricsApi } from '../adapters/aliyun/cms.js';
import { createEcsApi } from '../adapters/aliyun/ecs.js';
import { createFcDispatcher } from '../adapters/aliyun/fcDispatcher.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../adapters/aliyun/retry.js';
import { loadConfigFile } from '../adapters/config/file.js';
import { createTablestoreStateStore } from '../adapters/tablestore/stateStore.js';
import type { AppDeps } from '../app/index.js';
import type { Config } from '../core/config/types.js';
import { type Clock, systemClock } from '../ports/Clock.js';
import type { Dispatcher } from '../ports/Dispatcher.js';
import type { Logger } from '../ports/Logger.js';
import type { StateStore } from '../ports/StateStore.js';
import { createJsonLogger } from './logger.js';
import { readSettings, type Settings } from './settings.js';

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
  /** Dependencies for one invocation: the same clients, a fresh holder id. */
  deps(requestId: string): AppDeps;
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
}

/** Build a container from explicit parts (used by handlers, the local cloud and tests). */
export function buildContainer(
  settings: Settings,
  config: Config,
  creds: Credentials,
  accountId: string,
  over: ContainerOverrides = {},
): Container {
  const clock = over.clock ?? systemClock;
  const logger = over.logger ?? createJsonLogger({ secrets: [settings.webhook.token], now: () => clock.now() });
  const common = { regionId: settings.regionId, credentials: creds, protocol: settings.protocol, clock };
  const ecs = createEcsApi({
    ...common,
    endpoint: settings.ecsEndpoint,
    ...(over.ecsRetry ? { retry: over.ecsRetry } : {}),
  });
  const metrics = createMetricsApi({ ...common, endpoint: settings.cmsEndpoint });
  const store =
    over.store ??
    createTablestoreStateStore({
      endpoint: settings.ots.endpoint,
      instanceName: settings.ots.instanceName,
      credentials: creds,
      tablePrefix: settings.ots.tablePrefix,
      clock,
    });
  const dispatcher =
    over.dispatcher ??
    createFcDispatcher({
      accountId,
      region: settings.regionId,
      endpoint: settings.fcEndpoint,
      credentials: creds,
      serviceName: settings.worker.serviceName,
      functionName: settings.worker.functionName,
    });
  return {
    settings,
    config,
    logger,
    clock,
    deps: (requestId) => ({
      config,
      ecs,
      metrics,
      store,
      dispatcher,
      clock,
      logger,
      holderId: requestId || randomUUID(),
    }),
  };
}

/** The alarm function's ECS retry budget: at most ~2.5 s of retries inside CMS's 5 s callback timeout. */
export const ALARM_ECS_RETRY: RetryPolicy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 3, maxElapsedMs: 2_500 };

let cached: { key: string; container: Promise<Container> } | undefined;

/**
 * The container for this FC instance, built on first use from `process.env` and the config file next to
 * the code. Rebuilt when the context's credentials change (STS rotation).
 */
export function containerFor(
  ctx: InvocationContext,
  env: Record<string, string | undefined> = process.env,
  over: Pick<ContainerOverrides, 'ecsRetry'> = {},
): Promise<Container> {
  const key = `${ctx.credentials.accessKeyId}|${ctx.credentials.securityToken ?? ''}`;
  if (cached?.key !== key) {
    const container = (async () => {
      const settings = readSettings(env);
      const path = isAbsolute(settings.configPath) ? settings.configPath : resolve(process.cwd(), settings.configPath);
      const config = await loadConfigFile(path);
      return buildContainer(
        settings,
        config,
        ctx.credentials,
        ctx.accountId ?? env.ALIBABA_CLOUD_ACCOUNT_ID ?? '',
        over,
      );
    })();
    cached = { key, container };
    // A failed build (bad config, bad env) must not be cached forever: the next invocation retries.
    container.catch(() => {
      if (cached?.container === container) cached = undefined;
    });
  }
  return (cached as { container: Promise<Container> }).container;
}
