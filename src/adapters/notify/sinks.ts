/**
 * Notification sinks over HTTP (node's fetch): DingTalk robot, Feishu/Lark bot, WeCom group robot, Slack incoming
 * webhook and a generic JSON webhook. One POST per `send`, with a timeout; the result says whether a retry can
 * help. Errors never carry the URL (it holds the robot's token or key) or the secret.
 */
import type { SinkKind } from '../../core/config/types.js';
import type { DeliveryResult, NotificationMessage, NotificationSink } from '../../ports/NotificationSink.js';
import { dingtalkSign, larkSign, webhookSignature } from './signing.js';

export interface HttpSinkOptions {
  name: string;
  kind: SinkKind;
  url: string;
  secret?: string;
  timeoutMs?: number;
  /** Wall clock for the signatures' timestamps (the platforms compare them with their own time). */
  now?: () => number;
  fetch?: typeof fetch;
}

interface Request {
  url: string;
  body: string;
  headers: Record<string, string>;
}

/** Codes the platforms answer (HTTP 200) when a robot sends too fast: worth a later retry. */
const RATE_LIMIT_CODES = new Set([130101, 45009, 9499, 11232]);
/** WeCom refuses text over 2048 bytes of UTF-8; the others allow more. Long digests are cut with a marker. */
const MAX_BYTES: Record<SinkKind, number> = {
  dingtalk: 18_000,
  lark: 18_000,
  wecom: 2_000,
  slack: 35_000,
  webhook: 100_000,
};
const MARK = '\n…(cut)';

/** `text` cut to at most `max` bytes of UTF-8 (never inside a character), with a marker when cut. */
export function cutBytes(text: string, max: number): string {
  if (Buffer.byteLength(text, 'utf8') <= max) return text;
  const budget = max - Buffer.byteLength(MARK, 'utf8');
  let used = 0;
  let out = '';
  for (const ch of text) {
    used += Buffer.byteLength(ch, 'utf8');
    if (used > budget) break;
    out += ch;
  }
  return `${out}${MARK}`;
}

function plain(m: NotificationMessage, kind: SinkKind): string {
  return cutBytes(`${m.title}\n${m.text}`, MAX_BYTES[kind]);
}

function build(o: HttpSinkOptions, m: NotificationMessage, nowMs: number): Request {
  const json = { 'content-type': 'application/json; charset=utf-8' };
  switch (o.kind) {
    case 'dingtalk': {
      const url = new URL(o.url);
      if (o.secret) {
        url.searchParams.set('timestamp', String(nowMs));
        url.searchParams.set('sign', dingtalkSign(o.secret, nowMs));
      }
      const body = JSON.stringify({ msgtype: 'text', text: { content: plain(m, o.kind) } });
      return { url: url.toString(), body, headers: json };
    }
    case 'lark': {
      const seconds = Math.floor(nowMs / 1000);
      const signed = o.secret ? { timestamp: String(seconds), sign: larkSign(o.secret, seconds) } : {};
      const body = JSON.stringify({ ...signed, msg_type: 'text', content: { text: plain(m, o.kind) } });
      return { url: o.url, body, headers: json };
    }
    case 'wecom':
      return {
        url: o.url,
        body: JSON.stringify({ msgtype: 'text', text: { content: plain(m, o.kind) } }),
        headers: json,
      };
    case 'slack':
      return { url: o.url, body: JSON.stringify({ text: plain(m, o.kind) }), headers: json };
    case 'webhook': {
      const body = JSON.stringify({
        event: m.event,
        title: m.title,
        text: m.text,
        atMs: m.atMs,
        ...(m.instanceId ? { instanceId: m.instanceId } : {}),
        ...(m.group ? { group: m.group } : {}),
        data: m.data,
      });
      const seconds = Math.floor(nowMs / 1000);
      const headers: Record<string, string> = { ...json, 'x-autoscaler-event': m.event };
      if (o.secret) {
        headers['x-autoscaler-timestamp'] = String(seconds);
        headers['x-autoscaler-signature'] = webhookSignature(o.secret, seconds, body);
      }
      return { url: o.url, body, headers };
    }
  }
}

/** The platform's verdict inside a 200 answer: `errcode` (DingTalk, WeCom), `code` / `StatusCode` (Lark). */
function platformVerdict(kind: SinkKind, status: number, text: string): DeliveryResult {
  if (kind === 'slack' || kind === 'webhook') return { ok: true, status };
  let doc: { errcode?: unknown; errmsg?: unknown; code?: unknown; msg?: unknown; StatusCode?: unknown };
  try {
    doc = JSON.parse(text);
  } catch {
    return { ok: false, retryable: false, status, error: `${kind} answered ${status} with a body that is not JSON` };
  }
  const code = Number(doc.errcode ?? doc.code ?? doc.StatusCode ?? 0);
  if (code === 0) return { ok: true, status };
  const message = String(doc.errmsg ?? doc.msg ?? '').slice(0, 200);
  return {
    ok: false,
    retryable: RATE_LIMIT_CODES.has(code),
    status,
    error: `${kind} refused: code ${code} ${message}`,
  };
}

export function createHttpSink(o: HttpSinkOptions): NotificationSink {
  const doFetch = o.fetch ?? fetch;
  const now = o.now ?? Date.now;
  return {
    name: o.name,
    kind: o.kind,
    async send(m) {
      const req = build(o, m, now());
      let res: Response;
      try {
        res = await doFetch(req.url, {
          method: 'POST',
          headers: req.headers,
          body: req.body,
          signal: AbortSignal.timeout(o.timeoutMs ?? 5000),
          redirect: 'error',
        });
      } catch (err) {
        const name = err instanceof Error ? err.name : 'Error';
        const why = name === 'TimeoutError' || name === 'AbortError' ? 'timed out' : 'network error';
        return { ok: false, retryable: true, error: `${o.kind} ${why} (${name})` };
      }
      const text = await res.text().catch(() => '');
      if (res.status === 429 || res.status >= 500) {
        return { ok: false, retryable: true, status: res.status, error: `${o.kind} answered HTTP ${res.status}` };
      }
      if (res.status < 200 || res.status >= 300) {
        return { ok: false, retryable: false, status: res.status, error: `${o.kind} answered HTTP ${res.status}` };
      }
      return platformVerdict(o.kind, res.status, text);
    },
  };
}
