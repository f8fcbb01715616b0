/** FC HTTP trigger: CMS alarm callbacks, ECS system events, EventBridge CloudEvents. */
import { receiveAlarm } from '../../src/runtime/alarm.js';
import {
  ALARM_ECS_RETRY,
  type Container,
  containerFor,
  type InvocationContext,
  withNotificationGrace,
} from '../../src/runtime/fcContainer.js';
import type { HttpResponse } from '../../src/runtime/http.js';
import { createRefusalLog, type RefusalLog } from '../../src/runtime/refusalLog.js';

/**
 * One refused-call log per container, for every invocation it serves (at most 10 lines a minute, then a
 * count): it lives as long as the FC instance and is rebuilt with the container (STS rotation). Keyed on the
 * container because the local cloud hosts several containers of this module in one process.
 */
const refusalLogs = new WeakMap<Container, RefusalLog>();

export async function handler(event: Buffer, context: InvocationContext): Promise<HttpResponse> {
  const c = await containerFor(context, process.env, { ecsRetry: ALARM_ECS_RETRY });
  let log = refusalLogs.get(c);
  if (!log) {
    log = createRefusalLog(c.logger, () => c.clock.now());
    refusalLogs.set(c, log);
  }
  return withNotificationGrace(c, () =>
    receiveAlarm(
      {
        auth: c.settings.webhook,
        logger: c.logger,
        deps: () => c.deps(context.requestId),
        now: () => c.clock.now(),
        refusals: log,
      },
      event,
      context.requestId,
    ),
  );
}

/** Build time only: loads the SDK clients before the V8 code cache is taken (src/runtime/bundleLoader.ts). */
export { loadAllAdapters as warmUp } from '../../src/runtime/lazyAdapters.js';
