/**
 * What every operation handler receives, and the small protobuf helpers they share. Handlers are
 * synchronous: read, check and write happen in one tick, which is what makes each row operation atomic
 * with respect to concurrent requests.
 */
import { invalid, tableNotExist } from './errors.js';
import type { Table } from './model.js';
import { mainProto } from './sdk.js';

export interface Database {
  tables: Map<string, Table>;
}

export interface OpContext {
  db: Database;
  /** Emulator clock, epoch ms; TTL and cell versions follow it. */
  nowMs: number;
  /** Call after any state change so the data file gets written. */
  markDirty(): void;
}

/** An operation handler: request body in, response body out (throws OtsError). */
export type Handler = (ctx: OpContext, body: Uint8Array) => Uint8Array;

/** Decode a request message, turning protobuf errors into OTSParameterInvalid. */
export function decodeRequest<T>(type: string, body: Uint8Array): T {
  try {
    return mainProto(type).decode(body) as T;
  } catch (err) {
    throw invalid(`${type}: cannot decode the request body: ${(err as Error).message}`);
  }
}

/** Encode a response message. */
export function encodeResponse(type: string, message: object): Uint8Array {
  return mainProto(type).encode(message).finish();
}

/** Was an optional protobuf field present on the wire (protobufjs puts defaults on the prototype)? */
export function has(message: object | null | undefined, field: string): boolean {
  return !!message && Object.hasOwn(message, field);
}

/** protobufjs int64 (Long, number or string) to a JS number. */
export function int64ToNumber(v: unknown): number {
  return typeof v === 'number' ? v : Number(String(v));
}

/** The named table, or OTSObjectNotExist. */
export function requireTable(ctx: OpContext, name: string): Table {
  const table = ctx.db.tables.get(name);
  if (!table) throw tableNotExist();
  return table;
}

/** Capacity units reported back; the emulator does not meter, it reports one unit per touched row. */
export function consumed(read: number, write: number): { capacityUnit: { read: number; write: number } } {
  return { capacityUnit: { read, write } };
}
