/**
 * Structured JSON-line logging with fixed keys (`level, ts, msg, requestId, instanceId, actionKey,
 * decision, reason, durationMs`). Never log a credential, a token or a whole SDK response.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogFields {
  requestId?: string;
  instanceId?: string;
  actionKey?: string;
  decision?: string;
  reason?: string;
  durationMs?: number;
  [key: string]: unknown;
}

export interface Logger {
  log(level: LogLevel, msg: string, fields?: LogFields): void;
}
