/**
 * Types of the local Function Compute runtime: the FC 3.0 event-handler contract that the product's functions
 * implement, the description of a hosted function and its triggers, and the invocation records that tests and
 * the dashboard read. See docs/fc-runtime.md for the wire behaviour.
 */
import type { Clock } from '../../ports/Clock.js';

/** FC 3.0 event handler: `event` is the raw payload (trigger JSON or InvokeFunction body) as a Buffer. */
export type FcHandler = (event: Buffer, context: FcContext) => Promise<unknown>;

/** STS credentials of the function's role, as FC hands them to handlers. */
export interface FcCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken: string;
}

/** `context.logger`: each call writes one line `<iso> <requestId> [level] message` (FC's format). */
export interface FcContextLogger {
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
  log(...args: unknown[]): void;
}

/** The context object of the FC Node.js runtime (alibaba-platform.md §3.2). */
export interface FcContext {
  requestId: string;
  credentials: FcCredentials;
  function: { name: string; handler: string; memory: number; timeout: number };
  service: { name: string; qualifier: string; logProject: string; logStore: string; versionId: string };
  region: string;
  accountId: string;
  logger: FcContextLogger;
}

export interface HttpTriggerConfig {
  name: string;
  /** Upper-case HTTP methods the trigger accepts, e.g. ['GET', 'POST']. */
  methods: string[];
  /** `function` requires an FC signature (`Authorization: FC <ak>:<sig>`); CMS can only call `anonymous`. */
  authType: 'anonymous' | 'function';
}

export interface TimerTriggerConfig {
  name: string;
  /** FC cron: 6 fields with optional `CRON_TZ=Area/City ` prefix, or `@every 5m`. */
  cronExpression: string;
  enable: boolean;
  /** Delivered verbatim as the event's `payload` (empty string when absent). */
  payload?: string;
}

export interface AsyncInvokeConfig {
  /** Retries after a failed attempt (FC: 0–8, default 3). */
  maxAsyncRetryAttempts: number;
  /** An event older than this is dropped with status Expired (FC: 1–2592000, schema default 18000). */
  maxAsyncEventAgeInSeconds: number;
}

/** A function hosted by the runtime. */
export interface LocalFunction {
  name: string;
  handler: FcHandler;
  /** Execution timeout (default 60 s), measured in wall time: see docs/fc-runtime.md. */
  timeoutSec?: number;
  /** Reported in `context.function.memory` only (default 512). */
  memorySizeMB?: number;
  /** Reported in `context.function.handler` only (default `index.handler`). */
  handlerName?: string;
  /** FC 3.0 allows one HTTP trigger per function; only the first entry is served. */
  httpTriggers?: HttpTriggerConfig[];
  timerTriggers?: TimerTriggerConfig[];
  async?: AsyncInvokeConfig;
}

/** Credentials the runtime accepts in FC signatures (`Authorization: FC <ak>:<sig>`). */
export interface CallerCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  /** Required (sent as `x-fc-security-token`) when the access key id starts with `STS`. */
  securityToken?: string;
}

/** One JSON log line of the runtime. Never carries a credential. */
export type FcLogLine = Record<string, unknown>;

export interface FcRuntimeOptions {
  /** Listen port on 127.0.0.1 (default 0 = a free port). */
  port?: number;
  /** Event times, timer triggers, async retries and event age follow this clock (virtual or real). */
  clock: Clock;
  accountId: string;
  region: string;
  serviceName: string;
  /** The callers' access key (fc2 signature). */
  credentials: CallerCredentials;
  /** Handed to handlers as `context.credentials`; also accepted as a caller (handlers invoke other functions). */
  functionCredentials: FcCredentials;
  functions: LocalFunction[];
  /** Next cron fire time strictly after `afterMs` (default: croner, `cronNextFire` of timers.ts). */
  nextFire?: (cron: string, afterMs: number) => number;
  logger?: (line: FcLogLine) => void;
  /** Delay before async retry number `retry` (1-based), in clock ms (default 1 s, 2 s, 4 s … capped at 60 s). */
  asyncRetryDelayMs?: (retry: number) => number;
  /** Async invocations running at the same time (default 8). */
  asyncConcurrency?: number;
  /** Body limit of HTTP triggers and sync invocations (default 32 MiB, FC's sync limit). */
  maxSyncPayloadBytes?: number;
  /** Body limit of async invocations (default 128 KiB, FC's async limit). */
  maxAsyncPayloadBytes?: number;
  /** Largest accepted difference between the request's `date` header and the wall clock (default 900 s). */
  maxDateSkewSec?: number;
  /** Invocation records kept, oldest dropped first (default 10000). */
  maxRecords?: number;
}

export type InvocationTrigger = 'http' | 'sync' | 'async' | 'timer';

export type InvocationStatus = 'enqueued' | 'running' | 'retrying' | 'succeeded' | 'failed' | 'timeout' | 'expired';

/** What the runtime remembers about one invocation (one record per request; async retries update it). */
export interface InvocationRecord {
  requestId: string;
  functionName: string;
  qualifier: string;
  trigger: InvocationTrigger;
  /** HTTP or timer trigger name. */
  triggerName?: string;
  /** Async task id (`X-Fc-Stateful-Async-Invocation-Id`, or the request id when none was given). */
  taskId?: string;
  status: InvocationStatus;
  /** Handler runs so far (0 for an event that expired before running). */
  attempts: number;
  /** Runtime-clock time the invocation was accepted. */
  acceptedAtMs: number;
  /** Runtime-clock time it reached a final status. */
  finishedAtMs?: number;
  /** Wall-clock duration of the last handler run. */
  durationMs?: number;
  /** HTTP status answered (HTTP trigger and sync invocations). */
  httpStatus?: number;
  errorMessage?: string;
}

/** The handle `startFcRuntime` returns. */
export interface FcRuntime {
  /** Base URL, `http://127.0.0.1:<port>`: the fc2 endpoint. */
  url: string;
  /** Local URL of a function's HTTP trigger: `<url>/http/<fn><path>`. */
  httpUrl(functionName: string, path?: string): string;
  invocations(): InvocationRecord[];
  /**
   * Resolves when no invocation is running or ready to run. Retries waiting for a later clock time are not
   * waited for unless `includeScheduled` (then a virtual clock must be advanced by someone else).
   */
  drain(opts?: { includeScheduled?: boolean; timeoutMs?: number }): Promise<void>;
  close(): Promise<void>;
}

export type { Clock };
