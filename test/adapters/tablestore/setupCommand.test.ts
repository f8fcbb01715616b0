/** `autoscaler setup` end to end against the emulator: flags, environment, errors, idempotence. */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../../src/cli/setup.js';
import { startTablestoreEmulator, type TablestoreEmulator } from '@ecs-autoscaler/local-cloud/tablestore/index.js';
import { systemClock } from '../../../src/ports/Clock.js';

const credentials = { accessKeyId: 'AKIDsetup', accessKeySecret: 'setup-secret' };
let emulator: TablestoreEmulator;
let out: string[];
let err: string[];

beforeAll(async () => {
  emulator = await startTablestoreEmulator({ clock: systemClock, instanceName: 'setup', credentials });
});
afterAll(async () => {
  await emulator?.close();
});

function capture(): void {
  out = [];
  err = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => err.push(String(chunk)) > 0);
}
afterEach(() => {
  vi.restoreAllMocks();
});

const env = () => ({
  TABLESTORE_ENDPOINT: emulator.url,
  TABLESTORE_INSTANCE: 'setup',
  ALIBABA_CLOUD_ACCESS_KEY_ID: credentials.accessKeyId,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: credentials.accessKeySecret,
});

describe('autoscaler setup', () => {
  it('creates the tables from environment settings, then reports them as existing', async () => {
    capture();
    expect(await run(['--table-prefix', 's1_'], env())).toBe(0);
    expect(await run(['--table-prefix', 's1_'], env())).toBe(0);
    const [first, second] = out.map((line) => JSON.parse(line));
    expect(first).toMatchObject({ level: 'info', msg: 'tables ready', instance: 'setup', ttlMismatches: [] });
    expect(first.created).toHaveLength(6);
    expect(second).toMatchObject({ created: [], existing: first.created });
    expect(out.join('')).not.toContain(credentials.accessKeySecret);
  });

  it('takes flags over the environment', async () => {
    capture();
    const args = ['--endpoint', emulator.url, '--instance', 'setup', '--access-key-id', 'AKIDsetup'];
    const code = await run([...args, '--access-key-secret', 'setup-secret', '--table-prefix', 's2_'], {});
    expect(code).toBe(0);
    expect(JSON.parse(out[0] ?? '{}').created).toContain('s2_instance_state');
  });

  it('reports every missing input at once with exit code 2', async () => {
    capture();
    expect(await run(['--timeout-sec', 'soon'], {})).toBe(2);
    const text = err.join('');
    for (const expected of [
      '--endpoint',
      '--instance',
      '--access-key-id',
      '--access-key-secret',
      '--timeout-sec must be a positive number (got soon)',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it.each([
    ['an unknown flag', ['--bogus'], 2, /autoscaler setup: unknown option '--bogus'/],
    [
      'a wrong secret',
      ['--access-key-secret', 'nope', '--timeout-sec', '1'],
      1,
      /Tablestore CreateTable on table autoscaler_instance_state failed: 403 OTSAuthFailed/,
    ],
  ])('fails on %s', async (_label, args, exitCode, message) => {
    capture();
    expect(await run(args, env())).toBe(exitCode);
    expect(err.join('')).toMatch(message);
    expect(err.join('')).not.toContain('nope');
  });

  it('prints help with exit code 0', async () => {
    capture();
    expect(await run(['--help'], {})).toBe(0);
    expect(out.join('')).toMatch(/usage: autoscaler setup/);
  });
});
