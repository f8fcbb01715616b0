// Trace files the simulator reads, at the edges of its error and repair reports: a first timestamp that is no
// known format makes every row name what a timestamp must be; a broken file lists at most 10 problems, not one per
// row; many rows sharing one timestamp are named by their first three lines and a count.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.js';
import { parseTrace } from '../../../src/local/sim/traces.js';

function problemsOf(text: string): { path: string; rule: string }[] {
  try {
    parseTrace(text, 'bad.csv', { series: 'bandwidth' });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems.map(({ path, rule }) => ({ path, rule }));
  }
  throw new Error('expected the trace to be refused');
}

describe('trace problems', () => {
  it('a first timestamp of no known format: each row says what a timestamp must be', () => {
    expect(problemsOf('timestamp,value\nyesterday,1\ntoday,2\n')).toEqual([
      { path: 'line 2', rule: 'timestamp must be an ISO date-time or epoch seconds/milliseconds like the first row' },
      { path: 'line 3', rule: 'timestamp must be an ISO date-time or epoch seconds/milliseconds like the first row' },
    ]);
  });

  it('lists at most 10 problems of a broken file', () => {
    const rows = Array.from({ length: 25 }, (_, i) => `${1_700_000_000 + i * 60},x`);
    const problems = problemsOf(`timestamp,value\n${rows.join('\n')}\n`);
    expect(problems).toHaveLength(10);
    expect(problems[9]?.path).toBe('line 11 "value"');
  });
});

describe('trace repairs', () => {
  it('names rows sharing a timestamp by their first three lines and how many more', () => {
    const same = Array.from({ length: 5 }, (_, i) => `1700000060,${i}`);
    const trace = parseTrace(`timestamp,value\n1700000000,1\n${same.join('\n')}\n1700000120,3\n`, 'dup.csv', {
      series: 'bandwidth',
    });
    expect(trace.repairs).toMatchObject({ duplicateTimestamps: 1, rowsMerged: 5 });
    expect(trace.repairs.examples).toEqual(['lines 3, 4, 5 and 2 more: 5 rows at 1700000060; merged into their mean']);
    expect(trace.points.map((p) => p.value)).toEqual([1, 2, 3]);
  });
});
