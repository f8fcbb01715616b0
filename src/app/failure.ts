/**
 * How an ECS failure is reported: the code and message for the audit trail, whether a later attempt may
 * succeed, and whether it is a bug signal. The adapter has already retried retryable errors (same
 * ClientToken, jittered backoff); what arrives here is final for this invocation.
 */
import { CloudApiError } from '../core/errors.js';
import type { Logger } from '../ports/Logger.js';

export interface ApiFailure {
  code: string;
  message: string;
  retryable: boolean;
  requestId?: string;
  /** A ClientToken reused with different parameters: two decisions collided on one token. Never retried. */
  bug: boolean;
}

/** Codes meaning "this ClientToken was already used with other parameters" (per API, see §6.8). */
export const IDEMPOTENCE_CODES: ReadonlySet<string> = new Set([
  'IdempotentParameterMismatch',
  'IdempotenceParamNotMatch',
]);

/** Normalise anything thrown by an EcsApi call. Non-CloudApiError values are unexpected: code `Unexpected`. */
export function describeFailure(err: unknown): ApiFailure {
  if (err instanceof CloudApiError) {
    const failure: ApiFailure = {
      code: err.code,
      message: err.message,
      retryable: err.retryable,
      bug: IDEMPOTENCE_CODES.has(err.code),
    };
    if (err.requestId) failure.requestId = err.requestId;
    return failure;
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'Unexpected', message, retryable: true, bug: false };
}

/** Log a failure; a token collision is logged at error level as a bug signal so that alerting picks it up. */
export function logFailure(
  logger: Logger,
  failure: ApiFailure,
  fields: { requestId: string; instanceId: string; actionKey: string; api: string },
): void {
  if (failure.bug) {
    logger.log('error', 'BUG: ClientToken reused with different parameters; not retried', {
      ...fields,
      code: failure.code,
      error: failure.message,
    });
    return;
  }
  logger.log(failure.retryable ? 'warn' : 'error', 'ECS call failed', {
    ...fields,
    code: failure.code,
    error: failure.message,
    retryable: failure.retryable,
  });
}
