import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProblems, type PreflightOptions, preflight, removePreflight } from '../../scripts/preflight.js';

const ROOT = resolve(import.meta.dirname, '../..');
const TOKEN_A = 'a'.repeat(48);
const TOKEN_B = 'b'.repeat(48);
const GOOD_ENV = {
  AUTOSCALER_WEBHOOK_TOKEN: TOKEN_A,
  AUTOSCALER_DASHBOARD_TOKEN: TOKEN_B,
  ALIBABA_CLOUD_ACCOUNT_ID: '1111222233334444',
  ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAItest',
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'secret',
};

// A repository of its own per test run: s.yaml as shipped, the configs, an empty Serverless Devs home.
let root: string;
let sHome: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'preflight-'));
  sHome = join(root, 's-home');
  mkdirSync(join(root, 'config'), { recursive: true });
  mkdirSync(sHome);
  copyFileSync(join(ROOT, 's.yaml'), join(root, 's.yaml'));
  copyFileSync(join(ROOT, 'config/autoscaler.example.yaml'), join(root, 'config/autoscaler.example.yaml'));
  copyFileSync(join(ROOT, 'config/autoscaler.recommended.yaml'), join(root, 'good.yaml'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function run(over: Partial<PreflightOptions> = {}) {
  return preflight({
    root,
    sHome,
    configFile: join(root, 'good.yaml'),
    env: GOOD_ENV,
    nodeVersion: '20.11.1',
    ...over,
  });
}

const inputs = async (over: Partial<PreflightOptions>) => (await run(over)).problems.map((p) => p.input);

describe('deploy preflight', () => {
  it('passes a valid config, secrets, account id, credentials and Node 20', async () => {
    const report = await run();
    expect(report.problems).toEqual([]);
    expect(report.config?.regionId).toBe('cn-hangzhou');
    expect(report.credentials).toBe('environment');
    expect(report.region).toBe('cn-hangzhou');
  });

  it('refuses without config/autoscaler.yaml, and never falls back to the example unless asked', async () => {
    const report = await run({ configFile: undefined });
    expect(report.problems).toEqual([
      expect.objectContaining({ input: 'config/autoscaler.yaml', found: 'no such file' }),
    ]);
    expect(formatProblems(report.problems)).toMatch(
      /^preflight: config\/autoscaler\.yaml: must exist: copy config\/autoscaler\.recommended\.yaml .* only with --example/,
    );
    const example = await run({ configFile: undefined, example: true });
    expect(example.problems).toEqual([]);
    expect(example.configFile).toBe(join(root, 'config/autoscaler.example.yaml'));
  });

  it('refuses an invalid config with the validator’s problems (key path, rule, value)', async () => {
    const bad = join(root, 'bad.yaml');
    writeFileSync(
      bad,
      'version: 1\nregionId: cn-hangzhou\ngroups:\n  - name: web\n    bandwidth: { minMbps: 200, maxMbps: 50 }\n',
    );
    const [problem, ...rest] = (await run({ configFile: bad })).problems;
    expect(rest).toEqual([]);
    expect(problem?.input).toBe('bad.yaml');
    expect(problem?.rule).toMatch(/^must be a valid config:\n/);
    expect(problem?.rule).toMatch(/groups\[0\]/);
  });

  it.each([
    ['no webhook token', { AUTOSCALER_WEBHOOK_TOKEN: undefined }, 'AUTOSCALER_WEBHOOK_TOKEN', 'unset'],
    ['a short dashboard token', { AUTOSCALER_DASHBOARD_TOKEN: 'short' }, 'AUTOSCALER_DASHBOARD_TOKEN', '5 characters'],
    ['the same token twice', { AUTOSCALER_DASHBOARD_TOKEN: TOKEN_A }, 'AUTOSCALER_DASHBOARD_TOKEN', undefined],
    ['no account id', { ALIBABA_CLOUD_ACCOUNT_ID: undefined }, 'ALIBABA_CLOUD_ACCOUNT_ID', 'unset'],
    [
      'the old placeholder account id',
      { ALIBABA_CLOUD_ACCOUNT_ID: '1234567890123456' },
      'ALIBABA_CLOUD_ACCOUNT_ID',
      '"1234567890123456" (the old placeholder)',
    ],
    [
      'a non-numeric account id',
      { ALIBABA_CLOUD_ACCOUNT_ID: 'me@example.com' },
      'ALIBABA_CLOUD_ACCOUNT_ID',
      '"me@example.com"',
    ],
    ['a region other than the config’s', { AUTOSCALER_REGION: 'cn-beijing' }, 'AUTOSCALER_REGION', '"cn-beijing"'],
  ])('refuses %s', async (_name, env, input, found) => {
    const { problems } = await run({ env: { ...GOOD_ENV, ...env } });
    expect(problems).toEqual([expect.objectContaining({ input, ...(found === undefined ? {} : { found }) })]);
  });

  it('never prints a secret, only its length', async () => {
    const { problems } = await run({ env: { ...GOOD_ENV, AUTOSCALER_WEBHOOK_TOKEN: 'hunter2-secret' } });
    expect(formatProblems(problems)).not.toContain('hunter2');
  });

  it('refuses a Node major other than the FC runtime’s, naming both', async () => {
    const { problems } = await run({ nodeVersion: '22.3.0' });
    expect(problems).toHaveLength(1);
    expect(formatProblems(problems)).toBe(
      "preflight: node: the build must run on the FC runtime's Node major: s.yaml deploys alarm, tick, worker, " +
        'dashboard on nodejs20, so build with Node 20 (the V8 code cache is only accepted by the Node that took it) ' +
        '(found: node 22.3.0)',
    );
  });

  it('refuses without credentials for s, and accepts the access alias s.yaml names', async () => {
    const env = { ...GOOD_ENV, ALIBABA_CLOUD_ACCESS_KEY_ID: undefined, ALIBABA_CLOUD_ACCESS_KEY_SECRET: undefined };
    expect(await inputs({ env })).toEqual(['credentials']);
    writeFileSync(join(sHome, 'access.yaml'), 'other:\n  AccountID: "1"\n');
    expect((await run({ env })).problems[0]?.found).toBe(`no alias "default" in ${join(sHome, 'access.yaml')}`);
    writeFileSync(join(sHome, 'access.yaml'), 'default:\n  AccountID: "1"\n');
    const report = await run({ env });
    expect(report.problems).toEqual([]);
    expect(report.credentials).toBe('access.yaml');
  });

  it('after a build: refuses bundles that do not carry the checked config', async () => {
    expect(await inputs({ checkDist: true })).toEqual(
      ['alarm', 'tick', 'worker', 'dashboard'].map((n) => `dist/${n}/autoscaler.yaml`),
    );
    for (const n of ['alarm', 'tick', 'worker', 'dashboard']) {
      mkdirSync(join(root, 'dist', n), { recursive: true });
      copyFileSync(
        join(root, n === 'tick' ? 'config/autoscaler.example.yaml' : 'good.yaml'),
        join(root, 'dist', n, 'autoscaler.yaml'),
      );
    }
    const { problems } = await run({ checkDist: true });
    expect(problems).toEqual([
      expect.objectContaining({ input: 'dist/tick/autoscaler.yaml', found: 'a different config' }),
    ]);
  });

  it('reports every problem at once', async () => {
    const { problems } = await run({
      configFile: undefined,
      env: {},
      nodeVersion: '18.0.0',
      sHome: join(root, 'none'),
    });
    expect(problems.map((p) => p.input)).toEqual([
      'config/autoscaler.yaml',
      'AUTOSCALER_WEBHOOK_TOKEN',
      'AUTOSCALER_DASHBOARD_TOKEN',
      'ALIBABA_CLOUD_ACCOUNT_ID',
      'credentials',
      'node',
    ]);
  });
});

describe('npm run remove preflight', () => {
  it('needs the account id (s refuses s.yaml without it) and credentials, nothing else', () => {
    expect(removePreflight({ root, sHome: join(root, 'none'), env: GOOD_ENV, nodeVersion: '18.0.0' })).toEqual([]);
    const problems = removePreflight({ root, sHome: join(root, 'none'), env: {}, nodeVersion: '20.0.0' });
    expect(problems.map((p) => p.input)).toEqual(['ALIBABA_CLOUD_ACCOUNT_ID', 'credentials']);
  });
});

describe('npm run deploy refuses before building', () => {
  it('exits 1 with the problems on stderr and builds nothing', () => {
    const env = { PATH: process.env.PATH, HOME: join(root, 'home'), serverless_devs_config_home: join(root, 'home') };
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/deploy.ts', '--config', join(root, 'nope.yaml')],
      {
        cwd: ROOT,
        env,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(r.status).toBe(1);
    expect(r.stdout).not.toContain('built ');
    expect(r.stderr).toContain('cannot read the file (ENOENT)');
    expect(r.stderr).toContain('preflight: AUTOSCALER_WEBHOOK_TOKEN: must be a secret of at least 32 characters');
    expect(r.stderr).toMatch(/preflight FAILED: nothing built, nothing deployed\n$/);
  });
});
