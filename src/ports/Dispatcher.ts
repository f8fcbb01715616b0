/**
 * Hands long-running work to the worker function. In the cloud: `@alicloud/fc2` `invokeFunction` with
 * `X-Fc-Invocation-Type: Async` and the task's id (`workerTaskId`) as the stateful async invocation id (a
 * duplicate id is rejected with 409, reported here as `already-queued`). Locally: the FC runtime or an
 * in-process dispatcher. In tests: the one fake in src/testing, held to test/contract/dispatcher.contract.ts like
 * the other two. Three kinds of task:
 *
 * - `orchestrate`: one stop → modify → start type change, id = its action key (a resume by a tick:
 *   `<actionKey>-resume-<version>`);
 * - `reconcile`: one batch of a reconcile tick's evaluations, id = the batch key;
 * - `advise`: the optimiser sweep's per-instance advice (forecast profile + strategy by backtest) for one
 *   batch of instances, id = the batch key (sweep slot, batch index and a hash of the ids, so a re-run of the
 *   same sweep dispatches the same ids and FC refuses the repeats).
 */
export interface OrchestrateTask {
  kind: 'orchestrate';
  actionKey: string;
  instanceId: string;
  /**
   * Set when a reconcile tick resumes a stalled orchestration: the orchestration's version when it was found
   * stalled. FC refuses a reused task id, so a resume needs its own (`<actionKey>-resume-<version>`); two ticks
   * finding the same stalled version build the same id, and FC runs it once.
   */
  resume?: number;
}

/** One batch of a reconcile tick's fan-out (src/app/reconcileFanout.ts): evaluate these instances. */
export interface ReconcileTask {
  kind: 'reconcile';
  /** `reconcile-<tick slot>-<index>-<hash of the ids>`: a second tick in the same slot builds the same keys. */
  batchKey: string;
  /** The instances of the batch, sorted. */
  instanceIds: string[];
  /** The tick's time, epoch ms: the batch evaluates in the tick's slot (timer dedupe keys). */
  nowMs: number;
}

export interface AdviseTask {
  kind: 'advise';
  /** Deterministic per sweep slot and batch: `advise-<hour slot>-<index>-<hash of the ids>`. */
  batchKey: string;
  /** The instances of the batch, sorted. */
  instanceIds: string[];
  /** The sweep's time, epoch ms: the history window ends here and the audit's hour slot is taken from it. */
  nowMs: number;
  /** Days of history the sweep read (7–30). */
  historyDays: number;
}

export type WorkerTask = OrchestrateTask | AdviseTask | ReconcileTask;

/** The task's id: FC's stateful async invocation id (before FC's character rules), the 409 key. */
export function workerTaskId(task: WorkerTask): string {
  if (task.kind !== 'orchestrate') return task.batchKey;
  return task.resume === undefined ? task.actionKey : `${task.actionKey}-resume-${task.resume}`;
}

export interface Dispatcher {
  dispatch(task: WorkerTask): Promise<'queued' | 'already-queued'>;
}
