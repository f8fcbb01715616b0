/**
 * HTTP triggers, served locally at `ANY /http/<function>/<path…>?<query>` (FC's URL is
 * `https://<prefix>.<region>.fcapp.run/<path…>`; the local `/http/<function>` prefix stands for the domain).
 * The request becomes the FC 3.0 event JSON, the handler's answer becomes the response; a thrown error or a
 * timeout is 502 with FC's error JSON and `x-fc-error-type: UnhandledInvocationError`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FcEngine } from './engine.js';
import { DEFAULT_QUALIFIER } from './engine.js';
import { buildHttpEvent, mapHttpResult } from './httpEvent.js';
import type { FcErrorBody } from './invoke.js';
import { readBody, send, sendFcError, sendJson, sourceIpOf } from './io.js';
import { verifyFcSignature } from './signature.js';
import type { HttpTriggerConfig, InvocationRecord, LocalFunction } from './types.js';

export interface TriggerRequest {
  functionName: string;
  /** Path after `/http/<function>`, URL-encoded, `/` when empty. */
  rawPath: string;
  rawQuery: string;
  /** The full decoded request path (what a `function`-auth signature covers). */
  fullPath: string;
}

/** Hop-by-hop and length headers are the server's business, whatever the handler returned. */
const RESERVED = new Set(['content-length', 'transfer-encoding', 'connection']);

function sendUnhandled(res: ServerResponse, requestId: string, error: FcErrorBody): void {
  sendJson(res, 502, error, { 'x-fc-request-id': requestId, 'x-fc-error-type': 'UnhandledInvocationError' });
}

/** A refusal: [HTTP status, FC error code, message]. */
type Problem = [number, string, string];

function findTrigger(
  engine: FcEngine,
  t: TriggerRequest,
  method: string,
): Problem | { fn: LocalFunction; trigger: HttpTriggerConfig } {
  const fn = engine.functions.get(t.functionName);
  const trigger = fn?.httpTriggers?.[0];
  if (!fn || !trigger) return [404, 'TriggerNotFound', `function '${t.functionName}' has no HTTP trigger`];
  if (!trigger.methods.includes(method)) {
    return [405, 'MethodNotAllowed', `method ${method} is not in the trigger's methods ${trigger.methods.join(',')}`];
  }
  return { fn, trigger };
}

/** `authType: function`: the request must carry an FC signature over its path and query. */
function authProblem(engine: FcEngine, req: IncomingMessage, t: TriggerRequest, body: Buffer): Problem | undefined {
  const auth = verifyFcSignature(
    {
      method: req.method ?? 'GET',
      path: t.fullPath,
      headers: req.headers,
      query: t.rawQuery ? new URLSearchParams(t.rawQuery) : null,
      body,
    },
    { credentials: engine.callers, wallNowMs: Date.now(), maxSkewSec: engine.opts.maxDateSkewSec ?? 900 },
  );
  return auth.ok ? undefined : [auth.httpStatus, auth.code, auth.message];
}

/** Runs the checks FC does before a handler sees the request; answers and returns undefined on failure. */
async function admit(
  engine: FcEngine,
  req: IncomingMessage,
  res: ServerResponse,
  t: TriggerRequest,
  requestId: string,
): Promise<{ fn: LocalFunction; trigger: HttpTriggerConfig; body: Buffer } | undefined> {
  const refuse = (p: Problem) => sendFcError(res, p[0], p[1], p[2], requestId);
  const found = findTrigger(engine, t, req.method ?? 'GET');
  if (Array.isArray(found)) {
    req.resume();
    return void refuse(found);
  }
  const limit = engine.opts.maxSyncPayloadBytes ?? 32 * 1024 * 1024;
  const { body, tooLarge, size } = await readBody(req, limit);
  if (tooLarge) {
    return void refuse([
      413,
      'EntityTooLarge',
      `payload size exceeds maximum allowed size (${limit} bytes), got ${size}`,
    ]);
  }
  const denied = found.trigger.authType === 'function' ? authProblem(engine, req, t, body) : undefined;
  if (denied) {
    // No path or query in the log: an alarm webhook carries its secret token there.
    engine.log('warn', 'request rejected', { requestId, functionName: found.fn.name, code: denied[1], api: 'http' });
    return void refuse(denied);
  }
  return { ...found, body };
}

export async function handleHttpTrigger(
  engine: FcEngine,
  req: IncomingMessage,
  res: ServerResponse,
  t: TriggerRequest,
): Promise<void> {
  const requestId = engine.newRequestId();
  const admitted = await admit(engine, req, res, t, requestId);
  if (!admitted) return;
  const { fn, trigger, body } = admitted;
  const event = buildHttpEvent(
    {
      method: req.method ?? 'GET',
      rawPath: t.rawPath,
      rawQuery: t.rawQuery,
      rawHeaders: req.rawHeaders,
      httpVersion: req.httpVersion,
      sourceIp: sourceIpOf(req),
      body,
    },
    {
      accountId: engine.opts.accountId,
      region: engine.opts.region,
      functionName: fn.name,
      triggerName: trigger.name,
      requestId,
      nowMs: engine.clock.now(),
    },
  );
  const record = engine.records.start({
    requestId,
    functionName: fn.name,
    qualifier: DEFAULT_QUALIFIER,
    trigger: 'http',
    triggerName: trigger.name,
    status: 'running',
  });
  const outcome = await engine.run(fn, DEFAULT_QUALIFIER, Buffer.from(JSON.stringify(event), 'utf8'), requestId);
  reply(engine, res, record, requestId, outcome);
}

function reply(
  engine: FcEngine,
  res: ServerResponse,
  record: InvocationRecord,
  requestId: string,
  outcome: Awaited<ReturnType<FcEngine['run']>>,
): void {
  const base = { attempts: 1, durationMs: outcome.durationMs };
  if (outcome.kind !== 'ok') {
    const status = outcome.kind === 'timeout' ? 'timeout' : 'failed';
    engine.records.update(record, { ...base, status, httpStatus: 502, errorMessage: outcome.error.errorMessage });
    sendUnhandled(res, requestId, outcome.error);
    return;
  }
  const mapped = mapHttpResult(outcome.value);
  if (!mapped) {
    const error = { errorMessage: 'the function returned a statusCode that is not an HTTP status (100-599)' };
    engine.records.update(record, { ...base, status: 'failed', httpStatus: 502, errorMessage: error.errorMessage });
    sendUnhandled(res, requestId, error);
    return;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(mapped.headers)) if (!RESERVED.has(k.toLowerCase())) headers[k] = v;
  engine.records.update(record, { ...base, status: 'succeeded', httpStatus: mapped.statusCode });
  send(res, mapped.statusCode, { ...headers, 'x-fc-request-id': requestId }, mapped.body);
}
