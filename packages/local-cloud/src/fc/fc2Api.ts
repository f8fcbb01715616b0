/**
 * The FC 2.0 API routes that `@alicloud/fc2` calls (API version 2016-08-15):
 * - `POST /2016-08-15/services/<svc>[.<qualifier>]/functions/<fn>/invocations`: InvokeFunction, sync
 *   (200 with the result; a function error is still 200, flagged by `x-fc-error-type`) or, with
 *   `X-Fc-Invocation-Type: Async`, queued (202). `X-Fc-Stateful-Async-Invocation-Id` names the task; a
 *   repeated id is 409 `StatefulAsyncInvocationAlreadyExists`.
 * - `GET …/functions/<fn>/stateful-async-invocations/<id>`: GetStatefulAsyncInvocation.
 * Every request must carry a valid FC signature (signature.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AsyncTask } from './asyncQueue.js';
import { LogTail } from './context.js';
import { DEFAULT_QUALIFIER, type FcEngine } from './engine.js';
import { resultBytes } from './invoke.js';
import { readBody, send, sendFcError, sendJson } from './io.js';
import { verifyFcSignature } from './signature.js';
import type { LocalFunction } from './types.js';

const INVOKE_RE = /^\/2016-08-15\/services\/([^/]+)\/functions\/([^/]+)\/invocations$/;
const TASK_RE = /^\/2016-08-15\/services\/([^/]+)\/functions\/([^/]+)\/stateful-async-invocations\/([^/]+)$/;
/** FC's rule for a task id. */
export const TASK_ID_RE = /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/;

