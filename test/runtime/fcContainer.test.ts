import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_CONFIG_YAML, benchFleet } from '../../src/bench/fleet.js';
import { ConfigError } from '../../src/core/errors.js';
import { RealClock } from '@ecs-autoscaler/local-cloud/clock.js';
import { type EcsEmulator, startEcsEmulator } from '@ecs-autoscaler/local-cloud/ecs/index.js';
import { containerFor } from '../../src/runtime/fcContainer.js';

// containerFor builds the FC container from the environment and the config file; its clients are lazy ports
// that load the SDK on first call and then talk to the (emulated) cloud like the eager ones.
describe('containerFor (the FC container)', () => {
  const credentials = { accessKeyId: 'AK', accessKeySecret: 'SK' };
  let ecs: EcsEmulator;
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    ecs = await startEcsEmulator({ clock: new RealClock(), credentials, fleet: benchFleet(2) });
    dir = mkdtempSync(join(tmpdir(), 'fc-container-'));
    writeFileSync(join(dir, 'autoscaler.yaml'), BENCH_CONFIG_YAML);
    env = {
      AUTOSCALER_CONFIG: join(dir, 'autoscaler.yaml'),
      AUTOSCALER_OTS_INSTANCE: 'x',
      AUTOSCALER_ECS_ENDPOINT: ecs.endpoint,
      AUTOSCALER_PROTOCOL: 'http',
      // Only the ECS port is exercised here; the others would be the real cloud, intended for this test.
      AUTOSCALER_ALLOW_MIXED_ENDPOINTS: '1',
    };
  });
  afterAll(async () => {
    await ecs.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('builds once per credentials, and its ECS port reaches the cloud through the SDK', async () => {
    const ctx = { requestId: 'r1', credentials };
    const c = await containerFor(ctx, env);
    expect(await containerFor({ ...ctx, requestId: 'r2' }, env)).toBe(c);
    expect(c.config.groups.map((g) => g.name)).toEqual(['web']);
    const [inst] = await c.deps('r1').ecs.describeInstances(['i-bench-000001']);
    expect(inst?.bandwidthOutMbps).toBe(10);
    expect(ecs.state.apiCallCount('DescribeInstances')).toBe(1);
  });

  it('builds a new container when the STS credentials rotate', async () => {
    const a = await containerFor({ requestId: 'r', credentials: { ...credentials, securityToken: 't1' } }, env);
    const b = await containerFor({ requestId: 'r', credentials: { ...credentials, securityToken: 't2' } }, env);
    expect(b).not.toBe(a);
  });

  it('does not keep a failed build: the next invocation tries again', async () => {
    const ctx = { requestId: 'r', credentials: { ...credentials, securityToken: 'broken' } };
    await expect(containerFor(ctx, { ...env, AUTOSCALER_OTS_INSTANCE: '' })).rejects.toBeInstanceOf(ConfigError);
    await expect(containerFor(ctx, env)).resolves.toBeDefined();
  });
});
