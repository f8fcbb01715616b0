/**
 * The container of an FC instance: built on the first invocation from `process.env` and the config file next
 * to the code, with each SDK client loaded on the first call of its port (lazyAdapters.ts), so requiring the
 * bundle evaluates no SDK and a path pays only for the clients it uses. The FC entry points import this
 * module, never container.ts, whose static imports would evaluate every SDK when the bundle loads.
 */
import { isAbsolute, resolve } from 'node:path';
import { loadConfigFile } from '../adapters/config/file.js';
import {
  type ClientFactories,
  type Container,
  type ContainerOverrides,
  composeContainer,
  type InvocationContext,
} from './compose.js';
import { lazyEcsApi, lazyFcDispatcher, lazyMetricsApi, lazyTablestoreStateStore } from './lazyAdapters.js';
import { readSettings } from './settings.js';

export { ALARM_ECS_RETRY, type Container, type InvocationContext, withNotificationGrace } from './compose.js';

const LAZY_CLIENTS: ClientFactories = {
  ecs: lazyEcsApi,
  metrics: lazyMetricsApi,
  store: lazyTablestoreStateStore,
  dispatcher: lazyFcDispatcher,
};

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
      const accountId = ctx.accountId ?? env.ALIBABA_CLOUD_ACCOUNT_ID ?? '';
      return composeContainer(LAZY_CLIENTS, settings, config, ctx.credentials, accountId, { ...over, env });
    })();
    cached = { key, container };
    // A failed build (bad config, bad env) must not be cached forever: the next invocation retries.
    container.catch(() => {
      if (cached?.container === container) cached = undefined;
    });
  }
  return (cached as { container: Promise<Container> }).container;
}
