/**
 * PlainBuffer decoder for what clients send. The SDK's own reader cannot be used on the server side: it
 * crashes on cell operations (DELETE_ALL, DELETE_ONE_VERSION, INCREMENT) and on INF_MIN / INF_MAX /
 * AUTO_INCREMENT keys, and it does not tolerate the zero padding its own writer leaves behind
 * (reference/sdk-wire.md §4.4). Every cell and row checksum is verified.
 *
 *   header : LE32 0x75
 *   row    : [0x01 cell*] [0x02 cell*] [0x08] 0x09 <row crc>
 *   cell   : 0x03 0x04 <LE32 len><name> [0x05 <LE32 len><type><payload>] [0x06 <op>] [0x07 <LE64 ts>] 0x0A <crc>
 */
import { invalid, type OtsError } from '../errors.js';
import type { PkColumn, Value } from '../values.js';
import { crc8Byte, crc8Bytes } from './crc8.js';

export const HEADER = 0x75;
export const TAG = {
  ROW_PK: 0x01,
  ROW_DATA: 0x02,
  CELL: 0x03,
  CELL_NAME: 0x04,
  CELL_VALUE: 0x05,
  CELL_TYPE: 0x06,
  CELL_TIMESTAMP: 0x07,
  DELETE_ROW_MARKER: 0x08,
  ROW_CHECKSUM: 0x09,
  CELL_CHECKSUM: 0x0a,
} as const;

/** Variant type bytes. */
export const VT = {
  INTEGER: 0x0,
  DOUBLE: 0x1,
  BOOLEAN: 0x2,
  STRING: 0x3,
  NULL: 0x6,
  BLOB: 0x7,
  INF_MIN: 0x9,
  INF_MAX: 0xa,
  AUTO_INCREMENT: 0xb,
} as const;

export type CellOp = 'DELETE_ALL' | 'DELETE_ONE_VERSION' | 'INCREMENT';
const CELL_OPS: Record<number, CellOp> = { 1: 'DELETE_ALL', 3: 'DELETE_ONE_VERSION', 4: 'INCREMENT' };

export interface DecodedCell {
  name: string;
  value?: Value;
  op?: CellOp;
  /** Cell version (epoch ms) when the client set one. */
  timestampMs?: number;
}

export interface DecodedRow {
  pk: PkColumn[];
  cells: DecodedCell[];
  deleteMarker: boolean;
}

/** A cursor over one buffer; every read is bounds-checked and failures name the field being read. */
class Reader {
  pos = 0;
  constructor(
    readonly buf: Buffer,
    readonly what: string,
  ) {}

