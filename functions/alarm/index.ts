/** FC HTTP trigger: CMS alarm callbacks, ECS system events, EventBridge CloudEvents. */
import { receiveAlarm } from '../../src/runtime/alarm.js';
import { ALARM_ECS_RETRY, containerFor, type InvocationContext } from '../../src/runtime/container.js';
import type { HttpResponse } from '../../src/runtime/http.js';

export async function handler(event: Buffer, context: InvocationContext): Promise<HttpResponse> {
  const c = await containerFor(context, process.env, { ecsRetry: ALARM_ECS_RETRY });
  return receiveAlarm(
    { auth: c.settings.webhook, logger: c.logger, deps: () => c.deps(context.requestId), now: () => c.clock.now() },
    event,
    context.requestId,
  );
}
