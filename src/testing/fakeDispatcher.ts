/**
 * The one recording Dispatcher (passes test/contract/dispatcher.contract.ts like the FC dispatcher over the FC
 * runtime emulator and the in-process dispatcher): a task id (`workerTaskId`) is queued once and every reuse is
 * `already-queued`. It records every dispatched task (repeats included) and runs nothing, unless a `worker` is
 * given, which then receives each accepted task once, after the dispatch call has answered.
 */
import { type Dispatcher, type WorkerTask, workerTaskId } from '../ports/Dispatcher.js';

export class FakeDispatcher implements Dispatcher {
  /** Every dispatched task, in order, repeats included. */
  readonly tasks: WorkerTask[] = [];
  /** The tasks accepted (`queued`), in order. */
  readonly queued: WorkerTask[] = [];
  /** Every dispatch throws this while set (nothing is recorded as queued). */
  failWith: Error | undefined;
  private readonly ids = new Set<string>();

  constructor(private readonly worker?: (task: WorkerTask) => unknown) {}

  async dispatch(task: WorkerTask): Promise<'queued' | 'already-queued'> {
    if (this.failWith) throw this.failWith;
    this.tasks.push(task);
    const id = workerTaskId(task);
    if (this.ids.has(id)) return 'already-queued';
    this.ids.add(id);
    this.queued.push(task);
    const worker = this.worker;
    if (worker) setImmediate(() => void Promise.resolve(worker(structuredClone(task))).catch(() => {}));
    return 'queued';
  }
}
