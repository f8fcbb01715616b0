/**
 * The one errors module. Every error the product raises on purpose is an AutoscalerError with a stable
 * `name`, a message that states the rule and the bad value, and the original `cause` kept.
 * Adapters translate SDK errors into these; only `retryable` ones are rethrown to FC.
 */
export class AutoscalerError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** One problem in a configuration file: where (key path), which rule, and the value that broke it. */
export interface ConfigProblem {
  /** Dotted key path, e.g. `groups[0].bandwidth.maxMbps`. */
  path: string;
  /** The rule that was broken, in words: `must be ≤ 200 (PrePaid PayByBandwidth platform maximum)`. */
  rule: string;
  /** The offending value, as found in the file (undefined when the key is missing). */
  value?: unknown;
}

/** A configuration that failed validation. Carries every problem at once, never just the first. */
export class ConfigError extends AutoscalerError {
  readonly problems: readonly ConfigProblem[];
  constructor(source: string, problems: readonly ConfigProblem[], options?: { cause?: unknown }) {
    const lines = problems.map((p) => `  - ${p.path || '(root)'}: ${p.rule}${formatValue(p.value)}`);
    super(`${source}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${lines.join('\n')}`, options);
    this.problems = problems;
  }
}

/** An incoming event (alarm callback, timer payload, CloudEvent) that cannot be understood. Maps to HTTP 400. */
export class InvalidEventError extends AutoscalerError {}

/** A caller that could not prove it may call us (missing or wrong token, address not allowed). Maps to 401/403. */
export class AuthError extends AutoscalerError {
  constructor(
    message: string,
    readonly httpStatus: 401 | 403 = 401,
  ) {
    super(message);
  }
}

/** A conditional write lost its race. Use cases treat it as a normal outcome; it only escapes as a bug. */
export class StateConflictError extends AutoscalerError {}

/** The state store could not be reached or answered with an error. The caller must fail closed. */
export class StateUnavailableError extends AutoscalerError {
  constructor(
    message: string,
    readonly retryable = true,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** An error returned by a cloud API (ECS, CMS, FC), normalised. */
export class CloudApiError extends AutoscalerError {
  readonly code: string;
  readonly httpStatus: number | undefined;
  readonly requestId: string | undefined;
  readonly retryable: boolean;
  constructor(
    init: { code: string; message: string; httpStatus?: number; requestId?: string; retryable: boolean },
    options?: { cause?: unknown },
  ) {
    super(`${init.code}: ${init.message}${init.requestId ? ` (request id ${init.requestId})` : ''}`, options);
    this.code = init.code;
    this.httpStatus = init.httpStatus;
    this.requestId = init.requestId;
    this.retryable = init.retryable;
  }
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
