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

/** The most tags a `Tag` filter takes (vpc.json: "up to 20"). */
export const MAX_TAG_FILTERS = 20;

/**
 * The `Tag.N.Key` / `Tag.N.Value` filter (N from 1): a resource matches when it carries every key with that value
 * (a key given without a value: any value). An empty key is refused with `invalidKey`, more than 20 tags too.
 */
export function tagFilter(p: Params, invalidKey: () => AcsError): (tags: Readonly<Record<string, string>>) => boolean {
  const numbers = new Set<string>();
  for (const name of Object.keys(p)) {
    const m = /^Tag\.(\d+)\.(?:Key|Value)$/.exec(name);
    if (m) numbers.add(m[1] as string);
  }
  if (numbers.size > MAX_TAG_FILTERS) throw VpcErrors.invalidParameter('Tag', `${numbers.size} tags (at most 20)`);
  const wanted = [...numbers].map((n) => {
    const key = p[`Tag.${n}.Key`];
    if (key === undefined || key === '') throw invalidKey();
    return { key, value: p[`Tag.${n}.Value`] };
  });
  return (have) =>
    wanted.every(({ key, value }) => Object.hasOwn(have, key) && (value === undefined || have[key] === value));
}

/** Tags as VPC renders them: `Tags.Tag` [{Key, Value}]. */
export function renderTags(tags: Readonly<Record<string, string>>) {
  return { Tag: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) };
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
