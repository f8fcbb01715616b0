/** The FC dispatcher on the real `@alicloud/fc2` client, against the local FC runtime and against failing servers. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFcDispatcher, type FcDispatcherOptions, fcTaskId } from '../../../src/adapters/aliyun/fcDispatcher.js';
import { isRetryableFc, parseFc2Message, toCloudApiError } from '../../../src/adapters/aliyun/fcErrors.js';
import { CloudApiError } from '../../../src/core/errors.js';
import type { WorkerTask } from '../../../src/ports/Dispatcher.js';
import {
  ACCOUNT,
  CALLER,
  REGION,
  ROLE,
  recorder,
  SERVICE,
  type Started,
  startRuntime,
} from '../../local/fc/helpers.js';

const worker = recorder(() => 'done');
let s: Started;

beforeAll(async () => {
  s = await startRuntime([{ name: 'worker', handler: worker.handler }]);
});

afterAll(async () => {
  await s.rt.close();
});

function dispatcher(extra: Partial<FcDispatcherOptions> = {}) {
  return createFcDispatcher({
    accountId: ACCOUNT,
    region: REGION,
    endpoint: s.rt.url,
    credentials: CALLER,
    serviceName: SERVICE,
    functionName: 'worker',
    ...extra,
  });
}

const task = (actionKey: string): WorkerTask => ({ kind: 'orchestrate', actionKey, instanceId: 'i-abc' });

async function failure(p: Promise<unknown>): Promise<CloudApiError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CloudApiError);
  return err as CloudApiError;
}

describe('createFcDispatcher against the local runtime', () => {
  it('queues the task once: the second dispatch of the same action is already-queued', async () => {
    const key = 'type-i-abc-0123456789abcdef';
    const before = worker.events.length;
    expect(await dispatcher().dispatch(task(key))).toBe('queued');
    expect(await dispatcher().dispatch(task(key))).toBe('already-queued');
    await s.rt.drain();
    expect(worker.events.slice(before)).toEqual([task(key)]);
    expect(s.rt.invocations().filter((r) => r.taskId === key)).toMatchObject([
      { trigger: 'async', status: 'succeeded' },
    ]);
  });

  it('maps an action key FC would refuse to a stable task id', async () => {
    const key = 'type:i-abc:ecs.g7.xlarge@2025-01-01T00:00Z';
    expect(await dispatcher().dispatch(task(key))).toBe('queued');
    expect(await dispatcher().dispatch(task(key))).toBe('already-queued');
    await s.rt.drain();
    expect(s.rt.invocations().filter((r) => r.taskId === fcTaskId(key))).toHaveLength(1);
  });

  it('works with the STS credentials of a function context and a qualifier', async () => {
    expect(await dispatcher({ credentials: ROLE, qualifier: 'prod' }).dispatch(task('sts-1'))).toBe('queued');
    await s.rt.drain();
    expect(s.rt.invocations().find((r) => r.taskId === 'sts-1')).toMatchObject({
      qualifier: 'prod',
      status: 'succeeded',
    });
  });

  it.each([
    ['an unknown function', { functionName: 'nope' }, 'FunctionNotFound', 404],
    ['a wrong secret', { credentials: { ...CALLER, accessKeySecret: 'bad' } }, 'SignatureNotMatch', 403],
  ])('throws a final CloudApiError for %s', async (_n, extra, code, status) => {
    const err = await failure(dispatcher(extra).dispatch(task('err-1')));
    expect(err).toMatchObject({ code, httpStatus: status, retryable: false });
    expect(err.requestId).toMatch(/^1-/);
  });
});

describe('createFcDispatcher against failing servers', () => {
  let server: Server;
  let reply: { status: number; body: string } | 'hang' = 'hang';
  let url = '';

  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      if (reply === 'hang') return;
      res.writeHead(reply.status, { 'content-type': 'application/json', 'x-fc-request-id': 'req-9' });
      res.end(reply.body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it.each([
    [503, 'ResourceThrottled'],
    [429, 'ResourceExhausted'],
    [500, 'InternalServerError'],
  ])('reports %i %s as retryable', async (status, code) => {
    reply = { status, body: JSON.stringify({ ErrorCode: code, ErrorMessage: 'busy' }) };
    const err = await failure(dispatcher({ endpoint: url }).dispatch(task('x')));
    expect(err).toMatchObject({ code, httpStatus: status, requestId: 'req-9', retryable: true });
  });

  it('reports a 409 that is not a duplicate task as a final error', async () => {
    reply = { status: 409, body: JSON.stringify({ ErrorCode: 'ConcurrentUpdateError', ErrorMessage: 'busy' }) };
    const err = await failure(dispatcher({ endpoint: url }).dispatch(task('x')));
    expect(err).toMatchObject({ code: 'ConcurrentUpdateError', httpStatus: 409, retryable: false });
  });

  it('reports a request timeout as retryable', async () => {
    reply = 'hang';
    const err = await failure(dispatcher({ endpoint: url, timeoutMs: 200 }).dispatch(task('x')));
    expect(err).toMatchObject({ code: 'RequestTimeout', retryable: true });
  });

  it('reports a refused connection as retryable', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const err = await failure(dispatcher({ endpoint: `http://127.0.0.1:${port}` }).dispatch(task('x')));
    expect(err).toMatchObject({ code: 'ECONNREFUSED', retryable: true });
  });
});

describe('fcTaskId', () => {
  const RULE = /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/;

  it.each([['bw-i-abc-0123456789abcdef'], ['_private'], ['a'], [`a${'b'.repeat(127)}`]])(
    'keeps the valid id %s',
    (key) => {
      expect(fcTaskId(key)).toBe(key);
    },
  );

  it.each([
    ['type:i-abc:ecs.g7.xlarge'],
    ['1starts-with-digit'],
    ['-starts-with-dash'],
    [''],
    ['x'.repeat(300)],
    ['ünïcødé key'],
  ])('maps %j to an id that follows FC rule, deterministically', (key) => {
    const id = fcTaskId(key);
    expect(id).toMatch(RULE);
    expect(fcTaskId(key)).toBe(id);
    expect(id).not.toBe(key);
  });

  it('keeps different keys apart even when they clean up to the same text', () => {
    const ids = ['a:b', 'a.b', 'a b', 'a_b'].map(fcTaskId);
    expect(new Set(ids).size).toBe(4);
  });
});

describe('fc2 error normalisation', () => {
  it.each([
    ['POST /services/s/functions/f/invocations failed with 409. requestid: r-1, message: dup.', 409, 'r-1', 'dup'],
    ['GET /services/s failed with 503. requestid: undefined, message: undefined.', 503, undefined, 'undefined'],
  ])('parses %j', (message, status, requestId, text) => {
    expect(parseFc2Message(message)).toEqual({ httpStatus: status, requestId, text });
  });

  it.each([
    ['Throttling.User', 400, true],
    ['InvalidArgument', 400, false],
    ['AccessDenied', 403, false],
    ['Whatever', 502, true],
    ['ECONNRESET', undefined, true],
  ])('%s (%s) retryable=%s', (code, status, retryable) => {
    expect(isRetryableFc(code, status)).toBe(retryable);
  });

  it('keeps a non-fc2 error as UnknownError, final, with its cause', () => {
    const cause = new Error('weird');
    const err = toCloudApiError(cause);
    expect(err).toMatchObject({ code: 'UnknownError', retryable: false });
    expect(err.cause).toBe(cause);
  });
});
