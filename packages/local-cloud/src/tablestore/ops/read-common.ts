/**
 * What GetRow, GetRange and BatchGetRow share: parsing columns_to_get / filter / time_range / max_versions,
 * and projecting a live row into the PlainBuffer row the reply carries.
 */
import { has, int64ToNumber } from '../context.js';
import { invalid } from '../errors.js';
import { type ColumnFilter, decodeFilter, evaluateFilter } from '../filter.js';
import { type LiveRow, type Table, valuesOf } from '../model.js';
import { encodeRow, type OutCell } from '../plainbuffer/encode.js';

export interface ReadMsg {
  columnsToGet: string[];
  timeRange?: { startTime?: unknown; endTime?: unknown; specificTime?: unknown } | null;
  maxVersions?: number;
  filter?: Uint8Array;
}

export interface ReadSpec {
  columnsToGet: string[];
  filter?: ColumnFilter;
  /** Cell versions to return: [startMs, endMs) or one exact version. */
  time?: { startMs: number; endMs: number } | { exactMs: number };
}

/** Validate and parse the read options of a request. `what` names the request in errors. */
export function parseReadSpec(msg: ReadMsg, what: string): ReadSpec {
  const spec: ReadSpec = { columnsToGet: msg.columnsToGet };
  if (has(msg, 'maxVersions') && (msg.maxVersions as number) < 1) {
    throw invalid(`${what}: max_versions must be ≥ 1, got ${msg.maxVersions}`);
  }
  if (!has(msg, 'maxVersions') && !msg.timeRange)
    throw invalid(`${what}: either max_versions or time_range is required`);
  const tr = msg.timeRange;
  if (tr) {
    if (has(tr, 'specificTime')) spec.time = { exactMs: int64ToNumber(tr.specificTime) };
    else if (has(tr, 'startTime') && has(tr, 'endTime')) {
      spec.time = { startMs: int64ToNumber(tr.startTime), endMs: int64ToNumber(tr.endTime) };
      if (spec.time.startMs >= spec.time.endMs) throw invalid(`${what}: time_range start_time must be < end_time`);
    } else throw invalid(`${what}: time_range needs specific_time or both start_time and end_time`);
  }
  if (msg.filter && msg.filter.length > 0) spec.filter = decodeFilter(msg.filter, `${what} filter`);
  return spec;
}

function inTime(spec: ReadSpec, timestampMs: number): boolean {
  if (!spec.time) return true;
  if ('exactMs' in spec.time) return timestampMs === spec.time.exactMs;
  return timestampMs >= spec.time.startMs && timestampMs < spec.time.endMs;
}

/**
 * The reply row for a live row, or undefined when nothing is returned: the row is absent, the filter
 * rejects it, or columns_to_get names only attribute columns the row does not have (as the service does).
 * The filter sees every live cell, not only the requested ones. Attribute columns come out sorted by name.
 */
export function projectRow(table: Table, live: LiveRow | undefined, spec: ReadSpec): Buffer | undefined {
  if (!live) return undefined;
  if (spec.filter && !evaluateFilter(spec.filter, valuesOf(live))) return undefined;
  const wanted = spec.columnsToGet.length > 0 ? new Set(spec.columnsToGet) : undefined;
  let cells: OutCell[] = [...live.cells.entries()]
    .filter(([name, cell]) => (!wanted || wanted.has(name)) && inTime(spec, cell.timestampMs))
    .sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
    .map(([name, cell]) => ({ name, value: cell.value, timestampMs: cell.timestampMs }));
  if (spec.filter?.type === 'pagination')
    cells = cells.slice(spec.filter.offset, spec.filter.offset + spec.filter.limit);
  const asksForPk = wanted && table.pkSchema.some((s) => wanted.has(s.name));
  if (wanted && cells.length === 0 && !asksForPk) return undefined;
  return encodeRow(live.pk, cells);
}
