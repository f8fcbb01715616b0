/**
 * Scenario 5, configuration files: every kind of error is one ConfigError naming the key path and the rule
 * (never another exception, never a half-loaded config), and fuzzed or mutated files do the same.
 */
import fc from 'fast-check';
import { loadConfigText } from '../../../src/adapters/config/file.js';
import { ConfigError } from '../../../src/core/errors.js';
import { RELIABILITY_CONFIG_YAML as Y } from '../../support/config.js';

export interface ConfigErrorCase {
  kind: string;
  text: string;
  source?: string;
  /** Expected in one problem's path (or, for syntax errors, `file:line:col`). */
  path: string;
  /** Expected in that problem's rule. */
  rule: RegExp;
}

const edit = (from: string, to: string): string => {
  if (!Y.includes(from)) throw new Error(`config fixture has no "${from}"`);
  return Y.replace(from, to);
};

export const CONFIG_ERROR_CASES: ConfigErrorCase[] = [
  { kind: 'YAML syntax', text: 'version: 1\nregionId: [cn-hangzhou\n', path: 'x.yaml:', rule: /YAML syntax/ },
  { kind: 'JSON syntax', text: '{"version": 1,', source: 'x.json', path: 'x.json:1:', rule: /JSON syntax/ },
  { kind: 'empty file', text: '', path: '', rule: /mapping/ },
  { kind: 'a list, not a mapping', text: '- 1\n- 2\n', path: '', rule: /mapping/ },
  { kind: 'unknown top-level key', text: `${Y}colour: blue\n`, path: 'colour', rule: /not a known key/ },
  {
    kind: 'misspelt key',
    text: edit('minMbps: 5', 'minMbps: 5\n      minMbs: 6'),
    path: 'groups[0].bandwidth.minMbs',
    rule: /minMbps/,
  },
  {
    kind: 'wrong type',
    text: edit('maxMbps: 100', 'maxMbps: lots'),
    path: 'groups[0].bandwidth.maxMbps',
    rule: /number/,
  },
  {
    kind: 'out of range',
    text: edit('targetUtilization: 0.7', 'targetUtilization: 1.5'),
    path: 'targetUtilization',
    rule: /≤ 1/,
  },
  { kind: 'missing required key', text: edit('regionId: cn-hangzhou', ''), path: 'regionId', rule: /required/ },
  {
    kind: 'min above max',
    text: edit('minMbps: 5', 'minMbps: 150'),
    path: 'groups[0].bandwidth.minMbps',
    rule: /maxMbps/,
  },
  {
    kind: 'one-rung ladder',
    text: edit('ladder: [ecs.g7.large, ecs.g7.xlarge, ecs.g7.2xlarge]', 'ladder: [ecs.g7.large]'),
    path: 'ladder',
    rule: /at least 2/,
  },
  {
    kind: 'mixed-family ladder',
    text: edit('ecs.g7.xlarge, ecs.g7.2xlarge', 'ecs.c7.xlarge, ecs.g7.2xlarge'),
    path: 'ladder[1]',
    rule: /family/,
  },
  {
    kind: 'bad cron',
    text: edit(
      'allowDowntime: true',
      'allowDowntime: true\n    maintenanceWindows:\n      - cron: "61 * * * *"\n        durationMin: 60',
    ),
    path: 'maintenanceWindows[0].cron',
    rule: /cron/,
  },
  { kind: 'duplicate group name', text: edit('name: batch', 'name: web'), path: 'groups[1].name', rule: /duplicates/ },
  {
    kind: 'negative cooldown',
    text: edit('cooldownUpSec: 1800', 'cooldownUpSec: -5'),
    path: 'cooldownUpSec',
    rule: /≥ 0/,
  },
  {
    kind: 'window beyond lookback',
    text: edit('lookbackSec: 3600', 'lookbackSec: 600'),
    path: 'StabilizationSec',
    rule: /lookbackSec/,
  },
  { kind: 'unsupported version', text: edit('version: 1', 'version: 2'), path: 'version', rule: /must be 1/ },
  { kind: 'no groups', text: 'version: 1\nregionId: cn-hangzhou\ngroups: []\n', path: 'groups', rule: /at least 1/ },
  { kind: 'unsupported period', text: edit('periodSec: 60', 'periodSec: 61'), path: 'periodSec', rule: /60, 300, 900/ },
  {
    kind: 'unknown enum value',
    text: edit('allowDowntime: true', 'allowDowntime: true\n      stoppedMode: Sleep'),
    path: 'stoppedMode',
    rule: /KeepCharging/,
  },
  {
    kind: 'alias bomb (billion laughs)',
    text: 'a: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n',
    path: '',
    rule: /alias/i,
  },
];

/** Load and return the ConfigError, or the other thing that happened (a Config or another exception). */
export function loadOutcome(text: string, source = 'x.yaml'): ConfigError | { other: unknown } {
  try {
    return { other: loadConfigText(text, source) };
  } catch (err) {
    return err instanceof ConfigError ? err : { other: err };
  }
}

const lines = Y.split('\n');

/** A valid file with lines dropped, duplicated or replaced by noise. */
const mutatedConfig = fc
  .array(
    fc.tuple(
      fc.nat({ max: lines.length - 1 }),
      fc.oneof(fc.constant(null), fc.constant('dup'), fc.string({ maxLength: 30 })),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((edits) => {
    const out = [...lines];
    for (const [i, e] of edits) {
      if (e === null) out.splice(i, 1);
      else if (e === 'dup') out.splice(i, 0, out[i] ?? '');
      else out[i] = `${(out[i] ?? '').match(/^\s*/)?.[0] ?? ''}${e}`;
    }
    return out.join('\n');
  });

/** Fuzzed and mutated files: each loads or fails with a ConfigError that has problems; nothing else. */
export function runConfigFuzz(o: { cases: number; seed: number }) {
  const f = { cases: 0, loaded: 0, configErrors: 0, other: [] as string[] };
  fc.assert(
    fc.property(
      fc.oneof(mutatedConfig, fc.string({ maxLength: 200 }), fc.json({ maxDepth: 3 })),
      fc.boolean(),
      (text, json) => {
        f.cases++;
        const r = loadOutcome(text, json ? 'x.json' : 'x.yaml');
        if (r instanceof ConfigError) {
          f.configErrors++;
          if (r.problems.length === 0) f.other.push(`ConfigError without problems for ${JSON.stringify(text)}`);
        } else if (r.other && typeof r.other === 'object' && 'groups' in r.other) f.loaded++;
        else f.other.push(`${String(r.other)} for ${JSON.stringify(text).slice(0, 200)}`);
      },
    ),
    { numRuns: o.cases, seed: o.seed },
  );
  return f;
}
