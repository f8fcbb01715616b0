/**
 * The alarm endpoint: FC HTTP-trigger event → authenticate → parse → one app call → HTTP answer.
 * Status codes are chosen for CMS's retry behaviour (it retries non-2xx up to 3 times):
 * 401/403 wrong caller, 400 malformed (retrying cannot help), 200 for everything the autoscaler understood
 * (including `ignored`, `duplicate`, skips and final ECS failures: the reconcile tick is the retry path),
 * 503 when the state store or a retryable cloud error prevented a safe decision (fail closed, retry later).
 */
import { type AppDeps, handleSignal, type Outcome } from '../app/index.js';
import { AuthError, CloudApiError, InvalidEventError, StateUnavailableError } from '../core/errors.js';
import { authenticateWebhook, type WebhookAuthPolicy } from '../core/events/auth.js';
import { parseHttpTriggerEvent } from '../core/events/http.js';
import { parseAlarmRequest } from '../core/events/index.js';
import type { Logger } from '../ports/Logger.js';
import { type HttpResponse, json } from './http.js';
import { createRefusalLog, type RefusalLog } from './refusalLog.js';

export interface AlarmEndpoint {
  auth: WebhookAuthPolicy;
  logger: Logger;
  /** Dependencies for this invocation. */
  deps: () => AppDeps;
  /** Clock for the refused-call log's window. */
  now: () => number;
  /**
   * The container's refused-call log (createRefusalLog): pass the SAME object to every invocation of the
   * container. Absent: one per logger (a container's logger lives as long as the container).
   */
  refusals?: RefusalLog;
}

const byLogger = new WeakMap<Logger, RefusalLog>();

function refusalLog(ep: AlarmEndpoint): RefusalLog {
  if (ep.refusals) return ep.refusals;
  let log = byLogger.get(ep.logger);
  if (!log) {
    log = createRefusalLog(ep.logger, ep.now);
    byLogger.set(ep.logger, log);
  }
  return log;
}

function outcomeResponse(outcome: Outcome): HttpResponse {
  const { status, instanceId, reason, message, actionKey, requestIds } = outcome;
  return json(200, { status, instanceId, reason, message, actionKey, requestIds });
}

/** Handle one HTTP-trigger event for the alarm endpoint. Never throws. */
export async function receiveAlarm(
  ep: AlarmEndpoint,
  event: Uint8Array | string,
  requestId: string,
): Promise<HttpResponse> {
  let sourceIp = '';
  const refusals = refusalLog(ep);
  refusals.flush();
  try {
    const req = parseHttpTriggerEvent(event);
    sourceIp = req.sourceIp;
    authenticateWebhook(req, ep.auth);
    const parsed = parseAlarmRequest(req);
    if (parsed.kind === 'ignored') return json(200, { status: 'ignored', reason: parsed.reason });
    return outcomeResponse(await handleSignal(ep.deps(), parsed.signal));
  } catch (err) {
    if (err instanceof AuthError) {
      refusals.refused({ requestId, reason: err.message, sourceIp });
      return json(err.httpStatus, { status: 'refused', reason: err.httpStatus === 401 ? 'unauthorized' : 'forbidden' });
    }
    if (err instanceof InvalidEventError) return json(400, { status: 'invalid', reason: err.message });
    const retryable = err instanceof StateUnavailableError || (err instanceof CloudApiError && err.retryable);
    ep.logger.log('error', 'alarm handling failed', {
      requestId,
      error: err instanceof Error ? err.message : String(err),
      retryable,
    });
    return json(retryable ? 503 : 500, {
      status: 'error',
      reason: retryable ? 'temporarily unavailable, retry' : 'internal error',
    });
  }
}
