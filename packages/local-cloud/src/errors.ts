/**
 * The local cloud's own errors. The package imports no product code, so it cannot throw the product's error
 * classes; the product's CLI recognises `LocalCloudError` as a user-facing error (a one-line message, no stack).
 */
export class LocalCloudError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** One problem in an emulator's options or a fleet file: where (key path), which rule, and the value. */
export interface ConfigProblem {
  path: string;
  rule: string;
  value?: unknown;
}

function formatValue(value: unknown): string {
  if (value === undefined) return '';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return ` (got ${text.length > 80 ? `${text.slice(0, 77)}...` : text})`;
}

/** Options or a file that failed validation; carries every problem at once. */
export class ConfigError extends LocalCloudError {
  readonly problems: readonly ConfigProblem[];
  constructor(source: string, problems: readonly ConfigProblem[], options?: { cause?: unknown }) {
    const lines = problems.map((p) => `  - ${p.path || '(root)'}: ${p.rule}${formatValue(p.value)}`);
    super(`${source}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${lines.join('\n')}`, options);
    this.problems = problems;
  }
}

/** The Tablestore emulator's data file cannot be read back (truncated, corrupt): never a silent reset. */
export class StateUnavailableError extends LocalCloudError {
  constructor(
    message: string,
    readonly retryable = true,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
