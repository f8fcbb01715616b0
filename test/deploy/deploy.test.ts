import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BuildResult } from '../../scripts/build.js';
import { describePlan, parseDeployArgs, sEnvironment } from '../../scripts/deploy.js';
import { preflight } from '../../scripts/preflight.js';

const ROOT = resolve(import.meta.dirname, '../..');

describe('npm run deploy / remove: arguments', () => {
  it.each([
    [[], { command: 'deploy', dryRun: false, example: false, sourceMaps: false, sArgs: [] }],
    [['--dry-run'], { command: 'deploy', dryRun: true, sArgs: [] }],
    [['--config', 'x.yaml', '-y'], { config: resolve('x.yaml'), sArgs: ['-y'] }],
    [['--example', '--source-maps', '--', '--debug'], { example: true, sourceMaps: true, sArgs: ['--debug'] }],
    [['remove', '-y'], { command: 'remove', sArgs: ['-y'] }],
  ])('%j', (args, expected) => {
    expect(parseDeployArgs(args)).toMatchObject(expected);
  });

  it.each([
    [['--config', 'x.yaml', '--example'], /--config and --example exclude each other/],
    [['remove', '--dry-run'], /remove: takes only arguments for `s remove`/],
  ])('refuses %j', (args, message) => {
    expect(() => parseDeployArgs(args)).toThrow(message);
  });
});

describe('credentials for s', () => {
  it('hands the standard Alibaba Cloud keys to s under the names it reads', () => {
    const env = sEnvironment({
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIx',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'sec',
      ALIBABA_CLOUD_SECURITY_TOKEN: 'sts',
      ALIBABA_CLOUD_ACCOUNT_ID: '1111222233334444',
    });
    expect(env).toMatchObject({
      AccessKeyID: 'LTAIx',
      AccessKeySecret: 'sec',
      SecurityToken: 'sts',
      AccountID: '1111222233334444',
    });
  });

  it('leaves the environment alone without keys, or when s’s own variables are set', () => {
    expect(sEnvironment({ PATH: '/bin' })).toEqual({ PATH: '/bin' });
    const own = { ALIBABA_CLOUD_ACCESS_KEY_ID: 'a', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'b', AccessKeyID: 'c' };
    expect(sEnvironment(own)).toEqual(own);
  });
});

describe('deploy --dry-run plan', () => {
  it('names the region, config, every function with its size and triggers, and hides the secrets', async () => {
    const report = await preflight({
      root: ROOT,
      configFile: resolve(ROOT, 'config/autoscaler.recommended.yaml'),
      env: {
        AUTOSCALER_WEBHOOK_TOKEN: 'w'.repeat(48),
        AUTOSCALER_DASHBOARD_TOKEN: 'd'.repeat(40),
        ALIBABA_CLOUD_ACCOUNT_ID: '1111222233334444',
        ALIBABA_CLOUD_ACCESS_KEY_ID: 'a',
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'b',
      },
      nodeVersion: '20.1.0',
    });
    const size = (name: string): BuildResult => ({
      name,
      file: `dist/${name}/index.js`,
      bytes: 6_000_000,
      cacheBytes: 2_000_000,
      mapBytes: 0,
      dirBytes: 8_812_544,
      compressedBytes: 1_548_288,
    });
    const plan = describePlan(report, ['alarm', 'tick', 'worker', 'dashboard'].map(size), ROOT);
    expect(plan).toContain('region     cn-hangzhou, role acs:ram::1111222233334444:role/ecs-vertical-autoscaler');
    expect(plan).toContain('config     config/autoscaler.recommended.yaml: 1 group (web)');
    expect(plan).toContain('group web: tags autoscaler-group=web; bandwidth');
    expect(plan).toMatch(
      /ecs-autoscaler-alarm +alarm +nodejs20 256 MB 10 s {2}\.\/dist\/alarm {2}8606 KiB \(≈ 1512 KiB zipped\)/,
    );
    expect(plan).toMatch(/trigger reconcile-every-5-min +timer +"0 \*\/5 \* \* \* \*" payload reconcile/);
    expect(plan).toMatch(/trigger cms-webhook +http +POST \(anonymous\)/);
    expect(plan).toContain('AUTOSCALER_WEBHOOK_TOKEN=<set, 48 chars>');
    expect(plan).toContain('AUTOSCALER_DASHBOARD_TOKEN=<set, 40 chars>');
    expect(plan).not.toContain('w'.repeat(48));
  });
});
