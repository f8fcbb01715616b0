/**
 * A tiny declarative schema DSL: a schema validates an unknown value collecting every problem (never stopping at
 * the first), fills defaults, and describes itself as JSON Schema (draft 2020-12) for editors. Pure: no packages.
 */
import type { ConfigProblem } from '../errors.js';

/** A JSON Schema fragment. */
export type JsonSchema = { [key: string]: unknown };

/** Marks a value that failed validation (its problems are already recorded). */
export const INVALID: unique symbol = Symbol('invalid');
export type Checked<T> = T | typeof INVALID;

/** A check run after a schema's own rules pass; it reports problems instead of throwing. */
export type Refinement<T> = (value: T, path: string, problems: ConfigProblem[]) => void;

/**
 * A cross-field rule that also runs when its object has problems elsewhere, as long as the keys it reads
 * (`needs`) are valid: it gets the object's valid keys only. This is what makes validation report a
 * cross-field problem (minMbps > maxMbps) together with an unrelated typo in the same block, all at once.
 */
export interface PartialRefinement {
  needs: readonly string[];
  check: Refinement<never>;
  /** The rule also runs on a list with invalid items: it gets the valid ones, at their own indices (a sparse list). */
  partialLists?: boolean;
}

export abstract class Schema<T> {
  /** Phantom: the validated output type. */
  declare readonly _output: T;
  protected doc?: string;
  protected hasDefault = false;
  protected defaultInput?: unknown;
  protected refinements: Refinement<T>[] = [];
  protected partialRefinements: PartialRefinement[] = [];

  /** Validate a present (non-undefined) value. */
  protected abstract checkPresent(value: unknown, path: string, problems: ConfigProblem[]): Checked<T>;
  protected abstract baseJsonSchema(): JsonSchema;

  /** Validate `value` found at `path`; undefined means "absent": the default, or a `required` problem. */
  check(value: unknown, path: string, problems: ConfigProblem[]): Checked<T> {
    if (value === undefined) {
      if (!this.hasDefault) return this.whenAbsent(path, problems);
      value = structuredClone(this.defaultInput);
    }
    const result = this.checkPresent(value, path, problems);
    if (result === INVALID || this.refinements.length === 0) return result;
    const before = problems.length;
    for (const refine of this.refinements) refine(result, path, problems);
    return problems.length === before ? result : INVALID;
  }

  /** An absent key without default: a `required` problem (an optional key overrides this). */
  protected whenAbsent(path: string, problems: ConfigProblem[]): Checked<T> {
    problems.push({ path, rule: 'is required' });
    return INVALID;
  }

  /** The documentation string shown in the JSON Schema (and the docs). */
  describe(doc: string): this {
    return this.with({ doc });
  }

  /** Used when the key is absent. Object defaults are themselves validated, so `{}` fills every inner default. */
  default(input: T | (T extends object ? Record<string, never> : never)): this {
    return this.with({ hasDefault: true, defaultInput: input });
  }

  /** An extra rule checked after the schema's own rules pass. */
  refine(refinement: Refinement<T>): this {
    return this.with({ refinements: [...this.refinements, refinement] });
  }

  /**
   * Objects: when the object has other problems, still run `check` (on its valid keys) if every key in `needs`
   * is valid. A complete object is checked by `.refine` only, so register the same rule there too (usually
   * through a composite check) — each rule then reports once, whatever else is wrong.
   */
  partialRefine<K extends string>(
    needs: readonly K[],
    check: Refinement<Pick<T, K & keyof T>>,
    opts: { partialLists?: boolean } = {},
  ): this {
    const entry: PartialRefinement = { needs, check: check as Refinement<never>, ...opts };
    return this.with({ partialRefinements: [...this.partialRefinements, entry] });
  }

