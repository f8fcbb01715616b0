/** FC async invocation target: runs or resumes one stop → modify → start orchestration. */
import type { OrchestrationOutcome } from '../../src/app/index.js';
import { containerFor, type InvocationContext } from '../../src/runtime/container.js';
import { receiveWorkerTask } from '../../src/runtime/worker.js';

export async function handler(event: Buffer, context: InvocationContext): Promise<OrchestrationOutcome> {
  const c = await containerFor(context);
  return receiveWorkerTask(c.deps(context.requestId), event);
}
