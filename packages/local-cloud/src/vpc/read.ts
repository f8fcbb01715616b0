/** Readers for the flat string parameters of VPC actions; each throws the platform's code for a bad value. */
import type { AcsError } from '../acs/server.js';
import { VpcErrors } from './errors.js';

export type Params = Record<string, string>;

export function required(p: Params, name: string): string {
  const v = p[name];
  if (v === undefined || v === '') throw VpcErrors.missing(name);
  return v;
}

export function optional(p: Params, name: string): string | undefined {
  const v = p[name];
  return v === undefined || v === '' ? undefined : v;
}

/** An integer in [min, max] (the guard already refused non-digits), or the fallback when absent. */
export function intInRange(p: Params, name: string, min: number, max: number, fallback: number): number {
  const raw = optional(p, name);
  const v = raw === undefined ? fallback : Number(raw);
  if (v < min || v > max) throw VpcErrors.invalidParameter(name, `${v} (allowed ${min}-${max})`);
  return v;
}

/** One of `values`, or undefined when absent; `refuse` builds the error for any other value. */
export function oneOf<T extends string>(
  p: Params,
  name: string,
  values: readonly T[],
  refuse: (v: string) => AcsError = (v) => VpcErrors.invalidParameter(name, v),
): T | undefined {
  const v = optional(p, name);
  if (v === undefined) return undefined;
  if (!(values as readonly string[]).includes(v)) throw refuse(v);
  return v as T;
}

/** A comma-separated list of at most `max` items (undefined when absent). */
export function commaList(p: Params, name: string, max: number): string[] | undefined {
  const v = optional(p, name);
  if (v === undefined) return undefined;
  const items = v
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
  if (items.length > max) throw VpcErrors.invalidParameter(name, `${items.length} items (at most ${max})`);
  return items;
}

/** A `true`/`false` flag (the guard already refused anything else). */
export function flag(p: Params, name: string): boolean {
  return p[name] === 'true';
}

/** A page of `items` (PageNumber from 1) and the paging fields of the answer. */
export function page<T>(p: Params, items: T[], maxSize: number) {
  const pageNumber = intInRange(p, 'PageNumber', 1, Number.MAX_SAFE_INTEGER, 1);
  const pageSize = intInRange(p, 'PageSize', 1, maxSize, 10);
  const slice = items.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
  return { slice, fields: { PageNumber: pageNumber, PageSize: pageSize, TotalCount: items.length } };
}

/** `YYYY-MM-DDThh:mm:ssZ`, as VPC renders times. */
export function isoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
