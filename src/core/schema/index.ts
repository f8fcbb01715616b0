/**
 * The schema DSL's entry point: `s.object({...})`, `s.number({min})`, … and `validate`, `toJsonSchemaDocument`.
 * Every builder returns an immutable schema; `.default()`, `.describe()`, `.optional()`, `.refine()` copy it.
 */
import {
  ArraySchema,
  type ArrayOptions,
  ObjectSchema,
  RecordSchema,
  type RecordOptions,
  type Shape,
} from './composite.js';
import {
  BooleanSchema,
  EnumSchema,
  NumberSchema,
  type NumberOptions,
  type Scalar,
  StringSchema,
  type StringOptions,
} from './primitives.js';
import type { JsonSchema, Schema } from './schema.js';
export type { Shape } from './composite.js';
export { childPath, type Infer, type JsonSchema, Schema, validate } from './schema.js';
export { didYouMean } from './suggest.js';
export const s = {
  object: <S extends Shape>(shape: S) => new ObjectSchema(shape),
  array: <T>(item: Schema<T>, opts?: ArrayOptions) => new ArraySchema(item, opts),
  record: <T>(value: Schema<T>, opts?: RecordOptions) => new RecordSchema(value, opts),
  number: (opts?: NumberOptions) => new NumberSchema(opts),
  integer: (opts?: NumberOptions) => new NumberSchema({ ...opts, integer: true }),
  string: (opts?: StringOptions) => new StringSchema(opts),
  boolean: () => new BooleanSchema(),
  enum: <const V extends Scalar>(values: readonly V[]) => new EnumSchema<V>(values),
  literal: <const V extends Scalar>(value: V) => new EnumSchema<V>([value]),
};

/** A complete JSON Schema document (draft 2020-12) for `schema`, with an id and a title for editors. */
export function toJsonSchemaDocument(
  schema: { toJsonSchema(): JsonSchema },
  meta: { id: string; title: string },
): JsonSchema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: meta.id,
    title: meta.title,
    ...schema.toJsonSchema(),
  };
}
