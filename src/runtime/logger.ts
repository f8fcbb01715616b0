/**
 * JSON-line logger (the Logger port) with fixed keys and redaction: any field whose name looks like a
 * credential is replaced, and known secret values are masked wherever they appear in a string.
 */
import type { LogFields, Logger, LogLevel } from '../ports/Logger.js';

const SECRET_KEY = /secret|token|password|authorization|signature|credential|accesskey/i;
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface JsonLoggerOptions {
  /** Where lines go; stdout by default (FC ships it to SLS). */
  write?: (line: string) => void;
  /** Drop lines below this level. Default info. */
  level?: LogLevel;
  /** Values that must never appear in a line (e.g. the webhook token). */
  secrets?: readonly string[];
  /** Timestamp source (the app's Clock in the simulator). */
  now?: () => number;
}

function redact(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof value === 'string') {
    return secrets.reduce((s, secret) => (secret.length >= 4 ? s.split(secret).join('[redacted]') : s), value);
  }
  if (value instanceof Error) return redact({ name: value.name, message: value.message }, secrets, depth);
  if (!value || typeof value !== 'object' || depth > 4) return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, secrets, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) ? '[redacted]' : redact(v, secrets, depth + 1)]),
  );
}

export function createJsonLogger(opts: JsonLoggerOptions = {}): Logger {
  const write = opts.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const min = ORDER[opts.level ?? 'info'];
  const secrets = (opts.secrets ?? []).filter(Boolean);
  const now = opts.now ?? Date.now;
  return {
    log(level: LogLevel, msg: string, fields: LogFields = {}) {
      if (ORDER[level] < min) return;
      const entry = { level, ts: new Date(now()).toISOString(), msg, ...(redact(fields, secrets) as LogFields) };
      write(JSON.stringify(entry));
    },
  };
}
