/**
 * The notifier as the runtime builds it: sinks from the config and the environment, a sink whose variables are
 * missing left out with a warning (never a failed container), and no URL, token or secret in any log line even
 * when every delivery fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfigText } from '../../src/adapters/config/file.js';
import { MemoryStateStore } from '../../src/adapters/memory/stateStore.js';
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';
import { type NotifyReceiver, startNotifyReceiver } from '@ecs-autoscaler/local-cloud/notifyReceiver.js';
import type { EcsApi } from '../../src/ports/EcsApi.js';
import { createJsonLogger } from '../../src/runtime/logger.js';
import { buildNotifier, configuredRoutes, notificationSecrets } from '../../src/runtime/notify.js';
import { NOTIFY_GRACE_MS, withNotificationGrace } from '../../src/runtime/compose.js';

const DING = { token: 'dingtalk-access-token-abcdef', secret: 'SECright-secret-000111' };
let rx: NotifyReceiver;

beforeAll(async () => {
  rx = await startNotifyReceiver({ dingtalk: DING, wecom: { key: 'wecom-key-0123456789' } });
});
afterAll(async () => {
  await rx?.close();
});

const yaml = (sinks: string) => `version: 1
regionId: cn-hangzhou
groups:
  - name: web
    match: { instanceIds: [i-web1] }
    bandwidth: { minMbps: 5, maxMbps: 100 }
notifications:
  maxAttempts: 2
  sinks:
${sinks}`;

describe('runtime notifier', () => {
  it('a sink whose URL variable is empty is left out and named; the others work', () => {
    const config = loadConfigText(
      yaml(`    - { name: a, kind: slack, urlEnv: SLACK_URL }
    - { name: b, kind: wecom, url: "http://127.0.0.1:1/cgi-bin/webhook/send?key=k1234567" }`),
      'x.yaml',
    );
    const { routes, problems } = configuredRoutes(config, {});
    expect(routes.map((r) => r.sink.name)).toEqual(['b']);
    expect(problems[0]).toMatchObject({ path: 'notifications.sinks[0].urlEnv' });
  });

  it('never logs the URL, the robot token or the secret, even when every delivery is refused', async () => {
    const wrongSecret = 'SECwrong-secret-999888';
    const env = { DING_URL: rx.urls.dingtalk, DING_SECRET: wrongSecret };
    const config = loadConfigText(
      yaml(`    - { name: ding, kind: dingtalk, urlEnv: DING_URL, secretEnv: DING_SECRET }
    - { name: gone, kind: slack, urlEnv: NOT_SET }`),
      'x.yaml',
    );
    const lines: string[] = [];
    const clock = new VirtualClock(Date.UTC(2026, 11, 7, 1, 30));
    const logger = createJsonLogger({ write: (l) => lines.push(l), secrets: notificationSecrets(config, env) });
    const n = buildNotifier({ config, env, clock, logger, store: new MemoryStateStore(), ecs: {} as EcsApi });
    const entry = {
      instanceId: 'i-web1',
      atMs: clock.now(),
      seq: '1',
      signal: { source: 'timer' as const, dedupeKey: 'k' },
      decision: 'scale' as const,
      reason: 'saturated',
      message: `contains ${DING.token} by accident`,
      result: 'failed' as const,
      error: { code: 'Throttling', message: 'x' },
    };
    n.observe(entry);
    await n.idle();
    expect(rx.messages.at(-1)).toMatchObject({ kind: 'dingtalk', verified: false, refused: 'sign not match' });
    // The failure and the day's digest (the first evaluation of the day sends it): both refused.
    expect(n.stats.failed).toBe(2);
    const text = lines.join('\n');
    expect(text).toContain('notification not delivered');
    expect(text).toContain('notification sinks left out');
    for (const s of [DING.token, wrongSecret, rx.urls.dingtalk]) expect(text).not.toContain(s);
  });
});

describe('withNotificationGrace: what a function handler queued gets a moment before the answer goes back', () => {
  it('waits for the notifier after the invocation, at most NOTIFY_GRACE_MS, and answers what the invocation did', async () => {
    const order: string[] = [];
    const notifier = {
      idle: async (maxMs?: number) => {
        order.push(`idle ${maxMs}`);
        return true;
      },
    };
    const answer = await withNotificationGrace({ notifier } as never, async () => {
      order.push('run');
      return 'answered';
    });
    expect(answer).toBe('answered');
    expect(order).toEqual(['run', `idle ${NOTIFY_GRACE_MS}`]);
  });

  it('also when the invocation fails, and without a notifier', async () => {
    const idle: number[] = [];
    const notifier = { idle: async (ms?: number) => idle.push(ms ?? 0) > 0 };
    await expect(
      withNotificationGrace({ notifier } as never, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(idle).toEqual([NOTIFY_GRACE_MS]);
    await expect(withNotificationGrace({}, async () => 7)).resolves.toBe(7);
  });
});
