/**
 * PlainBuffer encoding of replies with the SDK's own writer (`PlainBufferCodedOutputStream`), so that what
 * the emulator sends is byte-for-byte what the SDK reader expects, CRC8 checksums included. The SDK sizes
 * its buffers by estimate and pads with zeros; the emulator trims to the bytes actually written, which
 * matters when rows are concatenated in a GetRange reply.
 */
import { type SdkValue, TableStore } from '../sdk.js';
import type { DataValue, PkColumn, Value } from '../values.js';

/** An attribute cell as it goes out: name, value, version (epoch ms). */
export interface OutCell {
  name: string;
  value: DataValue;
  timestampMs: number;
}

function toSdkValue(v: Value): SdkValue {
  switch (v.kind) {
    case 'integer':
      return TableStore.Long.fromString(v.v.toString());
    case 'double':
    case 'boolean':
    case 'string':
    case 'binary':
      return v.v;
    default:
      throw new Error(`cannot encode a ${v.kind} value in a reply`);
  }
}

/** Upper bound of the encoded size; the SDK writer refuses to overflow its buffer, so be generous. */
function capacityFor(pk: readonly PkColumn[], cells: readonly OutCell[]): number {
  const sizeOf = (name: string, v: Value): number =>
    32 +
    Buffer.byteLength(name) +
    ('v' in v && typeof v.v === 'string' ? Buffer.byteLength(v.v) : 0) +
    (v.kind === 'binary' ? v.v.length : 0);
  let size = 16;
  for (const c of pk) size += sizeOf(c.name, c.value);
  for (const c of cells) size += sizeOf(c.name, c.value);
  return size;
}

/** One row with its header: primary key, then the cells with their timestamps. */
export function encodeRow(pk: readonly PkColumn[], cells: readonly OutCell[]): Buffer {
  const out = new TableStore.PlainBufferOutputStream(capacityFor(pk, cells));
  const coded = new TableStore.PlainBufferCodedOutputStream(out);
  coded.writeHeader();
  let crc = coded.writePrimaryKey(
    pk.map((c) => ({ [c.name]: toSdkValue(c.value) })),
    0,
  );
  crc = coded.writeColumns(
    cells.map((c) => ({ [c.name]: toSdkValue(c.value), timestamp: c.timestampMs })),
    crc,
  );
  crc = TableStore.plainBufferCrc8.crcInt8(crc, 0);
  coded.writeRowChecksum(crc);
  return Buffer.from(out.getBuffer().subarray(0, out.count()));
}

/** A primary key alone, as in RT_PK replies and GetRange's next_start_primary_key. */
export function encodePrimaryKey(pk: readonly PkColumn[]): Buffer {
  return encodeRow(pk, []);
}

/** Several rows in one buffer: one header, then each row without its own header (GetRange `rows`). */
export function encodeRows(rows: readonly Buffer[]): Buffer {
  if (rows.length === 0) return Buffer.alloc(0);
  return Buffer.concat([(rows[0] as Buffer).subarray(0, 4), ...rows.map((r) => r.subarray(4))]);
}
