/** Scalar schemas: number, string, boolean, enum (and a one-value literal). */
import type { ConfigProblem } from '../errors.js';
import { type Checked, INVALID, type JsonSchema, Schema, typeName } from './schema.js';

export interface NumberOptions {
  integer?: boolean;
  min?: number;
  max?: number;
  /** Strict bounds: value > exclusiveMin, value < exclusiveMax. */
  exclusiveMin?: number;
  exclusiveMax?: number;
  /** Why the maximum is what it is, appended to the rule, e.g. `platform maximum`. */
  maxNote?: string;
  minNote?: string;
}

export class NumberSchema extends Schema<number> {
  constructor(private readonly opts: NumberOptions = {}) {
    super();
  }

  protected checkPresent(value: unknown, path: string, problems: ConfigProblem[]): Checked<number> {
    const fail = (rule: string): typeof INVALID => {
      problems.push({ path, rule, value });
      return INVALID;
    };
    if (typeof value !== 'number') return fail(`must be a number, not ${typeName(value)}`);
    if (!Number.isFinite(value)) return fail('must be a finite number');
    const o = this.opts;
    if (o.integer && !Number.isInteger(value)) return fail('must be an integer');
    const note = (text?: string) => (text ? ` (${text})` : '');
    if (o.min !== undefined && value < o.min) return fail(`must be ≥ ${o.min}${note(o.minNote)}`);
    if (o.exclusiveMin !== undefined && value <= o.exclusiveMin) return fail(`must be > ${o.exclusiveMin}`);
    if (o.max !== undefined && value > o.max) return fail(`must be ≤ ${o.max}${note(o.maxNote)}`);
    if (o.exclusiveMax !== undefined && value >= o.exclusiveMax) return fail(`must be < ${o.exclusiveMax}`);
    return value;
  }

  protected baseJsonSchema(): JsonSchema {
    const o = this.opts;
    return {
      type: o.integer ? 'integer' : 'number',
      ...(o.min === undefined ? {} : { minimum: o.min }),
      ...(o.exclusiveMin === undefined ? {} : { exclusiveMinimum: o.exclusiveMin }),
      ...(o.max === undefined ? {} : { maximum: o.max }),
      ...(o.exclusiveMax === undefined ? {} : { exclusiveMaximum: o.exclusiveMax }),
    };
  }
}

export interface StringOptions {
  pattern?: RegExp;
  /** Human wording of the pattern for messages, e.g. `an instance id like i-bp1…`. */
  patternHint?: string;
  minLength?: number;
  maxLength?: number;
}

export class StringSchema extends Schema<string> {
  constructor(private readonly opts: StringOptions = {}) {
    super();
  }

  protected checkPresent(value: unknown, path: string, problems: ConfigProblem[]): Checked<string> {
    const fail = (rule: string): typeof INVALID => {
      problems.push({ path, rule, value });
      return INVALID;
    };
    if (typeof value !== 'string') return fail(`must be a string, not ${typeName(value)}`);
    const o = this.opts;
    if (o.minLength !== undefined && value.length < o.minLength) {
      return fail(o.minLength === 1 ? 'must not be empty' : `must be at least ${o.minLength} characters`);
    }
    if (o.maxLength !== undefined && value.length > o.maxLength)
      return fail(`must be at most ${o.maxLength} characters`);
    if (o.pattern && !o.pattern.test(value))
      return fail(o.patternHint ? `must be ${o.patternHint}` : `must match ${o.pattern.source}`);
    return value;
  }

  protected baseJsonSchema(): JsonSchema {
    const o = this.opts;
    return {
      type: 'string',
      ...(o.minLength === undefined ? {} : { minLength: o.minLength }),
      ...(o.maxLength === undefined ? {} : { maxLength: o.maxLength }),
      ...(o.pattern ? { pattern: o.pattern.source } : {}),
    };
  }
}

export class BooleanSchema extends Schema<boolean> {
  protected checkPresent(value: unknown, path: string, problems: ConfigProblem[]): Checked<boolean> {
    if (typeof value === 'boolean') return value;
    problems.push({ path, rule: 'must be true or false', value });
    return INVALID;
  }

  protected baseJsonSchema(): JsonSchema {
    return { type: 'boolean' };
  }
}

export type Scalar = string | number | boolean;

export class EnumSchema<const V extends Scalar> extends Schema<V> {
  constructor(private readonly values: readonly V[]) {
    super();
  }

  protected checkPresent(value: unknown, path: string, problems: ConfigProblem[]): Checked<V> {
    if ((this.values as readonly unknown[]).includes(value)) return value as V;
    const rule =
      this.values.length === 1
        ? `must be ${show(this.values[0])}`
        : `must be one of ${this.values.map(show).join(', ')}`;
    problems.push({ path, rule, value });
    return INVALID;
  }

  protected baseJsonSchema(): JsonSchema {
    return this.values.length === 1 ? { const: this.values[0] } : { enum: [...this.values] };
  }
}

function show(v: Scalar | undefined): string {
  return typeof v === 'string' ? `'${v}'` : String(v);
}
