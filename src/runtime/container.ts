/**
 * The composition root: builds the app's dependencies from settings, the validated config and credentials.
 * `buildContainer` makes every SDK client at once (the local cloud, the simulator and tests). FC handlers
 * call `containerFor(context)` (fcContainer.ts), which loads each SDK on first use; clients are rebuilt only
 * when the STS credentials in the invocation context rotate.
 */
import { createMetricsApi } from '../adapters/aliyun/cms.js';
import { createEcsApi } from '../adapters/aliyun/ecs.js';
import { createFcDispatcher } from '../adapters/aliyun/fcDispatcher.js';
import { createTablestoreStateStore } from '../adapters/tablestore/stateStore.js';
import type { Config } from '../core/config/types.js';
import {
  type ClientFactories,
  type Container,
  type ContainerOverrides,
  composeContainer,
  type Credentials,
} from './compose.js';
import type { Settings } from './settings.js';

export { ALARM_ECS_RETRY, type Container, type ContainerOverrides, type Credentials } from './compose.js';

const EAGER_CLIENTS: ClientFactories = {
  ecs: createEcsApi,
  metrics: createMetricsApi,
  store: createTablestoreStateStore,
  dispatcher: createFcDispatcher,
};

/** Build a container from explicit parts, every client at once (used by the local cloud and tests). */
export function buildContainer(
  settings: Settings,
  config: Config,
  creds: Credentials,
  accountId: string,
  over: ContainerOverrides = {},
): Container {
  return composeContainer(EAGER_CLIENTS, settings, config, creds, accountId, over);
}
