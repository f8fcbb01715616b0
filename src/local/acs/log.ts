/**
 * A Logger writing one JSON object per line (level, ts, msg, then the fields) to a stream, stderr by default.
 * The emulators never pass credentials or whole request bodies to it.
 */
import type { Logger, LogLevel } from '../../ports/Logger.js';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function jsonLineLogger(opts: { minLevel?: LogLevel; write?: (line: string) => void } = {}): Logger {
  const min = ORDER[opts.minLevel ?? 'info'];
  const write = opts.write ?? ((line: string) => process.stderr.write(line));
  return {
    log(level, msg, fields = {}) {
      if (ORDER[level] < min) return;
      write(`${JSON.stringify({ level, ts: new Date().toISOString(), msg, ...fields })}\n`);
    },
  };
}
