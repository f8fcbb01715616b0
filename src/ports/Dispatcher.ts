/**
 * Hands a long-running orchestration (stop → modify → start) to a worker. In the cloud: `@alicloud/fc2`
 * `invokeFunction` with `X-Fc-Invocation-Type: Async` and the action key as the stateful async invocation id
 * (a duplicate id is rejected with 409, reported here as `already-queued`). Locally: the FC runtime or an
 * in-process dispatcher.
 */
export interface WorkerTask {
  kind: 'orchestrate';
  actionKey: string;
  instanceId: string;
}

export interface Dispatcher {
  dispatch(task: WorkerTask): Promise<'queued' | 'already-queued'>;
}
