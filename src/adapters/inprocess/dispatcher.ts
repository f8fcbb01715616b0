/**
 * A Dispatcher that runs the worker in this process, queued on the event loop, with FC's async semantics
 * where they matter for correctness: a task id (`workerTaskId`: the action key of an orchestration, the batch
 * key of an advice batch) is accepted once and a reuse is `already-queued` (FC answers 409), and a failing run
 * is retried at least once more (at-least-once delivery, FC's default of 3 retries). Used by tests and the
 * bench; the local cloud hosts the worker in its FC runtime.
 *
 * Adapters never import the app, so the worker function is injected (`setWorker`) by whoever composes the
 * dependencies; it receives every kind of task, e.g. `dispatcher.setWorker((t) => runWorkerTask(deps, t))`
 * (src/runtime/worker.ts routes by `kind`).
 */
import { AutoscalerError } from '../../core/errors.js';
import { type Dispatcher, type WorkerTask, workerTaskId } from '../../ports/Dispatcher.js';

export type Worker = (task: WorkerTask) => Promise<unknown>;

/** A copy the caller cannot change behind the queue's back (an advice batch carries an array). */
function copy(task: WorkerTask): WorkerTask {
  return task.kind === 'advise' ? { ...task, instanceIds: [...task.instanceIds] } : { ...task };
}

export interface InProcessDispatcherOptions {
  worker?: Worker;
  /** Retries after a failed run (FC async default: 3). */
  maxRetries?: number;
  /** Called for every failed run, with its 1-based attempt number. */
  onError?: (task: WorkerTask, error: unknown, attempt: number) => void;
  /** Task ids remembered for the 409 rule; the oldest are forgotten beyond this. Default 10,000. */
  maxRemembered?: number;
}

/** What happened to one dispatched task (for tests and the local dashboard). */
export interface TaskRecord {
  task: WorkerTask;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  attempts: number;
  error?: string;
}

export class InProcessDispatcher implements Dispatcher {
  private worker: Worker | undefined;
  private readonly maxRetries: number;
  private readonly maxRemembered: number;
  private readonly onError: InProcessDispatcherOptions['onError'];
  private readonly records = new Map<string, TaskRecord>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(opts: InProcessDispatcherOptions = {}) {
    this.worker = opts.worker;
    this.maxRetries = Math.max(0, opts.maxRetries ?? 3);
    this.maxRemembered = Math.max(1, opts.maxRemembered ?? 10_000);
    this.onError = opts.onError;
  }

  /** Set (or replace) the function that runs a task. */
  setWorker(worker: Worker): void {
    this.worker = worker;
  }

  async dispatch(task: WorkerTask): Promise<'queued' | 'already-queued'> {
    const id = workerTaskId(task);
    if (!this.worker) throw new AutoscalerError(`InProcessDispatcher: no worker set for task ${id}`);
    if (this.records.has(id)) return 'already-queued';
    const record: TaskRecord = { task: copy(task), status: 'queued', attempts: 0 };
    this.remember(record);
    const run = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.run(record));
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
    return 'queued';
  }

  /** Resolves when every queued task (including tasks queued meanwhile) has finished. Bounded. */
  async drain(maxRounds = 1_000): Promise<void> {
    for (let round = 0; round < maxRounds && this.inFlight.size > 0; round++) {
      await Promise.all([...this.inFlight]);
    }
  }

  /** Every remembered task, oldest first. */
  tasks(): TaskRecord[] {
    return [...this.records.values()].map((r) => ({ ...r, task: copy(r.task) }));
  }

  private remember(record: TaskRecord): void {
    this.records.set(workerTaskId(record.task), record);
    while (this.records.size > this.maxRemembered) {
      const oldest = this.records.keys().next().value;
      if (oldest === undefined) break;
      this.records.delete(oldest);
    }
  }

  private async run(record: TaskRecord): Promise<void> {
    for (let attempt = 1; attempt <= this.maxRetries + 1; attempt++) {
      record.status = 'running';
      record.attempts = attempt;
      try {
        await (this.worker as Worker)(record.task);
        record.status = 'succeeded';
        delete record.error;
        return;
      } catch (err) {
        record.status = 'failed';
        record.error = err instanceof Error ? err.message : String(err);
        this.onError?.(record.task, err, attempt);
      }
    }
  }
}
