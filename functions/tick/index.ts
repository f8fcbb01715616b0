/** FC timer trigger: reconcile (default) or the optimiser sweep, selected by the payload. */
import { containerFor, type InvocationContext, withNotificationGrace } from '../../src/runtime/fcContainer.js';
import { receiveTick, type TickResult } from '../../src/runtime/tick.js';

export async function handler(event: Buffer, context: InvocationContext): Promise<TickResult> {
  const c = await containerFor(context);
  return withNotificationGrace(c, () => receiveTick(c.deps(context.requestId), event));
}

/** Build time only: loads the SDK clients before the V8 code cache is taken (src/runtime/bundleLoader.ts). */
export { loadAllAdapters as warmUp } from '../../src/runtime/lazyAdapters.js';
