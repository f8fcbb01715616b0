/**
 * The log of refused webhook calls (wrong or missing token, outside the allow-list), bounded per container:
 * at most `perWindow` lines per `windowMs` (default 10 a minute), the rest counted; when the window has
 * rolled, the next invocation of the endpoint (refused or not) logs one line with how many were not logged.
 * So a flood of forged calls costs at most 11 lines a minute, and the count of what was refused is kept.
 *
 * State lives as long as the object: create ONE per container (the FC handler module, the local cloud's
 * alarm function), never per invocation, or every invocation starts a fresh window and nothing is limited.
 * No timers: an FC instance is frozen between invocations, so the summary is written by the next one.
 */
import type { LogFields, Logger } from '../ports/Logger.js';

export interface RefusalLog {
  /** One refused call: logged (`warn`, `webhook call refused`) unless this window's lines are spent. */
  refused(fields: LogFields): void;
  /** Call on every invocation: writes the summary of a window that has ended, if it suppressed anything. */
  flush(): void;
}

export interface RefusalLogOptions {
  /** Lines per window. Default 10. */
  perWindow?: number;
  /** Window length, ms. Default 60,000. */
  windowMs?: number;
}

export function createRefusalLog(logger: Logger, now: () => number, opts: RefusalLogOptions = {}): RefusalLog {
  const perWindow = opts.perWindow ?? 10;
  const windowMs = opts.windowMs ?? 60_000;
  let windowStart: number | undefined;
  let logged = 0;
  let suppressed = 0;

  /** Close the window when it has ended (writing its summary); true when no window is open afterwards. */
  const roll = (t: number): void => {
    if (windowStart === undefined || t - windowStart < windowMs) return;
    if (suppressed > 0) {
      logger.log('warn', 'webhook calls refused and not logged', {
        suppressed,
        logged,
        windowStart: new Date(windowStart).toISOString(),
        windowEnd: new Date(windowStart + windowMs).toISOString(),
      });
    }
    windowStart = undefined;
    logged = 0;
    suppressed = 0;
  };

  return {
    refused(fields) {
      const t = now();
      roll(t);
      windowStart ??= t;
      if (logged < perWindow) {
        logged++;
        logger.log('warn', 'webhook call refused', fields);
      } else {
        suppressed++;
      }
    },
    flush() {
      roll(now());
    },
  };
}
