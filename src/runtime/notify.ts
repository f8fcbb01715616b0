/**
 * Building the notifier from the config's `notifications` section and the environment (`urlEnv`, `secretEnv`):
 * one HTTP sink per configured sink, routed by its events and groups, the digest reading the same store and ECS
 * client as the functions. `notificationSecrets` lists every URL and secret so the logger masks them wherever they
 * might appear.
 */
import { createHttpSink } from '../adapters/notify/sinks.js';
import { buildDigest } from '../app/notify/digest.js';
import { Notifier, type SinkRoute } from '../app/notify/notifier.js';
import { resolvePriceTable } from '../app/optimise/prices.js';
import type { Config, NotificationSink as SinkConfig } from '../core/config/types.js';
import { ConfigError, type ConfigProblem } from '../core/errors.js';
import type { PriceTable } from '../core/cost.js';
import type { Clock } from '../ports/Clock.js';
import type { EcsApi } from '../ports/EcsApi.js';
import type { Logger } from '../ports/Logger.js';
import type { StateStore } from '../ports/StateStore.js';

export type Env = Record<string, string | undefined>;

interface Resolved {
  url: string;
  secret?: string;
}

function resolveSink(s: SinkConfig, i: number, env: Env, problems: ConfigProblem[]): Resolved | undefined {
  const url = s.url ?? (s.urlEnv ? env[s.urlEnv]?.trim() : undefined);
  const secret = s.secret ?? (s.secretEnv ? env[s.secretEnv]?.trim() : undefined);
  if (!url)
    problems.push({ path: `notifications.sinks[${i}].urlEnv`, rule: `environment variable ${s.urlEnv} is empty` });
  if (s.secretEnv && !secret) {
    problems.push({
      path: `notifications.sinks[${i}].secretEnv`,
      rule: `environment variable ${s.secretEnv} is empty`,
    });
  }
  // A sink whose secret is configured but empty is left out: sent unsigned, the robot would refuse it (or, for a
  // plain webhook, the receiver could not tell it from a forgery).
  if (!url || (s.secretEnv && !secret)) return undefined;
  return { url, ...(secret ? { secret } : {}) };
}

/** Every sink's URL and secret as resolved (for the logger's redaction). Never throws. */
export function notificationSecrets(config: Config, env: Env): string[] {
  const out: string[] = [];
  for (const s of config.notifications?.sinks ?? []) {
    const r = resolveSink(s, 0, env, []);
    if (r) out.push(r.url, ...(r.secret ? [r.secret] : []));
    // The robot's token or key alone, as it may appear without the rest of the URL.
    try {
      if (r) for (const v of new URL(r.url).searchParams.values()) if (v.length >= 8) out.push(v);
    } catch {
      // Not a URL: the whole value is masked already.
    }
  }
  return out;
}

/** Routes of the configured sinks, and a problem for each sink whose URL or secret is missing (left out). */
export function configuredRoutes(
  config: Config,
  env: Env,
  wallNow: () => number = Date.now,
): { routes: SinkRoute[]; problems: ConfigProblem[] } {
  const n = config.notifications;
  const problems: ConfigProblem[] = [];
  if (!n) return { routes: [], problems };
  const routes = n.sinks.flatMap((s, i) => {
    const r = resolveSink(s, i, env, problems);
    if (!r) return [];
    const sink = createHttpSink({ name: s.name, kind: s.kind, ...r, timeoutMs: n.timeoutMs, now: wallNow });
    return [{ sink, events: s.events, groups: s.groups }];
  });
  return { routes, problems };
}

export interface NotifierParts {
  config: Config;
  env: Env;
  clock: Clock;
  logger: Logger;
  store: StateStore;
  ecs: EcsApi;
  prices?: PriceTable;
}

const DEFAULT_POLICY = { maxPerMinute: 20, maxAttempts: 3, blockedRepeatSec: 21_600, digestHourUtc: 1 };

export function buildNotifier(p: NotifierParts): Notifier {
  const configured = configuredRoutes(p.config, p.env);
  // A sink without its URL or secret is left out and named in the log; it never stops the functions.
  if (configured.problems.length > 0) {
    p.logger.log('warn', 'notification sinks left out', {
      problems: new ConfigError('notifications', configured.problems).message,
    });
  }
  const routes = configured.routes;
  const policy = p.config.notifications ?? DEFAULT_POLICY;
  let prices: Promise<PriceTable | undefined> | undefined;
  const loadPrices = () => {
    prices ??= p.prices ? Promise.resolve(p.prices) : resolvePriceTable(p.config.regionId).catch(() => undefined);
    return prices;
  };
  return new Notifier({
    routes,
    policy,
    clock: p.clock,
    logger: p.logger,
    store: p.store,
    digest: (nowMs) => buildDigest({ config: p.config, store: p.store, ecs: p.ecs, prices: loadPrices }, nowMs),
  });
}
