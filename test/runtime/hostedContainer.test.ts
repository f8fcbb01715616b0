import { describe, expect, it } from 'vitest';
import { loadConfigText } from '../../src/adapters/config/file.js';
import { BENCH_CONFIG_YAML } from '../../src/bench/fleet.js';
import { ConfigError } from '../../src/core/errors.js';
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';
import type { LogLevel } from '../../src/ports/Logger.js';
import type { LocalHosting } from '../../src/runtime/compose.js';
import { containerFor } from '../../src/runtime/fcContainer.js';

// containerFor with the local FC runtime's `context.local`: the function's env, clock and host overrides come
// from the context (never process.env), and each hosted function has its own cache, so two local clouds in one
// process never share a container even with the same credentials.
const credentials = { accessKeyId: 'AK', accessKeySecret: 'SK', securityToken: 't1' };
const ENV = {
  AUTOSCALER_CONFIG: '/nonexistent/autoscaler.yaml',
  AUTOSCALER_OTS_INSTANCE: 'autoscaler',
  AUTOSCALER_OTS_ENDPOINT: 'http://127.0.0.1:1',
  AUTOSCALER_ECS_ENDPOINT: 'http://127.0.0.1:2',
  AUTOSCALER_CMS_ENDPOINT: 'http://127.0.0.1:3',
};

function hosting(env: Record<string, string> = { ...ENV }) {
  const lines: { level: LogLevel; msg: string; fields?: Record<string, unknown> }[] = [];
  const clock = new VirtualClock(Date.UTC(2025, 0, 6));
  const local: LocalHosting = {
    clock,
    env,
    host: {
      config: loadConfigText(BENCH_CONFIG_YAML, 'test'),
      logger: { log: (level, msg, fields) => void lines.push({ level, msg, ...(fields ? { fields } : {}) }) },
    },
  };
  const built = () => lines.filter((l) => l.msg === 'container built').length;
  return { local, clock, built, lines };
}

describe('containerFor hosted by the local FC runtime (context.local)', () => {
  it('builds once per function and credentials, on the cloud clock, from the context env and host config', async () => {
    const h = hosting();
    const ctx = { requestId: 'r1', credentials, function: { name: 'ecs-autoscaler-alarm' }, local: h.local };
    // A broken `env` argument (FC's process.env) is not read: the context brings the function's env.
    const c = await containerFor(ctx, {});
    expect(await containerFor({ ...ctx, requestId: 'r2' }, {})).toBe(c);
    expect(h.built()).toBe(1);
    expect(h.lines[0]?.fields).toEqual({ requestId: 'r1', functionName: 'ecs-autoscaler-alarm' });
    expect(c.clock).toBe(h.clock);
    expect(c.settings.ots.endpoint).toBe('http://127.0.0.1:1');
    expect(c.config.groups.map((g) => g.name)).toEqual(['web']);
    await containerFor({ ...ctx, credentials: { ...credentials, securityToken: 't2' } });
    expect(h.built()).toBe(2);
  });

  it('keeps one cache per hosted function: the same credentials in two clouds get two containers', async () => {
    const one = hosting();
    const two = hosting();
    const a = await containerFor({ requestId: 'a', credentials, local: one.local });
    const b = await containerFor({ requestId: 'b', credentials, local: two.local });
    expect(b).not.toBe(a);
    expect(await containerFor({ requestId: 'a2', credentials, local: one.local })).toBe(a);
    expect([one.built(), two.built()]).toEqual([1, 1]);
  });

  it('does not keep a failed build: the next invocation tries again', async () => {
    const h = hosting({ ...ENV, AUTOSCALER_OTS_INSTANCE: '' });
    const ctx = { requestId: 'r', credentials, local: h.local };
    await expect(containerFor(ctx)).rejects.toBeInstanceOf(ConfigError);
    (h.local.env as Record<string, string>).AUTOSCALER_OTS_INSTANCE = 'autoscaler';
    await expect(containerFor(ctx)).resolves.toBeDefined();
    expect(h.built()).toBe(1);
  });
});
