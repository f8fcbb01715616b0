/**
 * Table operations: CreateTable, DescribeTable, ListTable, DeleteTable, UpdateTable. The validation rules
 * (name syntax, 1-4 primary key columns, AUTO_INCREMENT only on a non-first INTEGER column, TTL -1 or at
 * least 86400 s) are those of the real service.
 */
import {
  type Handler,
  decodeRequest,
  encodeResponse,
  has,
  int64ToNumber,
  type OpContext,
  requireTable,
} from '../context.js';
import { invalid, OtsError } from '../errors.js';
import type { PkSchema, PkType, Table } from '../model.js';

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]{0,254}$/;
const PK_TYPES: Record<number, PkType> = { 1: 'INTEGER', 2: 'STRING', 3: 'BINARY' };
const PK_TYPE_CODES: Record<PkType, number> = { INTEGER: 1, STRING: 2, BINARY: 3 };
const MIN_TTL_SEC = 86_400;
const DEFAULT_DEVIATION_SEC = 86_400;

interface TableOptionsMsg {
  timeToLive?: number;
  maxVersions?: number;
  deviationCellVersionInSec?: unknown;
}

interface CreateTableMsg {
  tableMeta: {
    tableName: string;
    primaryKey: { name: string; type: number; option?: number }[];
    definedColumn: { name: string; type: number }[];
  };
  reservedThroughput: { capacityUnit: { read?: number; write?: number } };
  tableOptions: TableOptionsMsg | null;
}

function checkName(name: string, what: string): void {
  if (!NAME_RE.test(name)) {
    throw invalid(`${what} '${name}' is invalid: use letters, digits and '_', not starting with a digit, 1-255 chars`);
  }
}

function parsePkSchema(msg: CreateTableMsg['tableMeta']['primaryKey']): PkSchema[] {
  if (msg.length < 1 || msg.length > 4)
    throw invalid(`The number of primary key columns must be in range: [1, 4], got ${msg.length}.`);
  const seen = new Set<string>();
  return msg.map((col, i) => {
    checkName(col.name, 'primary key column name');
    if (seen.has(col.name)) throw invalid(`Duplicated primary key name: ${col.name}.`);
    seen.add(col.name);
    const type = PK_TYPES[col.type];
    if (!type) throw invalid(`primary key column '${col.name}' has an unknown type ${col.type}`);
    const autoIncrement = has(col, 'option') && col.option === 1;
    if (autoIncrement && (type !== 'INTEGER' || i === 0)) {
      throw invalid(`AUTO_INCREMENT primary key column '${col.name}' must be INTEGER and not the first column`);
    }
    return { name: col.name, type, autoIncrement };
  });
}

/** Apply table options (from CreateTable or UpdateTable) after checking them. */
function applyOptions(table: Table, opts: TableOptionsMsg | null): void {
  if (!opts) return;
  if (has(opts, 'timeToLive')) {
    const ttl = opts.timeToLive as number;
    if (ttl !== -1 && ttl < MIN_TTL_SEC)
      throw invalid(`time_to_live must be -1 or ≥ ${MIN_TTL_SEC} seconds, got ${ttl}`);
    table.ttlSec = ttl;
  }
  if (has(opts, 'maxVersions')) {
    const mv = opts.maxVersions as number;
    if (mv < 1) throw invalid(`max_versions must be ≥ 1, got ${mv}`);
    table.maxVersions = mv;
  }
  if (has(opts, 'deviationCellVersionInSec')) {
    const dev = int64ToNumber(opts.deviationCellVersionInSec);
    if (!(dev > 0)) throw invalid(`deviation_cell_version_in_sec must be > 0, got ${dev}`);
    table.deviationSec = dev;
  }
}

const createTable: Handler = (ctx, body) => {
  const req = decodeRequest<CreateTableMsg>('CreateTableRequest', body);
  const name = req.tableMeta.tableName;
  checkName(name, 'table name');
  const table: Table = {
    name,
    pkSchema: parsePkSchema(req.tableMeta.primaryKey),
    definedColumns: req.tableMeta.definedColumn.map((c) => ({ name: c.name, type: c.type })),
    ttlSec: -1,
    maxVersions: 1,
    deviationSec: DEFAULT_DEVIATION_SEC,
    reservedRead: req.reservedThroughput.capacityUnit.read ?? 0,
    reservedWrite: req.reservedThroughput.capacityUnit.write ?? 0,
    createdMs: ctx.nowMs,
    rows: [],
    lastAutoIncrement: 0n,
  };
  applyOptions(table, req.tableOptions);
  if (ctx.db.tables.has(name)) throw new OtsError('OTSObjectAlreadyExist', 'Requested table already exists.');
  ctx.db.tables.set(name, table);
  ctx.markDirty();
  return encodeResponse('CreateTableResponse', {});
};

function optionsOf(table: Table): object {
  return {
    timeToLive: table.ttlSec,
    maxVersions: table.maxVersions,
    deviationCellVersionInSec: table.deviationSec,
    allowUpdate: true,
  };
}

function throughputOf(table: Table): object {
  return {
    capacityUnit: { read: table.reservedRead, write: table.reservedWrite },
    lastIncreaseTime: Math.floor(table.createdMs / 1000),
  };
}

const describeTable: Handler = (ctx, body) => {
  const req = decodeRequest<{ tableName: string }>('DescribeTableRequest', body);
  const table = requireTable(ctx, req.tableName);
  return encodeResponse('DescribeTableResponse', {
    tableMeta: {
      tableName: table.name,
      primaryKey: table.pkSchema.map((c) => ({
        name: c.name,
        type: PK_TYPE_CODES[c.type],
        ...(c.autoIncrement ? { option: 1 } : {}),
      })),
      definedColumn: table.definedColumns,
    },
    reservedThroughputDetails: throughputOf(table),
    tableOptions: optionsOf(table),
    tableStatus: 1, // ACTIVE: tables are usable as soon as they are created
  });
};

const listTable: Handler = (ctx: OpContext) =>
  encodeResponse('ListTableResponse', { tableNames: [...ctx.db.tables.keys()].sort() });

const deleteTable: Handler = (ctx, body) => {
  const req = decodeRequest<{ tableName: string }>('DeleteTableRequest', body);
  requireTable(ctx, req.tableName);
  ctx.db.tables.delete(req.tableName);
  ctx.markDirty();
  return encodeResponse('DeleteTableResponse', {});
};

const updateTable: Handler = (ctx, body) => {
  const req = decodeRequest<{
    tableName: string;
    reservedThroughput: { capacityUnit: { read?: number; write?: number } } | null;
    tableOptions: TableOptionsMsg | null;
  }>('UpdateTableRequest', body);
  const table = requireTable(ctx, req.tableName);
  const draft: Table = { ...table };
  applyOptions(draft, req.tableOptions);
  const cu = req.reservedThroughput?.capacityUnit;
  if (cu && has(cu, 'read')) draft.reservedRead = cu.read as number;
  if (cu && has(cu, 'write')) draft.reservedWrite = cu.write as number;
  Object.assign(table, draft);
  ctx.markDirty();
  return encodeResponse('UpdateTableResponse', {
    reservedThroughputDetails: throughputOf(table),
    tableOptions: optionsOf(table),
  });
};

/** Handlers by operation name. */
export const tableOperations: Record<string, Handler> = {
  CreateTable: createTable,
  DescribeTable: describeTable,
  ListTable: listTable,
  DeleteTable: deleteTable,
  UpdateTable: updateTable,
};
