/**
 * The container of an FC instance: built on the first invocation from the function's environment and the config
 * file next to the code, with each SDK client loaded on the first call of its port (lazyAdapters.ts), so
 * requiring the bundle evaluates no SDK and a path pays only for the clients it uses. The FC entry points import
 * this module, never container.ts, whose static imports would evaluate every SDK when the bundle loads.
 */
import { isAbsolute, resolve } from 'node:path';
import { loadConfigFile } from '../adapters/config/file.js';
import {
  type ClientFactories,
  type Container,
  type ContainerOverrides,
  composeContainer,
  type InvocationContext,
  type LocalHosting,
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

type Env = Readonly<Record<string, string | undefined>>;

interface Slot {
  /** The credentials it was built with. */
  key: string;
  container: Promise<Container>;
}

/** FC: one container per instance (module state lives as long as the instance). */
let instanceSlot: Slot | undefined;
/**
 * Locally: one per hosted function, keyed on its `context.local` (one object per function of one local cloud),
 * so two local clouds in one process never share a container, even with the same credentials.
 */
const hostedSlots = new WeakMap<LocalHosting, Slot>();

function slotOf(local: LocalHosting | undefined): Slot | undefined {
  return local ? hostedSlots.get(local) : instanceSlot;
}

function setSlot(local: LocalHosting | undefined, slot: Slot | undefined): void {
  if (!local) instanceSlot = slot;
  else if (slot) hostedSlots.set(local, slot);
  else hostedSlots.delete(local);
}

async function build(ctx: InvocationContext, env: Env, over: Pick<ContainerOverrides, 'ecsRetry'>): Promise<Container> {
  const local = ctx.local;
  const { config: given, ...host } = local?.host ?? {};
  const settings = readSettings(env);
  const path = isAbsolute(settings.configPath) ? settings.configPath : resolve(process.cwd(), settings.configPath);
  const config = given ?? (await loadConfigFile(path));
  const accountId = ctx.accountId ?? env.ALIBABA_CLOUD_ACCOUNT_ID ?? '';
  const c = composeContainer(LAZY_CLIENTS, settings, config, ctx.credentials, accountId, {
    ...over,
    ...host,
    ...(local ? { clock: local.clock } : {}),
    env,
  });
  // One debug line per cold start or credential rotation: how often an instance pays for building its clients.
  c.logger.log('debug', 'container built', {
    requestId: ctx.requestId,
    ...(ctx.function ? { functionName: ctx.function.name } : {}),
  });
  return c;
}

/**
 * The container for this FC instance, built on first use from the environment (`env`, FC: `process.env`) and
 * the config file next to the code. Rebuilt when the context's credentials change (STS rotation); a failed build
 * is not kept (the next invocation tries again). A context from the local FC runtime (`ctx.local`) brings its
 * function's own environment, clock and host overrides, and its own cache.
 */
export function containerFor(
  ctx: InvocationContext,
  env: Env = process.env,
  over: Pick<ContainerOverrides, 'ecsRetry'> = {},
): Promise<Container> {
  const local = ctx.local;
  const key = `${ctx.credentials.accessKeyId}|${ctx.credentials.securityToken ?? ''}`;
  const cached = slotOf(local);
  if (cached?.key === key) return cached.container;
  const slot: Slot = { key, container: build(ctx, local?.env ?? env, over) };
  setSlot(local, slot);
  slot.container.catch(() => {
    if (slotOf(local) === slot) setSlot(local, undefined);
  });
  return slot.container;
}
