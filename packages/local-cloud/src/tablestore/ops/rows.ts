/**
 * Single-row operations: PutRow, GetRow, UpdateRow, DeleteRow.
 */
import { consumed, decodeRequest, encodeResponse, type Handler, requireTable } from '../context.js';
import { getLive, validatePk } from '../model.js';
import { decodeRow } from '../plainbuffer/decode.js';
import { parseReadSpec, projectRow, type ReadMsg } from './read-common.js';
import { type ConditionMsg, parseCondition, type ReturnContentMsg } from './write-common.js';
import { applyDelete, applyPut, applyUpdate } from './writes.js';

interface WriteMsg {
  tableName: string;
  condition: ConditionMsg | null;
  returnContent: ReturnContentMsg | null;
}

/** One write unit per row; a condition other than a bare IGNORE also reads the row. */
function writeCost(msg: WriteMsg): ReturnType<typeof consumed> {
  const reads = msg.condition && (msg.condition.rowExistence !== 0 || msg.condition.columnCondition?.length) ? 1 : 0;
  return consumed(reads, 1);
}

function optionalRow(row: Buffer | undefined): object {
  return row ? { row } : {};
}

const putRow: Handler = (ctx, body) => {
  const req = decodeRequest<WriteMsg & { row: Uint8Array }>('PutRowRequest', body);
  const table = requireTable(ctx, req.tableName);
  const cond = parseCondition(req.condition, 'PutRow');
  const row = applyPut(ctx, table, req.row, cond, req.returnContent, 'PutRow');
  return encodeResponse('PutRowResponse', { consumed: writeCost(req), ...optionalRow(row) });
};

const updateRow: Handler = (ctx, body) => {
  const req = decodeRequest<WriteMsg & { rowChange: Uint8Array }>('UpdateRowRequest', body);
  const table = requireTable(ctx, req.tableName);
  const cond = parseCondition(req.condition, 'UpdateRow');
  const row = applyUpdate(ctx, table, req.rowChange, cond, req.returnContent, 'UpdateRow');
  return encodeResponse('UpdateRowResponse', { consumed: writeCost(req), ...optionalRow(row) });
};

const deleteRow: Handler = (ctx, body) => {
  const req = decodeRequest<WriteMsg & { primaryKey: Uint8Array }>('DeleteRowRequest', body);
  const table = requireTable(ctx, req.tableName);
  const cond = parseCondition(req.condition, 'DeleteRow');
  const row = applyDelete(ctx, table, req.primaryKey, cond, req.returnContent, 'DeleteRow');
  return encodeResponse('DeleteRowResponse', { consumed: writeCost(req), ...optionalRow(row) });
};

const getRow: Handler = (ctx, body) => {
  const req = decodeRequest<ReadMsg & { tableName: string; primaryKey: Uint8Array }>('GetRowRequest', body);
  const table = requireTable(ctx, req.tableName);
  const key = decodeRow(req.primaryKey, 'GetRow primary_key');
  validatePk(table, key.pk, 'GetRow primary key');
  const spec = parseReadSpec(req, 'GetRow');
  const row = projectRow(table, getLive(table, key.pk, ctx.nowMs), spec);
  // A missing row is an empty `row` field, which the SDK turns into `row: {}`.
  return encodeResponse('GetRowResponse', { consumed: consumed(1, 0), row: row ?? Buffer.alloc(0) });
};

/** Handlers by operation name. */
export const rowOperations: Record<string, Handler> = {
  PutRow: putRow,
  GetRow: getRow,
  UpdateRow: updateRow,
  DeleteRow: deleteRow,
};
