/**
 * Loading real load traces (vendor/traces and any file of the same formats) into demand per interval:
 * format detection, the demand mapping, repair of messy order (or refusal with `strict`), gap compression,
 * `--days` truncation and `--scale-peak-mbps`.
 *
 * Real files are messy: a file with local timestamps repeats an hour when daylight saving ends, and exports
 * can be out of order. By default rows are sorted by timestamp (stable) and rows sharing a timestamp merged
 * into one interval whose demand is the mean of theirs: every value is a rate or utilisation over one
 * interval, so two readings of the same interval average to its demand (a sum would double it). A DST
 * fall-back's repeated hour thus becomes one hour of averaged readings: the trace is one hour shorter and no
 * gap is created. `Trace.repairs` says what was done.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { percentile } from '../../core/percentile.js';
import { AutoscalerError, type ConfigProblem, ConfigError } from '../../core/errors.js';
import { type DetectedFormat, detectFormat, FormatProblem, type RowMapper } from './traceFormats.js';
import { parseTimestamp, type TimestampKind, timestampKind } from './timestamps.js';
import type { Series, Trace, TracePoint } from './types.js';

/** What the loader repaired in a file (see `Trace.repairs`). */
export type TraceRepairs = Trace['repairs'];

export interface LoadTraceOptions {
  series: Series;
  /** Keep only the first N days (the `--days` flag). */
  days?: number;
  /** Refuse rows out of order or sharing a timestamp (the `--strict` flag) instead of repairing them. */
  strict?: boolean;
}

/** A gap is a spacing longer than this many steps; it is compressed to one step. */
const GAP_FACTOR = 1.5;
/** Stop collecting row problems after this many (a broken file would otherwise list thousands). */
const MAX_PROBLEMS = 10;
/** Repair examples kept in `Trace.repairs.examples`. */
const MAX_EXAMPLES = 5;

interface Line {
  number: number;
  text: string;
}

interface RawRow {
  line: number;
  /** The timestamp as the file writes it (for repair examples). */
  stamp: string;
  tMs: number;
  values: number[];
}

/** The rows of one timestamp, in file order (one row unless the file repeats the timestamp). */
interface Slot {
  tMs: number;
  rows: RawRow[];
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
  const rows = readRows(source, format, options.series, dataLines, options.strict === true);
  const trace = toTrace(source, format, options.series, repairOrder(source, rows));
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

function readRows(source: string, format: DetectedFormat, series: Series, lines: Line[], strict: boolean): RawRow[] {
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
  if (strict) checkOrder(rows, problems);
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
  return { line: line.number, stamp: (fields[0] as string).trim(), tMs, values };
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

interface Repaired {
  slots: Slot[];
  repairs: Omit<TraceRepairs, 'gapsCompressed'>;
}

/**
 * Sort the rows by timestamp (stable) and group the rows of each timestamp, counting what moved and what
 * will be merged. @throws ConfigError when fewer than 2 distinct timestamps remain.
 */
function repairOrder(source: string, rows: readonly RawRow[]): Repaired {
  const examples: { line: number; text: string }[] = [];
  const seen = new Set<number>();
  let latest: RawRow | undefined;
  let rowsOutOfOrder = 0;
  for (const row of rows) {
    if (latest && row.tMs < latest.tMs && !seen.has(row.tMs)) {
      rowsOutOfOrder++;
      examples.push({
        line: row.line,
        text: `line ${row.line}: ${row.stamp} is earlier than line ${latest.line} (${latest.stamp}); sorted into place`,
      });
    }
    seen.add(row.tMs);
    if (!latest || row.tMs > latest.tMs) latest = row;
  }
  const slots: Slot[] = [];
  for (const row of [...rows].sort((a, b) => a.tMs - b.tMs)) {
    const last = slots.at(-1);
    if (last?.tMs === row.tMs) last.rows.push(row);
    else slots.push({ tMs: row.tMs, rows: [row] });
  }
  const shared = slots.filter((s) => s.rows.length > 1);
  for (const { rows: same } of shared) {
    const lines = same.map((r) => r.line);
    const named = lines.length > 3 ? `${lines.slice(0, 3).join(', ')} and ${lines.length - 3} more` : lines.join(', ');
    const text = `lines ${named}: ${same.length} rows at ${(same[0] as RawRow).stamp}; merged into their mean`;
    examples.push({ line: Math.min(...lines), text });
  }
  if (slots.length < 2) {
    const rule = 'needs at least 2 distinct timestamps to know its step';
    throw new ConfigError(source, [{ path: '(file)', rule, value: slots.length }]);
  }
  const repairs = {
    rowsOutOfOrder,
    duplicateTimestamps: shared.length,
    rowsMerged: shared.reduce((n, s) => n + s.rows.length, 0),
    examples: examples
      .sort((a, b) => a.line - b.line)
      .slice(0, MAX_EXAMPLES)
      .map((e) => e.text),
  };
  return { slots, repairs };
}

/** The median spacing of the (distinct, ascending) timestamps, whole seconds (≥ 1). */
function medianStepSec(slots: readonly Slot[]): number {
  const steps = slots.slice(1).map((r, i) => r.tMs - (slots[i] as Slot).tMs);
  return Math.max(1, Math.round(percentile(steps, 50) / 1000));
}

function toTrace(source: string, detected: DetectedFormat, series: Series, { slots, repairs }: Repaired): Trace {
  const stepSec = medianStepSec(slots);
  const mapper = detected.mapper(series);
  const startMs = (slots[0] as Slot).tMs;
  let gapsCompressed = 0;
  const points = slots.map((slot, i) => {
    if (i > 0 && slot.tMs - (slots[i - 1] as Slot).tMs > GAP_FACTOR * stepSec * 1000) gapsCompressed++;
    const sum = slot.rows.reduce((acc, row) => acc + mapRow(source, mapper, row, stepSec), 0);
    return { tMs: startMs + i * stepSec * 1000, value: sum / slot.rows.length };
  });
  const unit = series === 'bandwidth' ? 'Mbps' : 'vCPU';
  return {
    name: basename(source),
    format: detected.format,
    series,
    unit,
    stepSec,
    points,
    gapsCompressed,
    repairs: { ...repairs, gapsCompressed },
  };
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/**
 * One line saying what was repaired, or undefined when nothing was, e.g. `trace 93.csv: repaired 3 rows out
 * of order and merged 12 rows sharing 6 timestamps (mean of each); 2 gaps compressed`.
 */
export function repairSummary(trace: Pick<Trace, 'name' | 'repairs'>): string | undefined {
  const r = trace.repairs;
  const order: string[] = [];
  if (r.rowsOutOfOrder > 0) order.push(`repaired ${plural(r.rowsOutOfOrder, 'row')} out of order`);
  if (r.rowsMerged > 0) {
    order.push(
      `merged ${plural(r.rowsMerged, 'row')} sharing ${plural(r.duplicateTimestamps, 'timestamp')} (mean of each)`,
    );
  }
  const parts = order.length > 0 ? [order.join(' and ')] : [];
  if (r.gapsCompressed > 0) parts.push(`${plural(r.gapsCompressed, 'gap')} compressed`);
  return parts.length > 0 ? `trace ${trace.name}: ${parts.join('; ')}` : undefined;
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
