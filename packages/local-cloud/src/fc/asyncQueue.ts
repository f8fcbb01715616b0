/**
 * FC's asynchronous invocation queue, locally: accepted events run on the event loop (never inside the
 * request that queued them), a failed or timed-out attempt is retried up to `maxAsyncRetryAttempts` times
 * with backoff on the runtime clock (at-least-once delivery), and an event older than
 * `maxAsyncEventAgeInSeconds` when its turn comes is dropped as Expired. Tasks are kept by id, which is what
 * makes a repeated `X-Fc-Stateful-Async-Invocation-Id` a 409.
 */
import { errorBody, type HandlerOutcome } from './invoke.js';
import type { InvocationLog } from './records.js';
import type { TimerClock } from './timerClock.js';
import type { AsyncInvokeConfig, InvocationRecord, LocalFunction } from './types.js';

/** FC's task states (GetStatefulAsyncInvocation). */
export type TaskStatus = 'Enqueued' | 'Running' | 'Retrying' | 'Succeeded' | 'Failed' | 'Expired';

export interface AsyncTask {
  id: string;
  /** True when the caller chose the id (stateful async invocation). */
  stateful: boolean;
  fn: LocalFunction;
  qualifier: string;
  payload: Buffer;
  requestId: string;
  record: InvocationRecord;
  enqueuedAtMs: number;
  status: TaskStatus;
  attempts: number;
  startedAtMs?: number;
  endedAtMs?: number;
  lastError?: string;
  durationMs?: number;
}

export const DEFAULT_ASYNC_CONFIG: AsyncInvokeConfig = { maxAsyncRetryAttempts: 3, maxAsyncEventAgeInSeconds: 18000 };

export function defaultRetryDelayMs(retry: number): number {
  return Math.min(1000 * 2 ** (retry - 1), 60_000);
}

export interface AsyncQueueDeps {
  clock: Pick<TimerClock, 'now' | 'setTimer'>;
  concurrency: number;
  retryDelayMs: (retry: number) => number;
  records: InvocationLog;
  execute: (task: AsyncTask) => Promise<HandlerOutcome>;
}

export class AsyncQueue {
  private readonly tasks = new Map<string, AsyncTask>();
  private readonly ready: AsyncTask[] = [];
  private readonly inflight = new Set<Promise<void>>();
  private readonly scheduled = new Map<AsyncTask, () => void>();
  private waiters: (() => void)[] = [];
  private closed = false;

  constructor(private readonly deps: AsyncQueueDeps) {}

  has(id: string): boolean {
    return this.tasks.has(id);
  }

  get(id: string): AsyncTask | undefined {
    return this.tasks.get(id);
  }

  /** Accepts a task; its first attempt starts on a later turn of the event loop. */
  enqueue(task: Omit<AsyncTask, 'status' | 'attempts' | 'enqueuedAtMs'>): AsyncTask {
    const full: AsyncTask = { ...task, status: 'Enqueued', attempts: 0, enqueuedAtMs: this.deps.clock.now() };
    this.tasks.set(full.id, full);
    this.ready.push(full);
    setImmediate(() => this.pump());
    return full;
  }

  /** See FcRuntime.drain. Rejects when the queue is not idle within `timeoutMs` of wall time. */
  async drain(opts: { includeScheduled?: boolean; timeoutMs?: number } = {}): Promise<void> {
    const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
    const idle = () =>
      this.inflight.size === 0 && this.ready.length === 0 && (!opts.includeScheduled || this.scheduled.size === 0);
    while (!idle()) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `fc runtime drain: still busy after ${opts.timeoutMs ?? 30_000} ms (running ${this.inflight.size}, ready ${this.ready.length}, scheduled ${this.scheduled.size})`,
        );
      }
      await this.changed(left);
    }
  }

  /** Cancels scheduled retries and waits for running attempts. */
  async close(): Promise<void> {
    this.closed = true;
    for (const cancel of this.scheduled.values()) cancel();
    this.scheduled.clear();
    this.ready.length = 0;
    await Promise.allSettled([...this.inflight]);
  }

  private changed(maxWaitMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, maxWaitMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private pump(): void {
    while (!this.closed && this.inflight.size < this.deps.concurrency && this.ready.length > 0) {
      const task = this.ready.shift() as AsyncTask;
      const run: Promise<void> = this.attempt(task).finally(() => {
        this.inflight.delete(run);
        this.pump();
        this.notify();
      });
      this.inflight.add(run);
    }
    this.notify();
  }

  private config(task: AsyncTask): AsyncInvokeConfig {
    return task.fn.async ?? DEFAULT_ASYNC_CONFIG;
  }

  private async attempt(task: AsyncTask): Promise<void> {
    const { records, clock } = this.deps;
    const ageSec = (clock.now() - task.enqueuedAtMs) / 1000;
    if (ageSec > this.config(task).maxAsyncEventAgeInSeconds) {
      this.finish(task, 'Expired', 'expired', {
        errorMessage: `event age ${Math.round(ageSec)} s exceeds maxAsyncEventAgeInSeconds ${this.config(task).maxAsyncEventAgeInSeconds}`,
      });
      return;
    }
    task.status = 'Running';
    task.attempts += 1;
    task.startedAtMs ??= clock.now();
    records.update(task.record, { status: 'running', attempts: task.attempts });
    // execute() never rejects by contract; a bug in building the invocation still counts as a failed attempt.
    const outcome = await this.deps
      .execute(task)
      .catch((err: unknown): HandlerOutcome => ({ kind: 'error', error: errorBody(err), durationMs: 0 }));
    task.durationMs = outcome.durationMs;
    if (outcome.kind === 'ok') {
      this.finish(task, 'Succeeded', 'succeeded', { durationMs: outcome.durationMs });
      return;
    }
    task.lastError = outcome.error.errorMessage;
    const retriesDone = task.attempts - 1;
    if (retriesDone < this.config(task).maxAsyncRetryAttempts && !this.closed) {
      this.scheduleRetry(task, outcome);
      return;
    }
    this.finish(task, 'Failed', outcome.kind === 'timeout' ? 'timeout' : 'failed', {
      durationMs: outcome.durationMs,
      errorMessage: outcome.error.errorMessage,
    });
  }

  private scheduleRetry(task: AsyncTask, outcome: HandlerOutcome): void {
    task.status = 'Retrying';
    this.deps.records.update(task.record, {
      status: 'retrying',
      durationMs: outcome.durationMs,
      errorMessage: task.lastError,
    });
    const atMs = this.deps.clock.now() + this.deps.retryDelayMs(task.attempts);
    const cancel = this.deps.clock.setTimer(atMs, () => {
      this.scheduled.delete(task);
      if (this.closed) return;
      this.ready.push(task);
      this.pump();
    });
    this.scheduled.set(task, cancel);
  }

  private finish(
    task: AsyncTask,
    status: TaskStatus,
    recordStatus: InvocationRecord['status'],
    patch: Partial<InvocationRecord>,
  ): void {
    task.status = status;
    task.endedAtMs = this.deps.clock.now();
    this.deps.records.update(task.record, { ...patch, status: recordStatus, attempts: task.attempts });
  }
}
