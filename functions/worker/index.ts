/**
 * FC async invocation target: runs or resumes one stop → modify → start orchestration, or advises one batch of
 * instances for the daily optimiser sweep (src/runtime/worker.ts routes by the task's kind).
 */
import type { OrchestrationOutcome } from '../../src/app/index.js';
import type { AdviceBatchResult } from '../../src/app/optimise/adviseBatch.js';
import { containerFor, type InvocationContext } from '../../src/runtime/fcContainer.js';
import { receiveWorkerTask } from '../../src/runtime/worker.js';

export async function handler(
  event: Buffer,
  context: InvocationContext,
): Promise<OrchestrationOutcome | AdviceBatchResult> {
  const c = await containerFor(context);
  return receiveWorkerTask(c.deps(context.requestId), event);
}

/** Build time only: loads the SDK clients before the V8 code cache is taken (src/runtime/bundleLoader.ts). */
export { loadAllAdapters as warmUp } from '../../src/runtime/lazyAdapters.js';
