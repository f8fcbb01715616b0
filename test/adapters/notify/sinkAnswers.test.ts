// How the HTTP sink reads answers the local notify receiver never gives: a 200 whose body is not JSON (final), a
// refusal in Lark's `StatusCode`/`msg` form, a rate-limit code (retryable), a 4xx (final), a robot that never
// answers (a retryable timeout), and what the generic webhook body carries for a fleet-wide message.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpSink } from '../../../src/adapters/notify/sinks.js';
import type { NotificationMessage } from '../../../src/ports/NotificationSink.js';

let server: Server | undefined;
const bodies: string[] = [];
afterEach(async () => {
  bodies.length = 0;
  await new Promise<void>((done) => {
    if (!server) return done();
    server.closeAllConnections();
    server.close(() => done());
  });
  server = undefined;
});

/** A robot on 127.0.0.1 answering every POST with `answer`; resolves its URL. */
async function robot(answer: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const s = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      answer(req, res);
    });
  });
  server = s;
  await new Promise<void>((done) => s.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}/hook`;
}

const message: NotificationMessage = {
  event: 'kill-switch',
  title: '[autoscaler] fleet kill switch',
  text: 'kill-switch-on: by ops',
  atMs: Date.UTC(2026, 0, 1),
  data: { reason: 'kill-switch-on' },
};

describe('HTTP sink: answers of a robot', () => {
  it('a 200 whose body is not JSON is a final failure (the platform said something we cannot read)', async () => {
    const url = await robot((_req, res) => res.writeHead(200).end('<html>gateway</html>'));
    const r = await createHttpSink({ name: 'ding', kind: 'dingtalk', url }).send(message);
    expect(r).toEqual({
      ok: false,
      retryable: false,
      status: 200,
      error: 'dingtalk answered 200 with a body that is not JSON',
    });
  });

  it('reads a Lark refusal from StatusCode and msg, and a rate-limit code as retryable', async () => {
    let answer = { StatusCode: 19024, msg: 'key words not found' } as Record<string, unknown>;
    const url = await robot((_req, res) => res.writeHead(200).end(JSON.stringify(answer)));
    const sink = createHttpSink({ name: 'lark', kind: 'lark', url });
    expect(await sink.send(message)).toEqual({
      ok: false,
      retryable: false,
      status: 200,
      error: 'lark refused: code 19024 key words not found',
    });
    answer = { code: 9499 };
    expect(await sink.send(message)).toMatchObject({ ok: false, retryable: true, error: 'lark refused: code 9499 ' });
    answer = { StatusCode: 0, msg: 'success' };
    expect(await sink.send(message)).toEqual({ ok: true, status: 200 });
  });

  it('a 4xx other than 429 is final', async () => {
    const url = await robot((_req, res) => res.writeHead(404).end());
    expect(await createHttpSink({ name: 'wecom', kind: 'wecom', url }).send(message)).toEqual({
      ok: false,
      retryable: false,
      status: 404,
      error: 'wecom answered HTTP 404',
    });
  });

  it('a robot that never answers is a retryable timeout', async () => {
    const url = await robot(() => {});
    const r = await createHttpSink({ name: 'slack', kind: 'slack', url, timeoutMs: 50 }).send(message);
    expect(r).toEqual({ ok: false, retryable: true, error: 'slack timed out (TimeoutError)' });
  });
});

describe('HTTP sink: the generic webhook body', () => {
  it('carries event, title, text, time and data, and no instance or group for a fleet-wide message', async () => {
    const url = await robot((_req, res) => res.writeHead(204).end());
    expect(await createHttpSink({ name: 'hook', kind: 'webhook', url }).send(message)).toEqual({
      ok: true,
      status: 204,
    });
    expect(JSON.parse(bodies[0] as string)).toEqual({
      event: 'kill-switch',
      title: '[autoscaler] fleet kill switch',
      text: 'kill-switch-on: by ops',
      atMs: Date.UTC(2026, 0, 1),
      data: { reason: 'kill-switch-on' },
    });
  });
});
