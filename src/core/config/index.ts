/** The configuration module: types, parsing, the JSON Schema. */
export { CONFIG_SCHEMA_ID, configJsonSchema, deepFreeze, parseConfig } from './parse.js';
export { configSchema } from './schema.js';
export type * from './types.js';
