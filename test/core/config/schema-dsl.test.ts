// The schema DSL of src/core/schema, tested on its own (the configuration is its main user).
import { describe, expect, it } from 'vitest';
import { childPath, didYouMean, s, toJsonSchemaDocument, validate } from '../../../src/core/schema/index.js';
import { editDistance } from '../../../src/core/schema/suggest.js';

describe('scalars', () => {
  it.each([
    ['number', s.number(), 'x', 'must be a number, not string'],
    ['finite', s.number(), Number.POSITIVE_INFINITY, 'must be a finite number'],
    ['NaN', s.number(), Number.NaN, 'must be a finite number'],
    ['integer', s.integer(), 1.5, 'must be an integer'],
    ['min', s.number({ min: 2 }), 1, 'must be ≥ 2'],
    ['min note', s.number({ min: 2, minNote: 'why' }), 1, 'must be ≥ 2 (why)'],
    ['exclusive min', s.number({ exclusiveMin: 0 }), 0, 'must be > 0'],
    ['max', s.number({ max: 2 }), 3, 'must be ≤ 2'],
    ['exclusive max', s.number({ exclusiveMax: 1 }), 1, 'must be < 1'],
    ['string', s.string(), 5, 'must be a string, not number'],
    ['non-empty', s.string({ minLength: 1 }), '', 'must not be empty'],
    ['min length', s.string({ minLength: 3 }), 'ab', 'must be at least 3 characters'],
    ['max length', s.string({ maxLength: 2 }), 'abc', 'must be at most 2 characters'],
    ['pattern without hint', s.string({ pattern: /^a+$/ }), 'b', 'must match ^a+$'],
    ['pattern with hint', s.string({ pattern: /^a+$/, patternHint: "only a's" }), 'b', "must be only a's"],
    ['boolean', s.boolean(), 'true', 'must be true or false'],
    ['enum', s.enum(['a', 'b']), 'c', "must be one of 'a', 'b'"],
    ['numeric enum', s.enum([1, 2]), '1', 'must be one of 1, 2'],
    ['literal', s.literal(1), 2, 'must be 1'],
    ['null', s.number(), null, 'must be a number, not null'],
    ['list', s.number(), [1], 'must be a number, not a list'],
    ['mapping', s.string(), { a: 1 }, 'must be a string, not a mapping'],
  ])('%s is rejected', (_label, schema, value, rule) => {
    expect(validate(schema as ReturnType<typeof s.number>, value, 'x')).toEqual({
      problems: [{ path: 'x', rule, value }],
    });
  });

  it.each([
    [s.number({ min: 0, max: 1 }), 0.5],
    [s.integer({ exclusiveMin: 0, exclusiveMax: 10 }), 9],
    [s.string({ pattern: /^a/, minLength: 1, maxLength: 3 }), 'abc'],
    [s.boolean(), false],
    [s.enum(['x', 'y']), 'y'],
  ])('%# accepts a good value unchanged', (schema, value) => {
    expect(validate(schema as ReturnType<typeof s.number>, value)).toEqual({ value, problems: [] });
  });
});

describe('absent values, defaults, optional, nullable', () => {
  it('reports a missing required value and fills a default', () => {
    expect(validate(s.number(), undefined, 'n').problems).toEqual([{ path: 'n', rule: 'is required' }]);
    expect(validate(s.number().default(3), undefined).value).toBe(3);
  });

  it('runs object defaults through the schema so inner defaults are filled, and never shares them', () => {
    const inner = s.object({ a: s.number().default(1), b: s.array(s.string()).default([]) }).default({});
    const outer = s.object({ x: inner, y: inner });
    const { value } = validate(outer, {});
    expect(value).toEqual({ x: { a: 1, b: [] }, y: { a: 1, b: [] } });
    expect(value?.x.b).not.toBe(value?.y.b);
  });

  it('omits an absent optional key and validates a present one', () => {
    const schema = s.object({ a: s.number().optional() });
    expect(validate(schema, {}).value).toEqual({});
    expect(validate(schema, { a: 'x' }).problems).toEqual([
      { path: 'a', rule: 'must be a number, not string', value: 'x' },
    ]);
  });

  it('accepts null only when nullable', () => {
    expect(validate(s.number().nullable(), null).value).toBeNull();
    expect(validate(s.number().nullable(), 2).value).toBe(2);
    expect(validate(s.number().nullable(), 'x').problems).toHaveLength(1);
  });

  it('refuses to describe an invalid default', () => {
    expect(() => s.number({ min: 5 }).default(1).defaultValue()).toThrow(/schema default is invalid/);
    expect(s.number().defaultValue()).toBeUndefined();
  });
});

