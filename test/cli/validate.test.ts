// `autoscaler validate` and `autoscaler schema`.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run as runSchema, schemaText } from '../../src/cli/schema.js';
import { run as runValidate, summary } from '../../src/cli/validate.js';
import { COMMANDS } from '../../src/cli.js';
import { parseConfig } from '../../src/core/config/parse.js';

const root = resolve(import.meta.dirname, '../..');
const example = resolve(root, 'config/autoscaler.example.yaml');
const dir = mkdtempSync(join(tmpdir(), 'autoscaler-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture() {
  const io = { out: '', err: '' };
  const sink = {
    out: (t: string) => {
      io.out += t;
    },
    err: (t: string) => {
      io.err += t;
    },
  };
  return { io, sink };
}

const BAD = `version: 1
regionId: cn-hangzhou
groups:
  - name: web
    match: { tags: { autoscaler-group: web } }
    bandwidth: { minMbps: 60, maxMbps: 300, tolerence: 0.1 }
    schedules:
      - { name: day, cron: "0 0 25 * * *", durationMin: 60, set: { bandwidthMbps: 20 } }
`;

describe('autoscaler validate', () => {
  it('is registered in the command table', async () => {
    expect(COMMANDS.validate?.summary).toMatch(/configuration/);
    expect(COMMANDS.schema?.summary).toMatch(/JSON Schema/);
    expect(typeof (await COMMANDS.validate?.load())?.run).toBe('function');
    expect(typeof (await COMMANDS.schema?.load())?.run).toBe('function');
  });

  it('prints an ok summary for the example and exits 0', async () => {
    const { io, sink } = capture();
    expect(await runValidate([example], sink)).toBe(0);
    expect(io.out).toBe(
      `ok: ${example}: 5 groups (web, batch, api, edge-eips, shared-bw), 0 instances matched by id, 4 tag selectors, ` +
        '4 bandwidth policies, 1 instance-type ladder, 3 schedules, 1 maintenance window, region cn-hangzhou\n',
    );
    expect(io.err).toBe('');
  });

  it('lists every problem of a bad file with key path, rule, value and line, and exits 1', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, BAD);
    const { io, sink } = capture();
    expect(await runValidate([bad], sink)).toBe(1);
    expect(io.out).toBe('');
    expect(io.err).toContain(`${bad}: 3 problems`);
    expect(io.err).toContain("groups[0].bandwidth.tolerence: is not a known key (did you mean 'tolerance'?)");
    expect(io.err).toContain(`groups[0].bandwidth.maxMbps: must be ≤ 200`);
    expect(io.err).toContain(`(${bad}:6:31) (got 300)`);
    expect(io.err).toContain('groups[0].schedules[0].cron: cron hour: values must be 0–23');
  });

  it('reports a cross-field problem together with a typo in the same block, with its line (all at once)', async () => {
    const bad = join(dir, 'cross.yaml');
    writeFileSync(
      bad,
      'version: 1\nregionId: cn-hangzhou\ngroups:\n  - name: web\n    match: { tags: { a: b } }\n' +
        '    bandwidth: { minMbps: 200, maxMbps: 50, tolerence: 0.1 }\n',
    );
    const { io, sink } = capture();
    expect(await runValidate([bad], sink)).toBe(1);
    expect(io.err).toBe(
      `${bad}: 2 problems\n` +
        `  - groups[0].bandwidth.tolerence: is not a known key (did you mean 'tolerance'?) (${bad}:6:45)\n` +
        `  - groups[0].bandwidth.minMbps: must be ≤ maxMbps (50) (${bad}:6:18) (got 200)\n`,
    );
  });

  it('an unknown option is one line plus the usage, exit 2', async () => {
    const { io, sink } = capture();
    expect(await runValidate(['--prnt', example], sink)).toBe(2);
    expect(io.err.split('\n')[0]).toBe("autoscaler validate: unknown option '--prnt' (did you mean '--print'?)");
    expect(io.err).toContain('usage: autoscaler validate');
  });

  it('checks several files and fails if any fails', async () => {
    const bad = join(dir, 'bad2.yaml');
    writeFileSync(bad, BAD);
    const { io, sink } = capture();
    expect(await runValidate([example, bad, join(dir, 'nope.yaml')], sink)).toBe(1);
    expect(io.out).toMatch(/^ok: /);
    expect(io.err).toContain('cannot read the file (ENOENT)');
  });

  it('--print shows the file with every default filled', async () => {
    const { io, sink } = capture();
    expect(await runValidate(['--print', example], sink)).toBe(0);
    const printed = JSON.parse(io.out.slice(io.out.indexOf('\n') + 1));
    expect(printed.groups[1].instanceType.cooldownUpSec).toBe(1800);
    expect(printed.evaluation.leaseTtlSec).toBe(120);
  });

  it.each([
    [[], 2, 'a FILE is required'],
    [['--bogus', 'x'], 2, "autoscaler validate: unknown option '--bogus'"],
  ])('usage error %j exits %d', async (args, code, message) => {
    const { io, sink } = capture();
    expect(await runValidate(args, sink)).toBe(code);
    expect(io.err).toContain(message);
    expect(io.err).toContain('usage: autoscaler validate');
  });

  it('--help prints the usage and exits 0', async () => {
    const { io, sink } = capture();
    expect(await runValidate(['--help'], sink)).toBe(0);
    expect(io.out).toMatch(/^usage: autoscaler validate \[--print\] FILE\.\.\./);
  });

  it('summarises ids, dry run and the kill switch', () => {
    const config = parseConfig(
      {
        version: 1,
        regionId: 'cn-shanghai',
        dryRun: true,
        killSwitch: true,
        groups: [{ name: 'a', match: { instanceIds: ['i-1', 'i-2'] }, bandwidth: { minMbps: 1, maxMbps: 5 } }],
      },
      'x',
    );
    expect(summary(config)).toBe(
      '1 group (a), 2 instances matched by id, 0 tag selectors, 1 bandwidth policy, 0 instance-type ladders, ' +
        '0 schedules, 0 maintenance windows, region cn-shanghai, dry run, KILL SWITCH ON',
    );
  });

  it('rethrows an error that is not about the configuration', async () => {
    const { sink } = capture();
    const failing = {
      out: () => {
        throw new Error('stdout closed');
      },
      err: sink.err,
    };
    await expect(runValidate([example], failing)).rejects.toThrow('stdout closed');
  });
});

describe('autoscaler schema', () => {
  it('prints the checked-in schema', async () => {
    const { io, sink } = capture();
    expect(await runSchema([], sink)).toBe(0);
    expect(io.out).toBe(schemaText());
    expect(io.out).toBe(readFileSync(resolve(root, 'config/autoscaler.schema.json'), 'utf8'));
  });

  it('--out writes the file', async () => {
    const out = join(dir, 'schema.json');
    const { io, sink } = capture();
    expect(await runSchema(['--out', out], sink)).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(schemaText());
    expect(io.err).toBe(`wrote ${out}\n`);
  });

  it.each([
    [['--out', join(dir, 'no/such/dir/schema.json')], 1, 'cannot write'],
    [['--nope'], 2, "autoscaler schema: unknown option '--nope'"],
  ])('%j exits %d', async (args, code, message) => {
    const { io, sink } = capture();
    expect(await runSchema(args, sink)).toBe(code);
    expect(io.err).toContain(message);
  });

  it('--help prints the usage', async () => {
    const { io, sink } = capture();
    expect(await runSchema(['-h'], sink)).toBe(0);
    expect(io.out).toMatch(/^usage: autoscaler schema/);
  });
});
