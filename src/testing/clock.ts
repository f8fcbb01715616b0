/** A clock for tests and the bench: it moves only when told (`advance`), and `sleep` advances it at once. */
import type { Clock } from '../ports/Clock.js';
import type { LogFields, Logger, LogLevel } from '../ports/Logger.js';

export class FakeClock implements Clock {
  /** Total ms slept. */
  slept = 0;
  constructor(public ms: number) {}
  now(): number {
    return this.ms;
  }
  sleep(ms: number): Promise<void> {
    this.slept += ms;
    this.ms += Math.max(0, ms);
    return Promise.resolve();
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface LogLine extends LogFields {
  level: LogLevel;
  msg: string;
}

/** A Logger that keeps every line. */
export class CaptureLogger implements Logger {
  readonly lines: LogLine[] = [];
  log(level: LogLevel, msg: string, fields: LogFields = {}): void {
    this.lines.push({ ...fields, level, msg });
  }
  decisions(): LogLine[] {
    return this.lines.filter((l) => l.msg === 'decision');
  }
}
