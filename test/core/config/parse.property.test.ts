import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/core/config/parse.js';
import { ConfigError } from '../../../src/core/errors.js';
import { baseConfig, withValue } from './fixtures.js';

/** parseConfig either returns a config or throws a ConfigError with at least one well-formed problem. */
function outcome(value: unknown): 'ok' | 'config-error' {
  try {
    parseConfig(value, 'random');
    return 'ok';
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems;
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) {
      expect(typeof p.path).toBe('string');
      expect(p.rule.length).toBeGreaterThan(0);
    }
    return 'config-error';
  }
}

// Paths into the base config where random values are planted.
const PATHS = [
  'version',
  'regionId',
  'groups',
  'groups[0]',
  'groups[0].match',
  'groups[0].match.tags',
  'groups[0].bandwidth',
  'groups[0].bandwidth.minMbps',
  'groups[0].bandwidth.stepRules',
  'groups[0].schedules',
  'groups[0].schedules[0]',
  'groups[0].schedules[0].set',
  'groups[1].instanceType.ladder',
  'groups[1].maintenanceWindows[0].cron',
  'groups[1].downgradeBudget',
  'evaluation',
  'evaluation.periodSec',
];

describe('parseConfig properties', () => {
  it('throws nothing but ConfigError on random JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        outcome(value);
      }),
      { numRuns: 500 },
    );
  });

  it('throws nothing but ConfigError when random values replace parts of a valid file', () => {
    const anything = fc.oneof(fc.jsonValue(), fc.string(), fc.double(), fc.constant(undefined));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...PATHS), anything), { minLength: 1, maxLength: 4 }), (edits) => {
        const value = edits.reduce((acc, [path, next]) => withValue(acc, path, next), baseConfig());
        outcome(value);
      }),
      { numRuns: 500 },
    );
  });

  it('a valid file stays valid after a round trip through JSON, and parsing is idempotent', () => {
    const once = parseConfig(baseConfig(), 'a');
    const twice = parseConfig(JSON.parse(JSON.stringify(once)), 'b');
    expect(twice).toEqual(once);
  });
});
