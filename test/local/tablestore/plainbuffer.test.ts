import { describe, expect, it } from 'vitest';
import { decodeBareValue, decodeRow } from '@ecs-autoscaler/local-cloud/tablestore/plainbuffer/decode.js';
import { encodePrimaryKey, encodeRow, encodeRows } from '@ecs-autoscaler/local-cloud/tablestore/plainbuffer/encode.js';
import { type Sdk, TS } from './harness.js';

const B = TS.PlainBufferBuilder;
const L = (n: number | string) => (typeof n === 'string' ? TS.Long.fromString(n) : TS.Long.fromNumber(n));

/** Read with the SDK's own reader (what the client does with our replies). */
function sdkRead(buf: Buffer, many = false): Sdk {
  const stream = new TS.PlainBufferCodedInputStream(
    new TS.PlainBufferInputStream({ buffer: buf, offset: 0, limit: buf.length }),
  );
  return many ? stream.readRows() : stream.readRow();
}

describe('PlainBuffer decoder (against bytes written by the SDK)', () => {
  it('decodes a PutRow row: every value type, client timestamps', () => {
    const bytes = B.serializeForPutRow(
      [{ s: 'key' }, { i: L(-5) }, { b: Buffer.from([9, 8]) }],
      [
        { str: 'héllo' },
        { int: L('9223372036854775807') },
        { dbl: -0.25 },
        { yes: true },
        { no: false },
        { blob: Buffer.alloc(0) },
        { ts: 'x', timestamp: 1234 },
      ],
    );
    const row = decodeRow(bytes, 'test');
    expect(row.pk).toEqual([
      { name: 's', value: { kind: 'string', v: 'key' } },
      { name: 'i', value: { kind: 'integer', v: -5n } },
      { name: 'b', value: { kind: 'binary', v: Buffer.from([9, 8]) } },
    ]);
    expect(row.cells).toEqual([
      { name: 'str', value: { kind: 'string', v: 'héllo' } },
      { name: 'int', value: { kind: 'integer', v: 2n ** 63n - 1n } },
      { name: 'dbl', value: { kind: 'double', v: -0.25 } },
      { name: 'yes', value: { kind: 'boolean', v: true } },
      { name: 'no', value: { kind: 'boolean', v: false } },
      { name: 'blob', value: { kind: 'binary', v: Buffer.alloc(0) } },
      { name: 'ts', value: { kind: 'string', v: 'x' }, timestampMs: 1234 },
    ]);
    expect(row.deleteMarker).toBe(false);
  });

  it('decodes UpdateRow cell operations the SDK reader cannot (DELETE_ALL, DELETE one version, INCREMENT)', () => {
    const bytes = B.serializeForUpdateRow(
      [{ k: 'a' }],
      [
        { PUT: [{ status: 'RUNNING' }] },
        { DELETE_ALL: ['old'] },
        { DELETE: [{ v: L(77) }] },
        { INCREMENT: [{ n: L(1) }] },
      ],
    );
    expect(() => sdkRead(bytes)).toThrow();
    expect(decodeRow(bytes, 'test').cells).toEqual([
      { name: 'status', value: { kind: 'string', v: 'RUNNING' } },
      { name: 'old', op: 'DELETE_ALL' },
      { name: 'v', op: 'DELETE_ONE_VERSION', timestampMs: 77 },
      { name: 'n', value: { kind: 'integer', v: 1n }, op: 'INCREMENT' },
    ]);
  });

  it('decodes INF_MIN / INF_MAX / AUTO_INCREMENT keys and tolerates the SDK zero padding', () => {
    const bytes = B.serializePrimaryKey([{ a: TS.INF_MIN }, { b: TS.INF_MAX }, { c: TS.PK_AUTO_INCR }]);
    expect(bytes[bytes.length - 1]).toBe(0); // the SDK over-estimates the size
    expect(decodeRow(bytes, 'test').pk.map((c) => c.value.kind)).toEqual(['infMin', 'infMax', 'autoIncrement']);
  });

  it('decodes a DeleteRow key with its delete marker', () => {
    const row = decodeRow(B.serializeForDeleteRow([{ k: 'gone' }]), 'test');
    expect(row).toEqual({ pk: [{ name: 'k', value: { kind: 'string', v: 'gone' } }], cells: [], deleteMarker: true });
  });

  it('decodes a bare filter value', () => {
    expect(decodeBareValue(B.serializeColumnValue('PENDING'), 'test')).toEqual({ kind: 'string', v: 'PENDING' });
    expect(decodeBareValue(B.serializeColumnValue(L(-1)), 'test')).toEqual({ kind: 'integer', v: -1n });
  });

  const sample = (): Buffer =>
    B.serializeForUpdateRow(
      [{ k: 'a' }, { n: L(3) }],
      [{ PUT: [{ s: 'x' }, { d: 1.5 }] }, { INCREMENT: [{ c: L(2) }] }, { DELETE_ALL: ['z'] }],
    );

  it('rejects every single-bit flip (CRC8 on cells and rows, strict structure)', () => {
    const good = sample();
    const undetected: string[] = [];
    for (let i = 0; i < good.length; i++) {
      for (let bit = 0; bit < 8; bit++) {
        const bad = Buffer.from(good);
        bad[i] = (bad[i] as number) ^ (1 << bit);
        try {
          decodeRow(bad, 'test');
          undetected.push(`byte ${i} bit ${bit}`);
        } catch (err) {
          expect((err as Error).message).toMatch(/^test: malformed PlainBuffer at byte \d+: /);
        }
      }
    }
    expect(undetected).toEqual([]);
  });

  it('rejects every truncation', () => {
    const good = sample();
    const end = good.length - [...good].reverse().findIndex((b) => b !== 0);
    for (let len = 0; len < end; len++)
      expect(() => decodeRow(good.subarray(0, len), 'test')).toThrow(/malformed PlainBuffer/);
  });
});

