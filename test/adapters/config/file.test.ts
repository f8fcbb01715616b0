import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfigFile, loadConfigText, pathSegments } from '../../../src/adapters/config/file.js';
import { ConfigError, type ConfigProblem } from '../../../src/core/errors.js';

const root = resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'autoscaler-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function problems(text: string, source: string): ConfigProblem[] {
  try {
    loadConfigText(text, source);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return [...(err as ConfigError).problems];
  }
  throw new Error('expected a ConfigError');
}

const VALID_YAML = `version: 1
regionId: cn-hangzhou
groups:
  - name: web
    match:
      tags: { autoscaler-group: web }
    bandwidth:
      minMbps: 5
      maxMbps: 50
`;

describe('loadConfigFile', () => {
  it('loads the shipped example with its five groups', async () => {
    const config = await loadConfigFile(resolve(root, 'config/autoscaler.example.yaml'));
    expect(config.groups.map((g) => g.name)).toEqual(['web', 'batch', 'api', 'edge-eips', 'shared-bw']);
    expect(config.groups[0]?.schedules[0]).toEqual({
      name: 'office-hours',
      cron: 'CRON_TZ=Asia/Shanghai 0 0 9 * * MON-FRI',
      durationMin: 600,
      priority: 0,
      set: { bandwidthMbps: 20 },
    });
    expect(config.groups[1]?.instanceType?.ladder).toEqual(['ecs.c7.large', 'ecs.c7.xlarge', 'ecs.c7.2xlarge']);
    expect(config.groups[2]?.bandwidth?.stepRules).toHaveLength(3);
  });

  it.each([
    ['yaml', 'ok.yaml', VALID_YAML],
    [
      'json',
      'ok.json',
      JSON.stringify({
        version: 1,
        regionId: 'cn-hangzhou',
        groups: [{ name: 'a', match: { instanceIds: ['i-1'] }, bandwidth: { minMbps: 1, maxMbps: 2 } }],
      }),
    ],
  ])('reads %s files', async (_label, name, text) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    expect((await loadConfigFile(path)).version).toBe(1);
  });

  it('reports a missing file as a ConfigError naming it', async () => {
    const path = join(dir, 'missing.yaml');
    await expect(loadConfigFile(path)).rejects.toThrow(ConfigError);
    await expect(loadConfigFile(path)).rejects.toThrow(`${path}: 1 problem\n  - (root): cannot read the file (ENOENT)`);
  });
});

describe('syntax errors carry file:line:col', () => {
  it.each([
    [
      'an unclosed flow sequence',
      'version: 1\nregionId: [\n  groups: x: y\n',
      'bad.yaml',
      'bad.yaml:3:11',
      /^YAML syntax: /,
    ],
    [
      'a duplicate key',
      'version: 1\nversion: 2\n',
      'dup.yaml',
      'dup.yaml:2:1',
      /^YAML syntax: Map keys must be unique/,
    ],
    ['a stray comma in JSON', '{"version": 1,, "regionId": "x"}', 'bad.json', 'bad.json:1:15', /^JSON syntax: /],
    [
      'a YAML-only scalar in JSON',
      '{"version": 1, "regionId": cn-hangzhou}',
      'plain.json',
      'plain.json:1:28',
      /^JSON syntax: /,
    ],
  ])('%s', (_label, text, source, where, rule) => {
    const found = problems(text, source);
    expect(found[0]?.path).toBe(where);
    expect(found[0]?.rule).toMatch(rule);
  });

  it('reads YAML 1.2: `yes` is a string, not a boolean', () => {
    const found = problems(`${VALID_YAML}dryRun: yes\n`, 'y.yaml');
    expect(found).toEqual([{ path: 'dryRun', rule: 'must be true or false (y.yaml:10:1)', value: 'yes' }]);
  });
});

describe('validation problems point at the file', () => {
  it.each([
    ['a bad value', VALID_YAML.replace('maxMbps: 50', 'maxMbps: 500'), 'groups[0].bandwidth.maxMbps', '(c.yaml:9:7)'],
    ['an unknown key (points at the key)', `${VALID_YAML}colour: blue\n`, 'colour', 'is not a known key (c.yaml:10:1)'],
    [
      'a missing key (points at its parent)',
      VALID_YAML.replace('      minMbps: 5\n', ''),
      'groups[0].bandwidth.minMbps',
      'is required (c.yaml:7:5)',
    ],
    [
      'a missing top-level key (points at the document)',
      VALID_YAML.replace('regionId: cn-hangzhou\n', ''),
      'regionId',
      'is required (c.yaml:1:1)',
    ],
    [
      'a bad list item',
      VALID_YAML.replace('tags: { autoscaler-group: web }', 'instanceIds: [i-1, web-2]'),
      'groups[0].match.instanceIds[1]',
      '(c.yaml:6:26)',
    ],
    [
      'a quoted tag key',
      VALID_YAML.replace('autoscaler-group: web', '"k.io/x": ""'),
      'groups[0].match.tags["k.io/x"]',
      'must not be empty (c.yaml:6:15)',
    ],
  ])('%s', (_label, text, path, suffix) => {
    const found = problems(text, 'c.yaml');
    expect(found.find((p) => p.path === path)?.rule).toContain(suffix);
  });

  it('leaves a problem unlocated when the document has no node for it', () => {
    expect(problems('', 'empty.yaml')).toEqual([
      { path: '', rule: 'must be a mapping of keys, not null', value: null },
    ]);
  });
});

describe('pathSegments', () => {
  it.each([
    ['', []],
    ['regionId', ['regionId']],
    ['groups[0].bandwidth.maxMbps', ['groups', 0, 'bandwidth', 'maxMbps']],
    ['groups[1].match.tags["k.io/role"]', ['groups', 1, 'match', 'tags', 'k.io/role']],
    ['a["x\\"y"]', ['a', 'x"y']],
  ])('%j → %j', (path, segments) => {
    expect(pathSegments(path)).toEqual(segments);
  });
});

describe('loadConfigText: YAML aliases', () => {
  it.each([
    ['an undefined alias', 'version: 1\nregionId: *nowhere\n'],
    [
      'an alias bomb',
      `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n`,
    ],
  ])('reports %s as a ConfigError, never another exception', (_n, text) => {
    expect(() => loadConfigText(text, 'aliases.yaml')).toThrow(ConfigError);
    expect(() => loadConfigText(text, 'aliases.yaml')).toThrow(/aliases.yaml: 1 problem/);
  });
});
