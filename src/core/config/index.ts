/** The configuration module's entry: parse and validate a config document (its types are in types.ts). */
export { parseConfig } from './parse.js';
