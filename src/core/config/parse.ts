/**
 * `parseConfig`: the one way a configuration enters the product. Field rules, defaults and cross-field rules
 * run together; every problem is reported in one ConfigError; the result is deeply frozen.
 */
import { ConfigError } from '../errors.js';
import { type JsonSchema, toJsonSchemaDocument, validate } from '../schema/index.js';
import { crossGroupProblems } from './checks.js';
import { configSchema } from './schema.js';
import type { Config } from './types.js';

/** Where editors find the schema (`# yaml-language-server: $schema=…` or `"$schema"` in JSON). */
export const CONFIG_SCHEMA_ID = 'https://github.com/ecs-vertical-autoscaler/autoscaler.schema.json';

/**
 * Validate `value` (the parsed YAML/JSON document) and fill every default.
 * @param source names the input in the error message, e.g. the file path.
 * @throws ConfigError listing every problem (key path, rule, offending value).
 */
export function parseConfig(value: unknown, source: string): Config {
  const { value: config, problems } = validate(configSchema, withoutSchemaKey(value));
  const all = [...problems, ...crossGroupProblems(value)];
  if (!config || all.length) throw new ConfigError(source, all);
  return deepFreeze(config);
}

/** The JSON Schema (draft 2020-12) of the configuration file, with descriptions and defaults. */
export function configJsonSchema(): JsonSchema {
  const doc = toJsonSchemaDocument(configSchema, {
    id: CONFIG_SCHEMA_ID,
    title: 'ECS vertical autoscaler configuration',
  });
  // Editors put `$schema` in JSON files to find the schema: allow it without making it part of Config.
  const properties = doc.properties as Record<string, unknown>;
  return {
    ...doc,
    properties: { $schema: { type: 'string', description: 'JSON Schema of this file.' }, ...properties },
  };
}

function withoutSchemaKey(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || !('$schema' in value)) return value;
  const { $schema: _ignored, ...rest } = value as Record<string, unknown>;
  return rest;
}

/** Freeze an object graph so no caller can change the configuration after validation. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
