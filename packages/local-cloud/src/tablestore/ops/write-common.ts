/**
 * Pieces shared by the write operations (PutRow, UpdateRow, DeleteRow and their BatchWriteRow forms):
 * condition parsing and checking, cell validation, AUTO_INCREMENT allocation and ReturnContent rows.
 */
import { conditionFailed, invalid } from '../errors.js';
import { type ColumnFilter, decodeFilter, evaluateFilter } from '../filter.js';
import { type LiveRow, type Table, valuesOf } from '../model.js';
import type { DecodedCell } from '../plainbuffer/decode.js';
import { encodePrimaryKey, encodeRow } from '../plainbuffer/encode.js';
import { INT64_MAX, type PkColumn } from '../values.js';

export interface ConditionMsg {
  rowExistence: number;
  columnCondition?: Uint8Array;
}

export interface ReturnContentMsg {
  returnType?: number;
  returnColumnNames?: string[];
}

export type RowExistence = 'IGNORE' | 'EXPECT_EXIST' | 'EXPECT_NOT_EXIST';
const EXISTENCE: Record<number, RowExistence> = { 0: 'IGNORE', 1: 'EXPECT_EXIST', 2: 'EXPECT_NOT_EXIST' };

export interface Condition {
  existence: RowExistence;
  filter?: ColumnFilter;
}

const COLUMN_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]{0,254}$/;

/** Parse a Condition message; validation happens before any row is read. */
export function parseCondition(msg: ConditionMsg | null | undefined, what: string): Condition {
  if (!msg) throw invalid(`${what}: condition is required`);
  const existence = EXISTENCE[msg.rowExistence];
  if (!existence) throw invalid(`${what}: unknown row_existence ${msg.rowExistence}`);
  if (!msg.columnCondition || msg.columnCondition.length === 0) return { existence };
  const filter = decodeFilter(msg.columnCondition, `${what} column_condition`);
  if (filter.type === 'pagination') throw invalid(`${what}: a column pagination filter is not a condition`);
  return { existence, filter };
}

/** Throws OTSConditionCheckFail unless the row (its live view, or undefined) satisfies the condition. */
export function checkCondition(cond: Condition, live: LiveRow | undefined): void {
  if (cond.existence === 'EXPECT_EXIST' && !live) throw conditionFailed();
  if (cond.existence === 'EXPECT_NOT_EXIST' && live) throw conditionFailed();
  if (cond.filter && !evaluateFilter(cond.filter, valuesOf(live))) throw conditionFailed();
}

/** Column names valid, unique, client timestamps within the table's allowed deviation. */
export function validateCells(table: Table, cells: readonly DecodedCell[], nowMs: number, what: string): void {
  const seen = new Set<string>();
  for (const cell of cells) {
    if (!COLUMN_NAME_RE.test(cell.name)) throw invalid(`${what}: invalid attribute column name '${cell.name}'`);
    if (seen.has(cell.name)) throw invalid(`${what}: Duplicated attribute column name: ${cell.name}.`);
    if (table.pkSchema.some((s) => s.name === cell.name)) {
      throw invalid(`${what}: attribute column '${cell.name}' has the name of a primary key column`);
    }
    seen.add(cell.name);
    if (cell.value && !('v' in cell.value))
      throw invalid(`${what}: column '${cell.name}' cannot hold ${cell.value.kind}`);
    if (cell.timestampMs !== undefined && cell.op !== 'DELETE_ONE_VERSION') {
      if (cell.timestampMs < 0 || Math.abs(cell.timestampMs - nowMs) > table.deviationSec * 1000) {
        throw invalid(
          `${what}: column '${cell.name}' timestamp ${cell.timestampMs} is more than ${table.deviationSec} s away from now (${nowMs})`,
        );
      }
    }
  }
}

/** Replace an AUTO_INCREMENT placeholder with the next value of the table's sequence. */
export function allocateAutoIncrement(table: Table, pk: PkColumn[], nowMs: number): PkColumn[] {
  if (!pk.some((c) => c.value.kind === 'autoIncrement')) return pk;
  // Like the service: strictly increasing, not dense; seeded from the clock (µs) so values look realistic.
  const next = BigInt(nowMs) * 1000n > table.lastAutoIncrement ? BigInt(nowMs) * 1000n : table.lastAutoIncrement + 1n;
  if (next > INT64_MAX) throw invalid(`table '${table.name}': AUTO_INCREMENT sequence exhausted`);
  table.lastAutoIncrement = next;
  return pk.map((c) => (c.value.kind === 'autoIncrement' ? { name: c.name, value: { kind: 'integer', v: next } } : c));
}

/**
 * The row to send back for a ReturnContent: RT_PK gives the primary key; RT_AFTER_MODIFY gives the primary
 * key plus the named columns as they are after the write. Undefined = an empty `row` field.
 */
export function returnRow(
  rc: ReturnContentMsg | null | undefined,
  pk: PkColumn[],
  after: LiveRow | undefined,
): Buffer | undefined {
  if (!rc?.returnType) return undefined;
  if (rc.returnType === 1) return encodePrimaryKey(pk);
  if (rc.returnType === 2) {
    const names = rc.returnColumnNames ?? [];
    const cells = names.flatMap((name) => {
      const cell = after?.cells.get(name);
      return cell ? [{ name, value: cell.value, timestampMs: cell.timestampMs }] : [];
    });
    return encodeRow(pk, cells);
  }
  throw invalid(`unknown return_type ${rc.returnType}`);
}
