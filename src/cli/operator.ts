/**
 * What the operator commands (`status`, `history`, `pause`, `resume`, `kill-switch`) share: the same config file,
 * credentials, endpoints and Tablestore state store as the functions (src/cli/deps.ts, so the local cloud and a
 * real account differ only in the environment), the notifier for the controls, who is acting, and a runner that
 * takes positional arguments and maps errors to one line and an exit code.
 */
import { userInfo } from 'node:os';
import type { ParseArgsConfig } from 'node:util';
import { createMetricsApi } from '../adapters/aliyun/cms.js';
import { Notifier } from '../app/notify/notifier.js';
import { notifyingStore } from '../app/notify/notifyingStore.js';
import type { Config } from '../core/config/types.js';
import { AutoscalerError } from '../core/errors.js';
import type { DashboardDeps } from '../dashboard/types.js';
import { type Clock, systemClock } from '../ports/Clock.js';
import type { StateStore } from '../ports/StateStore.js';
import { createJsonLogger } from '../runtime/logger.js';
import { configuredRoutes, notificationSecrets } from '../runtime/notify.js';
import { parseCommandArgs, type ValuesOf } from './command.js';
import { connectionFrom, type Env, ecsFor, loadCliConfig, storeFor } from './deps.js';
import { UsageError } from './usage.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export const ENV_HELP = `environment (as the functions): ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET,
  [ALIBABA_CLOUD_SECURITY_TOKEN], AUTOSCALER_OTS_INSTANCE (+ AUTOSCALER_OTS_ENDPOINT), [AUTOSCALER_REGION],
  [AUTOSCALER_CONFIG]; local cloud: the endpoints \`autoscaler emulate\` prints (AUTOSCALER_ECS_ENDPOINT,
  AUTOSCALER_CMS_ENDPOINT, AUTOSCALER_OTS_ENDPOINT, AUTOSCALER_OTS_INSTANCE=autoscaler, endpoints as http:// URLs;
  AUTOSCALER_VPC_ENDPOINT = its \`vpc\` endpoint, for instances behind an EIP: docs/eip.md)`;

/** Host overrides for tests: a clock (the local cloud's virtual time). */
export interface OperatorHost {
  clock?: Clock;
}

export interface Operator {
  config: Config;
  /** The store with the notifier hooked in (a control's audit entry is notified after it is written). */
  store: StateStore;
  /** What the dashboard's read models need (the raw store: they only read). */
  view: DashboardDeps;
  notifier: Notifier;
}

/** Connect as the functions do; the state store is required (it is what these commands read and write). */
export async function connect(configFlag: string | undefined, env: Env, host: OperatorHost = {}): Promise<Operator> {
  const config = await loadCliConfig(configFlag, env);
  const c = connectionFrom(env, config);
  if (!env.AUTOSCALER_OTS_INSTANCE?.trim()) {
    throw new UsageError(
      'AUTOSCALER_OTS_INSTANCE is required: this command reads the state store the functions write ' +
        '(with AUTOSCALER_OTS_ENDPOINT for the local cloud or a VPC endpoint)',
    );
  }
  const { store: raw } = storeFor(env, c);
  const clock = host.clock ?? systemClock;
  const secrets = notificationSecrets(config, env);
  const logger = createJsonLogger({ write: (l) => process.stderr.write(`${l}\n`), level: 'warn', secrets });
  const { routes, problems } = configuredRoutes(config, env);
  for (const p of problems) process.stderr.write(`note: notification sink left out: ${p.path} ${p.rule}\n`);
  const notifier = new Notifier({
    routes,
    policy: config.notifications ?? { maxPerMinute: 20, maxAttempts: 3, blockedRepeatSec: 21_600, digestHourUtc: 1 },
    clock,
    logger,
    store: raw,
  });
  const endpoint = c.cmsEndpoint ? { endpoint: c.cmsEndpoint } : {};
  const metrics = createMetricsApi({
    regionId: c.regionId,
    credentials: c.credentials,
    protocol: c.protocol,
    ...endpoint,
  });
  return {
    config,
    store: notifyingStore(raw, notifier),
    view: { store: raw, ecs: ecsFor(c), metrics, config, clock },
    notifier,
  };
}

/** Who acts: --by, else the OS user (USER / LOGNAME / the account name). */
export function operatorName(by: string | undefined, env: Env): string {
  const given = by?.trim() || env.USER?.trim() || env.LOGNAME?.trim();
  if (given) return given;
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * `2h`, `30m`, `7d`, `90s` ago, or an ISO date-time (`2026-12-07T10:00Z`, `2026-12-07`), as epoch ms.
 * @throws UsageError naming the flag.
 */
export function parseSince(text: string, nowMs: number): number {
  const rel = /^(\d+(?:\.\d+)?)\s*([smhd])$/.exec(text.trim());
  if (rel) {
    const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[rel[2] as 's' | 'm' | 'h' | 'd'];
    return nowMs - Number(rel[1]) * unit;
  }
  const ms = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new UsageError(
      `--since must be a duration like 2h, 30m, 7d or an ISO date-time (got ${JSON.stringify(text)})`,
    );
  }
  return ms;
}

/** Parse, run, and map errors like every command: usage problems exit 2, product failures exit 1, one line each. */
export async function runOperatorCommand<O extends Options>(
  name: string,
  args: string[],
  spec: { options: O; help: string; execute: (values: ValuesOf<O>, positionals: string[]) => Promise<number> },
): Promise<number> {
  const parsed = parseCommandArgs(name, args, { ...spec, positionals: true });
  if (typeof parsed === 'number') return parsed;
  try {
    return await spec.execute(parsed.values, parsed.positionals);
  } catch (err) {
    if (!(err instanceof AutoscalerError || err instanceof UsageError)) throw err;
    process.stderr.write(`autoscaler ${name}: ${err.message}${err instanceof UsageError ? `\n\n${spec.help}` : ''}\n`);
    return err instanceof UsageError ? 2 : 1;
  }
}

export const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
