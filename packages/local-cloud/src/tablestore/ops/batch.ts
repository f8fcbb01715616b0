/**
 * BatchWriteRow (≤ 200 rows) and BatchGetRow (≤ 100 rows). Request-level problems (too many rows, a table
 * listed twice, the same primary key twice) fail the whole request; everything else, condition failures
 * included, is reported per row with is_ok=false, as the service does. Each row is atomic on its own; the
 * batch is not a transaction.
 */
import { consumed, decodeRequest, encodeResponse, type Handler, type OpContext, requireTable } from '../context.js';
import { invalid, OtsError } from '../errors.js';
import { getLive, validatePk } from '../model.js';
import { decodeRow } from '../plainbuffer/decode.js';
import { comparePk, type PkColumn } from '../values.js';
import { parseReadSpec, projectRow, type ReadMsg } from './read-common.js';
import { type ConditionMsg, parseCondition, type ReturnContentMsg } from './write-common.js';
import { applyDelete, applyPut, applyUpdate } from './writes.js';

const MAX_WRITE_ROWS = 200;
const MAX_GET_ROWS = 100;

interface WriteRowMsg {
  type: number;
  rowChange: Uint8Array;
  condition: ConditionMsg | null;
  returnContent: ReturnContentMsg | null;
}

type RowResult =
  | { isOk: true; consumed: object; row?: Buffer }
  | { isOk: false; error: { code: string; message: string } };

/** Run one row; an OtsError becomes that row's error, anything else is a bug and propagates. */
function perRow(fn: () => RowResult): RowResult {
  try {
    return fn();
  } catch (err) {
    if (err instanceof OtsError) return { isOk: false, error: { code: err.code, message: err.message } };
    throw err;
  }
}

function checkBatchShape(tables: { tableName: string; count: number }[], max: number, op: string): void {
  const total = tables.reduce((n, t) => n + t.count, 0);
  if (total === 0) throw invalid(`${op}: no rows in the request`);
  if (total > max) throw invalid(`${op}: Rows count exceeds the upper limit: ${max}, got ${total}.`);
  const names = new Set<string>();
  for (const t of tables) {
    if (names.has(t.tableName)) throw invalid(`${op}: table '${t.tableName}' is listed more than once`);
    names.add(t.tableName);
  }
}

/** The same primary key twice in one table of one batch is rejected up front. */
function checkNoDuplicateKeys(tableName: string, rows: Uint8Array[], op: string): void {
  const keys: PkColumn[][] = [];
  for (const bytes of rows) {
    try {
      keys.push(decodeRow(bytes, op).pk);
    } catch {
      // A malformed row is reported on that row later.
    }
  }
  keys.sort(comparePk);
  for (let i = 1; i < keys.length; i++) {
    if (comparePk(keys[i - 1] as PkColumn[], keys[i] as PkColumn[]) === 0) {
      throw invalid(`${op}: the same primary key appears twice for table '${tableName}'`);
    }
  }
}

const WRITES = { 1: applyPut, 2: applyUpdate, 3: applyDelete } as const;

function writeOne(ctx: OpContext, tableName: string, msg: WriteRowMsg, what: string): RowResult {
  const table = requireTable(ctx, tableName);
  const apply = WRITES[msg.type as 1 | 2 | 3];
  if (!apply) throw invalid(`${what}: unknown operation type ${msg.type}`);
  const cond = parseCondition(msg.condition, what);
  const row = apply(ctx, table, msg.rowChange, cond, msg.returnContent, what);
  return { isOk: true, consumed: consumed(0, 1), ...(row ? { row } : {}) };
}

const batchWriteRow: Handler = (ctx, body) => {
  const req = decodeRequest<{ tables: { tableName: string; rows: WriteRowMsg[] }[] }>('BatchWriteRowRequest', body);
  checkBatchShape(
    req.tables.map((t) => ({ tableName: t.tableName, count: t.rows.length })),
    MAX_WRITE_ROWS,
    'BatchWriteRow',
  );
  for (const t of req.tables)
    checkNoDuplicateKeys(
      t.tableName,
      t.rows.map((r) => r.rowChange),
      'BatchWriteRow',
    );
  const tables = req.tables.map((t) => ({
    tableName: t.tableName,
    rows: t.rows.map((r, i) => perRow(() => writeOne(ctx, t.tableName, r, `BatchWriteRow ${t.tableName}[${i}]`))),
  }));
  return encodeResponse('BatchWriteRowResponse', { tables });
};

interface GetTableMsg extends ReadMsg {
  tableName: string;
  primaryKey: Uint8Array[];
}

function getOne(ctx: OpContext, t: GetTableMsg, bytes: Uint8Array, what: string): RowResult {
  const table = requireTable(ctx, t.tableName);
  const key = decodeRow(bytes, `${what} primary_key`);
  validatePk(table, key.pk, `${what} primary key`);
  const row = projectRow(table, getLive(table, key.pk, ctx.nowMs), parseReadSpec(t, what));
  return { isOk: true, consumed: consumed(1, 0), row: row ?? Buffer.alloc(0) };
}

const batchGetRow: Handler = (ctx, body) => {
  const req = decodeRequest<{ tables: GetTableMsg[] }>('BatchGetRowRequest', body);
  checkBatchShape(
    req.tables.map((t) => ({ tableName: t.tableName, count: t.primaryKey.length })),
    MAX_GET_ROWS,
    'BatchGetRow',
  );
  const tables = req.tables.map((t) => ({
    tableName: t.tableName,
    rows: t.primaryKey.map((pk, i) => perRow(() => getOne(ctx, t, pk, `BatchGetRow ${t.tableName}[${i}]`))),
  }));
  return encodeResponse('BatchGetRowResponse', { tables });
};

/** Handlers by operation name. */
export const batchOperations: Record<string, Handler> = {
  BatchWriteRow: batchWriteRow,
  BatchGetRow: batchGetRow,
};
