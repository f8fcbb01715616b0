/**
 * The alarm path: dedupe → describe → state + metrics → schedule / maintenance window → decide → skip
 * (audit) | claim → act → commit → audit. Exactly one `decision` log line per evaluation, whatever happens.
 *
 * Deduplication comes first (CMS retries a callback 3× on a 5 s timeout, FC and EventBridge redeliver):
 * a repeat is a no-op that still answers success. A delivery whose processing failed after its key was
 * recorded is not re-run by its redelivery; the next reconcile tick (level-triggered) heals it.
 */
import { InvalidEventError } from '../core/errors.js';
import type { Signal } from '../core/types.js';
import { evaluate, type Preloaded } from './evaluate.js';
import type { AppDeps, Outcome } from './types.js';

/** How long a dedupe key is remembered, seconds: covers CMS retries and EventBridge redeliveries. */
export const DEDUPE_TTL_SEC = 2 * 86_400;

function logDecision(deps: AppDeps, signal: Signal, outcome: Outcome, startedMs: number): void {
  const level = outcome.status === 'failed' ? 'warn' : 'info';
  deps.logger.log(level, 'decision', {
    requestId: deps.holderId,
    instanceId: outcome.instanceId,
    actionKey: outcome.actionKey,
    decision: outcome.status,
    reason: outcome.reason,
    durationMs: Math.max(0, deps.clock.now() - startedMs),
    source: signal.source,
    message: outcome.message,
  });
}

/** Dedupe, evaluate and log one signal; `pre` carries what reconcile has already loaded in bulk. */
export async function evaluateSignal(deps: AppDeps, signal: Signal, pre: Preloaded = {}): Promise<Outcome> {
  if (!signal.instanceId) throw new InvalidEventError('signal.instanceId must be a non-empty string (got "")');
  if (!signal.dedupeKey) throw new InvalidEventError('signal.dedupeKey must be a non-empty string (got "")');
  const startedMs = deps.clock.now();
  let outcome: Outcome;
  try {
    if (await deps.store.putDedupe(signal.dedupeKey, startedMs, DEDUPE_TTL_SEC)) {
      outcome = await evaluate(deps, signal, pre, startedMs);
    } else {
      const message = `signal ${signal.dedupeKey} was already handled`;
      outcome = { status: 'duplicate', instanceId: signal.instanceId, reason: 'duplicate', message };
    }
  } catch (err) {
    // Fail closed: the error propagates (FC/CMS retry); the evaluation still gets its one decision line.
    const message = err instanceof Error ? err.message : String(err);
    const name = err instanceof Error ? err.name : 'Error';
    deps.logger.log('error', 'decision', {
      requestId: deps.holderId,
      instanceId: signal.instanceId,
      decision: 'error',
      reason: name,
      durationMs: Math.max(0, deps.clock.now() - startedMs),
      source: signal.source,
      message,
    });
    throw err;
  }
  logDecision(deps, signal, outcome, startedMs);
  return outcome;
}

/**
 * Handle one normalised signal (CMS alarm, system event, CloudEvent, manual). Returns data; throws only
 * when the store or an observation failed (the caller answers 5xx so the sender retries) or the signal
 * itself is malformed (InvalidEventError).
 */
export function handleSignal(deps: AppDeps, signal: Signal): Promise<Outcome> {
  return evaluateSignal(deps, signal);
}
