/**
 * Types of the local Function Compute runtime: the FC 3.0 event-handler contract that the product's functions
 * implement, the description of a hosted function and its triggers, and the invocation records that tests and
 * the dashboard read. See docs/fc-runtime.md for the wire behaviour.
 */
import type { Clock } from '../types.js';

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
  /** Local only: FC never sets it (docs/fc-runtime.md, "The one difference from FC"). */
  local?: FcLocalExtension;
}

/**
 * What the local runtime hands a hosted function beyond FC's context: the process-wide things of an FC instance
 * (its environment, its time) that cannot be process-wide here, because one process hosts several runtimes, on
 * virtual clocks. One object per hosted function for the runtime's lifetime, passed by reference to every
 * invocation: a cache keyed on it is a cache per function instance.
 */
export interface FcLocalExtension {
  /** The runtime's clock: the function's "now" (FC: the wall clock). */
  clock: Clock;
  /** The function's environment variables (FC: `process.env` of its instance). */
  env: Readonly<Record<string, string>>;
  /** What the host attached to the function (`LocalFunction.host`), passed through untouched. */
  host?: unknown;
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

/** A hosted function: its handler, or the code to load it from as s.yaml declares it (`code`, `handler`). */
export interface LocalFunction {
  name: string;
  /** The handler itself; absent = loaded from `codeUri` and `handlerName` when the runtime starts (loader.ts). */
  handler?: FcHandler;
  /** Code directory (s.yaml `code`): `handlerName` `index.handler` is the export `handler` of `<codeUri>/index.*`. */
  codeUri?: string;
  /**
   * Environment variables (s.yaml `environmentVariables`), given to the function as `context.local.env`, never
   * written to `process.env`. Read by reference: the host may add a value it learns only once the runtime is up
   * (its URL) before the first invocation.
   */
  environmentVariables?: Record<string, string>;
  /** Opaque to the runtime: handed to the function as `context.local.host`. */
  host?: unknown;
  /** Execution timeout (default 60 s), measured in wall time: see docs/fc-runtime.md. */
  timeoutSec?: number;
  /** Reported in `context.function.memory` only (default 512). */
  memorySizeMB?: number;
  /** `context.function.handler`, and with `codeUri` the module and export to load (default `index.handler`). */
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
   * STS rotation: later invocations get these as `context.credentials` (FC hands a function fresh STS credentials
   * before the old ones expire). Both stay accepted as callers, as an old STS token stays valid until it expires.
   */
  rotateFunctionCredentials(next: FcCredentials): void;
  /**
   * Resolves when no invocation is running or ready to run. Retries waiting for a later clock time are not
   * waited for unless `includeScheduled` (then a virtual clock must be advanced by someone else).
   */
  drain(opts?: { includeScheduled?: boolean; timeoutMs?: number }): Promise<void>;
  close(): Promise<void>;
}

export type { Clock };
