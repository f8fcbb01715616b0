import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { configJsonSchema, parseConfig } from '../../../src/core/config/parse.js';
import { baseConfig, edited } from './fixtures.js';

const root = resolve(import.meta.dirname, '../../..');
const example = parseYaml(readFileSync(resolve(root, 'config/autoscaler.example.yaml'), 'utf8'));

function validator() {
  const ajv = new Ajv2020.default({ allErrors: true, strict: true });
  return ajv.compile(configJsonSchema());
}

/** Every object schema node below `node`, with its JSON pointer. */
function objectNodes(node: unknown, pointer = '#'): [string, Record<string, unknown>][] {
  if (typeof node !== 'object' || node === null) return [];
  const here: [string, Record<string, unknown>][] =
    (node as { type?: unknown }).type === 'object' && 'properties' in node
      ? [[pointer, node as Record<string, unknown>]]
      : [];
  return [
    ...here,
    ...Object.entries(node).flatMap(([k, v]) => (k === 'default' ? [] : objectNodes(v, `${pointer}/${k}`))),
  ];
}

describe('JSON Schema of the configuration', () => {
  it('is checked in, up to date (regenerate: npx autoscaler schema --out config/autoscaler.schema.json)', () => {
    const file = JSON.parse(readFileSync(resolve(root, 'config/autoscaler.schema.json'), 'utf8'));
    expect(file).toEqual(configJsonSchema());
  });

  it('is a draft 2020-12 document that ajv compiles in strict mode', () => {
    const schema = configJsonSchema();
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(() => validator()).not.toThrow();
  });

  it('accepts the example configuration and the test base', () => {
    const validate = validator();
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(baseConfig()), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each<[string, [string, unknown][], string]>([
    ['an unknown key', [['groups[0].bandwith', {}]], 'additionalProperties'],
    ['a bandwidth above a package’s 20000', [['groups[0].bandwidth.maxMbps', 30_000]], 'maximum'],
    ['a wrong enum', [['evaluation.periodSec', 120]], 'enum'],
    ['a missing required key', [['regionId', undefined]], 'required'],
    ['a bad instance id', [['groups[1].match.instanceIds', ['x']]], 'pattern'],
  ])('rejects %s, as parseConfig does', (_label, edits, keyword) => {
    const bad = edited(edits);
    const validate = validator();
    expect(validate(bad)).toBe(false);
    expect(validate.errors?.map((e) => e.keyword)).toContain(keyword);
    expect(() => parseConfig(bad, 'x')).toThrow();
  });

  it('describes every field and rejects unknown keys at every level', () => {
    const nodes = objectNodes(configJsonSchema());
    expect(nodes.length).toBeGreaterThan(10);
    for (const [pointer, node] of nodes) {
      if (pointer !== '#') expect(node.additionalProperties, pointer).toBe(false);
      for (const [key, prop] of Object.entries(node.properties as Record<string, { description?: string }>)) {
        expect(prop.description, `${pointer}/properties/${key}`).toEqual(expect.any(String));
      }
    }
  });

  it('states the filled default of each defaulted field', () => {
    const props = configJsonSchema().properties as Record<string, { default?: unknown }>;
    expect(props.dryRun?.default).toBe(false);
    expect(props.evaluation?.default).toEqual({
      lookbackSec: 7200,
      periodSec: 60,
      leaseTtlSec: 120,
      orchestrationLeaseTtlSec: 120,
    });
  });
});
