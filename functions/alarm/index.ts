/** FC HTTP trigger: CMS alarm callbacks, ECS system events, EventBridge CloudEvents. */
import { receiveAlarm } from '../../src/runtime/alarm.js';
import { ALARM_ECS_RETRY, containerFor, type InvocationContext } from '../../src/runtime/fcContainer.js';
import type { HttpResponse } from '../../src/runtime/http.js';

export async function handler(event: Buffer, context: InvocationContext): Promise<HttpResponse> {
  const c = await containerFor(context, process.env, { ecsRetry: ALARM_ECS_RETRY });
  return receiveAlarm(
    { auth: c.settings.webhook, logger: c.logger, deps: () => c.deps(context.requestId), now: () => c.clock.now() },
    event,
    context.requestId,
  );
}

/** Build time only: loads the SDK clients before the V8 code cache is taken (src/runtime/bundleLoader.ts). */
export { loadAllAdapters as warmUp } from '../../src/runtime/lazyAdapters.js';
