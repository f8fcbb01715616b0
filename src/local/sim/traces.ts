/**
 * Loading real load traces (shared/traces and any file of the same formats) into demand per interval:
 * format detection, the demand mapping, gap compression, `--days` truncation and `--scale-peak-mbps`.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { percentile } from '../../core/percentile.js';
import { AutoscalerError, type ConfigProblem, ConfigError } from '../../core/errors.js';
import { type DetectedFormat, detectFormat, FormatProblem, type RowMapper } from './traceFormats.js';
import { parseTimestamp, type TimestampKind, timestampKind } from './timestamps.js';
import type { Series, Trace, TracePoint } from './types.js';

export interface LoadTraceOptions {
  series: Series;
  /** Keep only the first N days (the `--days` flag). */
  days?: number;
}

/** A gap is a spacing longer than this many steps; it is compressed to one step. */
const GAP_FACTOR = 1.5;
/** Stop collecting row problems after this many (a broken file would otherwise list thousands). */
const MAX_PROBLEMS = 10;

interface Line {
  number: number;
  text: string;
}

interface RawRow {
  line: number;
  tMs: number;
  values: number[];
}

/** Read and parse a trace file. @throws ConfigError naming the file, the line and the rule. */
export function loadTrace(path: string, options: LoadTraceOptions): Trace {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new AutoscalerError(`cannot read trace file ${path}: ${(cause as Error).message}`, { cause });
  }
  return parseTrace(text, path, options);
}

/** Parse the text of a trace file; `source` names it in errors and gives the trace its name. */
export function parseTrace(text: string, source: string, options: LoadTraceOptions): Trace {
  const lines = text
    .split(/\r?\n/)
    .map((t, i) => ({ number: i + 1, text: t }))
    .filter((l) => l.text.trim() !== '');
  const first = lines[0];
  if (!first) throw new ConfigError(source, [{ path: 'line 1', rule: 'a trace file must not be empty' }]);
  const format = detect(source, first, lines[1]);
  if (!format.holds.includes(options.series)) {
    const rule = `holds ${format.describes}, not the ${options.series} series (use --series ${format.holds.join(' or ')})`;
    throw new ConfigError(source, [{ path: '(file)', rule }]);
  }
  const dataLines = format.header ? lines.slice(1) : lines;
  const rows = readRows(source, format, options.series, dataLines);
  const trace = toTrace(source, format, options.series, rows);
  return options.days === undefined ? trace : truncateDays(trace, options.days);
}

function detect(source: string, first: Line, second: Line | undefined): DetectedFormat {
  try {
    return detectFormat(basename(source), first.text, second?.text);
  } catch (e) {
    if (e instanceof FormatProblem) throw new ConfigError(source, [{ path: `line ${first.number}`, rule: e.message }]);
    throw e;
  }
}

interface RowReader {
  format: DetectedFormat;
  mapper: RowMapper;
  kind: TimestampKind | undefined;
  columnCount: number;
}

function readRows(source: string, format: DetectedFormat, series: Series, lines: Line[]): RawRow[] {
  const firstField = lines[0] ? (format.split(lines[0].text)[0] ?? '') : '';
  const reader: RowReader = {
    format,
    mapper: format.mapper(series),
    kind: timestampKind(firstField),
    columnCount: format.header?.length ?? 2,
  };
  const problems: ConfigProblem[] = [];
  const rows: RawRow[] = [];
  for (const line of lines) {
    if (problems.length >= MAX_PROBLEMS) break;
    const row = readRow(reader, line);
    if ('rule' in row) problems.push(row);
    else rows.push(row);
  }
  checkOrder(rows, problems);
  if (problems.length) throw new ConfigError(source, problems);
  if (rows.length < 2) {
    throw new ConfigError(source, [
      { path: '(file)', rule: 'needs at least 2 data rows to know its step', value: rows.length },
    ]);
  }
  return rows;
}

