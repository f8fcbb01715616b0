/**
 * Checks the runtime's options once at start, reporting every problem in one ConfigError (FC's own limits:
 * names, timeouts, async retry and event-age ranges, one HTTP trigger per function, parseable crons).
 */
import { type ConfigProblem, ConfigError } from '../errors.js';
import { handlerFile, splitHandlerName } from './loader.js';
import type { FcRuntimeOptions, LocalFunction } from './types.js';

/** FC's rule for service, function and trigger names. */
const NAME_RE = /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/;
const HTTP_METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'PATCH', 'OPTIONS']);

function checkName(problems: ConfigProblem[], path: string, value: unknown): void {
  if (typeof value !== 'string' || !NAME_RE.test(value)) {
    problems.push({ path, rule: 'must start with a letter or _, then [A-Za-z0-9_-], at most 128 characters', value });
  }
}

function checkRange(problems: ConfigProblem[], path: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push({ path, rule: `must be an integer from ${min} to ${max}`, value });
  }
}

function checkTriggers(problems: ConfigProblem[], at: string, fn: LocalFunction, nowMs: number, opts: Options): void {
  const http = fn.httpTriggers ?? [];
  if (http.length > 1)
    problems.push({
      path: `${at}.httpTriggers`,
      rule: 'FC 3.0 allows one HTTP trigger per function',
      value: http.length,
    });
  http.forEach((t, j) => {
    checkName(problems, `${at}.httpTriggers[${j}].name`, t.name);
    const bad = t.methods.filter((m) => !HTTP_METHODS.has(m));
    if (t.methods.length === 0 || bad.length > 0) {
      problems.push({
        path: `${at}.httpTriggers[${j}].methods`,
        rule: `must be a non-empty subset of ${[...HTTP_METHODS].join(', ')}`,
        value: t.methods,
      });
    }
    if (t.authType !== 'anonymous' && t.authType !== 'function') {
      problems.push({
        path: `${at}.httpTriggers[${j}].authType`,
        rule: "must be 'anonymous' or 'function'",
        value: t.authType,
      });
    }
  });
  (fn.timerTriggers ?? []).forEach((t, j) => {
    checkName(problems, `${at}.timerTriggers[${j}].name`, t.name);
    if (!t.enable || !opts.nextFire) return;
    try {
      opts.nextFire(t.cronExpression, nowMs);
    } catch (err) {
      const rule = err instanceof Error ? err.message : String(err);
      problems.push({ path: `${at}.timerTriggers[${j}].cronExpression`, rule, value: t.cronExpression });
    }
  });
}

type Options = Pick<FcRuntimeOptions, 'nextFire'>;

/** A handler, or a code directory holding the module its handler name names. */
function checkCode(problems: ConfigProblem[], at: string, fn: LocalFunction): void {
  if (fn.handler !== undefined) {
    if (typeof fn.handler !== 'function') problems.push({ path: `${at}.handler`, rule: 'must be a function' });
    return;
  }
  const name = fn.handlerName ?? 'index.handler';
  if (!fn.codeUri) {
    problems.push({ path: `${at}.handler`, rule: 'must be a function, or codeUri must name the code directory' });
  } else if (!splitHandlerName(name)) {
    problems.push({ path: `${at}.handlerName`, rule: 'must be <module>.<export>', value: name });
  } else if (!handlerFile(fn.codeUri, name)) {
    problems.push({ path: `${at}.codeUri`, rule: `must hold the module of handler '${name}'`, value: fn.codeUri });
  }
}

function checkFunction(problems: ConfigProblem[], fn: LocalFunction, i: number, nowMs: number, opts: Options): void {
  const at = `functions[${i}]`;
  checkName(problems, `${at}.name`, fn.name);
  checkCode(problems, at, fn);
  if (fn.timeoutSec !== undefined && !(fn.timeoutSec > 0 && fn.timeoutSec <= 86400)) {
    problems.push({ path: `${at}.timeoutSec`, rule: 'must be > 0 and ≤ 86400 (FC maximum)', value: fn.timeoutSec });
  }
  if (fn.async) {
    checkRange(problems, `${at}.async.maxAsyncRetryAttempts`, fn.async.maxAsyncRetryAttempts, 0, 8);
    checkRange(problems, `${at}.async.maxAsyncEventAgeInSeconds`, fn.async.maxAsyncEventAgeInSeconds, 1, 2592000);
  }
  checkTriggers(problems, at, fn, nowMs, opts);
}

/** Throws ConfigError listing every problem of the options. */
export function validateOptions(o: FcRuntimeOptions): void {
  const problems: ConfigProblem[] = [];
  checkName(problems, 'serviceName', o.serviceName);
  if (!o.accountId) problems.push({ path: 'accountId', rule: 'must be a non-empty string', value: o.accountId });
  if (!o.region) problems.push({ path: 'region', rule: 'must be a non-empty string', value: o.region });
  for (const key of ['credentials', 'functionCredentials'] as const) {
    const c = o[key];
    if (!c?.accessKeyId || !c.accessKeySecret) {
      problems.push({ path: key, rule: 'must have a non-empty accessKeyId and accessKeySecret' });
    } else if (c.accessKeyId.startsWith('STS') && !c.securityToken) {
      problems.push({ path: `${key}.securityToken`, rule: 'is required when the access key id starts with STS' });
    }
  }
  const seen = new Set<string>();
  o.functions.forEach((fn, i) => {
    if (seen.has(fn.name)) problems.push({ path: `functions[${i}].name`, rule: 'must be unique', value: fn.name });
    seen.add(fn.name);
    checkFunction(problems, fn, i, o.clock.now(), o);
  });
  if (problems.length > 0) throw new ConfigError('fc runtime options', problems);
}
