import { describe, expect, it } from 'vitest';
import { type BenchReport, checksPassed, renderTable } from '../../src/bench/index.js';
import { machineInfo } from '../../src/bench/machine.js';
import { summarise } from '../../src/bench/stats.js';

const s = summarise([1, 2, 3]);

function report(over: Partial<BenchReport> = {}): BenchReport {
  return {
    startedAt: '2026-01-01T00:00:00.000Z',
    machine: machineInfo(),
    loadAverageEnd: [1, 2, 3],
    totalSec: 12.5,
    a: {
      signals: 3,
      handleSignalMs: s,
      byStatusMs: { applied: s },
      decideUs: s,
      decideCalls: 3,
      actionsNeeded: 2,
      mutatingCalls: 2,
      logBytesPerSignal: 300,
    },
    b: {
      instances: 2,
      copies: 3,
      concurrency: 4,
      deliveries: 6,
      actionsNeeded: 2,
      stormMutatingCalls: 1,
      missedByStorm: 1,
      mutatingCalls: 2,
      changes: 2,
      instancesChangedTwice: 0,
      unchanged: 0,
      notScaledUp: 0,
      healedByTick: 1,
      tickWallSec: 0.5,
      tickEvaluations: 2,
      answers: { applied: 1, duplicate: 4, error: 1 },
      errors: { 503: 1 },
      failures: ['store unavailable'],
      decisionLines: 6,
      wallSec: 1,
      virtualSec: 0.5,
      callbacksPerSec: 6,
      latencyMs: s,
      ok: true,
    },
    c: {
      runs: 3,
      source: 'x',
      baselineMs: s,
      handlers: [
        { name: 'alarm', bundleBytes: 2 * 1024 * 1024, importMs: s, ratio: 1, extraMs: 0 },
        { name: 'tick', bundleBytes: 10, importMs: summarise([]), ratio: 0, extraMs: 0, error: 'boom | at load' },
      ],
    },
    d: {
      days: 30,
      instances: 10,
      traces: ['35.csv'],
      virtualMinutes: 43200,
      setupSec: 1,
      wallSec: 300,
      speedup: 8640,
      alarms: 100,
      mutatingCalls: 50,
      changes: 50,
      unmetFraction: 0.0123,
    },
    ...over,
  };
}

describe('renderTable', () => {
  it('prints the machine and one Markdown row per measure of every benchmark run', () => {
    const text = renderTable(report());
    const m = machineInfo();
    expect(text).toContain(`${m.cores} cores`);
    expect(text).toContain(`node ${process.version}`);
    expect(text).toContain('1.00 2.00 3.00 at end');
    for (const label of ['(a) decision overhead', '(b) alarm storm', '(c) cold start', '(d) simulation speed']) {
      expect(text).toContain(`| ${label} |`);
    }
    expect(text).toContain('2 / 2 ✓');
    expect(text).toContain('1 / 2 (1 instances missed)');
    expect(text).toContain('healed 1');
    expect(text).toContain('non-2xx by HTTP status: 503 1');
    expect(text).toContain('| failure reasons logged | store unavailable |');
    expect(text).toContain('(2 MiB)');
    expect(text).toContain('FAILED to load: boom \\| at load');
    expect(text).toContain('8,640× real time');
    expect(text).toContain('unmet 1.23 %');
    const rows = text.split('\n').filter((l) => l.startsWith('| '));
    expect(rows.every((r) => r.split(/(?<!\\)\|/).length === 5)).toBe(true);
  });

  it.each([
    ['all checks hold', {}, true],
    ['(a) applied more than needed', { a: { ...report().a, mutatingCalls: 3 } }, false],
    ['(b) storm check failed', { b: { ...report().b, ok: false } }, false],
    ['only (c) and (d) ran', { a: undefined, b: undefined }, true],
  ] as [string, Partial<BenchReport>, boolean][])('checksPassed: %s', (_name, over, ok) => {
    const r = report(over);
    expect(checksPassed(r)).toBe(ok);
    if (!ok) expect(renderTable(r)).toMatch(/✗/);
  });
});
