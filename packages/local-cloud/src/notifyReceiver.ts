/**
 * A local notification receiver for the local cloud and the tests: one HTTP server on 127.0.0.1 (free port) that
 * speaks like each platform's robot endpoint and CHECKS each platform's signature with its own code (not the
 * product's), answering as the platform does when it does not match:
 *
 * | Path                                   | Like                     | Checks                                                     |
 * |----------------------------------------|--------------------------|------------------------------------------------------------|
 * | `/dingtalk/robot/send?access_token=T`  | DingTalk custom robot    | token; `timestamp` (ms, ±1 h) and `sign` = b64(HMAC(secret, ts+"\n"+secret)) |
 * | `/lark/open-apis/bot/v2/hook/T`        | Feishu / Lark custom bot | hook id; body `timestamp` (s, ±1 h), `sign` = b64(HMAC(ts+"\n"+secret, "")) |
 * | `/wecom/cgi-bin/webhook/send?key=K`    | WeCom group robot        | key                                                        |
 * | `/slack/services/T`                    | Slack incoming webhook   | path token                                                 |
 * | `/webhook`                             | generic JSON webhook     | `x-autoscaler-signature` = sha256=hex(HMAC(secret, ts+"."+body)), ts ±5 min |
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ReceiverKind = 'dingtalk' | 'lark' | 'wecom' | 'slack' | 'webhook';

export interface ReceivedMessage {
  kind: ReceiverKind;
  /** The message text (chat robots) or the JSON body's title + text (webhook). */
  text: string;
  body: unknown;
  verified: boolean;
  /** Why it was refused, when it was. */
  refused?: string;
  atMs: number;
}

export interface NotifyReceiverOptions {
  /** Each robot's token / key and signing secret (generated when absent). */
  dingtalk?: { token: string; secret?: string };
  lark?: { hookId: string; secret?: string };
  wecom?: { key: string };
  slack?: { token: string };
  webhook?: { secret?: string };
  /** One line per message received, e.g. into the `npm start` terminal. */
  write?: (line: string) => void;
  /** Wall clock for the timestamp windows. Default Date.now. */
  now?: () => number;
  port?: number;
}

export interface NotifyReceiver {
  url: string;
  /** Sink URLs of each kind, ready for a config or a route. */
  urls: Record<ReceiverKind, string>;
  messages: ReceivedMessage[];
  /** Answer the next `n` requests with this HTTP status (500, 429 …) before handling them: retries are tested. */
  failNext(n: number, status: number): void;
  close(): Promise<void>;
}

const HOUR_MS = 3_600_000;

