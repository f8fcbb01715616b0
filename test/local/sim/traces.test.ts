// Loading traces: every format on the shared files and on synthetic files, each demand mapping checked by
// hand on one row, gap compression, messy order repaired (or refused with strict), --days, --scale-peak-mbps
// and the errors that name file, line and rule.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.js';
import { percentile } from '../../../src/core/percentile.js';
import {
  demandOf,
  loadTrace,
  parseTrace,
  repairSummary,
  rescaleToP99,
  traceDays,
  truncateDays,
} from '../../../src/local/sim/traces.js';

const traces = resolve(import.meta.dirname, '../../..', 'vendor/traces');
const dir = mkdtempSync(join(tmpdir(), 'sim-traces-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const BB_HEADER =
  'Timestamp [ms];\tCPU cores;\tCPU capacity provisioned [MHZ];\tCPU usage [MHZ];\tCPU usage [%];\tMemory capacity provisioned [KB];\tMemory usage [KB];\tDisk read throughput [KB/s];\tDisk write throughput [KB/s];\tNetwork received throughput [KB/s];\tNetwork transmitted throughput [KB/s]';
const bbRow = (t: number, cores: number, provMHz: number, usageMHz: number, txKBps: number) =>
  `${t};\t${cores};\t${provMHz};\t${usageMHz};\t0;\t0;\t0;\t0;\t0;\t0;\t${txKBps}`;

describe('shared traces', () => {
  it.each([
    ['bitbrains/35.csv', 'bandwidth', 'bitbrains', 8253, 42.5],
    ['bitbrains/384.csv', 'cpu', 'bitbrains', 8254, 3.74],
    ['nab/ec2_network_in_257a54.csv', 'bandwidth', 'nab-network', 4032, 6.54],
    ['nab/cpu_utilization_asg_misconfiguration.csv', 'cpu', 'nab-cpu', 18050, 4],
    ['nab/rds_cpu_utilization_cc0c53.csv', 'cpu', 'nab-cpu', 4032, 1.0],
  ] as const)('%s (%s) is %s with %d intervals of 300 s, max ≈ %d', (name, series, format, rows, max) => {
    const trace = loadTrace(join(traces, name), { series });
    expect(trace).toMatchObject({ format, series, stepSec: 300, unit: series === 'bandwidth' ? 'Mbps' : 'vCPU' });
    expect(trace.points).toHaveLength(rows);
    expect(Math.max(...demandOf(trace))).toBeCloseTo(max, 1);
  });

  it('maps the first Bitbrains row by hand: 28.8667 KB/s × 8 / 1000 Mbps; 208 MHz / (10400 MHz / 4 cores) vCPU', () => {
    const bw = loadTrace(join(traces, 'bitbrains/35.csv'), { series: 'bandwidth' });
    const cpu = loadTrace(join(traces, 'bitbrains/35.csv'), { series: 'cpu' });
    expect(bw.points[0]).toEqual({ tMs: 1_372_629_804_000, value: (28.866666666666667 * 8) / 1000 });
    expect(cpu.points[0]?.value).toBeCloseTo(207.99994368 / (10399.997184 / 4), 12);
  });

  it('maps the first NAB rows by hand: bytes × 8 / 300 / 1e6 Mbps and percent / 100 × 4 vCPU', () => {
    const net = loadTrace(join(traces, 'nab/ec2_network_in_257a54.csv'), { series: 'bandwidth' });
    const cpu = loadTrace(join(traces, 'nab/cpu_utilization_asg_misconfiguration.csv'), { series: 'cpu' });
    expect(net.points[0]).toEqual({ tMs: Date.UTC(2014, 3, 10, 0, 4), value: (251643 * 8) / 300 / 1e6 });
    expect(cpu.points[0]).toEqual({ tMs: Date.UTC(2014, 4, 14, 1, 14), value: (85.835 / 100) * 4 });
  });

  it('compresses the Bitbrains gaps: one interval per row, re-spaced at the median step', () => {
    const trace = loadTrace(join(traces, 'bitbrains/35.csv'), { series: 'bandwidth' });
    expect(trace.gapsCompressed).toBe(4);
    const steps = new Set(trace.points.slice(1).map((p, i) => p.tMs - (trace.points[i]?.tMs as number)));
    expect([...steps]).toEqual([300_000]);
  });

  it.each([
    [
      'nab/cpu_utilization_asg_misconfiguration.csv',
      'bandwidth',
      /NAB CPU-utilisation series \(cpu\), not the bandwidth series/,
    ],
    ['nab/ec2_network_in_257a54.csv', 'cpu', /bytes per period \(bandwidth\), not the cpu series/],
  ] as const)('%s has no %s series: a clear error naming the file', (name, series, message) => {
    const load = () => loadTrace(join(traces, name), { series });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(message);
    expect(load).toThrow(name);
  });
});

describe('synthetic files', () => {
  it('Bitbrains: Timestamp [ms] is epoch seconds; both series mapped', () => {
    const path = file(
      'vm.csv',
      [BB_HEADER, bbRow(1000, 4, 8000, 3000, 125), bbRow(1300, 4, 8000, 1000, 250)].join('\n'),
    );
    const bw = loadTrace(path, { series: 'bandwidth' });
    const cpu = loadTrace(path, { series: 'cpu' });
    expect(bw.points).toEqual([
      { tMs: 1_000_000, value: 1 },
      { tMs: 1_300_000, value: 2 },
    ]);
    expect(cpu.points.map((p) => p.value)).toEqual([1.5, 0.5]);
  });

  it('request counts: requests × 30 KB × 8 / 300 / 1000 Mbps, timestamps in EDT', () => {
    const path = file(
      'requests.csv',
      'timestamp_local_edt,requests_in_interval\n2019-07-01 00:00:00,1250\n2019-07-01 00:05:00,2500\n',
    );
    const trace = loadTrace(path, { series: 'bandwidth' });
    expect(trace.format).toBe('requests');
    expect(trace.points).toEqual([
      { tMs: Date.UTC(2019, 6, 1, 4, 0), value: 1 },
      { tMs: Date.UTC(2019, 6, 1, 4, 5), value: 2 },
    ]);
    expect(() => loadTrace(path, { series: 'cpu' })).toThrow(/request-count series \(bandwidth\)/);
  });

  it.each([
    ['epoch seconds', 'timestamp,value\n1700000000,3\n1700000060,4.5\n', 1_700_000_000_000, 60],
    ['epoch milliseconds', 'time,mbps\n1700000000000,3\n1700000060000,4.5\n', 1_700_000_000_000, 60],
    ['ISO with zone', 'timestamp,value\n2023-11-14T22:13:20Z,3\n2023-11-14T22:14:20Z,4.5\n', 1_700_000_000_000, 60],
    ['no header', '2023-11-14T22:13:20Z,3\n2023-11-14T22:14:20Z,4.5\n', 1_700_000_000_000, 60],
    ['CRLF and blank lines', 'timestamp,value\r\n\r\n1700000000,3\r\n1700000060,4.5\r\n', 1_700_000_000_000, 60],
  ])('plain CSV, %s: values are used as they are', (_case, text, startMs, stepSec) => {
    const trace = parseTrace(text, 'plain.csv', { series: 'bandwidth' });
    expect(trace).toMatchObject({ format: 'plain', stepSec });
    expect(trace.points).toEqual([
      { tMs: startMs, value: 3 },
      { tMs: startMs + stepSec * 1000, value: 4.5 },
    ]);
    expect(parseTrace(text, 'plain.csv', { series: 'cpu' }).points[1]?.value).toBe(4.5);
  });

  it('a NAB-shaped file without cpu/network in its name is a plain series', () => {
    const trace = parseTrace('timestamp,value\n2014-05-14 01:14:00,7\n2014-05-14 01:19:00,8\n', 'load.csv', {
      series: 'cpu',
    });
    expect(trace.format).toBe('plain');
    expect(trace.points[0]?.value).toBe(7);
  });

  it('gaps: each sample is one interval at the median step', () => {
    const rows = [0, 60, 120, 1000, 1060, 5000].map((t, i) => `${1_700_000_000 + t},${i}`);
    const trace = parseTrace(`timestamp,value\n${rows.join('\n')}`, 'gaps.csv', { series: 'bandwidth' });
    expect(trace.stepSec).toBe(60);
    expect(trace.gapsCompressed).toBe(2);
    expect(trace.points.map((p) => (p.tMs - 1_700_000_000_000) / 1000)).toEqual([0, 60, 120, 180, 240, 300]);
    expect(demandOf(trace)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('errors name the file, the line and the rule', () => {
  it.each([
    ['empty', '', /empty\.csv: 1 problem[\s\S]*must not be empty/],
    ['header', 'when;what\n1;2\n', /header\.csv[\s\S]*line 1: unrecognised header "when;what"/],
    [
      'bad-value',
      'timestamp,value\n1700000000,3\n1700000060,abc\n',
      /bad-value\.csv[\s\S]*line 3 "value": must be a finite number ≥ 0 \(got "abc"\)/,
    ],
    ['negative', 'timestamp,value\n1700000000,-1\n1700000060,2\n', /line 2 "value": must be a finite number ≥ 0/],
    [
      'fields',
      'timestamp,value\n1700000000,3,4\n1700000060,2\n',
      /line 2: must have 2 fields like the header \(got 3\)/,
    ],
    [
      'mixed',
      'timestamp,value\n1700000000,3\n2023-11-14T22:14:20Z,2\n',
      /line 3: timestamp must be epoch-s like the first row/,
    ],
    ['short', 'timestamp,value\n1700000000,3\n', /needs at least 2 data rows/],
  ])('%s', (name, text, message) => {
    const parse = () => parseTrace(text, `${name}.csv`, { series: 'bandwidth' });
    expect(parse).toThrow(ConfigError);
    expect(parse).toThrow(message);
  });

  it('Bitbrains cpu with 0 provisioned MHz names the line and the rule', () => {
    const text = [BB_HEADER, bbRow(1000, 4, 8000, 3000, 1), bbRow(1300, 4, 0, 1000, 1)].join('\n');
    expect(() => parseTrace(text, 'vm0.csv', { series: 'cpu' })).toThrow(
      /vm0\.csv[\s\S]*line 3: CPU capacity provisioned and CPU cores must be > 0/,
    );
  });

  it('a Bitbrains header without the transmitted column', () => {
    const text = 'Timestamp [ms];\tCPU cores\n1;\t2\n';
    expect(() => parseTrace(text, 'old.csv', { series: 'bandwidth' })).toThrow(
      /lacks the column "Network transmitted throughput \[KB\/s\]"/,
    );
  });

  it('an unreadable file names the path', () => {
    expect(() => loadTrace(join(dir, 'missing.csv'), { series: 'cpu' })).toThrow(
      /cannot read trace file .*missing\.csv/,
    );
  });
});

/** A plain epoch-seconds CSV from `seconds:value` pairs (seconds after 1_700_000_000), e.g. `0:2 60:4`. */
const plain = (rows: string) =>
  `timestamp,value\n${rows
    .split(' ')
    .map((r) => r.split(':'))
    .map(([t, v]) => `${1_700_000_000 + Number(t)},${v}`)
    .join('\n')}\n`;

/** Request counts with local (EDT-labelled) timestamps, 5-minute rows, every hour given as `hour:requests`. */
function localHours(hours: string): string {
  const rows = hours.split(' ').flatMap((hour) => {
    const [h, requests] = hour.split(':');
    return Array.from({ length: 12 }, (_, m) => `2019-11-03 0${h}:${String(m * 5).padStart(2, '0')}:00,${requests}`);
  });
  return `timestamp_local_edt,requests_in_interval\n${rows.join('\n')}\n`;
}
/** Daylight saving ends: local 01:00–01:55 comes twice (the second time with 1200 more requests per row). */
const DST_FALL_BACK = localHours('0:1200 1:600 1:1800 2:2400');
/** Mbps of N requests per 5-minute interval: N × 30 KB × 8 / 300 s / 1000. */
const mbps = (requests: number) => (requests * 30 * 8) / 300 / 1000;
const NO_REPAIRS = { rowsOutOfOrder: 0, duplicateTimestamps: 0, rowsMerged: 0, gapsCompressed: 0, examples: [] };

describe('messy traces: repaired by default', () => {
  it('a clean file reports zero repairs and no summary line', () => {
    const trace = parseTrace(plain('0:1 60:2 120:3'), 'clean.csv', { series: 'bandwidth' });
    expect(trace.repairs).toEqual(NO_REPAIRS);
    expect(repairSummary(trace)).toBeUndefined();
  });

  it('a shared Bitbrains file is in order: only its gaps are reported', () => {
    const trace = loadTrace(join(traces, 'bitbrains/35.csv'), { series: 'bandwidth' });
    expect(trace.repairs).toEqual({ ...NO_REPAIRS, gapsCompressed: 4 });
    expect(repairSummary(trace)).toBe('trace 35.csv: 4 gaps compressed');
  });

  const late = (line: number, stamp: number, before: number) =>
    `line ${line}: ${1_700_000_000 + stamp} is earlier than line 3 (${1_700_000_000 + before}); sorted into place`;
  it.each([
    ['one row swapped', '0:0 120:2 60:1 180:3', [late(4, 60, 120)]],
    ['a late row ahead of two', '0:0 180:3 60:1 120:2', [late(4, 60, 180), late(5, 120, 180)]],
  ])('out of order, %s: rows sorted by timestamp, counted with examples', (_case, rows, examples) => {
    const trace = parseTrace(plain(rows), 'shuffled.csv', { series: 'bandwidth' });
    expect(trace.stepSec).toBe(60);
    expect(demandOf(trace)).toEqual([0, 1, 2, 3]);
    expect(trace.repairs).toEqual({ ...NO_REPAIRS, rowsOutOfOrder: examples.length, examples });
  });

  it('rows sharing a timestamp become one interval, the mean of their values', () => {
    const trace = parseTrace(plain('0:2 60:4 60:8 60:3 120:5'), 'dup.csv', { series: 'cpu' });
    expect(trace.points).toEqual([
      { tMs: 1_700_000_000_000, value: 2 },
      { tMs: 1_700_000_060_000, value: 5 },
      { tMs: 1_700_000_120_000, value: 5 },
    ]);
    expect(trace.repairs).toEqual({
      ...NO_REPAIRS,
      duplicateTimestamps: 1,
      rowsMerged: 3,
      examples: ['lines 3, 4, 5: 3 rows at 1700000060; merged into their mean'],
    });
  });

  it('the merge averages the demand, not the columns: Bitbrains vCPU of two capacities', () => {
    // 3000 MHz on 4 × 2000 MHz cores = 1.5 vCPU; 1000 MHz on 4 × 1000 MHz cores = 1 vCPU (the columns' means
    // would give 2000 / (6000 / 4) = 1.33).
    const rows = [bbRow(1000, 4, 8000, 3000, 0), bbRow(1000, 4, 4000, 1000, 0), bbRow(1300, 4, 8000, 800, 0)];
    expect(demandOf(parseTrace([BB_HEADER, ...rows].join('\n'), 'vm.csv', { series: 'cpu' }))).toEqual([1.25, 0.4]);
  });

  it('a DST fall-back (an hour of local timestamps repeated) loads one hour shorter, the hour averaged, no gap', () => {
    const trace = parseTrace(DST_FALL_BACK, 'dst.csv', { series: 'bandwidth' });
    expect(trace.points).toHaveLength(36);
    expect(trace.points.slice(1).every((p, i) => p.tMs - (trace.points[i]?.tMs as number) === 300_000)).toBe(true);
    expect(demandOf(trace)).toEqual(
      [1200, (600 + 1800) / 2, 2400].flatMap((requests) => Array<number>(12).fill(mbps(requests))),
    );
    const { examples, ...counts } = trace.repairs;
    expect(counts).toEqual({ rowsOutOfOrder: 0, duplicateTimestamps: 12, rowsMerged: 24, gapsCompressed: 0 });
    expect(examples).toHaveLength(5);
    expect(examples[0]).toBe('lines 14, 26: 2 rows at 2019-11-03 01:00:00; merged into their mean');
    expect(repairSummary(trace)).toBe('trace dst.csv: merged 24 rows sharing 12 timestamps (mean of each)');
  });

  it('a DST spring-forward (an hour of local timestamps missing) is one compressed gap', () => {
    const trace = parseTrace(localHours('0:1200 2:2400'), 'spring.csv', { series: 'bandwidth' });
    expect(trace.points).toHaveLength(24);
    expect(trace.repairs).toEqual({ ...NO_REPAIRS, gapsCompressed: 1 });
  });

  it('the summary line names every repair, singular or plural', () => {
    const trace = parseTrace(plain('0:1 120:3 60:2 60:4 180:5 1000:6 1060:7'), 'messy.csv', { series: 'bandwidth' });
    expect(demandOf(trace)).toEqual([1, 3, 3, 5, 6, 7]);
    expect(repairSummary(trace)).toBe(
      'trace messy.csv: repaired 1 row out of order and merged 2 rows sharing 1 timestamp (mean of each); 1 gap compressed',
    );
  });

  it('a file whose rows all share one timestamp has no step', () => {
    expect(() => parseTrace(plain('0:1 0:2'), 'same.csv', { series: 'bandwidth' })).toThrow(
      /same\.csv[\s\S]*needs at least 2 distinct timestamps to know its step \(got 1\)/,
    );
  });
});

describe('messy traces: strict refuses', () => {
  it.each([
    ['out of order', plain('60:3 0:2'), /line 3: timestamps must increase \(previous row: line 2\)/],
    ['duplicate', plain('0:1 60:2 60:3'), /line 4: timestamps must increase \(previous row: line 3\)/],
    ['DST fall-back', DST_FALL_BACK, /line 26: timestamps must increase \(previous row: line 25\)/],
  ])('%s: a ConfigError naming the file, the line and the rule', (name, text, message) => {
    const parse = () => parseTrace(text, `${name}.csv`, { series: 'bandwidth', strict: true });
    expect(parse).toThrow(ConfigError);
    expect(parse).toThrow(name);
    expect(parse).toThrow(message);
  });

  it('a clean file loads the same with strict', () => {
    const text = plain('0:1 60:2 1000:3');
    const strict = parseTrace(text, 'clean.csv', { series: 'bandwidth', strict: true });
    expect(strict).toEqual(parseTrace(text, 'clean.csv', { series: 'bandwidth' }));
    expect(strict.repairs).toEqual({ ...NO_REPAIRS, gapsCompressed: 1 });
  });
});

describe('--days and --scale-peak-mbps', () => {
  const text = `timestamp,value\n${Array.from({ length: 600 }, (_, i) => `${1_700_000_000 + i * 300},${i % 100}`).join('\n')}`;
  const trace = parseTrace(text, 'long.csv', { series: 'bandwidth' });

  it.each([
    [1, 288],
    [0.5, 144],
    [10, 600],
  ])('truncating to %d days keeps %d intervals', (days, kept) => {
    expect(truncateDays(trace, days).points).toHaveLength(kept);
    expect(parseTrace(text, 'long.csv', { series: 'bandwidth', days }).points).toHaveLength(kept);
  });

  it('rejects days ≤ 0', () => {
    expect(() => truncateDays(trace, 0)).toThrow(/--days must be a number > 0, got 0/);
  });

  it('reports its length in days', () => {
    expect(traceDays(trace)).toBeCloseTo((600 * 300) / 86_400, 12);
  });

  it.each([50, 7.5])('rescales so that the p99 becomes %d and keeps the shape', (target) => {
    const scaled = rescaleToP99(trace.points, target);
    expect(percentile(demandOf({ points: scaled }), 99)).toBeCloseTo(target, 9);
    const factor = target / percentile(demandOf(trace), 99);
    expect(scaled[42]).toEqual({ tMs: trace.points[42]?.tMs, value: (trace.points[42]?.value as number) * factor });
  });

  it.each([
    [[0, 0, 0], 50, /p99 is 0/],
    [[1, 2, 3], 0, /--scale-peak-mbps must be > 0, got 0/],
  ])('rescale of %j to %d fails clearly', (values, target, message) => {
    expect(() =>
      rescaleToP99(
        values.map((value, i) => ({ tMs: i, value })),
        target,
      ),
    ).toThrow(message);
  });
});
