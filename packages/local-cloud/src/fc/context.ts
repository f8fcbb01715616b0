/**
 * Builds the `context` object a handler receives (FC Node.js runtime shape, alibaba-platform.md §3.2) and
 * its `logger`, whose lines go both to the runtime's JSON log and to the invocation's log tail
 * (`x-fc-log-result` when the caller asks for `X-Fc-Log-Type: Tail`).
 */
import { format } from 'node:util';
import type {
  Clock,
  FcContext,
  FcContextLogger,
  FcCredentials,
  FcLocalExtension,
  FcLogLine,
  LocalFunction,
} from './types.js';

export const DEFAULT_TIMEOUT_SEC = 60;
const DEFAULT_MEMORY_MB = 512;
/** FC returns at most the last 4 KB of logs in `x-fc-log-result`. */
const LOG_TAIL_BYTES = 4096;

export interface ContextInput {
  fn: LocalFunction;
  requestId: string;
  qualifier: string;
  serviceName: string;
  region: string;
  accountId: string;
  credentials: FcCredentials;
  clock: Clock;
  log: (line: FcLogLine) => void;
  /** The function's `context.local` (the same object every invocation). */
  local?: FcLocalExtension;
}

/** The log lines one invocation wrote, in FC's text format. */
export class LogTail {
  readonly lines: string[] = [];

  push(line: string): void {
    this.lines.push(line);
  }

  /** Base64 of the last 4 KB, as FC puts it in `x-fc-log-result`. */
  toHeader(): string {
    const all = Buffer.from(this.lines.map((l) => `${l}\n`).join(''), 'utf8');
    return all.subarray(Math.max(0, all.length - LOG_TAIL_BYTES)).toString('base64');
  }
}

/** The timeout a function runs under, in seconds. */
export function timeoutSecOf(fn: LocalFunction): number {
  return fn.timeoutSec ?? DEFAULT_TIMEOUT_SEC;
}

export function createContext(input: ContextInput, tail: LogTail): FcContext {
  const { fn } = input;
  return {
    requestId: input.requestId,
    // A copy per invocation so a handler mutating it cannot affect the next one.
    credentials: { ...input.credentials },
    function: {
      name: fn.name,
      handler: fn.handlerName ?? 'index.handler',
      memory: fn.memorySizeMB ?? DEFAULT_MEMORY_MB,
      timeout: timeoutSecOf(fn),
    },
    service: { name: input.serviceName, qualifier: input.qualifier, logProject: '', logStore: '', versionId: '' },
    region: input.region,
    accountId: input.accountId,
    logger: createLogger(input, tail),
    ...(input.local ? { local: input.local } : {}),
  };
}

function createLogger(input: ContextInput, tail: LogTail): FcContextLogger {
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error', label: string) =>
    (...args: unknown[]): void => {
      const ts = new Date(input.clock.now()).toISOString();
      const message = format(...args);
      tail.push(`${ts} ${input.requestId} [${label}] ${message}`);
      input.log({ level, ts, msg: 'function log', requestId: input.requestId, functionName: input.fn.name, message });
    };
  return {
    debug: write('debug', 'debug'),
    info: write('info', 'info'),
    warn: write('warn', 'warn'),
    error: write('error', 'error'),
    log: write('info', 'log'),
  };
}
