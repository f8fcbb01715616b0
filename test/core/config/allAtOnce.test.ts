/**
 * `validate` reports cross-field problems together with field problems, truly all at once: a rule comparing two
 * keys runs whenever those two keys are valid, whatever else is wrong in the same block or the file. A rule never
 * runs on a key that is itself invalid (no spurious problem), and never reports twice.
 */
import { describe, expect, it } from 'vitest';
import { edited } from './fixtures.js';
import { problemsOf } from './problems.js';

const paths = (edits: [string, unknown][]) => problemsOf(edited(edits)).map((p) => `${p.path}: ${p.rule}`);

describe('parseConfig: cross-field problems are reported with the field problems, at once', () => {
  it.each<[string, [string, unknown][], string[]]>([
    [
      'minMbps > maxMbps with a typo in the same bandwidth block',
      [
        ['groups[0].bandwidth.minMbps', 200],
        ['groups[0].bandwidth.maxMbps', 50],
        ['groups[0].bandwidth.tolerence', 0.1],
      ],
      [
        "groups[0].bandwidth.tolerence: is not a known key (did you mean 'tolerance'?)",
        'groups[0].bandwidth.minMbps: must be ≤ maxMbps (50)',
      ],
    ],
    [
      'saturation below target with an out-of-range cooldown beside it',
      [
        ['groups[0].bandwidth.saturationThreshold', 0.5],
        ['groups[0].bandwidth.targetUtilization', 0.7],
        ['groups[0].bandwidth.cooldownUpSec', -1],
      ],
      [
        'groups[0].bandwidth.cooldownUpSec: must be ≥ 0',
        'groups[0].bandwidth.saturationThreshold: must be > targetUtilization (0.7)',
      ],
    ],
    [
      'CPU thresholds inverted while a ladder entry is misspelt',
      [
        ['groups[1].instanceType.scaleDownCpuPercent', 90],
        ['groups[1].instanceType.scaleUpCpuPercent', 80],
        ['groups[1].instanceType.alowDowntime', true],
      ],
      [
        "groups[1].instanceType.alowDowntime: is not a known key (did you mean 'allowDowntime'?)",
        'groups[1].instanceType.scaleDownCpuPercent: must be < scaleUpCpuPercent (80)',
      ],
    ],
    [
      'a step rule band inverted while its adjustment type is unknown',
      [
        [
          'groups[0].bandwidth.stepRules',
          [{ lowerBound: 90, upperBound: 80, adjustment: { type: 'double', value: 2 } }],
        ],
      ],
      [
        "groups[0].bandwidth.stepRules[0].adjustment.type: must be one of 'absolute', 'relative', 'percent'",
        'groups[0].bandwidth.stepRules[0].lowerBound: must be < upperBound (80)',
      ],
    ],
    [
      'a reserve over maxDowngrades with a typo in the budget',
      [['groups[0].downgradeBudget', { maxDowngrades: 2, reserve: 2, windowSecs: 60 }]],
      [
        "groups[0].downgradeBudget.windowSecs: is not a known key (did you mean 'windowSec'?)",
        'groups[0].downgradeBudget.reserve: must be < maxDowngrades (2), or 0 when maxDowngrades is 0',
      ],
    ],
    [
      'a group matching nothing, with a broken bandwidth block (not "manages nothing": it has one)',
      [
        ['groups[0].match', {}],
        ['groups[0].bandwidth.maxMbps', 'fifty'],
      ],
      [
        'groups[0].bandwidth.maxMbps: must be a number, not string',
        'groups[0].match: must list instanceIds or tags (it matches no instance)',
      ],
    ],
    [
      'lookback shorter than the period, with an unknown evaluation key',
      [['evaluation', { lookbackSec: 60, periodSec: 300, lookbakSec: 1 }]],
      [
        "evaluation.lookbakSec: is not a known key (did you mean 'lookbackSec'?)",
        'evaluation.lookbackSec: must be ≥ periodSec (300)',
      ],
    ],
    [
      'a stabilisation window longer than the history, with a typo at the top level',
      [
        ['dryrun', true],
        ['groups[0].bandwidth.scaleDownStabilizationSec', 86_400],
      ],
      [
        "dryrun: is not a known key (did you mean 'dryRun'?)",
        'groups[0].bandwidth.scaleDownStabilizationSec: must be ≤ evaluation.lookbackSec − 2 × evaluation.periodSec (7200 − 2 × 60 = 7080): older points are outside the metric history decide receives; raise lookbackSec',
      ],
    ],
    [
      "a schedule outside the group's bounds while another schedule of the list is broken",
      [
        [
          'groups[0].schedules',
          [
            { name: 'evening', cron: '0 0 18 * * *', durationMin: 60, set: { bandwidthMbps: 150 } },
            { name: 'night', cron: '0 0 22 * * *', durationMin: -5, set: { bandwidthMbps: 10 } },
            { name: 'evening', cron: '0 0 20 * * *', durationMin: 60, set: { bandwidthMbps: 20 } },
          ],
        ],
      ],
      [
        'groups[0].schedules[1].durationMin: must be ≥ 1',
        "groups[0].schedules[0].set.bandwidthMbps: must be within the window's bounds 5–50 Mbps",
        'groups[0].schedules[2].name: duplicates schedules[0].name',
      ],
    ],
    [
      'an absolute step target outside the bounds while another step rule is broken',
      [
        [
          'groups[0].bandwidth.stepRules',
          [
            { lowerBound: 80, adjustment: { type: 'absolute', value: 90 } },
            { lowerBound: 95, adjustment: { type: 'double', value: 2 } },
          ],
        ],
      ],
      [
        "groups[0].bandwidth.stepRules[1].adjustment.type: must be one of 'absolute', 'relative', 'percent'",
        'groups[0].bandwidth.stepRules[0].adjustment.value: an absolute target must be within minMbps–maxMbps (5–50)',
      ],
    ],
  ])('%s', (_label, edits, expected) => {
    expect(paths(edits).sort()).toEqual([...expected].sort());
  });

  it('never compares a key that is itself invalid (no spurious cross-field problem)', () => {
    expect(
      paths([
        ['groups[0].bandwidth.minMbps', 200],
        ['groups[0].bandwidth.maxMbps', 'fifty'],
      ]),
    ).toEqual(['groups[0].bandwidth.maxMbps: must be a number, not string']);
    // A list that is not a list has no valid part: only its own problem.
    expect(paths([['groups[0].schedules', 'evenings']])).toEqual(['groups[0].schedules: must be a list, not string']);
  });

  it('reports a cross-field problem once when it is the only one', () => {
    expect(
      paths([
        ['groups[0].bandwidth.minMbps', 60],
        ['groups[0].bandwidth.maxMbps', 50],
      ]),
    ).toEqual(['groups[0].bandwidth.minMbps: must be ≤ maxMbps (50)']);
  });
});
