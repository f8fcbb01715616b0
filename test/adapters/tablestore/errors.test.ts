/**
 * How the Tablestore adapter maps what the official SDK throws, against a raw HTTP server that answers
 * exactly like the service (protobuf `Error` bodies with real status codes), a server that never answers,
 * and a closed port.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isConditionFailed, isRetryable, otsCode } from '../../../src/adapters/tablestore/errors.js';
import { createTablestoreStateStore } from '../../../src/adapters/tablestore/stateStore.js';
import { StateUnavailableError } from '../../../src/core/errors.js';

const require = createRequire(import.meta.url);
const proto = require('tablestore/lib/protocol/tablestore_compiled_proto.js').main.proto as {
  Error: { encode(m: object): { finish(): Uint8Array } };
};

/** What the server answers next: [status, OTS code] or 'hang'. */
let reply: [number, string] | 'hang' = [503, 'OTSServerUnavailable'];
let requests = 0;
let server: Server;
let endpoint: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests++;
    req.resume();
    if (reply === 'hang') return;
    const [status, code] = reply;
    res.writeHead(status, { 'x-ots-requestid': 'req-test' });
    res.end(proto.Error.encode({ code, message: `${code} from the test server` }).finish());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const credentials = { accessKeyId: 'AKID', accessKeySecret: 'secret-never-logged', securityToken: 'sts' };
const store = (over: { endpoint?: string; socketTimeoutMs?: number } = {}) =>
  createTablestoreStateStore({ endpoint, instanceName: 'inst', credentials, maxRetries: 0, ...over });

async function failure(call: () => Promise<unknown>): Promise<StateUnavailableError> {
  const err = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StateUnavailableError);
  return err as StateUnavailableError;
}

describe('Tablestore adapter error mapping (real SDK, raw server)', () => {
  it.each([
    [503, 'OTSServerUnavailable', true],
    [500, 'OTSInternalServerError', true],
    [503, 'OTSServerBusy', true],
    [403, 'OTSNotEnoughCapacityUnit', true],
    [400, 'OTSParameterInvalid', false],
    [404, 'OTSObjectNotExist', false],
    [403, 'OTSAuthFailed', false],
  ] as const)(
    '%i %s → StateUnavailableError(retryable=%s) naming operation and table',
    async (status, code, retryable) => {
      reply = [status, code];
      const err = await failure(() => store().putDedupe('k', 1_750_000_000_000, 60));
      expect(err.retryable).toBe(retryable);
      expect(err.message).toBe(`Tablestore PutRow on table autoscaler_dedupe failed: ${status} ${code}`);
      expect(err.message).not.toContain('secret-never-logged');
    },
  );

  it('a 503 on a read fails after the configured retries, still as StateUnavailableError', async () => {
    reply = [503, 'OTSServerUnavailable'];
    const before = requests;
    const err = await failure(() => store().getInstanceState('i-a'));
    expect(err.message).toMatch(/GetRow on table autoscaler_instance_state failed: 503/);
    expect(requests - before).toBe(1);
  });

  it('OTSConditionCheckFail is a lost race, not an error', async () => {
    reply = [403, 'OTSConditionCheckFail'];
    expect(await store().createOrchestration(orchestrationStub())).toBe(false);
    expect(await store().renewLease({ instanceId: 'i', holder: 'h', actionKey: 'k', nowMs: 1, ttlMs: 1 })).toBe(false);
  });

  it('a server that never answers hits the socket timeout → retryable StateUnavailableError', async () => {
    reply = 'hang';
    // No wall-clock bound (a loaded machine may be slow): a hung server ends as a networking error, retryable.
    const err = await failure(() =>
      store({ socketTimeoutMs: 200 }).setControls({ killSwitch: true, pausedGroups: [] }),
    );
    expect(err.retryable).toBe(true);
    expect(err.message).toMatch(/PutRow on table autoscaler_controls failed: NetworkingError/);
  });

  it('a closed port → retryable StateUnavailableError', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const err = await failure(() => store({ endpoint: `http://127.0.0.1:${port}` }).getControls());
    expect(err.retryable).toBe(true);
  });
});

describe('error classifiers', () => {
  const sdkError = (code: unknown, message: string) => Object.assign(new Error(message), { code });
  it.each([
    ['403 with OTSConditionCheckFail in the message', sdkError(403, '\n\u0015OTSConditionCheckFail\u0012x'), true],
    ['403 with another OTS code', sdkError(403, 'OTSAuthFailed'), false],
    [
      'string code OTSConditionCheckFail (future SDK)',
      sdkError('OTSConditionCheckFail', 'OTSConditionCheckFail'),
      true,
    ],
    ['500 mentioning nothing', sdkError(500, 'boom'), false],
  ])('isConditionFailed: %s → %s', (_label, err, expected) => {
    expect(isConditionFailed(err)).toBe(expected);
  });

  it.each([
    [sdkError(502, 'bad gateway'), true],
    [sdkError('ECONNRESET', 'socket hang up'), true],
    [sdkError(400, 'OTSParameterInvalid'), false],
    ['not even an object', false],
  ])('isRetryable(%o) → %s', (err, expected) => {
    expect(isRetryable(err)).toBe(expected);
  });

  it('otsCode extracts the code from a raw protobuf message', () => {
    expect(otsCode(sdkError(503, '\n\u0014OTSServerUnavailable\u0012\u0004busy requestId:r'))).toBe(
      'OTSServerUnavailable',
    );
    expect(otsCode({})).toBeUndefined();
  });
});

describe('createTablestoreStateStore options', () => {
  it('reports every bad option at once, never echoing the secret', () => {
    expect(() =>
      createTablestoreStateStore({
        endpoint: 'ots.example',
        instanceName: '',
        credentials: { accessKeyId: '', accessKeySecret: 'secret-never-logged' },
        tablePrefix: 'bad-prefix',
      }),
    ).toThrow(
      /endpoint must be an http\(s\) URL \(got "ots.example"\); instanceName must be a non-empty string; credentials.accessKeyId and credentials.accessKeySecret are required; tablePrefix must match/,
    );
  });
});

function orchestrationStub() {
  return {
    actionKey: 'ak',
    instanceId: 'i',
    action: {
      kind: 'instanceType' as const,
      instanceId: 'i',
      direction: 'up' as const,
      fromType: 'a',
      toType: 'b',
      api: 'ModifyInstanceSpec' as const,
      stoppedMode: 'KeepCharging' as const,
      clientToken: 't',
      actionKey: 'ak',
    },
    step: 'planned' as const,
    version: 1,
    createdMs: 0,
    updatedMs: 0,
    attempts: 0,
    requestIds: [],
  };
}