describe('PlainBuffer replies (encoded with the SDK writer, read by the SDK reader)', () => {
  const pk = [
    { name: 'k', value: { kind: 'string' as const, v: 'a' } },
    { name: 'n', value: { kind: 'integer' as const, v: -9n } },
  ];

  it('a row with every attribute type reads back in the SDK', () => {
    const row = sdkRead(
      encodeRow(pk, [
        { name: 'b', value: { kind: 'boolean', v: true }, timestampMs: 5 },
        { name: 'd', value: { kind: 'double', v: 3.25 }, timestampMs: 6 },
        { name: 'i', value: { kind: 'integer', v: 2n ** 62n }, timestampMs: 7 },
        { name: 's', value: { kind: 'string', v: 'ü' }, timestampMs: 8 },
        { name: 'x', value: { kind: 'binary', v: Buffer.from([1]) }, timestampMs: 9 },
      ]),
    );
    expect(row.primaryKey.map((c: Sdk) => [c.name, String(c.value)])).toEqual([
      ['k', 'a'],
      ['n', '-9'],
    ]);
    expect(row.attributes.map((a: Sdk) => [a.columnName, String(a.columnValue), Number(a.timestamp)])).toEqual([
      ['b', 'true', 5],
      ['d', '3.25', 6],
      ['i', String(2n ** 62n), 7],
      ['s', 'ü', 8],
      ['x', '\u0001', 9],
    ]);
  });

  it('concatenated rows (GetRange) read back as several rows; the encoder output has no padding', () => {
    const a = encodePrimaryKey(pk);
    const b = encodeRow(
      [{ name: 'k', value: { kind: 'string', v: 'b' } }],
      [{ name: 'v', value: { kind: 'integer', v: 1n }, timestampMs: 1 }],
    );
    expect(a[a.length - 1]).not.toBe(0);
    const rows = sdkRead(encodeRows([a, b, a]), true);
    expect(rows.map((r: Sdk) => r.primaryKey[0].value)).toEqual(['a', 'b', 'a']);
    expect(decodeRow(b, 'roundtrip').cells).toEqual([{ name: 'v', value: { kind: 'integer', v: 1n }, timestampMs: 1 }]);
  });
});