/** One data row, or the problem with it. */
function readRow({ format, mapper, kind, columnCount }: RowReader, line: Line): RawRow | ConfigProblem {
  const fields = format.split(line.text);
  const at = `line ${line.number}`;
  if (fields.length !== columnCount) {
    return { path: at, rule: `must have ${columnCount} fields like the header`, value: fields.length };
  }
  const tMs = kind === undefined ? undefined : parseTimestamp(fields[0] as string, kind, format.defaultOffsetMin);
  if (tMs === undefined) {
    const rule = `timestamp must be ${kind ?? 'an ISO date-time or epoch seconds/milliseconds'} like the first row`;
    return { path: at, rule, value: fields[0] };
  }
  const values = mapper.columns.map((c) => Number(fields[c]));
  const bad = mapper.columns.findIndex(
    (c, i) => fields[c] === '' || !((values[i] as number) >= 0) || values[i] === Infinity,
  );
  if (bad >= 0) {
    const col = mapper.columns[bad] as number;
    return { path: `${at} ${columnName(format, col)}`, rule: 'must be a finite number ≥ 0', value: fields[col] };
  }
  return { line: line.number, tMs, values };
}

function columnName(format: DetectedFormat, col: number): string {
  return `"${format.header?.[col] ?? (col === 0 ? 'timestamp' : 'value')}"`;
}

function checkOrder(rows: readonly RawRow[], problems: ConfigProblem[]): void {
  for (let i = 1; i < rows.length && problems.length < MAX_PROBLEMS; i++) {
    const [prev, row] = [rows[i - 1] as RawRow, rows[i] as RawRow];
    if (row.tMs <= prev.tMs) {
      problems.push({
        path: `line ${row.line}`,
        rule: `timestamps must increase (previous row: line ${prev.line})`,
        value: row.tMs,
      });
    }
  }
}

/** The median spacing of the timestamps, whole seconds (≥ 1). */
function medianStepSec(rows: readonly RawRow[]): number {
  const steps = rows.slice(1).map((r, i) => r.tMs - (rows[i] as RawRow).tMs);
  return Math.max(1, Math.round(percentile(steps, 50) / 1000));
}

function toTrace(source: string, detected: DetectedFormat, series: Series, rows: RawRow[]): Trace {
  const stepSec = medianStepSec(rows);
  const mapper = detected.mapper(series);
  const startMs = (rows[0] as RawRow).tMs;
  let gapsCompressed = 0;
  const points = rows.map((row, i) => {
    if (i > 0 && row.tMs - (rows[i - 1] as RawRow).tMs > GAP_FACTOR * stepSec * 1000) gapsCompressed++;
    return { tMs: startMs + i * stepSec * 1000, value: mapRow(source, mapper, row, stepSec) };
  });
  const unit = series === 'bandwidth' ? 'Mbps' : 'vCPU';
  return { name: basename(source), format: detected.format, series, unit, stepSec, points, gapsCompressed };
}

function mapRow(source: string, mapper: RowMapper, row: RawRow, stepSec: number): number {
  try {
    return mapper.map(row.values, stepSec);
  } catch (e) {
    throw new ConfigError(source, [{ path: `line ${row.line}`, rule: (e as Error).message }]);
  }
}

/** Keep the first `days` days of a trace (the `--days` flag). @throws AutoscalerError for days ≤ 0. */
export function truncateDays(trace: Trace, days: number): Trace {
  if (!(days > 0)) throw new AutoscalerError(`--days must be a number > 0, got ${days}`);
  const keep = Math.max(1, Math.floor((days * 86_400) / trace.stepSec));
  return { ...trace, points: trace.points.slice(0, keep) };
}

/**
 * Scale a series so that its p99 (R-7 interpolation) equals `targetP99` (the `--scale-peak-mbps` flag).
 * @throws AutoscalerError when the target is not > 0 or the series' p99 is 0 (nothing to scale).
 */
export function rescaleToP99(points: readonly TracePoint[], targetP99: number): TracePoint[] {
  if (!(targetP99 > 0)) throw new AutoscalerError(`--scale-peak-mbps must be > 0, got ${targetP99}`);
  const p99 = percentile(
    points.map((p) => p.value),
    99,
  );
  if (!(p99 > 0)) throw new AutoscalerError(`cannot rescale a series whose p99 is ${p99} (it must be > 0)`);
  const factor = targetP99 / p99;
  return points.map((p) => ({ tMs: p.tMs, value: p.value * factor }));
}

/** The demand values of a trace, one per interval. */
export function demandOf(trace: Pick<Trace, 'points'>): number[] {
  return trace.points.map((p) => p.value);
}

/** Length of a trace in days (intervals × step). */
export function traceDays(trace: Pick<Trace, 'points' | 'stepSec'>): number {
  return (trace.points.length * trace.stepSec) / 86_400;
}
