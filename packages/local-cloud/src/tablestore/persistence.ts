/**
 * The data file. Format: line 1 is a JSON header `{format, bytes, sha256}`, line 2 the JSON data those
 * describe, so truncation and corruption are detected exactly and reported naming the file (never a silent
 * reset). Writes are atomic: temp file, fsync, rename, fsync of the directory. A crash leaves either the
 * old file or the new one. Besides the tables, the data may carry `companions`: other state saved in the same
 * atomic write (the local cloud keeps its ECS emulator's state and its clock there, so the store and the ECS
 * state on disk are always from the same instant).
 */
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { StateUnavailableError } from '../errors.js';
import type { Database } from './context.js';
import type { PkSchema, StoredCell, StoredRow, Table } from './model.js';
import { type JsonValue, valueFromJson, valueToJson } from './values.js';

export const FORMAT = 'tablestore-emulator/1';

type JsonRow = [pk: [string, JsonValue][], cells: [string, JsonValue, number][], markerMs: number];

interface JsonTable extends Omit<Table, 'rows' | 'lastAutoIncrement'> {
  lastAutoIncrement: string;
  rows: JsonRow[];
}

function rowToJson(row: StoredRow): JsonRow {
  const pk = row.pk.map((c): [string, JsonValue] => {
    if (!('v' in c.value)) throw new Error(`cannot store a ${c.value.kind} primary key`);
    return [c.name, valueToJson(c.value)];
  });
  const cells = [...row.cells].map(([name, c]): [string, JsonValue, number] => [
    name,
    valueToJson(c.value),
    c.timestampMs,
  ]);
  return [pk, cells, row.markerMs];
}

/** Other state saved with the tables, by name (JSON values). */
export type Companions = Record<string, unknown>;

/** What a data file holds. */
export interface DataFileContents {
  db: Database;
  companions: Companions;
  /** The last journal entry the data includes (journal.ts); 0 for a file written without a journal. */
  seq: number;
}

/** Serialise the whole database (and any companions) to the two-line file text. */
export function serialize(db: Database, companions: Companions = {}, seq = 0): string {
  const tables: JsonTable[] = [...db.tables.values()].map((t) => ({
    ...t,
    lastAutoIncrement: t.lastAutoIncrement.toString(),
    rows: t.rows.map(rowToJson),
  }));
  const data = JSON.stringify({
    tables,
    ...(Object.keys(companions).length ? { companions } : {}),
    ...(seq > 0 ? { seq } : {}),
  });
  const header = { format: FORMAT, bytes: Buffer.byteLength(data), sha256: sha256(data) };
  return `${JSON.stringify(header)}\n${data}\n`;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function expect(cond: boolean, problem: string): asserts cond {
  if (!cond) throw new TypeError(problem);
}

function tableFromJson(j: JsonTable): Table {
  expect(
    typeof j.name === 'string' && Array.isArray(j.pkSchema) && Array.isArray(j.rows),
    'a table entry lacks name, pkSchema or rows',
  );
  const rows = j.rows.map((r): StoredRow => {
    expect(Array.isArray(r) && r.length === 3, `table ${j.name}: bad row ${JSON.stringify(r).slice(0, 80)}`);
    const [pk, cells, markerMs] = r;
    const stored = new Map<string, StoredCell>();
    for (const [name, v, ts] of cells) stored.set(name, { value: valueFromJson(v), timestampMs: Number(ts) });
    return { pk: pk.map(([name, v]) => ({ name, value: valueFromJson(v) })), cells: stored, markerMs };
  });
  const pkSchema: PkSchema[] = j.pkSchema.map((s) => ({
    name: s.name,
    type: s.type,
    autoIncrement: !!s.autoIncrement,
  }));
  return { ...j, pkSchema, rows, lastAutoIncrement: BigInt(j.lastAutoIncrement) };
}

/** Parse the file text; throws a TypeError describing the first problem. */
export function deserialize(text: string): Database {
  return deserializeFile(text).db;
}

/** Parse the file text, companions included; throws a TypeError describing the first problem. */
export function deserializeFile(text: string): DataFileContents {
  const newline = text.indexOf('\n');
  expect(newline > 0, 'no header line');
  let header: { format?: unknown; bytes?: unknown; sha256?: unknown };
  try {
    header = JSON.parse(text.slice(0, newline));
  } catch {
    throw new TypeError('the header line is not JSON');
  }
  expect(header.format === FORMAT, `unknown format ${JSON.stringify(header.format)} (expected ${FORMAT})`);
  const data = text.slice(newline + 1).replace(/\n$/, '');
  const actual = Buffer.byteLength(data);
  expect(
    actual >= Number(header.bytes),
    `truncated: the header announces ${header.bytes} bytes of data, found ${actual}`,
  );
  expect(actual === Number(header.bytes), `${actual - Number(header.bytes)} unexpected bytes after the data`);
  expect(sha256(data) === header.sha256, 'checksum mismatch: the data does not match its sha256 in the header');
  const parsed = JSON.parse(data) as { tables?: JsonTable[]; companions?: unknown; seq?: unknown };
  expect(Array.isArray(parsed.tables), 'the data has no tables array');
  const companions = parsed.companions ?? {};
  expect(typeof companions === 'object' && companions !== null && !Array.isArray(companions), 'bad companions');
  return {
    db: { tables: new Map(parsed.tables.map((t) => [t.name, tableFromJson(t)])) },
    companions: companions as Companions,
    seq: Number.isSafeInteger(parsed.seq) ? (parsed.seq as number) : 0,
  };
}

/** Load the data file; a missing file is an empty database, an unreadable one an error naming the file. */
export async function loadDataFile(file: string): Promise<Database> {
  return (await loadDataFileContents(file)).db;
}

/** Like loadDataFile, companions included (none for a missing file). */
export async function loadDataFileContents(file: string): Promise<DataFileContents> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { db: { tables: new Map() }, companions: {}, seq: 0 };
    throw new StateUnavailableError(
      `Tablestore emulator data file ${file} cannot be read: ${(err as Error).message}`,
      false,
      {
        cause: err,
      },
    );
  }
  if (text.length === 0) {
    throw new StateUnavailableError(
      `Tablestore emulator data file ${file} is empty (0 bytes); restore it or delete it to start afresh`,
      false,
    );
  }
  try {
    return deserializeFile(text);
  } catch (err) {
    throw new StateUnavailableError(
      `Tablestore emulator data file ${file} is corrupt: ${(err as Error).message}; restore it or delete it to start afresh`,
      false,
      { cause: err },
    );
  }
}

/** Write `text` to `file` atomically (temp + fsync + rename + directory fsync). */
export async function writeAtomically(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, file);
  try {
    const dir = await open(dirname(file), 'r');
    await dir.sync().finally(() => dir.close());
  } catch {
    // Some file systems refuse fsync on a directory; the rename itself is still atomic.
  }
}
