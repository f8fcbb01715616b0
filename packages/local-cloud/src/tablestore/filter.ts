/**
 * Column conditions and read filters (`filter.proto`): decoding the nested `Filter{type, filter}` bytes into
 * a tree, and evaluating the tree against a row's live cells.
 */
import { invalid } from './errors.js';
import { decodeBareValue } from './plainbuffer/decode.js';
import { filterProto } from './sdk.js';
import { compareForCondition, type DataValue } from './values.js';

export type Comparator = 'EQUAL' | 'NOT_EQUAL' | 'GREATER_THAN' | 'GREATER_EQUAL' | 'LESS_THAN' | 'LESS_EQUAL';

export type ColumnFilter =
  | {
      type: 'single';
      comparator: Comparator;
      column: string;
      value: DataValue;
      filterIfMissing: boolean;
      latestVersionOnly: boolean;
    }
  | { type: 'composite'; op: 'NOT' | 'AND' | 'OR'; subs: ColumnFilter[] }
  | { type: 'pagination'; offset: number; limit: number };

const COMPARATORS: Record<number, Comparator> = {
  1: 'EQUAL',
  2: 'NOT_EQUAL',
  3: 'GREATER_THAN',
  4: 'GREATER_EQUAL',
  5: 'LESS_THAN',
  6: 'LESS_EQUAL',
};
const LOGICAL: Record<number, 'NOT' | 'AND' | 'OR'> = { 1: 'NOT', 2: 'AND', 3: 'OR' };
const MAX_DEPTH = 32;

interface FilterMsg {
  type: number;
  filter: Uint8Array;
}

function decodeOrInvalid<T>(type: string, bytes: Uint8Array, what: string): T {
  try {
    return filterProto(type).decode(bytes) as T;
  } catch (err) {
    throw invalid(`${what}: cannot decode ${type}: ${(err as Error).message}`);
  }
}

/** Decode `Filter` bytes (Condition.column_condition, GetRow/GetRange filter). `what` names the field. */
export function decodeFilter(bytes: Uint8Array, what: string): ColumnFilter {
  return fromMessage(decodeOrInvalid<FilterMsg>('Filter', bytes, what), what, 0);
}

function fromMessage(f: FilterMsg, what: string, depth: number): ColumnFilter {
  if (depth > MAX_DEPTH) throw invalid(`${what}: filters nested deeper than ${MAX_DEPTH} levels`);
  if (f.type === 1) {
    const s = decodeOrInvalid<{
      comparator: number;
      columnName: string;
      columnValue: Uint8Array;
      filterIfMissing: boolean;
      latestVersionOnly: boolean;
    }>('SingleColumnValueFilter', f.filter, what);
    const comparator = COMPARATORS[s.comparator];
    if (!comparator) throw invalid(`${what}: unknown comparator ${s.comparator}`);
    const value = decodeBareValue(s.columnValue, `${what} column '${s.columnName}' value`);
    if (!('v' in value)) throw invalid(`${what}: column '${s.columnName}' cannot be compared with ${value.kind}`);
    return {
      type: 'single',
      comparator,
      column: s.columnName,
      value,
      filterIfMissing: s.filterIfMissing,
      latestVersionOnly: s.latestVersionOnly,
    };
  }
  if (f.type === 2) {
    const c = decodeOrInvalid<{ combinator: number; subFilters: FilterMsg[] }>(
      'CompositeColumnValueFilter',
      f.filter,
      what,
    );
    const op = LOGICAL[c.combinator];
    if (!op) throw invalid(`${what}: unknown logical operator ${c.combinator}`);
    if (op === 'NOT' ? c.subFilters.length !== 1 : c.subFilters.length < 1) {
      throw invalid(
        `${what}: ${op} needs ${op === 'NOT' ? 'exactly one' : 'at least one'} sub-condition, got ${c.subFilters.length}`,
      );
    }
    const subs = c.subFilters.map((sub) => {
      const decoded = fromMessage(sub, what, depth + 1);
      if (decoded.type === 'pagination') throw invalid(`${what}: a column pagination filter cannot be nested`);
      return decoded;
    });
    return { type: 'composite', op, subs };
  }
  if (f.type === 3) {
    const p = decodeOrInvalid<{ offset: number; limit: number }>('ColumnPaginationFilter', f.filter, what);
    if (p.offset < 0 || p.limit < 0) throw invalid(`${what}: pagination offset and limit must be ≥ 0`);
    return { type: 'pagination', offset: p.offset, limit: p.limit };
  }
  throw invalid(`${what}: unknown filter type ${f.type}`);
}

function compare(comparator: Comparator, actual: DataValue, expected: DataValue): boolean {
  const c = compareForCondition(actual, expected);
  // Values of different types are not comparable: only NOT_EQUAL holds.
  if (c === undefined) return comparator === 'NOT_EQUAL';
  switch (comparator) {
    case 'EQUAL':
      return c === 0;
    case 'NOT_EQUAL':
      return c !== 0;
    case 'GREATER_THAN':
      return c > 0;
    case 'GREATER_EQUAL':
      return c >= 0;
    case 'LESS_THAN':
      return c < 0;
    case 'LESS_EQUAL':
      return c <= 0;
  }
}

/**
 * Does a row pass the filter? `cells` holds the row's live attribute values (an absent row = empty map).
 * A missing column passes unless filterIfMissing. Pagination filters always pass (they shape reads only).
 */
export function evaluateFilter(f: ColumnFilter, cells: ReadonlyMap<string, DataValue>): boolean {
  switch (f.type) {
    case 'single': {
      const actual = cells.get(f.column);
      if (actual === undefined) return !f.filterIfMissing;
      return compare(f.comparator, actual, f.value);
    }
    case 'composite':
      if (f.op === 'NOT') return !evaluateFilter(f.subs[0] as ColumnFilter, cells);
      if (f.op === 'AND') return f.subs.every((s) => evaluateFilter(s, cells));
      return f.subs.some((s) => evaluateFilter(s, cells));
    case 'pagination':
      return true;
  }
}
