/**
 * A typed view of the parts of the official `tablestore` SDK (CommonJS, untyped) that the adapter uses,
 * plus small builders for conditions and integer cells. Keeping the `unknown` → typed cast in one place
 * means a wrong assumption about the SDK shows up here and nowhere else.
 */
import TableStoreModule from 'tablestore';

/** INTEGER cells come back as int64-buffer `Int64LE` objects. */
export interface Int64 {
  toNumber(): number;
  toString(radix?: number): string;
}
export type CellValue = string | number | boolean | Int64 | Uint8Array;
export interface SdkCell {
  name: string;
  value: CellValue;
}
export interface SdkRow {
  primaryKey?: SdkCell[];
  attributes?: Array<{ columnName: string; columnValue: CellValue; timestamp?: unknown }>;
}
/** Primary key as the SDK takes it: an ordered array of one-key objects. */
export type PrimaryKey = Array<Record<string, unknown>>;
export type Attributes = Array<Record<string, unknown>>;
export type UpdateOps = Array<Partial<Record<'PUT' | 'DELETE_ALL' | 'INCREMENT', Attributes | string[]>>>;

export interface SdkClient {
  putRow(p: {
    tableName: string;
    condition: unknown;
    primaryKey: PrimaryKey;
    attributeColumns: Attributes;
  }): Promise<unknown>;
  getRow(p: { tableName: string; primaryKey: PrimaryKey; maxVersions: number }): Promise<{ row: SdkRow }>;
  updateRow(p: {
    tableName: string;
    condition: unknown;
    primaryKey: PrimaryKey;
    updateOfAttributeColumns: UpdateOps;
  }): Promise<unknown>;
  getRange(p: {
    tableName: string;
    direction: string;
    inclusiveStartPrimaryKey: PrimaryKey;
    exclusiveEndPrimaryKey: PrimaryKey;
    limit: number;
    maxVersions: number;
  }): Promise<{ rows: SdkRow[]; nextStartPrimaryKey: SdkCell[] | null }>;
  createTable(p: object): Promise<unknown>;
  describeTable(p: { tableName: string }): Promise<{ tableOptions?: { timeToLive?: number }; tableStatus?: unknown }>;
  listTable(p: object): Promise<{ tableNames: string[] }>;
  deleteTable(p: { tableName: string }): Promise<unknown>;
}

/** The client configuration keys the adapter sets (see the SDK's lib/config.js). */
export interface SdkClientConfig {
  accessKeyId: string;
  secretAccessKey: string;
  stsToken?: string;
  endpoint: string;
  instancename: string;
  httpOptions: { timeout: number; maxSockets?: number };
}

interface Sdk {
  Client: new (config: SdkClientConfig) => SdkClient;
  Condition: new (rowExistence: number, columnCondition: unknown) => unknown;
  SingleColumnCondition: new (
    name: string,
    value: CellValue,
    comparator: number,
    passIfMissing: boolean,
    latestVersionOnly: boolean,
  ) => unknown;
  CompositeCondition: new (op: number) => { addSubCondition(c: unknown): void };
  RowExistenceExpectation: { IGNORE: number; EXPECT_EXIST: number; EXPECT_NOT_EXIST: number };
  ComparatorType: { EQUAL: number; LESS_EQUAL: number; GREATER_THAN: number };
  LogicalOperator: { AND: number };
  Long: { fromNumber(n: number): Int64 };
  INF_MIN: object;
  INF_MAX: object;
  Direction: { FORWARD: string; BACKWARD: string };
  DefaultRetryPolicy: { maxRetryTimes: number };
}

export const TableStore = TableStoreModule as Sdk;

/** An INTEGER cell (a plain JS number would be written as DOUBLE). */
export const long = (n: number): Int64 => TableStore.Long.fromNumber(n);

/** A cell as a JS number, whatever numeric type it was stored as. */
export function toNumber(value: CellValue | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value;
  if (typeof value === 'object' && 'toNumber' in value) return value.toNumber();
  return undefined;
}

const { RowExistenceExpectation: Existence, ComparatorType } = TableStore;

export const conditions = {
  ignore: () => new TableStore.Condition(Existence.IGNORE, null),
  notExist: () => new TableStore.Condition(Existence.EXPECT_NOT_EXIST, null),
  exist: (columnCondition: unknown = null) => new TableStore.Condition(Existence.EXPECT_EXIST, columnCondition),
  /** Column equals value; a missing column FAILS the check. */
  equals: (name: string, value: CellValue) =>
    new TableStore.SingleColumnCondition(name, value, ComparatorType.EQUAL, false, true),
  /** Column ≤ value; `passIfMissing` decides for rows without the column. */
  atMost: (name: string, value: CellValue, passIfMissing: boolean) =>
    new TableStore.SingleColumnCondition(name, value, ComparatorType.LESS_EQUAL, passIfMissing, true),
  /** Column > value; a missing column FAILS the check. */
  above: (name: string, value: CellValue) =>
    new TableStore.SingleColumnCondition(name, value, ComparatorType.GREATER_THAN, false, true),
  and: (...subs: unknown[]) => {
    const all = new TableStore.CompositeCondition(TableStore.LogicalOperator.AND);
    for (const sub of subs) all.addSubCondition(sub);
    return all;
  },
};

/** Attribute cells of a row as a name → value record (maxVersions 1: one value per column). */
export function attributesOf(row: SdkRow | undefined): Record<string, CellValue> | undefined {
  if (!row?.primaryKey) return undefined;
  const out: Record<string, CellValue> = {};
  for (const a of row.attributes ?? []) out[a.columnName] = a.columnValue;
  return out;
}
