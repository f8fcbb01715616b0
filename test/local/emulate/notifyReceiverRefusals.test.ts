// The local notification receiver refuses what each platform refuses, answering as that platform does (DingTalk
// and Lark with HTTP 200 and an error code, Slack 403, the generic webhook 401), records the refusal, and prints
// one terminal line per message: ✓ with the first line of an accepted message, ✗ REFUSED with the reason.
import { afterEach, describe, expect, it } from 'vitest';
import { type NotifyReceiver, startNotifyReceiver } from '@ecs-autoscaler/local-cloud/notifyReceiver.js';

let rx: NotifyReceiver;
const lines: string[] = [];
afterEach(async () => {
  lines.length = 0;
  await rx?.close();
});

async function start(o: Parameters<typeof startNotifyReceiver>[0] = {}): Promise<NotifyReceiver> {
  rx = await startNotifyReceiver({ write: (l) => lines.push(l), ...o });
  return rx;
}

async function post(url: string, body: string | object, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: res.status, json };
}

describe('notify receiver: refusals in each platform’s own shape', () => {
  it('DingTalk: a wrong access token is errcode 300001 with HTTP 200, and so is a robot that is not configured', async () => {
    await start({ dingtalk: { token: 'tok' } });
    const wrong = await post(`${rx.url}/dingtalk/robot/send?access_token=other`, { text: { content: 'hi' } });
    expect(wrong).toEqual({ status: 200, json: { errcode: 300001, errmsg: 'token is not exist' } });
    await rx.close();
    await start();
    const none = await post(`${rx.url}/dingtalk/robot/send?access_token=tok`, { text: { content: 'hi' } });
    expect(none.json).toMatchObject({ errcode: 300001 });
    expect(rx.messages).toEqual([expect.objectContaining({ kind: 'dingtalk', verified: false, text: '' })]);
  });

  it('Lark: a wrong hook id is code 19001 with HTTP 200', async () => {
    await start({ lark: { hookId: 'hook' } });
    const res = await post(`${rx.url}/lark/open-apis/bot/v2/hook/other`, { content: { text: 'hi' } });
    expect(res).toEqual({
      status: 200,
      json: { code: 19001, msg: 'param invalid: incoming webhook access token invalid', data: {} },
    });
  });

  it('generic webhook with a secret: an unsigned call is 401; without a secret it is accepted', async () => {
    await start({ webhook: { secret: 's3cret-value' } });
    expect(await post(`${rx.url}/webhook`, { title: 't', text: 'x' })).toEqual({
      status: 401,
      json: { error: 'bad signature' },
    });
    await rx.close();
    await start({ webhook: {} });
    expect(await post(`${rx.url}/webhook`, { title: 'Scaled up', text: 'i-1' })).toEqual({
      status: 200,
      json: { ok: true },
    });
    expect(rx.messages.at(-1)).toMatchObject({ verified: true, text: 'Scaled up\ni-1' });
  });

  it('answers 400 to a body that is not JSON and 404 to another path or method, recording neither', async () => {
    await start({ slack: { token: 'T' } });
    expect(await post(`${rx.url}/slack/services/T`, 'text=hi')).toEqual({
      status: 400,
      json: { error: 'body is not JSON' },
    });
    expect((await post(`${rx.url}/teams/hook`, { text: 'hi' })).status).toBe(404);
    const get = await fetch(`${rx.urls.slack}`, { method: 'PUT', body: '{}' });
    expect(get.status).toBe(404);
    expect(rx.messages).toEqual([]);
    expect(lines).toEqual([]);
  });
});

describe('notify receiver: terminal lines', () => {
  it('prints the first line of an accepted message and the reason of a refused one', async () => {
    await start({ wecom: { key: 'K' }, slack: { token: 'T' } });
    await post(rx.urls.wecom, { msgtype: 'text', text: { content: 'i-1 scaled up\n10 → 20 Mbps' } });
    await post(`${rx.url}/wecom/cgi-bin/webhook/send?key=wrong`, { text: { content: 'x' } });
    await post(`${rx.url}/slack/services/nope`, { text: 'x' });
    await post(rx.urls.slack, { blocks: [] });
    expect(lines.map((l) => l.trim())).toEqual([
      '✉ wecom ✓ i-1 scaled up',
      '✉ wecom ✗ REFUSED (invalid webhook url)',
      '✉ slack ✗ REFUSED (invalid_token)',
      '✉ slack ✓',
    ]);
    expect(rx.messages.at(-1)).toMatchObject({ kind: 'slack', verified: true, text: '' });
  });
});
