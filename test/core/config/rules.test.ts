import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/core/config/parse.js';
import type { ConfigProblem } from '../../../src/core/errors.js';
import { edited } from './fixtures.js';
import { problemsOf } from './problems.js';
import { fieldRows } from './rows.fields.js';
import { policyRows } from './rows.policies.js';

const rows = [...fieldRows, ...policyRows];

describe('parseConfig: every rule', () => {
  it.each(rows)('%s', (_label, edits, path, rule, ...value) => {
    const problems = problemsOf(edited(edits));
    const expected: ConfigProblem = { path, rule: expect.stringContaining(rule) as unknown as string };
    if (value.length) expected.value = value[0];
    expect(problems).toContainEqual(value.length ? expected : expect.objectContaining(expected));
  });

  it.each([
    ['a list', [], '', 'must be a mapping of keys, not a list'],
    ['null', null, '', 'must be a mapping of keys, not null'],
    ['a string', 'version: 1', '', 'must be a mapping of keys, not string'],
  ])('rejects a document that is %s', (_label, doc, path, rule) => {
    expect(problemsOf(doc)).toEqual([{ path, rule, value: doc }]);
  });
});

describe('parseConfig: all problems at once', () => {
  it('lists every problem of a file with many, each with path, rule and value', () => {
    const bad = edited([
      ['version', 2],
      ['dryrun', true],
      ['evaluation.periodSec', 45],
      ['groups[0].bandwidth.maxMbps', 300],
      ['groups[0].bandwidth.tolerance', 1],
      ['groups[0].schedules', [{ name: 'x', cron: '0 0 24 * * *', durationMin: 0, set: {} }]],
      ['groups[1].name', 'web'],
      ['groups[1].match.instanceIds', ['i-1', 'bad id']],
      ['groups[1].instanceType.scaleDownCpuPercent', 95],
      ['groups[1].downgradeBudget', { reserve: 5 }],
    ]);
    const problems = problemsOf(bad);
    expect(problems.map((p) => p.path)).toEqual([
      'dryrun',
      'version',
      'evaluation.periodSec',
      'groups[0].bandwidth.tolerance',
      'groups[0].schedules[0].cron',
      'groups[0].schedules[0].durationMin',
      'groups[1].match.instanceIds[1]',
      'groups[1].instanceType.scaleDownCpuPercent',
      'groups[1].downgradeBudget.reserve',
      // Rules on the raw input (the group's link ceiling, names across groups) come after the schema's.
      'groups[0].bandwidth.maxMbps',
      'groups[1].name',
    ]);
    expect(problems.every((p) => p.rule.length > 5)).toBe(true);
  });

  it('names the source and counts the problems in the message', () => {
    expect(() =>
      parseConfig(
        edited([
          ['version', 3],
          ['regionId', 'x'],
        ]),
        'conf/prod.yaml',
      ),
    ).toThrow(/^conf\/prod\.yaml: 2 problems\n {2}- version: must be 1 \(got 3\)\n {2}- regionId: must be a region id/);
  });
});