interface Call {
  engine: FcEngine;
  req: IncomingMessage;
  res: ServerResponse;
  requestId: string;
  body: Buffer;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

/** Resolves `<svc>[.<qualifier>]` and `<fn>`, answering 404 (and returning undefined) when either is unknown. */
function resolveTarget(c: Call, svcPart: string, fnName: string): { fn: LocalFunction; qualifier: string } | undefined {
  const dot = svcPart.indexOf('.');
  const svc = dot < 0 ? svcPart : svcPart.slice(0, dot);
  const qualifier = dot < 0 ? DEFAULT_QUALIFIER : svcPart.slice(dot + 1);
  if (svc !== c.engine.opts.serviceName) {
    sendFcError(c.res, 404, 'ServiceNotFound', `service '${svc}' does not exist`, c.requestId);
    return undefined;
  }
  const fn = c.engine.functions.get(fnName);
  if (!fn) {
    sendFcError(c.res, 404, 'FunctionNotFound', `function '${fnName}' does not exist in service '${svc}'`, c.requestId);
    return undefined;
  }
  return { fn, qualifier };
}

/** Entry point for every path under `/2016-08-15/`. */
export async function handleFc2(
  engine: FcEngine,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<void> {
  const requestId = engine.newRequestId();
  const { body, tooLarge, size } = await readBody(req, engine.opts.maxSyncPayloadBytes ?? 32 * 1024 * 1024);
  const c: Call = { engine, req, res, requestId, body };
  if (tooLarge) {
    const limit = engine.opts.maxSyncPayloadBytes ?? 32 * 1024 * 1024;
    sendFcError(
      res,
      400,
      'EntityTooLarge',
      `payload size exceeds maximum allowed size (${limit} bytes), got ${size}`,
      requestId,
    );
    return;
  }
  const auth = verifyFcSignature(
    { method: req.method ?? 'GET', path, headers: req.headers, query: null, body },
    { credentials: engine.callers, wallNowMs: Date.now(), maxSkewSec: engine.opts.maxDateSkewSec ?? 900 },
  );
  if (!auth.ok) {
    engine.log('warn', 'request rejected', { requestId, code: auth.code, api: 'fc2' });
    sendFcError(res, auth.httpStatus, auth.code, auth.message, requestId);
    return;
  }
  const invoke = INVOKE_RE.exec(path);
  if (invoke && req.method === 'POST') return invokeFunction(c, invoke[1] as string, invoke[2] as string);
  const task = TASK_RE.exec(path);
  if (task && req.method === 'GET') return getTask(c, task[1] as string, task[2] as string, task[3] as string);
  sendFcError(res, 400, 'PathNotSupported', `'${req.method}' against '${path}' is not supported`, requestId);
}

async function invokeFunction(c: Call, svcPart: string, fnName: string): Promise<void> {
  const target = resolveTarget(c, svcPart, fnName);
  if (!target) return;
  const type = (header(c.req, 'x-fc-invocation-type') ?? 'Sync').toLowerCase();
  if (type === 'async') return invokeAsync(c, target.fn, target.qualifier);
  if (type !== 'sync') {
    sendFcError(
      c.res,
      400,
      'InvalidArgument',
      `X-Fc-Invocation-Type must be Sync or Async, got '${type}'`,
      c.requestId,
    );
    return;
  }
  return invokeSync(c, target.fn, target.qualifier);
}

async function invokeSync(c: Call, fn: LocalFunction, qualifier: string): Promise<void> {
  const { engine, requestId } = c;
  const record = engine.records.start({
    requestId,
    functionName: fn.name,
    qualifier,
    trigger: 'sync',
    status: 'running',
  });
  const tail = new LogTail();
  const outcome = await engine.run(fn, qualifier, c.body, requestId, tail);
  const headers: Record<string, string> = { 'x-fc-request-id': requestId };
  if ((header(c.req, 'x-fc-log-type') ?? '').toLowerCase() === 'tail') headers['x-fc-log-result'] = tail.toHeader();
  const base = { attempts: 1, durationMs: outcome.durationMs, httpStatus: 200 };
  if (outcome.kind === 'ok') {
    engine.records.update(record, { ...base, status: 'succeeded' });
    send(c.res, 200, { ...headers, 'content-type': 'application/octet-stream' }, resultBytes(outcome.value));
    return;
  }
  const status = outcome.kind === 'timeout' ? 'timeout' : 'failed';
  engine.records.update(record, { ...base, status, errorMessage: outcome.error.errorMessage });
  sendJson(c.res, 200, outcome.error, { ...headers, 'x-fc-error-type': 'UnhandledInvocationError' });
}

/** Why an async request cannot be queued, as [status, code, message], or undefined when it can. */
function asyncProblem(c: Call, fn: LocalFunction, taskId: string | undefined): [number, string, string] | undefined {
  const limit = c.engine.opts.maxAsyncPayloadBytes ?? 128 * 1024;
  if (c.body.length > limit) {
    return [400, 'EntityTooLarge', `payload size exceeds maximum allowed size (${limit} bytes), got ${c.body.length}`];
  }
  if (taskId === undefined) return undefined;
  if (!TASK_ID_RE.test(taskId)) {
    const rule = 'must start with a letter or _, then [A-Za-z0-9_-], at most 128 characters';
    return [400, 'InvalidArgument', `X-Fc-Stateful-Async-Invocation-Id '${taskId}' ${rule}`];
  }
  if (c.engine.queue.has(taskId)) {
    c.engine.log('info', 'duplicate async task rejected', { requestId: c.requestId, functionName: fn.name, taskId });
    return [409, 'StatefulAsyncInvocationAlreadyExists', `stateful async invocation '${taskId}' already exists`];
  }
  return undefined;
}

function invokeAsync(c: Call, fn: LocalFunction, qualifier: string): void {
  const { engine, requestId, res } = c;
  const taskId = header(c.req, 'x-fc-stateful-async-invocation-id');
  const problem = asyncProblem(c, fn, taskId);
  if (problem) {
    sendFcError(res, problem[0], problem[1], problem[2], requestId);
    return;
  }
  const task = engine.enqueueAsync({
    fn,
    qualifier,
    payload: c.body,
    trigger: 'async',
    requestId,
    ...(taskId ? { taskId } : {}),
  });
  const headers: Record<string, string> = { 'x-fc-request-id': requestId };
  if (task.stateful) headers['x-fc-stateful-async-invocation-id'] = task.id;
  send(res, 202, headers);
}

function getTask(c: Call, svcPart: string, fnName: string, id: string): void {
  const target = resolveTarget(c, svcPart, fnName);
  if (!target) return;
  const task = c.engine.queue.get(id);
  if (!task || task.fn.name !== target.fn.name) {
    sendFcError(
      c.res,
      404,
      'StatefulAsyncInvocationNotFound',
      `stateful async invocation '${id}' does not exist`,
      c.requestId,
    );
    return;
  }
  sendJson(c.res, 200, taskView(c.engine, task), { 'x-fc-request-id': c.requestId });
}

/** The StatefulAsyncInvocation struct (times in epoch ms; 0 while not started / not ended). */
export function taskView(engine: FcEngine, task: AsyncTask): Record<string, unknown> {
  return {
    functionName: task.fn.name,
    serviceName: engine.opts.serviceName,
    qualifier: task.qualifier,
    invocationId: task.id,
    requestId: task.requestId,
    status: task.status,
    startedTime: task.startedAtMs ?? 0,
    endTime: task.endedAtMs ?? 0,
    destinationStatus: '',
    invocationErrorMessage: task.status === 'Succeeded' ? '' : (task.lastError ?? task.record.errorMessage ?? ''),
    invocationPayload: task.payload.toString('utf8'),
    alreadyRetriedTimes: Math.max(0, task.attempts - 1),
    durationMs: task.durationMs ?? 0,
  };
}
