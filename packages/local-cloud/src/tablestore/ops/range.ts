/**
 * GetRange: a scan over the sorted rows from an inclusive start key to an exclusive end key, forward or
 * backward, INF_MIN / INF_MAX allowed in the bounds. A page stops at `limit` rows, at 5000 rows or at
 * 4 MB (the service's caps); next_start_primary_key then names the next row to read.
 */
import { consumed, decodeRequest, encodeResponse, type Handler, has, requireTable } from '../context.js';
import { invalid } from '../errors.js';
import { findRow, liveView, type StoredRow, type Table, validatePk } from '../model.js';
import { decodeRow } from '../plainbuffer/decode.js';
import { encodePrimaryKey, encodeRows } from '../plainbuffer/encode.js';
import { comparePk, type PkColumn } from '../values.js';
import { parseReadSpec, projectRow, type ReadMsg, type ReadSpec } from './read-common.js';

export const MAX_ROWS_PER_PAGE = 5000;
export const MAX_BYTES_PER_PAGE = 4 * 1024 * 1024;

interface GetRangeMsg extends ReadMsg {
  tableName: string;
  direction: number;
  limit?: number;
  inclusiveStartPrimaryKey: Uint8Array;
  exclusiveEndPrimaryKey: Uint8Array;
}

function bound(table: Table, bytes: Uint8Array, what: string): PkColumn[] {
  const key = decodeRow(bytes, `GetRange ${what}`);
  validatePk(table, key.pk, `GetRange ${what}`, { allowInfinity: true });
  return key.pk;
}

/** Row indexes in scan order, from the start bound towards the end bound (end excluded). */
function* scan(table: Table, start: PkColumn[], end: PkColumn[], backward: boolean): Generator<StoredRow> {
  const at = findRow(table, start);
  if (!backward) {
    for (let i = at.index; i < table.rows.length; i++) {
      const row = table.rows[i] as StoredRow;
      if (comparePk(row.pk, end) >= 0) return;
      yield row;
    }
    return;
  }
  for (let i = at.found ? at.index : at.index - 1; i >= 0; i--) {
    const row = table.rows[i] as StoredRow;
    if (comparePk(row.pk, end) <= 0) return;
    yield row;
  }
}

function page(
  table: Table,
  rows: Iterable<StoredRow>,
  spec: ReadSpec,
  limit: number,
  nowMs: number,
): { rows: Buffer[]; next?: PkColumn[] } {
  const out: Buffer[] = [];
  let bytes = 0;
  for (const stored of rows) {
    const live = liveView(table, stored, nowMs);
    if (!live) continue;
    if (out.length >= limit) return { rows: out, next: live.pk };
    const encoded = projectRow(table, live, spec);
    if (!encoded) continue;
    if (out.length > 0 && bytes + encoded.length > MAX_BYTES_PER_PAGE) return { rows: out, next: live.pk };
    out.push(encoded);
    bytes += encoded.length;
  }
  return { rows: out };
}

const getRange: Handler = (ctx, body) => {
  const req = decodeRequest<GetRangeMsg>('GetRangeRequest', body);
  const table = requireTable(ctx, req.tableName);
  const start = bound(table, req.inclusiveStartPrimaryKey, 'inclusive_start_primary_key');
  const end = bound(table, req.exclusiveEndPrimaryKey, 'exclusive_end_primary_key');
  if (req.direction !== 0 && req.direction !== 1) throw invalid(`GetRange: unknown direction ${req.direction}`);
  const backward = req.direction === 1;
  const order = comparePk(start, end);
  if (!backward && order > 0) throw invalid('GetRange: Begin key must less than end key in FORWARD');
  if (backward && order < 0) throw invalid('GetRange: Begin key must more than end key in BACKWARD');
  if (has(req, 'limit') && (req.limit as number) <= 0) throw invalid(`GetRange: limit must be > 0, got ${req.limit}`);
  const limit = Math.min(has(req, 'limit') ? (req.limit as number) : MAX_ROWS_PER_PAGE, MAX_ROWS_PER_PAGE);
  const spec = parseReadSpec(req, 'GetRange');
  const result = page(table, scan(table, start, end, backward), spec, limit, ctx.nowMs);
  return encodeResponse('GetRangeResponse', {
    consumed: consumed(Math.max(1, result.rows.length), 0),
    rows: encodeRows(result.rows),
    ...(result.next ? { nextStartPrimaryKey: encodePrimaryKey(result.next) } : {}),
  });
};

/** Handlers by operation name. */
export const rangeOperations: Record<string, Handler> = { GetRange: getRange };
