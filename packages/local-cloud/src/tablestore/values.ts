/**
 * The emulator's value model: one tagged union for primary key and attribute values (PlainBuffer variant
 * types), a total order for primary keys, the comparison used by column conditions, and a JSON codec for
 * the data file. Integers are bigint so the full signed 64-bit range survives.
 */

export type Value =
  | { kind: 'integer'; v: bigint }
  | { kind: 'double'; v: number }
  | { kind: 'boolean'; v: boolean }
  | { kind: 'string'; v: string }
  | { kind: 'binary'; v: Buffer }
  | { kind: 'infMin' }
  | { kind: 'infMax' }
  | { kind: 'autoIncrement' }
  | { kind: 'null' };

/** A stored value: what a cell or a concrete primary key column can hold. */
export type DataValue = Extract<Value, { v: unknown }>;

/** A primary key column as a name and a value, in schema order. */
export interface PkColumn {
  name: string;
  value: Value;
}

export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;

/** Where each kind sorts in a primary key: INF_MIN first, INF_MAX last, concrete types in between. */
const PK_RANK: Record<Value['kind'], number> = {
  infMin: 0,
  integer: 1,
  string: 2,
  binary: 3,
  double: 4,
  boolean: 5,
  null: 6,
  autoIncrement: 7,
  infMax: 8,
};

/** Same-kind comparison; -1, 0 or 1. Strings compare as UTF-8 bytes, as the service does. */
function compareSameKind(a: DataValue, b: DataValue): number {
  switch (a.kind) {
    case 'integer':
      return a.v === (b.v as bigint) ? 0 : a.v < (b.v as bigint) ? -1 : 1;
    case 'double':
    case 'boolean':
      return a.v === b.v ? 0 : a.v < (b.v as number | boolean) ? -1 : 1;
    case 'string':
      return Buffer.compare(Buffer.from(a.v, 'utf8'), Buffer.from(b.v as string, 'utf8'));
    case 'binary':
      return Buffer.compare(a.v, b.v as Buffer);
  }
}

/** Total order of two primary key column values (kinds ranked, then values). */
export function comparePkValue(a: Value, b: Value): number {
  if (a.kind !== b.kind) return PK_RANK[a.kind] < PK_RANK[b.kind] ? -1 : 1;
  if (!('v' in a) || !('v' in b)) return 0;
  return compareSameKind(a, b as DataValue);
}

/** Lexicographic order of two primary keys (column by column; a shorter key sorts first on a tie). */
export function comparePk(a: readonly PkColumn[], b: readonly PkColumn[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = comparePkValue((a[i] as PkColumn).value, (b[i] as PkColumn).value);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/**
 * Column-condition comparison: a number for values of the same kind, undefined when the kinds differ
 * (the emulator treats a type mismatch as "not comparable", see docs/tablestore-emulator.md).
 */
export function compareForCondition(a: DataValue, b: DataValue): number | undefined {
  if (a.kind !== b.kind) return undefined;
  return compareSameKind(a, b);
}

/** Human-readable rendering for error messages. */
export function describeValue(v: Value): string {
  if (!('v' in v)) return v.kind.toUpperCase();
  if (v.kind === 'binary') return `0x${v.v.toString('hex')}`;
  return `${v.kind}:${String(v.v)}`;
}

/** JSON form of a stored value in the data file. */
export type JsonValue = ['i', string] | ['d', string] | ['b', boolean] | ['s', string] | ['x', string];

export function valueToJson(v: DataValue): JsonValue {
  switch (v.kind) {
    case 'integer':
      return ['i', v.v.toString()];
    case 'double':
      return ['d', String(v.v)]; // a string keeps NaN and ±Infinity, which JSON numbers cannot hold
    case 'boolean':
      return ['b', v.v];
    case 'string':
      return ['s', v.v];
    case 'binary':
      return ['x', v.v.toString('base64')];
  }
}

/** Inverse of valueToJson; throws a TypeError naming the bad entry. */
export function valueFromJson(j: unknown): DataValue {
  if (!Array.isArray(j) || j.length !== 2) throw new TypeError(`bad value ${JSON.stringify(j)}`);
  const [tag, raw] = j as [unknown, unknown];
  if (tag === 'i' && typeof raw === 'string' && /^-?\d+$/.test(raw)) return { kind: 'integer', v: BigInt(raw) };
  if (tag === 'd' && typeof raw === 'string' && raw.trim() !== '') return { kind: 'double', v: Number(raw) };
  if (tag === 'b' && typeof raw === 'boolean') return { kind: 'boolean', v: raw };
  if (tag === 's' && typeof raw === 'string') return { kind: 'string', v: raw };
  if (tag === 'x' && typeof raw === 'string') return { kind: 'binary', v: Buffer.from(raw, 'base64') };
  throw new TypeError(`bad value ${JSON.stringify(j)}`);
}
