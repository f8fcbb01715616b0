/**
 * The runtime's state and the one place that runs a handler: function table, invocation records, the async
 * queue, and context construction. The HTTP routes (fc2Api.ts, httpTrigger.ts) and the timer triggers all
 * go through `run` or `enqueueAsync`, so every invocation is recorded the same way.
 */
import { AsyncQueue, type AsyncTask, defaultRetryDelayMs } from './asyncQueue.js';
import { createContext, LogTail, timeoutSecOf } from './context.js';
import { type HandlerOutcome, runHandler } from './invoke.js';
import { newRequestId } from './io.js';
import { InvocationLog, logLine } from './records.js';
import { asTimerClock, type TimerClock } from './timerClock.js';
import type {
  CallerCredentials,
  FcCredentials,
  FcHandler,
  FcLocalExtension,
  FcLogLine,
  FcRuntimeOptions,
  InvocationTrigger,
  LocalFunction,
} from './types.js';

export const DEFAULT_QUALIFIER = 'LATEST';

export interface AsyncRequest {
  fn: LocalFunction;
  qualifier: string;
  payload: Buffer;
  trigger: InvocationTrigger;
  triggerName?: string;
  /** Caller-chosen task id; the request id is used when absent. */
  taskId?: string;
  requestId?: string;
}

/** Never called: startFcRuntime loads every handler before the engine exists. */
function noHandler(name: string): FcHandler {
  return async () => {
    throw new Error(`function ${name} has no handler`);
  };
}

export class FcEngine {
  readonly functions: ReadonlyMap<string, LocalFunction>;
  readonly records: InvocationLog;
  readonly queue: AsyncQueue;
  readonly clock: Pick<TimerClock, 'now' | 'setTimer'>;
  /** Accepted FC signatures: the callers' key and every function credential handed out so far. */
  readonly callers: CallerCredentials[];
  private functionCredentials: FcCredentials;
  /** `context.local` of each function, one object for the runtime's lifetime (FcLocalExtension). */
  private readonly locals = new Map<string, FcLocalExtension>();
  private readonly sink: (line: FcLogLine) => void;

  constructor(readonly opts: FcRuntimeOptions) {
    this.clock = asTimerClock(opts.clock);
    this.sink = opts.logger ?? (() => {});
    this.functions = new Map(opts.functions.map((f) => [f.name, f]));
    this.callers = [opts.credentials, opts.functionCredentials];
    this.functionCredentials = opts.functionCredentials;
    for (const f of opts.functions) {
      const env = f.environmentVariables ?? {};
      this.locals.set(f.name, { clock: opts.clock, env, ...(f.host !== undefined ? { host: f.host } : {}) });
    }
    this.records = new InvocationLog(opts.clock, opts.maxRecords ?? 10_000, this.sink);
    this.queue = new AsyncQueue({
      clock: this.clock,
      concurrency: opts.asyncConcurrency ?? 8,
      retryDelayMs: opts.asyncRetryDelayMs ?? defaultRetryDelayMs,
      records: this.records,
      execute: (task) => this.run(task.fn, task.qualifier, task.payload, task.requestId),
    });
  }

  log(level: 'debug' | 'info' | 'warn' | 'error', msg: string, fields: FcLogLine = {}): void {
    logLine(this.sink, this.opts.clock, level, msg, fields);
  }

  rotateFunctionCredentials(next: FcCredentials): void {
    this.functionCredentials = { ...next };
    this.callers.push(this.functionCredentials);
  }

  newRequestId(): string {
    return newRequestId(this.clock.now());
  }

  /** Runs the handler once with a fresh context. Never rejects. */
  run(
    fn: LocalFunction,
    qualifier: string,
    event: Buffer,
    requestId: string,
    tail = new LogTail(),
  ): Promise<HandlerOutcome> {
    const o = this.opts;
    const context = createContext(
      {
        fn,
        requestId,
        qualifier,
        serviceName: o.serviceName,
        region: o.region,
        accountId: o.accountId,
        credentials: this.functionCredentials,
        clock: o.clock,
        log: this.sink,
        local: this.locals.get(fn.name),
      },
      tail,
    );
    return runHandler({ handler: fn.handler ?? noHandler(fn.name) }, event, context, timeoutSecOf(fn));
  }

  /** Queues an asynchronous invocation (the caller has already rejected duplicate task ids). */
  enqueueAsync(req: AsyncRequest): AsyncTask {
    const requestId = req.requestId ?? this.newRequestId();
    const id = req.taskId ?? requestId;
    const record = this.records.start({
      requestId,
      functionName: req.fn.name,
      qualifier: req.qualifier,
      trigger: req.trigger,
      ...(req.triggerName ? { triggerName: req.triggerName } : {}),
      taskId: id,
      status: 'enqueued',
    });
    return this.queue.enqueue({
      id,
      stateful: req.taskId !== undefined,
      fn: req.fn,
      qualifier: req.qualifier,
      payload: req.payload,
      requestId,
      record,
    });
  }
}
