// `autoscaler simulate` on messy traces: repaired by default (one stderr line, `repairs` in --json), refused
// with --strict (the ConfigError naming the file, the line and the rule). Small generated traces keep it fast.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/simulate.js';

const dir = mkdtempSync(join(tmpdir(), 'simulate-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  vi.restoreAllMocks();
});

/** Request counts with local (EDT-labelled) timestamps, 5-minute rows; `hours` lists [hour, requests]. */
function localHours(name: string, hours: readonly (readonly [number, number])[]): string {
  const rows = hours.flatMap(([h, requests]) =>
    Array.from({ length: 12 }, (_, m) => `2019-11-03 0${h}:${String(m * 5).padStart(2, '0')}:00,${requests}`),
  );
  const path = join(dir, name);
  writeFileSync(path, `timestamp_local_edt,requests_in_interval\n${rows.join('\n')}\n`);
  return path;
}

/** Daylight saving ends at 02:00 local: 01:00–01:55 comes twice. */
const fallBack = localHours('dst.csv', [
  [0, 12_000],
  [1, 6000],
  [1, 18_000],
  [2, 24_000],
]);
const clean = localHours('clean.csv', [
  [0, 12_000],
  [1, 6000],
]);

async function simulate(args: string[]): Promise<{ code: number; out: string; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => err.push(String(chunk)) > 0);
  const code = await run(args);
  vi.restoreAllMocks();
  return { code, out: out.join(''), err };
}

describe('autoscaler simulate on messy traces', () => {
  it('repairs a DST fall-back: one stderr line, and --json carries the repairs', async () => {
    const { code, out, err } = await simulate(['--trace', fallBack, '--json']);
    expect(code).toBe(0);
    expect(err.filter((l) => l.startsWith('trace '))).toEqual([
      'trace dst.csv: merged 24 rows sharing 12 timestamps (mean of each)\n',
    ]);
    const json = JSON.parse(out) as { intervals: number; repairs: Record<string, unknown> };
    expect(json.intervals).toBe(36);
    expect(json.repairs).toMatchObject({
      rowsOutOfOrder: 0,
      duplicateTimestamps: 12,
      rowsMerged: 24,
      gapsCompressed: 0,
    });
    expect(json.repairs.examples).toContain('lines 14, 26: 2 rows at 2019-11-03 01:00:00; merged into their mean');
  });

  it('--strict refuses it, naming the file, the line and the rule', async () => {
    const { code, out, err } = await simulate(['--trace', fallBack, '--json', '--strict']);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err.join('')).toMatch(
      /^autoscaler simulate: .*dst\.csv: 1 problem\n {2}- line 26: timestamps must increase \(previous row: line 25\)/,
    );
  });

  it('a clean trace prints no repair line and reports zero repairs', async () => {
    const { code, out, err } = await simulate(['--trace', clean, '--json']);
    expect(code).toBe(0);
    expect(err.filter((l) => l.startsWith('trace '))).toEqual([]);
    expect((JSON.parse(out) as { repairs: unknown }).repairs).toEqual({
      rowsOutOfOrder: 0,
      duplicateTimestamps: 0,
      rowsMerged: 0,
      gapsCompressed: 0,
      examples: [],
    });
  });
});

describe('autoscaler simulate: the strategy line', () => {
  it('names each strategy the nightly sweep chose, with when (default hands-off setup)', async () => {
    // Two days of a plain timestamp,value trace in Mbps: the sweep at 19:30 UTC on day 2 has a day of history
    // (on day 1 it has less, and chooses nothing).
    const start = Date.UTC(2024, 0, 1, 0, 0);
    const rows = Array.from({ length: 2 * 288 }, (_, i) => `${(start + i * 300_000) / 1000},${18 + (i % 6)}`);
    const path = join(dir, 'two-days.csv');
    writeFileSync(path, `${rows.join('\n')}\n`);
    const { code, out } = await simulate(['--trace', path]);
    expect(code).toBe(0);
    // A flat 18–23 Mbps sawtooth: held at one level it costs far less than traffic (more than the 10 % a move away
    // from the cold start's pay-by-traffic must save) and drops nothing.
    expect(out).toContain('strategy static at 2024-01-02T19:30:00Z');
  });
});
