/**
 * Bad usage of any command ends as one clean line plus that command's usage, exit code 2, never a stack; and
 * `--version` answers. Every command of the table is checked (a new command is covered by being registered);
 * the issue's own examples run as real processes.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { COMMANDS, main } from '../../src/cli.js';

const root = resolve(import.meta.dirname, '../..');
const pkg = (await import('../../package.json', { with: { type: 'json' } })).default as { version: string };

async function capture(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((c) => {
    out += String(c);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((c) => {
    err += String(c);
    return true;
  });
  try {
    return { code: await main(argv), out, err };
  } finally {
    vi.restoreAllMocks();
  }
}

afterEach(() => vi.restoreAllMocks());

const STACK = /\n\s+at .+\(|TypeError|ERR_PARSE_ARGS/;

describe('bad usage: one clean line plus the usage, exit 2, for every command', () => {
  it.each(Object.keys(COMMANDS))('autoscaler %s --bogus', async (name) => {
    const { code, out, err } = await capture([name, '--bogus']);
    expect(code).toBe(2);
    expect(out).toBe('');
    const [first, blank, usage] = err.split('\n');
    expect(first).toBe(`autoscaler ${name}: unknown option '--bogus'`);
    expect(blank).toBe('');
    expect(usage).toMatch(new RegExp(`^usage: autoscaler ${name}\\b`));
    expect(err).not.toMatch(STACK);
  });

  it('a misspelt option gets a hint', async () => {
    const { code, err } = await capture(['start', '--sped', '10']);
    expect(code).toBe(2);
    expect(err.split('\n')[0]).toBe("autoscaler start: unknown option '--sped' (did you mean '--speed'?)");
  });

  it('an unknown command gets a hint and the command list', async () => {
    const { code, err } = await capture(['simulte']);
    expect(code).toBe(2);
    expect(err).toMatch(
      /^autoscaler: unknown command 'simulte' \(did you mean 'simulate'\?\)\n\nusage: autoscaler <command>/,
    );
  });

  it('a bad value is one line too: start --speed 0', async () => {
    const { code, err } = await capture(['start', '--speed', '0']);
    expect(code).toBe(2);
    expect(err.split('\n')[0]).toBe('autoscaler start: --speed must be a number in (0, 3600] (got 0)');
    expect(err).not.toMatch(STACK);
  });

  it('--version, alone or after a command', async () => {
    for (const argv of [['--version'], ['-V'], ['validate', '--version']]) {
      const { code, out } = await capture(argv);
      expect(code).toBe(0);
      expect(out).toBe(`autoscaler ${pkg.version} (Node.js ${process.versions.node})\n`);
    }
  });
});

describe('as a user types it (real processes)', () => {
  it.each([
    [['start', '--sped', '10'], "autoscaler start: unknown option '--sped' (did you mean '--speed'?)"],
    [['simulate', '--bogus'], "autoscaler simulate: unknown option '--bogus'"],
  ])('autoscaler %s', (argv, line) => {
    const r = spawnSync(process.execPath, ['bin/autoscaler.js', ...argv], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe(line);
    expect(r.stderr).toMatch(/\n\nusage: autoscaler /);
    expect(r.stderr).not.toMatch(STACK);
  });

  it('autoscaler --version', () => {
    const r = spawnSync(process.execPath, ['bin/autoscaler.js', '--version'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^autoscaler ${pkg.version.replace(/\./g, '\\.')} \\(Node\\.js `));
  });
});
