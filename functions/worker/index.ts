/**
 * FC async invocation target: runs or resumes one stop → modify → start orchestration, evaluates one batch of a
 * reconcile tick, or advises one batch of instances for the daily optimiser sweep (src/runtime/worker.ts routes
 * by the task's kind).
 */
import { containerFor, type InvocationContext, withNotificationGrace } from '../../src/runtime/fcContainer.js';
import { receiveWorkerTask, type WorkerResult } from '../../src/runtime/worker.js';

export async function handler(event: Buffer, context: InvocationContext): Promise<WorkerResult> {
  const c = await containerFor(context);
  return withNotificationGrace(c, () => receiveWorkerTask(c.deps(context.requestId), event));
}

/** Build time only: loads the SDK clients before the V8 code cache is taken (src/runtime/bundleLoader.ts). */
export { loadAllAdapters as warmUp } from '../../src/runtime/lazyAdapters.js';