function hmacB64(key: string, message: string): string {
  return createHmac('sha256', key).update(message, 'utf8').digest('base64');
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A value inside a parsed JSON body by key path, as text ('' when absent). */
function get(doc: unknown, ...path: string[]): string {
  let v: unknown = doc;
  for (const k of path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return v === undefined || v === null ? '' : String(v);
}

type Verdict = { ok: true; text: string } | { ok: false; why: string; status: number; answer: unknown };

function checkDingtalk(o: NotifyReceiverOptions, url: URL, doc: unknown, nowMs: number): Verdict {
  const cfg = o.dingtalk;
  const refuse = (errcode: number, errmsg: string): Verdict => ({
    ok: false,
    why: errmsg,
    status: 200,
    answer: { errcode, errmsg },
  });
  if (!cfg || url.searchParams.get('access_token') !== cfg.token) return refuse(300001, 'token is not exist');
  if (cfg.secret) {
    const ts = url.searchParams.get('timestamp') ?? '';
    const sign = url.searchParams.get('sign') ?? '';
    if (!/^\d+$/.test(ts) || Math.abs(nowMs - Number(ts)) > HOUR_MS) return refuse(310000, 'timestamp out of window');
    if (!same(sign, hmacB64(cfg.secret, `${ts}\n${cfg.secret}`))) return refuse(310000, 'sign not match');
  }
  return { ok: true, text: get(doc, 'text', 'content') };
}

function checkLark(o: NotifyReceiverOptions, url: URL, doc: unknown, nowMs: number): Verdict {
  const cfg = o.lark;
  const refuse = (code: number, msg: string): Verdict => ({
    ok: false,
    why: msg,
    status: 200,
    answer: { code, msg, data: {} },
  });
  if (!cfg || url.pathname !== `/lark/open-apis/bot/v2/hook/${cfg.hookId}`)
    return refuse(19001, 'param invalid: incoming webhook access token invalid');
  if (cfg.secret) {
    const ts = get(doc, 'timestamp');
    if (!/^\d+$/.test(ts) || Math.abs(nowMs - Number(ts) * 1000) > HOUR_MS)
      return refuse(19021, 'sign match fail or timestamp is not within one hour from current time');
    if (!same(get(doc, 'sign'), hmacB64(`${ts}\n${cfg.secret}`, '')))
      return refuse(19021, 'sign match fail or timestamp is not within one hour from current time');
  }
  return { ok: true, text: get(doc, 'content', 'text') };
}

function checkWebhook(
  o: NotifyReceiverOptions,
  req: IncomingMessage,
  raw: string,
  doc: unknown,
  nowMs: number,
): Verdict {
  const secret = o.webhook?.secret;
  if (secret) {
    const ts = String(req.headers['x-autoscaler-timestamp'] ?? '');
    const sig = String(req.headers['x-autoscaler-signature'] ?? '');
    const want = `sha256=${createHmac('sha256', secret).update(`${ts}.${raw}`, 'utf8').digest('hex')}`;
    if (!/^\d+$/.test(ts) || Math.abs(nowMs - Number(ts) * 1000) > 300_000 || !same(sig, want)) {
      return { ok: false, why: 'bad signature', status: 401, answer: { error: 'bad signature' } };
    }
  }
  return { ok: true, text: `${get(doc, 'title')}\n${get(doc, 'text')}` };
}

function kindOf(path: string): ReceiverKind | undefined {
  const first = path.split('/')[1];
  return (['dingtalk', 'lark', 'wecom', 'slack', 'webhook'] as const).find((k) => k === first);
}

export async function startNotifyReceiver(o: NotifyReceiverOptions = {}): Promise<NotifyReceiver> {
  const now = o.now ?? Date.now;
  const messages: ReceivedMessage[] = [];
  let failures = { n: 0, status: 500 };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    if (failures.n > 0) {
      failures = { ...failures, n: failures.n - 1 };
      return reply(failures.status, { error: 'injected failure' });
    }
    const kind = kindOf(url.pathname);
    let doc: unknown;
    try {
      doc = JSON.parse(raw);
    } catch {
      return reply(400, { error: 'body is not JSON' });
    }
    if (req.method !== 'POST' || !kind) return reply(404, { error: 'no such robot' });
    const nowMs = now();
    let v: Verdict;
    if (kind === 'dingtalk') v = checkDingtalk(o, url, doc, nowMs);
    else if (kind === 'lark') v = checkLark(o, url, doc, nowMs);
    else if (kind === 'wecom')
      v =
        url.searchParams.get('key') === o.wecom?.key
          ? { ok: true, text: get(doc, 'text', 'content') }
          : {
              ok: false,
              why: 'invalid webhook url',
              status: 200,
              answer: { errcode: 93000, errmsg: 'invalid webhook url' },
            };
    else if (kind === 'slack')
      v =
        url.pathname === `/slack/services/${o.slack?.token}`
          ? { ok: true, text: get(doc, 'text') }
          : { ok: false, why: 'invalid_token', status: 403, answer: 'invalid_token' };
    else v = checkWebhook(o, req, raw, doc, nowMs);
    messages.push({
      kind,
      text: v.ok ? v.text : '',
      body: doc,
      verified: v.ok,
      ...(v.ok ? {} : { refused: v.why }),
      atMs: nowMs,
    });
    if (o.write) {
      const first = v.ok ? (v.text.split('\n')[0] ?? '') : `(${v.why})`;
      // Aligned under the live log's time column; ✓ = the platform's signature (or key) checked out.
      o.write(`${' '.repeat(13)}✉ ${kind} ${v.ok ? `✓ ${first}` : `✗ REFUSED ${first}`}`);
    }
    if (!v.ok) return reply(v.status, v.answer);
    if (kind === 'dingtalk' || kind === 'wecom') return reply(200, { errcode: 0, errmsg: 'ok' });
    if (kind === 'lark') return reply(200, { code: 0, msg: 'success', data: {} });
    return reply(200, kind === 'slack' ? 'ok' : { ok: true });
  };
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((done) => server.listen(o.port ?? 0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    urls: {
      dingtalk: `${url}/dingtalk/robot/send?access_token=${o.dingtalk?.token ?? ''}`,
      lark: `${url}/lark/open-apis/bot/v2/hook/${o.lark?.hookId ?? ''}`,
      wecom: `${url}/wecom/cgi-bin/webhook/send?key=${o.wecom?.key ?? ''}`,
      slack: `${url}/slack/services/${o.slack?.token ?? ''}`,
      webhook: `${url}/webhook`,
    },
    messages,
    failNext(n, status) {
      failures = { n, status };
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
