// Notifications in the local cloud: every configured sink is retargeted to the local receiver with a fresh secret
// (never a real robot: the config's URLs and secret variables are dropped), and a message the product's own HTTP
// sink sends through each retargeted sink passes that platform's signature check. With no sinks configured, one
// signed webhook sink receives every event.
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfigText } from '../../../src/adapters/config/file.js';
import { createHttpSink } from '../../../src/adapters/notify/sinks.js';
import { NOTIFICATION_EVENTS } from '../../../src/core/config/notificationSchema.js';
import { startLocalNotifications } from '../../../src/local/localNotifications.js';
import type { NotifyReceiver } from '@ecs-autoscaler/local-cloud/notifyReceiver.js';

const BASE = `version: 1
regionId: cn-hangzhou
groups:
  - name: web
    match: { instanceIds: [i-web1] }
    bandwidth: { minMbps: 5, maxMbps: 100 }
`;
const message = { event: 'applied', title: 'i-web1 applied', text: '10 → 20 Mbps', atMs: Date.now(), data: {} };

let receiver: NotifyReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe('startLocalNotifications', () => {
  it('retargets each configured sink to the receiver, and each one’s messages pass the signature check', async () => {
    const config = loadConfigText(
      `${BASE}notifications:
  maxAttempts: 5
  sinks:
    - { name: ding, kind: dingtalk, urlEnv: DING_URL, secretEnv: DING_SECRET }
    - { name: lark, kind: lark, url: "https://open.feishu.cn/open-apis/bot/v2/hook/x", secret: real-secret-1 }
    - { name: wecom, kind: wecom, urlEnv: WECOM_URL }
    - { name: slack, kind: slack, urlEnv: SLACK_URL, events: [failed] }
`,
      'x.yaml',
    );
    const lines: string[] = [];
    const local = await startLocalNotifications(config, { write: (l) => lines.push(l) });
    receiver = local.receiver;
    const sinks = local.config.notifications?.sinks ?? [];
    expect(sinks.map((s) => [s.name, s.url])).toEqual([
      ['ding', receiver.urls.dingtalk],
      ['lark', receiver.urls.lark],
      ['wecom', receiver.urls.wecom],
      ['slack', receiver.urls.slack],
    ]);
    for (const s of sinks) {
      expect(s).not.toHaveProperty('urlEnv');
      expect(s).not.toHaveProperty('secretEnv');
      expect(s.secret).not.toBe('real-secret-1');
      expect(s.secret === undefined).toBe(s.kind === 'wecom' || s.kind === 'slack');
    }
    expect(sinks[3]?.events).toEqual(['failed']);
    expect(local.config.notifications?.maxAttempts).toBe(5);

    for (const s of sinks) {
      const sink = createHttpSink({
        name: s.name,
        kind: s.kind,
        url: s.url as string,
        ...(s.secret ? { secret: s.secret } : {}),
      });
      expect(await sink.send(message)).toMatchObject({ ok: true });
    }
    expect(receiver.messages.map((m) => [m.kind, m.verified])).toEqual([
      ['dingtalk', true],
      ['lark', true],
      ['wecom', true],
      ['slack', true],
    ]);
    expect(lines).toHaveLength(4);
  });

  it('with no sinks configured, one signed webhook sink receives every event', async () => {
    const local = await startLocalNotifications(loadConfigText(BASE, 'x.yaml'), {});
    receiver = local.receiver;
    expect(local.config.notifications).toMatchObject({ maxPerMinute: 20, maxAttempts: 3, digestHourUtc: 1 });
    const [only] = local.config.notifications?.sinks ?? [];
    expect(only).toMatchObject({ name: 'local', kind: 'webhook', url: receiver.urls.webhook, groups: [] });
    expect(only?.events).toEqual([...NOTIFICATION_EVENTS]);
    const sink = createHttpSink({
      name: 'local',
      kind: 'webhook',
      url: only?.url as string,
      secret: only?.secret as string,
    });
    expect(await sink.send(message)).toMatchObject({ ok: true });
    expect(receiver.messages[0]).toMatchObject({ kind: 'webhook', verified: true });
  });
});
