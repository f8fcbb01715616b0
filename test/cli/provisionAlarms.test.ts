/** `autoscaler provision-alarms` against the ECS and CMS emulators: plan table, idempotence, deletions, errors. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/provisionAlarms.js';
import { type Emulators, fleetInstance, startEmulators } from '../app/optimise/emulators.js';

const TOKEN = 'webhook-s3cret-token';
const WEB = `groups:
  - name: web
    match: { tags: { autoscaler-group: web } }
    bandwidth: { minMbps: 1, maxMbps: 100 }`;
const BATCH = `
  - name: batch
    match: { instanceIds: [i-batch1] }
    instanceType: { ladder: [ecs.g7.large, ecs.g7.xlarge, ecs.g7.2xlarge], allowDowntime: true }`;

const dir = mkdtempSync(join(tmpdir(), 'provision-'));
function configFile(name: string, groups: string): string {
  const path = join(dir, name);
  writeFileSync(path, `version: 1\nregionId: cn-hangzhou\n${groups}\n`);
  return path;
}
const both = configFile('both.yaml', WEB + BATCH);
const webOnly = configFile('web.yaml', WEB);
const batchOnly = configFile('batch.yaml', `groups:${BATCH}`);

let emu: Emulators;
let out: string[];
let err: string[];

function capture(): void {
  out = [];
  err = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => err.push(String(chunk)) > 0);
}

beforeAll(async () => {
  emu = await startEmulators({
    startMs: Date.UTC(2025, 0, 6, 3),
    instances: [
      fleetInstance({ instanceId: 'i-web1' }),
      fleetInstance({ instanceId: 'i-web2' }),
      fleetInstance({ instanceId: 'i-batch1', tags: {} }),
    ],
  });
});
afterAll(async () => {
  await emu?.close();
});
afterEach(() => {
  vi.restoreAllMocks();
});

const env = () => ({ ...emu.env, AUTOSCALER_WEBHOOK_URL: 'http://127.0.0.1:9/cms', AUTOSCALER_WEBHOOK_TOKEN: TOKEN });

describe('autoscaler provision-alarms', () => {
  it('--help prints the usage and the rule plan', async () => {
    capture();
    expect(await run(['--help'], {})).toBe(0);
    expect(out.join('')).toContain('usage: autoscaler provision-alarms');
  });

  it.each<[string, string[], Record<string, string>, string]>([
    ['no credentials', ['--config', both, '--webhook', 'http://x/cms'], {}, 'ALIBABA_CLOUD_ACCESS_KEY_ID is required'],
    ['no webhook', ['--config', both], { ALIBABA_CLOUD_ACCESS_KEY_ID: 'a' }, '--webhook URL'],
    ['a webhook that is not http', ['--config', both, '--webhook', 'ftp://x/cms'], {}, 'must be an http(s) URL'],
    ['an unknown flag', ['--frobnicate'], {}, "autoscaler provision-alarms: unknown option '--frobnicate'"],
  ])('%s → exit 2 naming the input', async (_label, args, extra, message) => {
    capture();
    expect(await run(args, extra)).toBe(2);
    expect(err.join('')).toContain(message);
  });

  it('--dry-run prints the plan as a table, never the token, and creates nothing', async () => {
    capture();
    expect(await run(['--dry-run', '--config', both], env())).toBe(0);
    const text = out.join('');
    expect(text).toContain('plan: create 5, update 0, delete 0, unchanged 0');
    expect(text).toMatch(
      /create\s+autoscaler-i-web1-bw-up\s+VPC_PublicIP_InternetOutRate_Percent\s+critical Average GreaterThanOrEqualToThreshold 88 x1/, // default target 0.8 × (1 + tolerance 0.1)
    );
    expect(text).toContain('webhook: http://127.0.0.1:9/cms?token=***');
    expect(text).not.toContain(TOKEN);
    expect(emu.cms.metricRules()).toEqual([]);
  });

  it('applies, then a second run changes nothing', async () => {
    capture();
    expect(await run(['--config', both], env())).toBe(0);
    expect(out.join('')).toContain('applied: 5 ok, 0 failed');
    expect(emu.cms.metricRules().every((r) => r.webhook === `http://127.0.0.1:9/cms?token=${TOKEN}`)).toBe(true);
    capture();
    expect(await run(['--config', both], env())).toBe(0);
    expect(out.join('')).toContain('plan: create 0, update 0, delete 0, unchanged 5');
    expect(out.join('')).toContain('applied: 0 ok, 0 failed');
  });

  it('an instance no longer managed loses its rules', async () => {
    capture();
    expect(await run(['--config', webOnly], env())).toBe(0);
    expect(out.join('')).toMatch(/delete\s+autoscaler-i-batch1-cpu-up/);
    expect(emu.cms.metricRules().map((r) => r.ruleId)).not.toContain('autoscaler-i-batch1-cpu-up');
  });
});

describe('autoscaler provision-alarms when CMS refuses', () => {
  let failing: Emulators;
  beforeAll(async () => {
    failing = await startEmulators({
      startMs: Date.UTC(2025, 0, 6, 3),
      instances: [fleetInstance({ instanceId: 'i-batch1', tags: {} })],
      cmsFaults: 'PutResourceMetricRule:InternalError=1',
    });
  });
  afterAll(async () => {
    await failing?.close();
  });

  it('exits 1 and prints the CMS code and message of the failed call', async () => {
    capture();
    const code = await run(['--config', batchOnly], {
      ...failing.env,
      AUTOSCALER_WEBHOOK_URL: 'http://127.0.0.1:9/cms',
    });
    expect(code).toBe(1);
    expect(err.join('')).toContain('failed: create autoscaler-i-batch1-cpu-up: InternalError');
    expect(out.join('')).toContain('applied: 0 ok, 1 failed');
  }, 20_000);
});
