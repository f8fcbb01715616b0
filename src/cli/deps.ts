/**
 * Clients for operator commands (`provision-alarms`, `recommend`), built from flags and the environment the
 * same way the functions build theirs: credentials from ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET / _SECURITY_TOKEN,
 * endpoint overrides for the local cloud (AUTOSCALER_ECS_ENDPOINT, AUTOSCALER_CMS_ENDPOINT, AUTOSCALER_VPC_ENDPOINT; an
 * http:// URL sets the protocol), ECS with EIP-bound instances routed to their EIPs as the functions do (docs/eip.md),
 * the config file from --config or AUTOSCALER_CONFIG. Every missing input is reported at once; secrets are never
 * printed.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createMetricsApi } from '../adapters/aliyun/cms.js';
import { createAlarmRulesApi } from '../adapters/aliyun/cmsRules.js';
import { createEcsApi } from '../adapters/aliyun/ecs.js';
import { withVpcLinks } from '../adapters/aliyun/vpcResources.js';
import { parseEndpoint, resolveEndpoints } from '../adapters/aliyun/sdkConfig.js';
import { createVpcApi } from '../adapters/aliyun/vpc.js';
import { loadConfigFile } from '../adapters/config/file.js';
import { MemoryStateStore } from '../adapters/memory/stateStore.js';
import { createTablestoreStateStore } from '../adapters/tablestore/stateStore.js';
import type { AppDeps } from '../app/types.js';
import type { Config } from '../core/config/types.js';
import { systemClock } from '../ports/Clock.js';
import type { Dispatcher } from '../ports/Dispatcher.js';
import type { EcsApi } from '../ports/EcsApi.js';
import type { StateStore } from '../ports/StateStore.js';
import { routesEips } from '../runtime/compose.js';
import { createJsonLogger } from '../runtime/logger.js';
import { UsageError } from './usage.js';

export type Env = Record<string, string | undefined>;

export { UsageError } from './usage.js';

export interface Connection {
  regionId: string;
  credentials: { accessKeyId: string; accessKeySecret: string; securityToken?: string };
  protocol: 'http' | 'https';
  ecsEndpoint?: string;
  cmsEndpoint?: string;
  /** VPC for EIP routing; absent = the public endpoint with the real ECS, no routing with a local ECS. */
  vpcEndpoint?: string;
}

const CONFIG_DEFAULTS = ['autoscaler.yaml', 'config/autoscaler.yaml'];

function trimmed(v: string | undefined): string | undefined {
  const t = v?.trim();
  return t ? t : undefined;
}

/** The config file: --config, else AUTOSCALER_CONFIG, else ./autoscaler.yaml or ./config/autoscaler.yaml. */
export async function loadCliConfig(flag: string | undefined, env: Env, cwd = process.cwd()): Promise<Config> {
  const given = flag ?? trimmed(env.AUTOSCALER_CONFIG);
  const path = given ? resolve(cwd, given) : CONFIG_DEFAULTS.map((p) => resolve(cwd, p)).find((p) => existsSync(p));
  if (!path) {
    throw new UsageError(
      `no config file: pass --config FILE or set AUTOSCALER_CONFIG (looked for ${CONFIG_DEFAULTS.join(', ')})`,
    );
  }
  return loadConfigFile(path);
}

/**
 * Credentials and endpoints; every problem is named at once. An endpoint URL's scheme sets the protocol;
 * local and real endpoints are not mixed unless AUTOSCALER_ALLOW_MIXED_ENDPOINTS=1 (resolveEndpoints).
 */
export function connectionFrom(env: Env, config: Config): Connection {
  const accessKeyId = trimmed(env.ALIBABA_CLOUD_ACCESS_KEY_ID);
  const accessKeySecret = trimmed(env.ALIBABA_CLOUD_ACCESS_KEY_SECRET);
  // The state store counts when configured (storeFor): unset endpoint = the real Tablestore.
  const ots = trimmed(env.AUTOSCALER_OTS_INSTANCE)
    ? [{ variable: 'AUTOSCALER_OTS_ENDPOINT', value: trimmed(env.AUTOSCALER_OTS_ENDPOINT) }]
    : [];
  const vpc = vpcEndpointFrom(env);
  const endpoints = resolveEndpoints(env, [...ots, ...vpc.mixing]);
  const problems = [
    ...vpc.problems,
    accessKeyId ? '' : 'ALIBABA_CLOUD_ACCESS_KEY_ID is required',
    accessKeySecret ? '' : 'ALIBABA_CLOUD_ACCESS_KEY_SECRET is required',
    ...endpoints.problems.map((p) => `${p.variable} ${p.rule}${p.value !== undefined ? ` (got ${p.value})` : ''}`),
  ].filter(Boolean);
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  const securityToken = trimmed(env.ALIBABA_CLOUD_SECURITY_TOKEN);
  const { protocol, ecsEndpoint, cmsEndpoint } = endpoints;
  return {
    regionId: trimmed(env.AUTOSCALER_REGION) ?? config.regionId,
    credentials: {
      accessKeyId: accessKeyId as string,
      accessKeySecret: accessKeySecret as string,
      ...(securityToken ? { securityToken } : {}),
    },
    protocol,
    ...(ecsEndpoint ? { ecsEndpoint } : {}),
    ...(cmsEndpoint ? { cmsEndpoint } : {}),
    ...(vpc.endpoint ? { vpcEndpoint: vpc.endpoint } : {}),
  };
}