describe('objects, arrays, records', () => {
  const point = s.object({ x: s.number(), y: s.number() });

  it('rejects unknown keys, with a hint when one is close', () => {
    expect(validate(point, { x: 1, y: 2, X: 3, zed: 4 }).problems).toEqual([
      { path: 'X', rule: "is not a known key (did you mean 'x'?)" },
      { path: 'zed', rule: 'is not a known key' },
    ]);
  });

  it('collects the problems of every key, not just the first', () => {
    expect(validate(point, { x: 'a', y: 'b' }).problems.map((p) => p.path)).toEqual(['x', 'y']);
  });

  it('checks list length, uniqueness and each item with its index', () => {
    const list = s.array(s.integer(), { minItems: 2, unique: true });
    expect(validate(list, [1, 1.5, 1], 'ids').problems).toEqual([
      { path: 'ids[1]', rule: 'must be an integer', value: 1.5 },
      { path: 'ids[2]', rule: 'duplicates item 0', value: 1 },
    ]);
    expect(validate(list, [1], 'ids').problems).toEqual([
      { path: 'ids', rule: 'must have at least 2 items', value: [1] },
    ]);
    expect(validate(s.array(s.number(), { minItems: 1 }), [], 'l').problems[0]?.rule).toBe('must have at least 1 item');
    expect(validate(list, 'x', 'ids').problems[0]?.rule).toBe('must be a list, not string');
  });

  it('checks record keys and values, and keeps odd keys as plain keys', () => {
    const tags = s.record(s.string(), { keyPattern: /^[a-z]+$/ });
    expect(validate(tags, { ok: 'v', Bad: 'v', x: 1 }, 'tags').problems).toEqual([
      { path: 'tags.Bad', rule: 'key must match ^[a-z]+$' },
      { path: 'tags.x', rule: 'must be a string, not number', value: 1 },
    ]);
    const hinted = s.record(s.string(), { keyPattern: /^[a-z]+$/, keyPatternHint: 'lower case' });
    expect(validate(hinted, { A: 'v' }).problems[0]?.rule).toBe('key must be lower case');
    const proto = JSON.parse('{"__proto__": "x"}');
    const { value } = validate(s.record(s.string()), proto);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value ?? {})).toEqual(['__proto__']);
    expect(validate(tags, [], 't').problems[0]?.rule).toBe('must be a mapping of keys, not a list');
  });

  it('runs refinements only after the schema itself passed, and fails the value when they report', () => {
    const range = s.object({ lo: s.number(), hi: s.number() }).refine((v, path, problems) => {
      if (v.lo > v.hi) problems.push({ path: `${path}.lo`, rule: 'must be ≤ hi', value: v.lo });
    });
    expect(validate(range, { lo: 2, hi: 1 }, 'r')).toEqual({
      problems: [{ path: 'r.lo', rule: 'must be ≤ hi', value: 2 }],
    });
    expect(validate(range, { lo: 'x', hi: 1 }, 'r').problems).toHaveLength(1);
    expect(validate(range, { lo: 1, hi: 2 }).value).toEqual({ lo: 1, hi: 2 });
  });
});

describe('JSON Schema output', () => {
  it('emits types, bounds, patterns, required keys, defaults and descriptions', () => {
    const schema = s
      .object({
        n: s.integer({ min: 1, max: 9 }).default(2).describe('a number'),
        f: s.number({ exclusiveMin: 0, exclusiveMax: 1 }),
        t: s.string({ pattern: /^a/, minLength: 1, maxLength: 4 }).optional().describe('outer doc'),
        e: s.enum(['a', 'b']),
        l: s.literal(1),
        list: s.array(s.boolean(), { minItems: 1, unique: true }),
        tags: s.record(s.string(), { keyPattern: /^k/ }),
        loose: s.record(s.number()),
        maybe: s.number().nullable(),
      })
      .describe('root');
    expect(toJsonSchemaDocument(schema, { id: 'urn:x', title: 'X' })).toEqual({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'urn:x',
      title: 'X',
      description: 'root',
      type: 'object',
      properties: {
        n: { description: 'a number', type: 'integer', minimum: 1, maximum: 9, default: 2 },
        f: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
        t: { description: 'outer doc', type: 'string', minLength: 1, maxLength: 4, pattern: '^a' },
        e: { enum: ['a', 'b'] },
        l: { const: 1 },
        list: { type: 'array', items: { type: 'boolean' }, minItems: 1, uniqueItems: true },
        tags: { type: 'object', additionalProperties: { type: 'string' }, propertyNames: { pattern: '^k' } },
        loose: { type: 'object', additionalProperties: { type: 'number' } },
        maybe: { anyOf: [{ type: 'number' }, { type: 'null' }] },
      },
      required: ['f', 'e', 'l', 'list', 'tags', 'loose', 'maybe'],
      additionalProperties: false,
    });
  });

  it('keeps an inner description when the optional wrapper has none, and omits an empty required list', () => {
    const schema = s.object({ a: s.number().describe('inner').optional() });
    expect(schema.toJsonSchema()).toEqual({
      type: 'object',
      properties: { a: { description: 'inner', type: 'number' } },
      additionalProperties: false,
    });
  });
});

describe('helpers', () => {
  it.each([
    ['', 'a', 'a'],
    ['a', 'b', 'a.b'],
    ['a', 0, 'a[0]'],
    ['tags', 'kubernetes.io/role', 'tags["kubernetes.io/role"]'],
    ['', 'with space', '["with space"]'],
    ['x', 'autoscaler-group', 'x.autoscaler-group'],
  ])('childPath(%j, %j) = %s', (path, key, expected) => {
    expect(childPath(path, key)).toBe(expected);
  });

  it.each([
    ['bandwith', ['bandwidth', 'schedules'], 'bandwidth'],
    ['DRYRUN', ['dryRun'], 'dryRun'],
    ['maxMpbs', ['minMbps', 'maxMbps'], 'maxMbps'],
    ['colour', ['version', 'groups'], undefined],
    ['x', ['y'], 'y'],
    ['ab', ['xy'], undefined],
  ])('didYouMean(%s) = %s', (input, known, expected) => {
    expect(didYouMean(input, known)).toBe(expected);
  });

  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['flaw', 'lawn', 2],
  ])('editDistance(%s, %s) = %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});
