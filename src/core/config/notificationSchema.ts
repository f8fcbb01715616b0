/**
 * The `notifications` section of the configuration (docs/notifications.md): sinks and delivery limits.
 * Its cross-field rules are in notificationChecks.ts.
 */
import { s } from '../schema/index.js';
import { checkNotifications, checkSink } from './notificationChecks.js';
import type { NotificationEvent, SinkKind } from './types.js';

export const NOTIFICATION_EVENTS: readonly NotificationEvent[] = [
  'applied',
  'failed',
  'rolled-back',
  'switched',
  'blocked',
  'kill-switch',
  'paused',
  'digest',
];
export const SINK_KINDS: readonly SinkKind[] = ['dingtalk', 'lark', 'wecom', 'slack', 'webhook'];

const envName = s.string({
  pattern: /^[A-Z_][A-Z0-9_]{0,127}$/,
  patternHint: 'an environment variable name like OPS_DINGTALK_SECRET',
});

export const sinkSchema = s
  .object({
    name: s
      .string({
        pattern: /^[A-Za-z0-9][\w.-]{0,63}$/,
        patternHint: '1–64 letters, digits, _ . - (starting alphanumeric)',
      })
      .describe('Unique sink name (used in logs; never the URL).'),
    kind: s
      .enum(SINK_KINDS)
      .describe(
        'dingtalk (custom robot, signed when a secret is set), lark (Feishu/Lark custom bot, signed when a secret is ' +
          'set), wecom (group robot webhook with its key), slack (incoming webhook), webhook (JSON POST, ' +
          'HMAC-SHA256 header when a secret is set).',
      ),
    url: s
      .string({ pattern: /^https?:\/\/\S+$/, patternHint: 'an http(s) URL' })
      .describe('The webhook URL (it carries the robot token or key: prefer urlEnv).')
      .optional(),
    urlEnv: envName.describe('Environment variable holding the webhook URL.').optional(),
    secret: s.string({ minLength: 1 }).describe('Signing secret (prefer secretEnv).').optional(),
    secretEnv: envName.describe('Environment variable holding the signing secret.').optional(),
    events: s
      .array(s.enum(NOTIFICATION_EVENTS), { unique: true })
      .default([...NOTIFICATION_EVENTS])
      .describe('Events sent to this sink (default: all).'),
    groups: s
      .array(s.string({ minLength: 1 }), { unique: true })
      .default([])
      .describe('Only instances of these groups (empty: all; the digest and the kill switch are fleet-wide).'),
  })
  .refine(checkSink)
  .describe('One notification destination.');

export const notificationsSchema = s
  .object({
    sinks: s.array(sinkSchema).default([]).describe('Where notifications go.'),
    maxPerMinute: s
      .integer({ min: 1, max: 600 })
      .default(20)
      .describe('Most messages per sink per minute (DingTalk allows 20); the rest are dropped and counted.'),
    maxAttempts: s.integer({ min: 1, max: 10 }).default(3).describe('Attempts per message, bounded.'),
    timeoutMs: s.integer({ min: 100, max: 30_000 }).default(5000).describe('Per-request timeout, ms.'),
    blockedRepeatSec: s
      .integer({ min: 60, max: 604_800 })
      .default(21_600)
      .describe('A blocked instance (quota, security lock, EIP) is reported again only after this long, seconds.'),
    digestHourUtc: s
      .integer({ min: 0, max: 23 })
      .default(1)
      .describe('The daily digest goes out at the first evaluation after this UTC hour.'),
  })
  .refine(checkNotifications)
  .describe('Notifications of actions, failures, blocks and a daily digest (sent after the commit).');
