/**
 * The operator CLI end to end against the local cloud: the ECS, CMS, Tablestore and FC emulators through the
 * official SDKs, the functions hosted as deployed, and the commands reading and writing the same Tablestore rows
 * the functions use (only the environment says where). Also the notifications: the functions' messages reach the
 * local cloud's receiver, the CLI's control messages a second, signature-checking receiver the config names.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import FC from '@alicloud/fc2';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfigText } from '../../src/adapters/config/file.js';
import { run as historyRun } from '../../src/cli/history.js';
import { killSwitch, pause, resume } from '../../src/cli/controls.js';
import { run as statusRun } from '../../src/cli/status.js';
import { main } from '../../src/cli.js';
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';
import { type LocalCloud, startLocalCloud } from '../../src/local/cloud/index.js';
import { type NotifyReceiver, startNotifyReceiver } from '@ecs-autoscaler/local-cloud/notifyReceiver.js';
import { fleetInstance } from '../app/optimise/emulators.js';

const START = Date.UTC(2026, 11, 7, 2, 0, 30);
const OPS_SECRET = 'ops-webhook-secret-123456';
const YAML = `version: 1
regionId: cn-hangzhou
groups:
  - name: web
    match: { tags: { autoscaler-group: web } }
    bandwidth: { minMbps: 5, maxMbps: 100, cooldownUpSec: 60 }
  - name: db
    match: { instanceIds: [i-db1] }
    bandwidth: { minMbps: 5, maxMbps: 50 }
notifications:
  sinks:
    - { name: ops, kind: webhook, urlEnv: OPS_HOOK_URL, secretEnv: OPS_HOOK_SECRET }
`;

const dir = mkdtempSync(join(tmpdir(), 'operator-cli-'));
const configPath = join(dir, 'autoscaler.yaml');
writeFileSync(configPath, YAML);

let cloud: LocalCloud;
let clock: VirtualClock;
let ops: NotifyReceiver;
let env: Record<string, string>;
let out: string[];
const logLines: string[] = [];
const receivedLines: string[] = [];
let err: string[];

function capture(): void {
  out = [];
  err = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((c) => out.push(String(c)) > 0);
  vi.spyOn(process.stderr, 'write').mockImplementation((c) => err.push(String(c)) > 0);
}

async function tick(): Promise<void> {
  const fc = new FC(cloud.accountId, {
    accessKeyID: cloud.credentials.accessKeyId,
    accessKeySecret: cloud.credentials.accessKeySecret,
    region: cloud.regionId,
    endpoint: cloud.fc.url,
    timeout: 120_000,
  });
  const event = {
    triggerTime: new Date(Math.floor(clock.now() / 1000) * 1000).toISOString().replace('.000', ''),
    triggerName: 'reconcile-every-5-min',
    payload: 'reconcile',
  };
  await fc.invokeFunction('ecs-vertical-autoscaler', 'ecs-autoscaler-tick', JSON.stringify(event));
  await cloud.container.notifier?.idle();
}

const host = () => ({ clock });
const json = () => JSON.parse(out.join(''));

beforeAll(async () => {
  ops = await startNotifyReceiver({ webhook: { secret: OPS_SECRET } });
  clock = new VirtualClock(START);
  cloud = await startLocalCloud({
    clock,
    config: loadConfigText(YAML, configPath),
    fleet: {
      instances: [
        fleetInstance({ instanceId: 'i-web1', bandwidthOutMbps: 10 }),
        fleetInstance({ instanceId: 'i-db1', bandwidthOutMbps: 20, tags: {} }),
      ],
      stock: [],
    },
    workload: { demandAt: (id) => ({ outboundMbps: id === 'i-web1' ? 40 : 10 }) },
    notifications: { write: (line) => void receivedLines.push(line) },
    logger: { log: (level, msg, fields) => void logLines.push(JSON.stringify({ level, msg, ...fields })) },
  });
  env = {
    ALIBABA_CLOUD_ACCESS_KEY_ID: cloud.credentials.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: cloud.credentials.accessKeySecret,
    AUTOSCALER_ECS_ENDPOINT: cloud.ecs.endpoint,
    AUTOSCALER_CMS_ENDPOINT: cloud.cms.endpoint,
    AUTOSCALER_OTS_ENDPOINT: cloud.tablestore.url,
    AUTOSCALER_OTS_INSTANCE: cloud.otsInstanceName,
    AUTOSCALER_PROTOCOL: 'http',
    AUTOSCALER_CONFIG: configPath,
    OPS_HOOK_URL: ops.urls.webhook,
    OPS_HOOK_SECRET: OPS_SECRET,
    USER: 'alice',
  };
  await clock.advanceTo(START + 180_000);
  await tick();
}, 120_000);

afterAll(async () => {
  await cloud?.close();
  await ops?.close();
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('the functions notify after the commit (local receiver)', () => {
  it('the applied change reached the local cloud receiver, signed and verified', () => {
    expect(cloud.ecs.state.get('i-web1')?.bandwidthOutMbps).toBeGreaterThan(10);
    const applied = cloud.notifications?.messages.filter((m) => m.text.includes('i-web1 applied')) ?? [];
    expect(applied.length).toBeGreaterThanOrEqual(1);
    expect(applied[0]).toMatchObject({ kind: 'webhook', verified: true });
    expect(applied[0]?.text).toMatch(/10 → \d+ Mbps/);
  });

  it('the first evaluation after the digest hour sent the daily digest, with the cost line', () => {
    const digests = cloud.notifications?.messages.filter((m) => m.text.includes('daily digest')) ?? [];
    expect(digests).toHaveLength(1);
    expect(digests[0]?.text).toContain('skips by reason:');
    expect(digests[0]?.text).toMatch(
      /cost of 2 pay-by-bandwidth instance\(s\): [\d.]+ CNY as provisioned vs [\d.]+ CNY static/,
    );
  });

  it('each message received is one line for the terminal (what `npm start` prints)', () => {
    expect(receivedLines.some((l) => /^ {13}✉ webhook ✓ \[autoscaler\] i-web1 applied: 10 → \d+ Mbps$/.test(l))).toBe(
      true,
    );
  });
});

describe('autoscaler status', () => {
  it('--json is the dashboard fleet plus the controls row', async () => {
    capture();
    expect(await statusRun(['--json'], env, host())).toBe(0);
    const doc = json();
    expect(doc.killSwitch).toBe(false);
    expect(doc.controls).toEqual({ killSwitch: false, pausedGroups: [] });
    const web = doc.instances.find((i: { instanceId: string }) => i.instanceId === 'i-web1');
    expect(web).toMatchObject({ group: 'web', instanceType: 'ecs.g7.large' });
    expect(web.bandwidthOutMbps).toBe(cloud.ecs.state.get('i-web1')?.bandwidthOutMbps);
    expect(web.activity.kind).toBe('cooling-down');
  });

  it('prints the fleet table', async () => {
    capture();
    expect(await statusRun([], env, host())).toBe(0);
    const text = out.join('');
    expect(text).toContain('2 managed instance(s) · kill switch off · paused groups none');
    expect(text).toMatch(/i-web1\s+web\s+ecs\.g7\.large/);
    expect(text).toMatch(/i-db1\s+db/);
  });
});

describe('autoscaler history', () => {
  it('shows the applied change with its reason, token and request id', async () => {
    capture();
    expect(await historyRun(['i-web1', '--actions'], env, host())).toBe(0);
    const text = out.join('');
    expect(text).toMatch(/applied\s+\S+\s+10 → \d+ Mbps: /);
    expect(text).toContain('token ');
    expect(text).not.toContain('skipped');
  });

  it('--json --since returns the entries as the dashboard API does', async () => {
    capture();
    expect(await historyRun(['i-web1', '--since', '1h', '--json'], env, host())).toBe(0);
    const doc = json();
    expect(doc.instanceId).toBe('i-web1');
    expect(doc.entries[0].id).toMatch(/^i-web1\//);
    expect(doc.entries.some((e: { result: string }) => e.result === 'applied')).toBe(true);
  });
});

describe('autoscaler pause / resume', () => {
  it('pauses a group in the controls row, audited with who and why, notified; decisions then skip paused', async () => {
    capture();
    expect(await pause.run(['web', '--reason', 'DB migration'], env, host())).toBe(0);
    expect(out.join('')).toContain('group web paused by alice: DB migration');
    expect(await cloud.store.getControls()).toEqual({ killSwitch: false, pausedGroups: ['web'] });
    const note = ops.messages.at(-1);
    expect(note).toMatchObject({ kind: 'webhook', verified: true });
    expect(note?.text).toContain('group web paused by alice: DB migration');

    await clock.advanceTo(START + 600_000);
    await tick();
    const [latest] = await cloud.store.listAudit('i-web1', { limit: 1 });
    expect(latest).toMatchObject({ result: 'skipped', reason: 'paused' });

    capture();
    expect(await historyRun(['i-web1', '--json'], env, host())).toBe(0);
    const entries = json().entries as { reason: string; message: string }[];
    expect(entries.find((e) => e.reason === 'pause')?.message).toContain('by alice: DB migration');

    capture();
    expect(await statusRun([], env, host())).toBe(0);
    expect(out.join('')).toContain('paused groups web');
  }, 60_000);

  it('pausing again writes nothing; resume clears it (--json, --by)', async () => {
    capture();
    expect(await pause.run(['web', '--reason', 'again'], env, host())).toBe(0);
    expect(out.join('')).toContain('already paused: nothing written');
    capture();
    expect(await resume.run(['web', '--reason', 'done', '--by', 'bob', '--json'], env, host())).toBe(0);
    expect(json()).toMatchObject({
      changed: true,
      state: 'resumed',
      by: 'bob',
      target: { kind: 'group', name: 'web' },
    });
    expect((await cloud.store.getControls()).pausedGroups).toEqual([]);
  });

  it('pauses and resumes one instance on its state row', async () => {
    capture();
    expect(await pause.run(['i-db1', '--reason', 'investigating'], env, host())).toBe(0);
    expect((await cloud.store.getInstanceState('i-db1')).paused).toBe(true);
    const [entry] = await cloud.store.listAudit('i-db1', { limit: 1 });
    expect(entry).toMatchObject({ reason: 'pause', result: 'applied', group: 'db', signal: { source: 'manual' } });
    capture();
    expect(await statusRun(['--json'], env, host())).toBe(0);
    const db = json().instances.find((i: { instanceId: string }) => i.instanceId === 'i-db1');
    expect(db.activity).toMatchObject({ kind: 'paused', pausedBy: 'instance' });
    capture();
    expect(await resume.run(['i-db1', '--reason', 'fine'], env, host())).toBe(0);
    expect((await cloud.store.getInstanceState('i-db1')).paused).toBe(false);
  });
});

describe('autoscaler kill-switch', () => {
  it('on: the controls row, audited and notified; status says so; off clears it', async () => {
    capture();
    expect(await killSwitch.run(['on', '--reason', 'incident 42'], env, host())).toBe(0);
    expect((await cloud.store.getControls()).killSwitch).toBe(true);
    expect(ops.messages.at(-1)?.text).toContain('kill switch ON by alice: incident 42');
    expect(ops.messages.at(-1)?.verified).toBe(true);
    capture();
    expect(await statusRun([], env, host())).toBe(0);
    expect(out.join('')).toContain('kill switch ON');
    capture();
    expect(await killSwitch.run(['on', '--reason', 'x'], env, host())).toBe(0);
    expect(out.join('')).toContain('already on');
    capture();
    expect(await killSwitch.run(['off', '--reason', 'resolved', '--json'], env, host())).toBe(0);
    expect(json()).toMatchObject({
      changed: true,
      state: 'off',
      reason: 'resolved',
      entry: { reason: 'kill-switch-off' },
    });
    expect((await cloud.store.getControls()).killSwitch).toBe(false);
  });
});

describe('secrets', () => {
  it('no log line of the functions carries a sink URL or secret', () => {
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) {
      expect(line).not.toContain(OPS_SECRET);
      expect(line).not.toContain(ops.urls.webhook);
    }
  });
});

describe('usage errors are one line and exit 2', () => {
  it.each([
    [['pause', 'web'], '--reason TEXT is required'],
    [['pause', 'nope', '--reason', 'x'], "'nope' is neither a group"],
    [['pause', 'i-unknown', '--reason', 'x'], 'is not a managed instance'],
    [['kill-switch', 'maybe', '--reason', 'x'], 'kill-switch takes on or off'],
    [['history'], 'INSTANCE is required'],
    [['history', 'i-web1', '--since', 'yesterday'], '--since must be a duration'],
  ])('%j', async (argv, message) => {
    capture();
    const [name, ...args] = argv as string[];
    const cmd = { pause, 'kill-switch': killSwitch }[name as 'pause'];
    const code = cmd ? await cmd.run(args, env, host()) : await historyRun(args, env, host());
    expect(code).toBe(2);
    expect(err.join('')).toContain(message);
  });

  it('without the state store configured', async () => {
    capture();
    const { AUTOSCALER_OTS_INSTANCE: _, ...noStore } = env;
    expect(await statusRun([], noStore, host())).toBe(2);
    expect(err.join('')).toContain('AUTOSCALER_OTS_INSTANCE is required');
  });

  it('the commands are registered in the CLI', async () => {
    capture();
    expect(await main(['--help'])).toBe(0);
    for (const c of ['status', 'history', 'pause', 'resume', 'kill-switch']) expect(out.join('')).toContain(`  ${c}`);
  });
});
