/** The `notifications` section: defaults, and every cross-field rule reported with its path. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/core/config/parse.js';
import { baseConfig } from './fixtures.js';
import { problemsOf } from './problems.js';

const withSinks = (sinks: unknown[], extra: Record<string, unknown> = {}) => ({
  ...baseConfig(),
  notifications: { sinks, ...extra },
});

describe('notifications config', () => {
  it('is optional; given, every knob has its default', () => {
    expect(parseConfig(baseConfig(), 'x').notifications).toBeUndefined();
    const c = parseConfig(
      withSinks([{ name: 'ops', kind: 'dingtalk', urlEnv: 'DING_URL', secretEnv: 'DING_SECRET' }]),
      'x',
    );
    expect(c.notifications).toEqual({
      sinks: [
        {
          name: 'ops',
          kind: 'dingtalk',
          urlEnv: 'DING_URL',
          secretEnv: 'DING_SECRET',
          events: ['applied', 'failed', 'rolled-back', 'switched', 'blocked', 'kill-switch', 'paused', 'digest'],
          groups: [],
        },
      ],
      maxPerMinute: 20,
      maxAttempts: 3,
      timeoutMs: 5000,
      blockedRepeatSec: 21600,
      digestHourUtc: 1,
    });
  });

  it.each([
    ['no url', [{ name: 'a', kind: 'slack' }], 'notifications.sinks[0].url', 'url or urlEnv is required'],
    [
      'url and urlEnv',
      [{ name: 'a', kind: 'slack', url: 'https://hooks.slack.com/services/x', urlEnv: 'X' }],
      'notifications.sinks[0].url',
      'set url or urlEnv, not both',
    ],
    [
      'secret and secretEnv',
      [{ name: 'a', kind: 'lark', urlEnv: 'U', secret: 's', secretEnv: 'S' }],
      'notifications.sinks[0].secret',
      'set secret or secretEnv, not both',
    ],
    [
      'a slack secret',
      [{ name: 'a', kind: 'slack', urlEnv: 'U', secretEnv: 'S' }],
      'notifications.sinks[0].secret',
      'a slack webhook is not signed',
    ],
    [
      'a WeCom URL without its key',
      [{ name: 'a', kind: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send' }],
      'notifications.sinks[0].url',
      'must carry its key',
    ],
    [
      'no events',
      [{ name: 'a', kind: 'slack', urlEnv: 'U', events: [] }],
      'notifications.sinks[0].events',
      'at least one',
    ],
    [
      'duplicate names',
      [
        { name: 'a', kind: 'slack', urlEnv: 'U' },
        { name: 'a', kind: 'webhook', urlEnv: 'V' },
      ],
      'notifications.sinks[1].name',
      'duplicate sink name',
    ],
    [
      'an unknown group',
      [{ name: 'a', kind: 'slack', urlEnv: 'U', groups: ['wbe'] }],
      'notifications.sinks[0].groups[0]',
      'is not a group of this config',
    ],
    [
      'an unknown event',
      [{ name: 'a', kind: 'slack', urlEnv: 'U', events: ['scaled'] }],
      'notifications.sinks[0].events[0]',
      'must be one of',
    ],
    [
      'a bad env name',
      [{ name: 'a', kind: 'slack', urlEnv: 'lower' }],
      'notifications.sinks[0].urlEnv',
      'environment variable name',
    ],
  ])('%s', (_label, sinks, path, rule) => {
    const problems = problemsOf(withSinks(sinks));
    const p = problems.find((x) => x.path === path);
    expect(p, JSON.stringify(problems)).toBeDefined();
    expect(p?.rule).toContain(rule);
  });

  it('limits are bounded', () => {
    const problems = problemsOf(withSinks([], { maxAttempts: 0, digestHourUtc: 24 }));
    expect(problems.map((p) => p.path).sort()).toEqual(['notifications.digestHourUtc', 'notifications.maxAttempts']);
  });
});
