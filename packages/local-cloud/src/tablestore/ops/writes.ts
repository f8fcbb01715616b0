/**
 * The three row writes. Each validates everything first, then checks the condition against the live row,
 * then writes, all synchronously: no other request can interleave, so every write is atomic.
 * They return the ReturnContent row (or undefined) and are shared by PutRow/UpdateRow/DeleteRow and
 * BatchWriteRow.
 */
import type { OpContext } from '../context.js';
import { invalid } from '../errors.js';
import { getLive, type LiveRow, removeRow, type StoredCell, storeRow, type Table, validatePk } from '../model.js';
import { type DecodedCell, decodeRow } from '../plainbuffer/decode.js';
import { type DataValue, INT64_MAX, INT64_MIN } from '../values.js';
import {
  allocateAutoIncrement,
  type Condition,
  checkCondition,
  type ReturnContentMsg,
  returnRow,
  validateCells,
} from './write-common.js';

/** PutRow: replace the whole row. */
export function applyPut(
  ctx: OpContext,
  table: Table,
  rowBytes: Uint8Array,
  cond: Condition,
  rc: ReturnContentMsg | null | undefined,
  what: string,
): Buffer | undefined {
  const row = decodeRow(rowBytes, `${what} row`);
  validatePk(table, row.pk, `${what} primary key`, { allowAutoIncrement: true });
  validateCells(table, row.cells, ctx.nowMs, what);
  for (const c of row.cells) {
    if (c.op !== undefined)
      throw invalid(`${what}: column '${c.name}' carries a ${c.op} operation; PutRow only writes values`);
    if (!c.value) throw invalid(`${what}: column '${c.name}' has no value`);
  }
  const autoInc = row.pk.some((c) => c.value.kind === 'autoIncrement');
  if (autoInc && cond.existence !== 'IGNORE') {
    throw invalid(`${what}: a row with an AUTO_INCREMENT primary key must use row existence IGNORE`);
  }
  const pk = autoInc ? allocateAutoIncrement(table, row.pk, ctx.nowMs) : row.pk;
  checkCondition(cond, getLive(table, pk, ctx.nowMs));
  const cells = new Map<string, StoredCell>();
  for (const c of row.cells)
    cells.set(c.name, { value: c.value as DataValue, timestampMs: c.timestampMs ?? ctx.nowMs });
  storeRow(table, { pk, cells, markerMs: ctx.nowMs });
  ctx.markDirty();
  return returnRow(rc, pk, { pk, cells, markerMs: ctx.nowMs });
}

function checkUpdateCell(c: DecodedCell, what: string): void {
  if (c.op === undefined && !c.value) throw invalid(`${what}: PUT of column '${c.name}' has no value`);
  if (c.op === 'DELETE_ONE_VERSION' && c.timestampMs === undefined) {
    throw invalid(`${what}: DELETE of column '${c.name}' needs the version timestamp`);
  }
  if (c.op === 'INCREMENT' && c.value?.kind !== 'integer') {
    throw invalid(
      `${what}: INCREMENT of column '${c.name}' needs an INTEGER delta, got ${c.value?.kind ?? 'no value'}`,
    );
  }
}

/** Apply one update cell to `cells` (a private copy). Throws before anything is stored. */
function applyUpdateCell(cells: Map<string, StoredCell>, c: DecodedCell, nowMs: number, what: string): void {
  if (c.op === undefined) {
    cells.set(c.name, { value: c.value as DataValue, timestampMs: c.timestampMs ?? nowMs });
  } else if (c.op === 'DELETE_ALL') {
    cells.delete(c.name);
  } else if (c.op === 'DELETE_ONE_VERSION') {
    // One version per cell is kept, so deleting a version deletes the cell when the version matches.
    if (cells.get(c.name)?.timestampMs === c.timestampMs) cells.delete(c.name);
  } else {
    const old = cells.get(c.name)?.value ?? { kind: 'integer', v: 0n };
    if (old.kind !== 'integer')
      throw invalid(`${what}: INCREMENT of column '${c.name}' whose value is ${old.kind}, not INTEGER`);
    const sum = old.v + (c.value as { v: bigint }).v;
    if (sum > INT64_MAX || sum < INT64_MIN) throw invalid(`${what}: INCREMENT of column '${c.name}' overflows int64`);
    cells.set(c.name, { value: { kind: 'integer', v: sum }, timestampMs: nowMs });
  }
}

/** UpdateRow: PUT / DELETE / DELETE_ALL / INCREMENT cells on the live row (created when absent). */
export function applyUpdate(
  ctx: OpContext,
  table: Table,
  rowBytes: Uint8Array,
  cond: Condition,
  rc: ReturnContentMsg | null | undefined,
  what: string,
): Buffer | undefined {
  const row = decodeRow(rowBytes, `${what} row_change`);
  validatePk(table, row.pk, `${what} primary key`);
  if (row.cells.length === 0) throw invalid(`${what}: no attribute column to update`);
  validateCells(table, row.cells, ctx.nowMs, what);
  for (const c of row.cells) checkUpdateCell(c, what);
  const live = getLive(table, row.pk, ctx.nowMs);
  checkCondition(cond, live);
  const cells = new Map(live?.cells ?? []);
  for (const c of row.cells) applyUpdateCell(cells, c, ctx.nowMs, what);
  const after: LiveRow = { pk: row.pk, cells, markerMs: live?.markerMs ?? ctx.nowMs };
  // An update that only deletes columns of an absent row creates nothing.
  if (live || cells.size > 0) {
    storeRow(table, after);
    ctx.markDirty();
  }
  return returnRow(rc, row.pk, after);
}

/** DeleteRow: remove the row. */
export function applyDelete(
  ctx: OpContext,
  table: Table,
  rowBytes: Uint8Array,
  cond: Condition,
  rc: ReturnContentMsg | null | undefined,
  what: string,
): Buffer | undefined {
  const row = decodeRow(rowBytes, `${what} primary_key`);
  validatePk(table, row.pk, `${what} primary key`);
  if (row.cells.length > 0) throw invalid(`${what}: a delete carries only the primary key`);
  checkCondition(cond, getLive(table, row.pk, ctx.nowMs));
  removeRow(table, row.pk);
  ctx.markDirty();
  return returnRow(rc, row.pk, undefined);
}
