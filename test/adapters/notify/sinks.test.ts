/**
 * Every HTTP sink against the local receiver, which checks each platform's signature with its own code: a right
 * secret is accepted, a wrong one is refused the way the platform refuses it (not retryable), and the retryable
 * failures (5xx, 429, rate-limit codes, network) are told apart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpSink } from '../../../src/adapters/notify/sinks.js';
import { dingtalkSign, larkSign, webhookSignature } from '../../../src/adapters/notify/signing.js';
import type { SinkKind } from '../../../src/core/config/types.js';
import { type NotifyReceiver, startNotifyReceiver } from '@ecs-autoscaler/local-cloud/notifyReceiver.js';
import type { NotificationMessage } from '../../../src/ports/NotificationSink.js';

const SECRETS = {
  dingtalk: 'SECdingtalk-test-secret-0123',
  lark: 'lark-test-secret-4567',
  webhook: 'hook-secret-89ab',
};
let rx: NotifyReceiver;

const message: NotificationMessage = {
  event: 'applied',
  title: '[autoscaler] i-web1 applied: 10 → 15 Mbps',
  text: 'saturated: outbound 10 Mbps is 100% of 10 Mbps\ntime 2026-12-07T10:00:00Z · group web',
  atMs: Date.UTC(2026, 11, 7, 10),
  instanceId: 'i-web1',
  group: 'web',
  data: { entry: { instanceId: 'i-web1' } },
};

beforeAll(async () => {
  rx = await startNotifyReceiver({
    dingtalk: { token: 'ding-token-1', secret: SECRETS.dingtalk },
    lark: { hookId: 'lark-hook-1', secret: SECRETS.lark },
    wecom: { key: 'wecom-key-1' },
    slack: { token: 'T000/B000/slack1' },
    webhook: { secret: SECRETS.webhook },
  });
});
afterAll(async () => {
  await rx?.close();
});

function sink(kind: SinkKind, secret?: string, url = rx.urls[kind]) {
  return createHttpSink({ name: `${kind}-1`, kind, url, ...(secret ? { secret } : {}), timeoutMs: 2000 });
}

describe('signing rules (vectors computed independently with Python hmac/hashlib/base64)', () => {
  it('DingTalk: HmacSHA256 keyed by the secret over timestamp+"\\n"+secret, base64 (URL-encoded on the wire)', () => {
    expect(dingtalkSign('this is secret', 1577000000000)).toBe('CzDRc7aXg4jxIWuAPgoMjyJ+zMUH7WEqwmgz3Z94Mrk=');
  });
  it('Lark: HmacSHA256 keyed by timestamp+"\\n"+secret over the empty string, base64', () => {
    expect(larkSign('secret', 1599360473)).toBe('q4jswNiMy51J5JuQV566yJat0/lQ/c+22kINzUgKsGU=');
  });
  it('webhook: sha256= hex HMAC over "timestamp.body"', () => {
    expect(webhookSignature('k', 1, '{}')).toMatch(/^sha256=[0-9a-f]{64}$/);
  });
});

describe('each sink against a signature-checking receiver', () => {
  it.each([
    ['dingtalk', SECRETS.dingtalk],
    ['lark', SECRETS.lark],
    ['wecom', undefined],
    ['slack', undefined],
    ['webhook', SECRETS.webhook],
  ] as const)('%s: delivered and verified', async (kind, secret) => {
    const before = rx.messages.length;
    expect(await sink(kind, secret).send(message)).toEqual({ ok: true, status: 200 });
    const got = rx.messages.slice(before);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ kind, verified: true });
    expect(got[0]?.text).toContain('[autoscaler] i-web1 applied: 10 → 15 Mbps');
    expect(got[0]?.text).toContain('saturated: outbound 10 Mbps');
  });

  it.each([
    ['dingtalk', 'SECwrong'],
    ['lark', 'wrong'],
    ['webhook', 'wrong'],
  ] as const)('%s: a wrong secret is refused as the platform does, not retried', async (kind, secret) => {
    const r = await sink(kind, secret).send(message);
    expect(r.ok).toBe(false);
    expect(r).toMatchObject({ retryable: false });
    expect(rx.messages.at(-1)).toMatchObject({ kind, verified: false });
  });

  it('dingtalk and lark without a secret are refused by a robot that signs', async () => {
    expect((await sink('dingtalk').send(message)).ok).toBe(false);
    expect((await sink('lark').send(message)).ok).toBe(false);
  });

  it('a wrong WeCom key or Slack token is refused; the error never shows the URL', async () => {
    const w = await sink('wecom', undefined, `${rx.url}/wecom/cgi-bin/webhook/send?key=nope-key-123`).send(message);
    expect(w).toMatchObject({ ok: false, retryable: false });
    expect(JSON.stringify(w)).not.toContain('nope-key-123');
    const s = await sink('slack', undefined, `${rx.url}/slack/services/nope/nope/nope`).send(message);
    expect(s).toMatchObject({ ok: false, retryable: false, status: 403 });
  });

  it('5xx and 429 are retryable; a closed port is a retryable network error', async () => {
    rx.failNext(1, 503);
    expect(await sink('slack').send(message)).toMatchObject({ ok: false, retryable: true, status: 503 });
    rx.failNext(1, 429);
    expect(await sink('webhook', SECRETS.webhook).send(message)).toMatchObject({ ok: false, retryable: true });
    const closed = await startNotifyReceiver();
    const url = `${closed.url}/webhook`;
    await closed.close();
    const r = await sink('webhook', undefined, url).send(message);
    expect(r).toMatchObject({ ok: false, retryable: true });
    expect(JSON.stringify(r)).not.toContain(url);
  });

  it('WeCom text is cut under its 2048-byte limit, never inside a character', async () => {
    const long = { ...message, text: '带宽'.repeat(2000) };
    expect((await sink('wecom').send(long)).ok).toBe(true);
    const got = rx.messages.at(-1)?.text ?? '';
    expect(Buffer.byteLength(got, 'utf8')).toBeLessThanOrEqual(2000);
    expect(got.endsWith('…(cut)')).toBe(true);
    expect(got).not.toContain('\uFFFD');
  });
});
