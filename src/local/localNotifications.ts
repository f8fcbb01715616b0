/**
 * Notifications in the local cloud: a receiver (notifyReceiver.ts) stands in for every robot, and the config the
 * hosted functions run with sends there. Each configured sink is retargeted to the receiver's endpoint of its
 * kind with a fresh secret (the local cloud never posts to a real robot); with none configured, one signed
 * generic webhook sink receives every event. `npm start` prints a line per message received.
 */
import { randomBytes } from 'node:crypto';
import { NOTIFICATION_EVENTS } from '../core/config/notificationSchema.js';
import type { Config, NotificationSink, NotificationsConfig } from '../core/config/types.js';
import { type NotifyReceiver, startNotifyReceiver } from '@ecs-autoscaler/local-cloud/notifyReceiver.js';

export interface LocalNotificationsOptions {
  /** One line per message received. */
  write?: (line: string) => void;
}

const DEFAULTS: Omit<NotificationsConfig, 'sinks'> = {
  maxPerMinute: 20,
  maxAttempts: 3,
  timeoutMs: 5000,
  blockedRepeatSec: 21_600,
  digestHourUtc: 1,
};

const token = () => randomBytes(12).toString('hex');

export async function startLocalNotifications(
  config: Config,
  o: LocalNotificationsOptions,
): Promise<{ receiver: NotifyReceiver; config: Config }> {
  const secrets = { dingtalk: `SEC${token()}`, lark: token(), webhook: token() };
  const receiver = await startNotifyReceiver({
    dingtalk: { token: token(), secret: secrets.dingtalk },
    lark: { hookId: token(), secret: secrets.lark },
    wecom: { key: token() },
    slack: { token: `T${token()}/B${token()}` },
    webhook: { secret: secrets.webhook },
    ...(o.write ? { write: o.write } : {}),
  });
  const retarget = (s: NotificationSink): NotificationSink => {
    const { urlEnv: _u, secretEnv: _s, secret: _secret, ...rest } = s;
    const secret = s.kind === 'wecom' || s.kind === 'slack' ? undefined : secrets[s.kind];
    return { ...rest, url: receiver.urls[s.kind], ...(secret ? { secret } : {}) };
  };
  const configured = config.notifications?.sinks ?? [];
  const sinks: NotificationSink[] =
    configured.length > 0
      ? configured.map(retarget)
      : [
          {
            name: 'local',
            kind: 'webhook',
            url: receiver.urls.webhook,
            secret: secrets.webhook,
            events: [...NOTIFICATION_EVENTS],
            groups: [],
          },
        ];
  const notifications: NotificationsConfig = { ...DEFAULTS, ...config.notifications, sinks };
  return { receiver, config: { ...config, notifications } };
}
