/**
 * The runtime's memory of invocations (for tests, the dashboard and `start`'s live log) and its JSON-line
 * log. Lines carry names, ids, statuses and durations only: never credentials, headers, bodies or trigger
 * paths (an alarm webhook path or query may hold its secret token).
 */
import type { Clock, FcLogLine, InvocationRecord, InvocationStatus } from './types.js';

const FINAL: ReadonlySet<InvocationStatus> = new Set(['succeeded', 'failed', 'timeout', 'expired']);

export class InvocationLog {
  private readonly records: InvocationRecord[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly maxRecords: number,
    private readonly sink: (line: FcLogLine) => void,
  ) {}

  /** Registers a new invocation and returns the live record (mutated through `update`). */
  start(init: Omit<InvocationRecord, 'acceptedAtMs' | 'attempts'> & { attempts?: number }): InvocationRecord {
    const record: InvocationRecord = { attempts: 0, ...init, acceptedAtMs: this.clock.now() };
    this.records.push(record);
    if (this.records.length > this.maxRecords) this.records.splice(0, this.records.length - this.maxRecords);
    return record;
  }

  /** Applies a change; a final status stamps `finishedAtMs` and writes one `invocation` log line. */
  update(record: InvocationRecord, patch: Partial<InvocationRecord>): void {
    Object.assign(record, patch);
    if (!FINAL.has(record.status)) return;
    record.finishedAtMs = this.clock.now();
    this.sink({
      level: record.status === 'succeeded' ? 'info' : 'warn',
      ts: new Date(record.finishedAtMs).toISOString(),
      msg: 'invocation',
      requestId: record.requestId,
      functionName: record.functionName,
      trigger: record.trigger,
      ...(record.triggerName ? { triggerName: record.triggerName } : {}),
      ...(record.taskId ? { taskId: record.taskId } : {}),
      status: record.status,
      attempts: record.attempts,
      ...(record.durationMs !== undefined ? { durationMs: record.durationMs } : {}),
      ...(record.httpStatus !== undefined ? { httpStatus: record.httpStatus } : {}),
      ...(record.errorMessage ? { reason: record.errorMessage } : {}),
    });
  }

  /** Copies, oldest first. */
  list(): InvocationRecord[] {
    return this.records.map((r) => ({ ...r }));
  }
}

/** Writes a runtime event (request rejected, trigger fired …) as a JSON line stamped with the runtime clock. */
export function logLine(
  sink: (line: FcLogLine) => void,
  clock: Clock,
  level: 'debug' | 'info' | 'warn' | 'error',
  msg: string,
  fields: FcLogLine = {},
): void {
  sink({ level, ts: new Date(clock.now()).toISOString(), msg, ...fields });
}