  /**
   * Run the partial refinements whose needed keys are all valid (none in `bad`) on the object's valid part; a rule
   * with `partialLists` also accepts a list key with invalid items, given as `lists[key]` (its valid items).
   */
  protected refinePartial(
    valid: object,
    bad: ReadonlySet<string>,
    path: string,
    problems: ConfigProblem[],
    lists: Readonly<Record<string, unknown>> = {},
  ): void {
    for (const r of this.partialRefinements) {
      const usable = (k: string) => !bad.has(k) || (r.partialLists === true && Object.hasOwn(lists, k));
      if (!r.needs.every(usable)) continue;
      const part = r.partialLists ? { ...valid, ...lists } : valid;
      (r.check as Refinement<object>)(part, path, problems);
    }
  }

  /**
   * The valid part of a value that failed this schema, for cross-field rules with `partialLists`: INVALID here;
   * a list gives its valid items at their own indices (ArraySchema).
   */
  validPart(_value: unknown): unknown {
    return INVALID;
  }

  /** The key may be absent; the output then omits it. */
  optional(): Optional<T> {
    return new Optional(this);
  }

  /** `null` is accepted as a value. */
  nullable(): Nullable<T> {
    return new Nullable(this);
  }

  /** The filled default value (the default input run through the schema), or undefined without default. */
  defaultValue(): T | undefined {
    if (!this.hasDefault) return undefined;
    const problems: ConfigProblem[] = [];
    const value = this.check(undefined, '(default)', problems);
    if (value === INVALID) throw new Error(`schema default is invalid: ${JSON.stringify(problems)}`);
    return value;
  }

  toJsonSchema(): JsonSchema {
    const base = this.baseJsonSchema();
    // The outermost description wins (an optional field's doc over its inner schema's), listed first for readers.
    const description = this.doc ?? base.description;
    const out: JsonSchema = { ...(description === undefined ? {} : { description }), ...base };
    if (description !== undefined) out.description = description;
    if (this.hasDefault) out.default = this.defaultValue();
    return out;
  }

  /** True when the key must be present in the input (no default, not optional). */
  isRequired(): boolean {
    return !this.hasDefault;
  }

  private with(patch: Partial<Schema<T>> | Record<string, unknown>): this {
    return Object.assign(Object.create(Object.getPrototypeOf(this)), this, patch);
  }
}

/** An optional key: absent stays absent. */
export class Optional<T> extends Schema<T | undefined> {
  readonly optionalKey = true as const;
  constructor(readonly inner: Schema<T>) {
    super();
  }
  protected override whenAbsent(): Checked<T | undefined> {
    return undefined;
  }
  protected checkPresent(value: unknown, path: string, problems: ConfigProblem[]): Checked<T | undefined> {
    return this.inner.check(value, path, problems);
  }
  protected baseJsonSchema(): JsonSchema {
    return this.inner.toJsonSchema();
  }
  override isRequired(): boolean {
    return false;
  }
}

export class Nullable<T> extends Schema<T | null> {
  constructor(readonly inner: Schema<T>) {
    super();
  }
  protected checkPresent(value: unknown, path: string, problems: ConfigProblem[]): Checked<T | null> {
    return value === null ? null : this.inner.check(value, path, problems);
  }
  protected baseJsonSchema(): JsonSchema {
    return { anyOf: [this.inner.toJsonSchema(), { type: 'null' }] };
  }
}

/** The output type of a schema. */
export type Infer<S> = S extends { readonly _output: infer T } ? T : never;

/** Run a schema over `value`: the validated value (defaults filled) when there are no problems. */
export function validate<T>(schema: Schema<T>, value: unknown, path = ''): { value?: T; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const result = schema.check(value, path, problems);
  return result === INVALID || problems.length ? { problems } : { value: result, problems };
}

/** Key path helper: `a.b`, `a[0]`, `tags["kubernetes.io/role"]` for keys that are not plain identifiers. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (!/^[A-Za-z_$][\w$-]*$/.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path ? `${path}.${key}` : key;
}

/** A readable name of a value's type for "must be a number" style messages. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : typeof value;
}
