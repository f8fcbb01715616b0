/**
 * The worker endpoint: an async invocation carrying a WorkerTask runs (or resumes) one orchestration.
 * Throwing makes FC retry the invocation (at-least-once); every step is idempotent, so a retry resumes.
 */
import { type AppDeps, type OrchestrationOutcome, runOrchestration } from '../app/index.js';
import { InvalidEventError } from '../core/errors.js';
import type { WorkerTask } from '../ports/Dispatcher.js';

export function parseWorkerTask(event: Uint8Array | string): WorkerTask {
  const text = typeof event === 'string' ? event : new TextDecoder().decode(event);
  let doc: Partial<WorkerTask>;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new InvalidEventError('worker event is not JSON');
  }
  if (doc?.kind !== 'orchestrate' || typeof doc.actionKey !== 'string' || typeof doc.instanceId !== 'string') {
    throw new InvalidEventError('worker event must be {"kind":"orchestrate","actionKey":"…","instanceId":"…"}');
  }
  return { kind: 'orchestrate', actionKey: doc.actionKey, instanceId: doc.instanceId };
}

export async function receiveWorkerTask(deps: AppDeps, event: Uint8Array | string): Promise<OrchestrationOutcome> {
  const task = parseWorkerTask(event);
  const outcome = await runOrchestration(deps, task.actionKey);
  deps.logger.log('info', 'orchestration run finished', {
    requestId: deps.holderId,
    instanceId: task.instanceId,
    actionKey: task.actionKey,
    step: outcome.step,
    status: outcome.status,
  });
  return outcome;
}
