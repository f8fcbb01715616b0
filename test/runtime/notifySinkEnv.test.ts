// The notifier's sinks from the config and the environment, the parts the runtime notify tests leave out: a
// config without notifications builds no routes and a disabled notifier; an empty secret variable is named as a
// problem; every URL, secret and long robot token resolved from the environment is handed to the logger's
// redaction, and a value that is not a URL is still masked whole.
import { describe, expect, it } from 'vitest';
import { loadConfigText } from '../../src/adapters/config/file.js';
import { MemoryStateStore } from '../../src/adapters/memory/stateStore.js';
import type { EcsApi } from '../../src/ports/EcsApi.js';
import { createJsonLogger } from '../../src/runtime/logger.js';
import { buildNotifier, configuredRoutes, notificationSecrets } from '../../src/runtime/notify.js';
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';

const BASE = `version: 1
regionId: cn-hangzhou
groups:
  - name: web
    match: { instanceIds: [i-web1] }
    bandwidth: { minMbps: 5, maxMbps: 100 }
`;
const withSinks = (sinks: string) => `${BASE}notifications:\n  sinks:\n${sinks}`;

describe('notifier sinks from the environment', () => {
  it('without a notifications section: no routes, no problems, a disabled notifier and no warning', () => {
    const config = loadConfigText(BASE, 'x.yaml');
    expect(configuredRoutes(config, {})).toEqual({ routes: [], problems: [] });
    const lines: string[] = [];
    const n = buildNotifier({
      config,
      env: {},
      clock: new VirtualClock(0),
      logger: createJsonLogger({ write: (l) => lines.push(l) }),
      store: new MemoryStateStore(),
      ecs: {} as EcsApi,
    });
    expect(n.enabled).toBe(false);
    expect(lines).toEqual([]);
    expect(notificationSecrets(config, {})).toEqual([]);
  });

  it('names an empty secret variable as a problem of that sink, and leaves the sink out (never sent unsigned)', () => {
    const config = loadConfigText(
      withSinks('    - { name: ding, kind: dingtalk, urlEnv: DING_URL, secretEnv: DING_SECRET }\n'),
      'x.yaml',
    );
    const { problems, routes } = configuredRoutes(config, {
      DING_URL: 'https://oapi.dingtalk.com/robot/send?access_token=t',
      DING_SECRET: ' ',
    });
    expect(problems).toEqual([
      { path: 'notifications.sinks[0].secretEnv', rule: 'environment variable DING_SECRET is empty' },
    ]);
    expect(routes).toEqual([]);
  });

  it('hands every resolved URL, secret and long token to the redaction, and masks a non-URL value whole', () => {
    const config = loadConfigText(
      withSinks(
        [
          '    - { name: ding, kind: dingtalk, urlEnv: DING_URL, secretEnv: DING_SECRET }',
          '    - { name: odd, kind: webhook, urlEnv: ODD_URL }',
          '    - { name: short, kind: wecom, urlEnv: WECOM_URL }',
          '',
        ].join('\n'),
      ),
      'x.yaml',
    );
    const env = {
      DING_URL: 'https://oapi.dingtalk.com/robot/send?access_token=ding-token-123456',
      DING_SECRET: 'SEC-secret-abcdef',
      ODD_URL: 'not a url at all',
      WECOM_URL: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=short',
    };
    const secrets = notificationSecrets(config, env);
    expect(secrets).toEqual([env.DING_URL, env.DING_SECRET, 'ding-token-123456', env.ODD_URL, env.WECOM_URL]);
    const lines: string[] = [];
    createJsonLogger({ write: (l) => lines.push(l), secrets }).log('warn', 'x', {
      detail: `token ding-token-123456 and not a url at all`,
    });
    expect(lines[0]).not.toContain('ding-token-123456');
    expect(lines[0]).not.toContain('not a url at all');
  });
});
