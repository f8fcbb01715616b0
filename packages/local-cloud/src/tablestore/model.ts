/**
 * The emulator's data: tables with a typed primary key schema, rows kept sorted by primary key (so GetRange
 * is a binary search plus a walk), one version per cell, and TTL evaluated on read against the cell version.
 */
import { invalid } from './errors.js';
import { comparePk, type DataValue, describeValue, type PkColumn } from './values.js';

export type PkType = 'INTEGER' | 'STRING' | 'BINARY';

export interface PkSchema {
  name: string;
  type: PkType;
  autoIncrement: boolean;
}

export interface StoredCell {
  value: DataValue;
  /** Cell version, epoch ms: the write time unless the client set one. TTL counts from here. */
  timestampMs: number;
}

export interface StoredRow {
  pk: PkColumn[];
  cells: Map<string, StoredCell>;
  /** When the row itself was last written (PutRow, or the UpdateRow that created it); keeps a PK-only row alive. */
  markerMs: number;
}

export interface Table {
  name: string;
  pkSchema: PkSchema[];
  definedColumns: { name: string; type: number }[];
  /** Seconds; -1 = data never expires. */
  ttlSec: number;
  maxVersions: number;
  /** Largest allowed distance between a client-set cell version and now, seconds. */
  deviationSec: number;
  reservedRead: number;
  reservedWrite: number;
  createdMs: number;
  /** Sorted by primary key. */
  rows: StoredRow[];
  lastAutoIncrement: bigint;
}

/** A row as readers and conditions see it: only cells that have not expired. */
export interface LiveRow {
  pk: PkColumn[];
  cells: Map<string, StoredCell>;
  markerMs: number;
}

const PK_KIND: Record<PkType, DataValue['kind']> = { INTEGER: 'integer', STRING: 'string', BINARY: 'binary' };

/** Is data written at `timestampMs` still visible at `nowMs` under the table's TTL? */
export function isAlive(table: Table, timestampMs: number, nowMs: number): boolean {
  return table.ttlSec < 0 || timestampMs + table.ttlSec * 1000 > nowMs;
}

/** Binary search: the row's index when present, else the insertion point. */
export function findRow(table: Table, pk: readonly PkColumn[]): { found: boolean; index: number } {
  let lo = 0;
  let hi = table.rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = comparePk((table.rows[mid] as StoredRow).pk, pk);
    if (c === 0) return { found: true, index: mid };
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return { found: false, index: lo };
}

/** The visible part of a stored row, or undefined when the row does not exist for readers at `nowMs`. */
export function liveView(table: Table, row: StoredRow | undefined, nowMs: number): LiveRow | undefined {
  if (!row) return undefined;
  const cells = new Map<string, StoredCell>();
  for (const [name, cell] of row.cells) if (isAlive(table, cell.timestampMs, nowMs)) cells.set(name, cell);
  if (cells.size === 0 && !isAlive(table, row.markerMs, nowMs)) return undefined;
  return { pk: row.pk, cells, markerMs: row.markerMs };
}

/** Look a row up by primary key and return its live view. */
export function getLive(table: Table, pk: readonly PkColumn[], nowMs: number): LiveRow | undefined {
  const { found, index } = findRow(table, pk);
  return found ? liveView(table, table.rows[index], nowMs) : undefined;
}

/** Attribute values only, for condition evaluation. */
export function valuesOf(row: LiveRow | undefined): Map<string, DataValue> {
  const out = new Map<string, DataValue>();
  if (row) for (const [name, cell] of row.cells) out.set(name, cell.value);
  return out;
}

/** Insert or replace a row at its sorted position. */
export function storeRow(table: Table, row: StoredRow): void {
  const { found, index } = findRow(table, row.pk);
  if (found) table.rows[index] = row;
  else table.rows.splice(index, 0, row);
}

/** Remove a row if present. */
export function removeRow(table: Table, pk: readonly PkColumn[]): void {
  const { found, index } = findRow(table, pk);
  if (found) table.rows.splice(index, 1);
}

export interface PkRules {
  /** GetRange bounds may use INF_MIN / INF_MAX. */
  allowInfinity?: boolean;
  /** PutRow (and batch PUT) may ask for an AUTO_INCREMENT value. */
  allowAutoIncrement?: boolean;
}

/** Check a primary key against the schema: count, names, order and types. `what` names the field. */
export function validatePk(table: Table, pk: readonly PkColumn[], what: string, rules: PkRules = {}): void {
  if (pk.length !== table.pkSchema.length) {
    throw invalid(`${what}: table '${table.name}' has ${table.pkSchema.length} primary key columns, got ${pk.length}`);
  }
  table.pkSchema.forEach((schema, i) => {
    const col = pk[i] as PkColumn;
    if (col.name !== schema.name) {
      throw invalid(`${what}: Validate PK name fail. Input: ${col.name}, Meta: ${schema.name}.`);
    }
    const kind = col.value.kind;
    if (kind === PK_KIND[schema.type]) {
      if (col.value.kind === 'string' && Buffer.byteLength(col.value.v) > 1024) {
        throw invalid(`${what}: primary key column '${col.name}' is longer than 1024 bytes`);
      }
      return;
    }
    if (rules.allowInfinity && (kind === 'infMin' || kind === 'infMax')) return;
    if (rules.allowAutoIncrement && kind === 'autoIncrement' && schema.autoIncrement) return;
    throw invalid(
      `${what}: Validate PK type fail. Column '${col.name}' is ${schema.type}${schema.autoIncrement ? ' AUTO_INCREMENT' : ''}, got ${describeValue(col.value)}.`,
    );
  });
}

/** Drop cells and rows that can no longer be seen (called before writing the data file). */
export function purgeExpired(table: Table, nowMs: number): void {
  table.rows = table.rows.filter((row) => {
    for (const [name, cell] of row.cells) if (!isAlive(table, cell.timestampMs, nowMs)) row.cells.delete(name);
    return row.cells.size > 0 || isAlive(table, row.markerMs, nowMs);
  });
}
