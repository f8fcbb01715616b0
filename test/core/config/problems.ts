import { parseConfig } from '../../../src/core/config/parse.js';
import { ConfigError, type ConfigProblem } from '../../../src/core/errors.js';

/** Every problem parseConfig reports for `value` (empty when valid). */
export function problemsOf(value: unknown): ConfigProblem[] {
  try {
    parseConfig(value, 'test.yaml');
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  return [];
}

/** One validation rule: the edits that break it, and the problem it must produce. */
export type Row = [label: string, edits: [string, unknown][], path: string, rule: string, value?: unknown];
