/**
 * `startFcRuntime`: the local Function Compute. One HTTP server on 127.0.0.1 serves the HTTP triggers
 * (`/http/<function>/…`), the FC 2.0 API that `@alicloud/fc2` calls (`/2016-08-15/…`) and an index (`GET /`);
 * timer triggers fire on the given clock. docs/fc-runtime.md describes the behaviour and what is emulated.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FcEngine } from './engine.js';
import { withHandlers } from './loader.js';
import { handleFc2 } from './fc2Api.js';
import { handleHttpTrigger } from './httpTrigger.js';
import { sendFcError, sendJson } from './io.js';
import { cronNextFire, startTimerTriggers } from './timers.js';
import type { FcRuntime, FcRuntimeOptions, LocalFunction } from './types.js';
import { validateOptions } from './validate.js';

type NextFire = (cron: string, afterMs: number) => number;

/** The injected evaluator, or croner (timers.ts `cronNextFire`: 6 fields, CRON_TZ=, @every), never the product's. */
function resolveNextFire(o: FcRuntimeOptions): NextFire {
  return o.nextFire ?? cronNextFire;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function route(engine: FcEngine, base: () => string, req: IncomingMessage, res: ServerResponse): Promise<void> | void {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const path = url.pathname;
  if (path.startsWith('/http/')) {
    const rest = path.slice('/http/'.length);
    const slash = rest.indexOf('/');
    const functionName = safeDecode(slash < 0 ? rest : rest.slice(0, slash));
    const rawPath = slash < 0 ? '/' : rest.slice(slash);
    const t = { functionName, rawPath, rawQuery: url.search.slice(1), fullPath: safeDecode(path) };
    return handleHttpTrigger(engine, req, res, t);
  }
  if (path.startsWith('/2016-08-15/')) return handleFc2(engine, req, res, safeDecode(path));
  if (path === '/' && req.method === 'GET') return sendJson(res, 200, index(engine, base()));
  req.resume();
  sendFcError(
    res,
    404,
    'PathNotSupported',
    `'${req.method}' against '${path}' is not supported`,
    engine.newRequestId(),
  );
}

function index(engine: FcEngine, url: string): Record<string, unknown> {
  const o = engine.opts;
  return {
    serviceName: o.serviceName,
    region: o.region,
    accountId: o.accountId,
    functions: o.functions.map((f: LocalFunction) => ({
      name: f.name,
      httpTrigger: f.httpTriggers?.[0] ? `${url}/http/${f.name}/` : null,
      timerTriggers: (f.timerTriggers ?? []).map((t) => ({
        name: t.name,
        cronExpression: t.cronExpression,
        enable: t.enable,
      })),
    })),
  };
}

function listen(server: Server, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

/** Arms the timer triggers; each fire queues an async invocation (never awaited: see timers.ts). */
function armTimers(engine: FcEngine, nextFire: NextFire): () => void {
  return startTimerTriggers(engine.opts.functions, {
    clock: engine.clock,
    nextFire,
    fire: (fn, trigger, event) =>
      void engine.enqueueAsync({
        fn,
        qualifier: 'LATEST',
        payload: Buffer.from(JSON.stringify(event), 'utf8'),
        trigger: 'timer',
        triggerName: trigger.name,
      }),
    onStuck: (fn, trigger, afterMs, nextMs) =>
      engine.log('error', 'timer trigger stopped: cron did not advance', {
        functionName: fn.name,
        triggerName: trigger.name,
        afterMs,
        nextMs,
      }),
  });
}

/** Starts the runtime; rejects with ConfigError when the options break FC's rules. */
export async function startFcRuntime(o: FcRuntimeOptions): Promise<FcRuntime> {
  const nextFire = resolveNextFire(o);
  validateOptions({ ...o, nextFire });
  // Like FC's cold start, but for every function up front: a missing entry point fails the start, not a call.
  const opts: FcRuntimeOptions = { ...o, nextFire, functions: await withHandlers(o.functions) };
  const engine = new FcEngine(opts);
  let url = '';
  const server = createServer((req, res) => {
    Promise.resolve(route(engine, () => url, req, res)).catch((err: unknown) => {
      engine.log('error', 'request failed', { error: err instanceof Error ? err.message : String(err) });
      if (!res.headersSent)
        sendFcError(res, 500, 'InternalServerError', 'an internal error has occurred. Please retry.', '');
      else res.destroy();
    });
  });
  url = await listen(server, o.port ?? 0);
  const stopTimers = armTimers(engine, nextFire);
  engine.log('info', 'fc runtime started', {
    url,
    serviceName: o.serviceName,
    functions: o.functions.map((f) => f.name),
  });
  return {
    url,
    httpUrl: (fn: string, p = '/') => `${url}/http/${encodeURIComponent(fn)}${p.startsWith('/') ? p : `/${p}`}`,
    invocations: () => engine.records.list(),
    rotateFunctionCredentials: (next) => engine.rotateFunctionCredentials(next),
    drain: (d) => engine.queue.drain(d),
    close: async () => {
      stopTimers();
      await engine.queue.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
