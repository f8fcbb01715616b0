/**
 * Test harness for the Tablestore emulator: the REAL `tablestore` SDK (loaded with createRequire, it is
 * CommonJS and untyped) pointed at an emulator on a free port, plus helpers to read the SDK's errors,
 * which carry the service's code only inside `err.message` (reference/sdk-wire.md §4.5).
 */
import { createRequire } from 'node:module';
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';
import {
  startTablestoreEmulator,
  type TablestoreEmulator,
  type TablestoreEmulatorOptions,
} from '@ecs-autoscaler/local-cloud/tablestore/index.js';

const require = createRequire(import.meta.url);

// biome-ignore lint/suspicious/noExplicitAny: the SDK is untyped; tests use it the way applications do.
export type Sdk = any;
/** The official SDK module. */
export const TS: Sdk = require('tablestore');

export const INSTANCE = 'inst1';
export const CREDS = { accessKeyId: 'AKID-test', accessKeySecret: 'secret-test' };

export interface Harness {
  emu: TablestoreEmulator;
  clock: VirtualClock;
  client: Sdk;
}

/** An SDK client for `url`. maxRetries 0 (a process-global in the SDK) unless the test says otherwise. */
export function sdkClient(url: string, extra: Record<string, unknown> = {}): Sdk {
  return new TS.Client({
    accessKeyId: CREDS.accessKeyId,
    secretAccessKey: CREDS.accessKeySecret,
    endpoint: url,
    instancename: INSTANCE,
    maxRetries: 0,
    ...extra,
  });
}

/** Start an emulator on a virtual clock (2025-01-01 UTC) with an SDK client. */
export async function startHarness(opts: Partial<TablestoreEmulatorOptions> = {}): Promise<Harness> {
  const clock = (opts.clock as VirtualClock | undefined) ?? new VirtualClock(Date.UTC(2025, 0, 1));
  const emu = await startTablestoreEmulator({ clock, instanceName: INSTANCE, credentials: CREDS, ...opts });
  return { emu, clock, client: sdkClient(emu.url) };
}

/** What a failed SDK call looked like on the wire: HTTP status and the service error code. */
export interface WireError {
  status: number;
  code: string | undefined;
  message: string;
}

/** Await a call that must fail; returns its status and OTS code (parsed from the protobuf text in message). */
export async function failure(call: Promise<unknown>): Promise<WireError> {
  try {
    await call;
  } catch (err) {
    const e = err as { code: unknown; message: string };
    return { status: Number(e.code), code: /OTS[A-Za-z]+/.exec(e.message)?.[0], message: e.message };
  }
  throw new Error('expected the call to fail, it succeeded');
}

/** `[{pk:'a'},{n:Long(1)}]` from a plain object; numbers become INTEGER. */
export function pk(obj: Record<string, string | number | Buffer | object>): Sdk[] {
  return Object.entries(obj).map(([k, v]) => ({ [k]: typeof v === 'number' ? TS.Long.fromNumber(v) : v }));
}

/** Attribute columns from a plain object: integers as Long, other numbers as DOUBLE. */
export function attrs(obj: Record<string, unknown>): Sdk[] {
  return Object.entries(obj).map(([k, v]) => ({
    [k]: typeof v === 'number' && Number.isInteger(v) ? TS.Long.fromNumber(v) : v,
  }));
}

/** A row from the SDK as a plain object `{col: value}` (integers as numbers). */
export function plain(
  row: { attributes?: { columnName: string; columnValue: unknown }[] } | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const a of row?.attributes ?? []) {
    const v = a.columnValue as { toNumber?: () => number };
    out[a.columnName] = typeof v?.toNumber === 'function' ? v.toNumber() : a.columnValue;
  }
  return out;
}

/** Primary key of an SDK row as `{name: value}` (integers as numbers). */
export function plainPk(pkCols: { name: string; value: unknown }[] | null | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of pkCols ?? []) {
    const v = c.value as { toNumber?: () => number };
    out[c.name] = typeof v?.toNumber === 'function' ? v.toNumber() : c.value;
  }
  return out;
}

export const cond = (existence: 'IGNORE' | 'EXPECT_EXIST' | 'EXPECT_NOT_EXIST', column: unknown = null): Sdk =>
  new TS.Condition(TS.RowExistenceExpectation[existence], column);

/** Create a table with the given primary key columns and options. */
export function createTable(
  client: Sdk,
  tableName: string,
  primaryKey: { name: string; type: 'STRING' | 'INTEGER' | 'BINARY'; option?: 'AUTO_INCREMENT' }[],
  tableOptions: { timeToLive: number; maxVersions: number } = { timeToLive: -1, maxVersions: 1 },
): Promise<unknown> {
  return client.createTable({
    tableMeta: { tableName, primaryKey },
    reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
    tableOptions,
  });
}
