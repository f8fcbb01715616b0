/** Container schemas: strict object, array, record (string-keyed map). */
import type { ConfigProblem } from '../errors.js';
import { type Checked, childPath, INVALID, type Infer, type JsonSchema, Schema, typeName } from './schema.js';
import { didYouMean } from './suggest.js';

// biome-ignore lint/suspicious/noExplicitAny: a shape holds schemas of any output type
export type Shape = Record<string, Schema<any>>;

type OptionalKeys<S extends Shape> = {
  [K in keyof S]: S[K] extends { readonly optionalKey: true } ? K : never;
}[keyof S];
type Flatten<T> = { [K in keyof T]: T[K] };

/** The output of an object schema: optional schemas become optional keys. */
export type ObjectOutput<S extends Shape> = Flatten<
  { [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]> } & {
    [K in OptionalKeys<S>]?: Exclude<Infer<S[K]>, undefined>;
  }
>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An object with known keys only: an unknown key is a problem (with a "did you mean" hint when one is close). */
export class ObjectSchema<S extends Shape> extends Schema<ObjectOutput<S>> {
  constructor(readonly shape: S) {
    super();
  }

  protected checkPresent(value: unknown, path: string, problems: ConfigProblem[]): Checked<ObjectOutput<S>> {
    if (!isPlainObject(value)) {
      problems.push({ path, rule: `must be a mapping of keys, not ${typeName(value)}`, value });
      return INVALID;
    }
    const known = Object.keys(this.shape);
    let ok = true;
    const bad = new Set<string>();
    for (const key of Object.keys(value)) {
      if (Object.hasOwn(this.shape, key)) continue;
      const hint = didYouMean(key, known);
      problems.push({
        path: childPath(path, key),
        rule: `is not a known key${hint ? ` (did you mean '${hint}'?)` : ''}`,
      });
      ok = false;
    }
    const out: Record<string, unknown> = {};
    const lists: Record<string, unknown> = {};
    for (const key of known) {
      const schema = this.shape[key] as Schema<unknown>;
      const result = schema.check(value[key], childPath(path, key), problems);
      if (result === INVALID) {
        ok = false;
        bad.add(key);
        const part = schema.validPart(value[key]);
        if (part !== INVALID) lists[key] = part;
      } else if (result !== undefined) out[key] = result;
    }
    if (ok) return out as ObjectOutput<S>;
    // Cross-field rules over the keys that are valid still report now, with the other problems.
    this.refinePartial(out, bad, path, problems, lists);
    return INVALID;
  }

  protected baseJsonSchema(): JsonSchema {
    const properties = Object.fromEntries(Object.entries(this.shape).map(([k, s]) => [k, s.toJsonSchema()]));
    const required = Object.entries(this.shape)
      .filter(([, s]) => s.isRequired())
      .map(([k]) => k);
    return { type: 'object', properties, ...(required.length ? { required } : {}), additionalProperties: false };
  }
}

export interface ArrayOptions {
  minItems?: number;
  /** Items must be distinct (compared as JSON). */
  unique?: boolean;
}

export class ArraySchema<T> extends Schema<T[]> {
  constructor(
    readonly item: Schema<T>,
    private readonly opts: ArrayOptions = {},
  ) {
    super();
  }

  protected checkPresent(value: unknown, path: string, problems: ConfigProblem[]): Checked<T[]> {
    if (!Array.isArray(value)) {
      problems.push({ path, rule: `must be a list, not ${typeName(value)}`, value });
      return INVALID;
    }
    let ok = true;
    const { minItems, unique } = this.opts;
    if (minItems !== undefined && value.length < minItems) {
      problems.push({ path, rule: `must have at least ${minItems} item${minItems === 1 ? '' : 's'}`, value });
      ok = false;
    }
    const out: T[] = [];
    const seen = new Map<string, number>();
    value.forEach((item, i) => {
      const result = this.item.check(item, childPath(path, i), problems);
      if (result === INVALID) ok = false;
      else out.push(result);
      const key = JSON.stringify(item);
      if (unique && seen.has(key)) {
        problems.push({ path: childPath(path, i), rule: `duplicates item ${seen.get(key)}`, value: item });
        ok = false;
      }
      seen.set(key, seen.get(key) ?? i);
    });
    return ok ? out : INVALID;
  }

  /** The items that are valid on their own, at their own indices (a sparse list): a rule then reports on them too. */
  override validPart(value: unknown): unknown {
    if (!Array.isArray(value)) return INVALID;
    const out: T[] = new Array(value.length);
    value.forEach((item, i) => {
      const result = this.item.check(item, childPath('', i), []);
      if (result !== INVALID) out[i] = result;
    });
    return out;
  }

  protected baseJsonSchema(): JsonSchema {
    const { minItems, unique } = this.opts;
    return {
      type: 'array',
      items: this.item.toJsonSchema(),
      ...(minItems === undefined ? {} : { minItems }),
      ...(unique ? { uniqueItems: true } : {}),
    };
  }
}

export interface RecordOptions {
  keyPattern?: RegExp;
  keyPatternHint?: string;
}

/** A mapping from free-form keys to values of one schema (e.g. tags). */
export class RecordSchema<T> extends Schema<Record<string, T>> {
  constructor(
    readonly value: Schema<T>,
    private readonly opts: RecordOptions = {},
  ) {
    super();
  }

  protected checkPresent(value: unknown, path: string, problems: ConfigProblem[]): Checked<Record<string, T>> {
    if (!isPlainObject(value)) {
      problems.push({ path, rule: `must be a mapping of keys, not ${typeName(value)}`, value });
      return INVALID;
    }
    let ok = true;
    const entries: [string, T][] = [];
    for (const [key, item] of Object.entries(value)) {
      const { keyPattern, keyPatternHint } = this.opts;
      if (keyPattern && !keyPattern.test(key)) {
        problems.push({
          path: childPath(path, key),
          rule: keyPatternHint ? `key must be ${keyPatternHint}` : `key must match ${keyPattern.source}`,
        });
        ok = false;
      }
      const result = this.value.check(item, childPath(path, key), problems);
      if (result === INVALID) ok = false;
      else entries.push([key, result]);
    }
    // fromEntries defines own properties, so a key like `__proto__` stays a plain key.
    return ok ? Object.fromEntries(entries) : INVALID;
  }

  protected baseJsonSchema(): JsonSchema {
    const { keyPattern } = this.opts;
    return {
      type: 'object',
      additionalProperties: this.value.toJsonSchema(),
      ...(keyPattern ? { propertyNames: { pattern: keyPattern.source } } : {}),
    };
  }
}