/** AUTOSCALER_VPC_ENDPOINT (host:port or a URL), checked against mixing local and real endpoints when set. */
function vpcEndpointFrom(env: Env) {
  const raw = trimmed(env.AUTOSCALER_VPC_ENDPOINT);
  if (raw === undefined) return { problems: [], mixing: [] };
  const parsed = parseEndpoint(raw);
  if ('error' in parsed) return { problems: [`AUTOSCALER_VPC_ENDPOINT ${parsed.error} (got ${raw})`], mixing: [] };
  return { endpoint: parsed.endpoint, problems: [], mixing: [{ variable: 'AUTOSCALER_VPC_ENDPOINT', value: raw }] };
}

function sdkOptions(c: Connection, endpoint: string | undefined) {
  return { regionId: c.regionId, credentials: c.credentials, protocol: c.protocol, ...(endpoint ? { endpoint } : {}) };
}

/**
 * ECS as the functions see it: EIP-bound instances routed to their EIPs, and the EIPs and packages of resource groups
 * served as resources, by the same decorators and rule as the composition root (src/runtime/compose.ts `routesEips`,
 * src/adapters/aliyun/eipRouting.ts, vpcResources.ts), so `status`, `history`, `recommend` and `provision-alarms`
 * show a routed instance with its EIP's bandwidth (one not routed keeps `eipNotRoutedReason`) and an EIP or package
 * as the functions do.
 */
export function ecsFor(c: Connection): EcsApi {
  const ecs = createEcsApi(sdkOptions(c, c.ecsEndpoint));
  if (!routesEips(c)) return ecs;
  const vpc = createVpcApi(sdkOptions(c, c.vpcEndpoint));
  return withVpcLinks(ecs, vpc, { regionId: c.regionId });
}

export function alarmRulesFor(c: Connection) {
  return createAlarmRulesApi(sdkOptions(c, c.cmsEndpoint));
}

/**
 * The state store when Tablestore is configured (AUTOSCALER_OTS_ENDPOINT / AUTOSCALER_OTS_INSTANCE), so the
 * downgrade budget reflects what was done; otherwise an empty in-memory store (`persistent: false`).
 */
export function storeFor(env: Env, c: Connection): { store: StateStore; persistent: boolean } {
  const instanceName = trimmed(env.AUTOSCALER_OTS_INSTANCE);
  if (!instanceName) return { store: new MemoryStateStore(), persistent: false };
  const endpoint = trimmed(env.AUTOSCALER_OTS_ENDPOINT) ?? `https://${instanceName}.${c.regionId}.ots.aliyuncs.com`;
  const tablePrefix = trimmed(env.AUTOSCALER_OTS_TABLE_PREFIX) ?? 'autoscaler_';
  return {
    store: createTablestoreStateStore({ endpoint, instanceName, credentials: c.credentials, tablePrefix }),
    persistent: true,
  };
}

/** Operator commands never dispatch orchestrations. */
const noDispatch: Dispatcher = {
  dispatch: async () => {
    throw new Error('this command does not start orchestrations');
  },
};

/** AppDeps for a read-only command; logs go to stderr as JSON lines (warnings and errors only). */
export function readOnlyDeps(config: Config, c: Connection, store: StateStore): AppDeps {
  return {
    config,
    ecs: ecsFor(c),
    metrics: createMetricsApi(sdkOptions(c, c.cmsEndpoint)),
    store,
    dispatcher: noDispatch,
    clock: systemClock,
    logger: createJsonLogger({ write: (l) => process.stderr.write(`${l}\n`), level: 'warn' }),
    holderId: `cli-${randomUUID()}`,
  };
}

/**
 * The callback URL for rules: --webhook, else AUTOSCALER_WEBHOOK_URL; AUTOSCALER_WEBHOOK_TOKEN is added as
 * `?token=` when the URL carries no token yet.
 */
export function webhookFrom(flag: string | undefined, env: Env): string {
  const raw = flag ?? trimmed(env.AUTOSCALER_WEBHOOK_URL);
  if (!raw)
    throw new UsageError(
      '--webhook URL (or AUTOSCALER_WEBHOOK_URL) is required: the alarm function’s HTTP trigger URL',
    );
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--webhook must be an http(s) URL (got ${maskToken(raw)})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--webhook must be an http(s) URL (got ${url.protocol})`);
  }
  const token = trimmed(env.AUTOSCALER_WEBHOOK_TOKEN);
  if (token && !url.searchParams.has('token')) url.searchParams.set('token', token);
  return url.toString();
}

/** The URL with its token (query `token=`) replaced by `***`, for printing. */
export function maskToken(url: string): string {
  return url.replace(/([?&]token=)[^&#]*/i, '$1***');
}