  fail(problem: string): OtsError {
    return invalid(`${this.what}: malformed PlainBuffer at byte ${this.pos}: ${problem}`);
  }
  need(n: number, field: string): void {
    if (n < 0 || this.pos + n > this.buf.length) throw this.fail(`truncated while reading ${field}`);
  }
  byte(field: string): number {
    this.need(1, field);
    return this.buf[this.pos++] as number;
  }
  /** Next tag, or 0 at the end of the buffer. */
  tag(): number {
    return this.pos < this.buf.length ? (this.buf[this.pos++] as number) : 0;
  }
  bytes(n: number, field: string): Buffer {
    this.need(n, field);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  le32(field: string): number {
    this.need(4, field);
    const v = this.buf.readInt32LE(this.pos);
    this.pos += 4;
    return v;
  }
}

/** Types made of the type byte alone. */
const MARKERS: Record<number, 'infMin' | 'infMax' | 'autoIncrement' | 'null'> = {
  [VT.INF_MIN]: 'infMin',
  [VT.INF_MAX]: 'infMax',
  [VT.AUTO_INCREMENT]: 'autoIncrement',
  [VT.NULL]: 'null',
};

/** Reads a variant (type byte + payload); returns the value and the CRC folded over it. */
function readVariant(r: Reader, crcIn: number, declaredLen?: number): { value: Value; crc: number } {
  const start = r.pos;
  const type = r.byte('value type');
  let crc = crc8Byte(crcIn, type);
  let value: Value;
  if (type === VT.INTEGER || type === VT.DOUBLE) {
    const raw = r.bytes(8, '64-bit value');
    crc = crc8Bytes(crc, raw);
    value =
      type === VT.INTEGER ? { kind: 'integer', v: raw.readBigInt64LE(0) } : { kind: 'double', v: raw.readDoubleLE(0) };
  } else if (type === VT.BOOLEAN) {
    const b = r.byte('boolean value');
    crc = crc8Byte(crc, b);
    value = { kind: 'boolean', v: b !== 0 };
  } else if (type === VT.STRING || type === VT.BLOB) {
    const lenBytes = r.bytes(4, 'value length');
    const data = r.bytes(lenBytes.readInt32LE(0), 'value bytes');
    crc = crc8Bytes(crc8Bytes(crc, lenBytes), data);
    value =
      type === VT.STRING ? { kind: 'string', v: data.toString('utf8') } : { kind: 'binary', v: Buffer.from(data) };
  } else if (MARKERS[type]) {
    value = { kind: MARKERS[type] };
  } else {
    r.pos = start;
    throw r.fail(`unknown value type 0x${type.toString(16)}`);
  }
  if (declaredLen !== undefined && declaredLen !== r.pos - start) {
    throw r.fail(`value length field says ${declaredLen} bytes but the value has ${r.pos - start}`);
  }
  return { value, crc };
}

/** Reads one cell after its CELL tag; returns the cell and its checksum (already verified). */
function readCell(r: Reader): { cell: DecodedCell; crc: number } {
  if (r.tag() !== TAG.CELL_NAME) throw r.fail('expected CELL_NAME');
  const nameBytes = r.bytes(r.le32('name length'), 'cell name');
  const cell: DecodedCell = { name: nameBytes.toString('utf8') };
  // The checksum covers name, value, timestamp, op type in that order, whatever the order on the wire.
  let valueCrc = crc8Bytes(0, nameBytes);
  let ts: Buffer | undefined;
  let op: number | undefined;
  for (let tag = r.tag(); ; tag = r.tag()) {
    if (tag === TAG.CELL_VALUE) {
      const len = r.le32('value length');
      const read = readVariant(r, valueCrc, len);
      cell.value = read.value;
      valueCrc = read.crc;
    } else if (tag === TAG.CELL_TYPE) {
      op = r.byte('cell type');
      const known = CELL_OPS[op];
      if (!known) throw r.fail(`unknown cell type ${op}`);
      cell.op = known;
    } else if (tag === TAG.CELL_TIMESTAMP) {
      ts = r.bytes(8, 'cell timestamp');
      cell.timestampMs = Number(ts.readBigInt64LE(0));
    } else if (tag === TAG.CELL_CHECKSUM) {
      let crc = ts ? crc8Bytes(valueCrc, ts) : valueCrc;
      if (op !== undefined) crc = crc8Byte(crc, op);
      const sent = r.byte('cell checksum');
      if (sent !== crc) throw r.fail(`cell '${cell.name}' checksum mismatch (sent ${sent}, computed ${crc})`);
      return { cell, crc };
    } else {
      throw r.fail(`unexpected tag 0x${tag.toString(16)} in cell '${cell.name}'`);
    }
  }
}

/** Reads consecutive cells; returns them, the tag that followed, and the updated row CRC. */
function readCells(r: Reader, rowCrc: number): { cells: DecodedCell[]; next: number; rowCrc: number } {
  const cells: DecodedCell[] = [];
  let crc = rowCrc;
  let tag = r.tag();
  while (tag === TAG.CELL) {
    const read = readCell(r);
    cells.push(read.cell);
    crc = crc8Byte(crc, read.crc);
    tag = r.tag();
  }
  return { cells, next: tag, rowCrc: crc };
}

/**
 * Decode one row (header included). `what` names the request field for error messages
 * (e.g. "PutRow row"). Trailing zero bytes (the SDK's size over-estimate) are accepted; anything else is not.
 */
export function decodeRow(bytes: Uint8Array, what: string): DecodedRow {
  const r = new Reader(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), what);
  if (r.buf.length < 4 || r.buf.readInt32LE(0) !== HEADER) throw r.fail('missing PlainBuffer header 0x75');
  r.pos = 4;
  let tag = r.tag();
  let rowCrc = 0;
  const row: DecodedRow = { pk: [], cells: [], deleteMarker: false };
  if (tag === TAG.ROW_PK) {
    const read = readCells(r, rowCrc);
    row.pk = read.cells.map((c) => toPkColumn(r, c));
    ({ next: tag, rowCrc } = read);
  }
  if (tag === TAG.ROW_DATA) {
    const read = readCells(r, rowCrc);
    row.cells = read.cells;
    ({ next: tag, rowCrc } = read);
  }
  if (tag === TAG.DELETE_ROW_MARKER) {
    row.deleteMarker = true;
    tag = r.tag();
  }
  rowCrc = crc8Byte(rowCrc, row.deleteMarker ? 1 : 0);
  if (tag !== TAG.ROW_CHECKSUM) throw r.fail(`expected ROW_CHECKSUM, found tag 0x${tag.toString(16)}`);
  const sent = r.byte('row checksum');
  if (sent !== rowCrc) throw r.fail(`row checksum mismatch (sent ${sent}, computed ${rowCrc})`);
  for (; r.pos < r.buf.length; r.pos++) if (r.buf[r.pos] !== 0) throw r.fail('unexpected bytes after the row');
  return row;
}

function toPkColumn(r: Reader, c: DecodedCell): PkColumn {
  if (!c.value || c.op !== undefined || c.timestampMs !== undefined) {
    throw r.fail(`primary key column '${c.name}' must carry exactly a value`);
  }
  return { name: c.name, value: c.value };
}

/** Decode a bare variant (type byte + payload), as in SingleColumnValueFilter.column_value. */
export function decodeBareValue(bytes: Uint8Array, what: string): Value {
  const r = new Reader(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), what);
  const { value } = readVariant(r, 0);
  for (; r.pos < r.buf.length; r.pos++) if (r.buf[r.pos] !== 0) throw r.fail('unexpected bytes after the value');
  return value;
}
