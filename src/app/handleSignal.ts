/**
 * The alarm path: freshness → dedupe claim → describe → state + metrics → schedule / maintenance window →
 * decide → skip (audit) | claim → act → commit → audit → dedupe completed. Exactly one `decision` log line
 * per evaluation, whatever happens.
 *
 * Freshness (handleSignal only: external signals): a callback stamped outside `config.freshness` (default
 * 300 s old, 60 s ahead) or naming another region is answered `ignored` with the reason, before any store
 * access; CMS does not retry a 200, and it is never evaluated.
 *
 * Deduplication is an idempotency record per key (Powertools' model; CMS retries a callback 3× on a 5 s
 * timeout, FC and EventBridge redeliver): the first delivery claims the key **in progress** (expiring after
 * `evaluation.leaseTtlSec`, the longest one evaluation may hold an instance); a success of any kind (applied,
 * skipped, ignored, failed with an ECS code) marks it **completed**, remembered `DEDUPE_TTL_SEC`; an error
 * thrown (fail closed: the caller answers 5xx, 503 for the store or a retryable cloud error) **releases** it,
 * so the sender's retry is processed like the first delivery; so does a claim that threw, in case its write
 * was applied and only the answer lost (the release is conditional on this holder's in-progress claim). A
 * delivery that finds the key completed, or in progress (a concurrent copy), answers `duplicate` and does
 * nothing: concurrent deliveries make one evaluation. A claim whose invocation was killed lapses at its
 * expiry; until then its retries are `duplicate` and the next reconcile tick (level-triggered) covers the
 * instance. docs/app.md, "Deduplication: an idempotency record per delivery", says the same.
 */
import { InvalidEventError } from '../core/errors.js';
import { refuseSignal } from '../core/events/freshness.js';
import type { Signal } from '../core/types.js';
import { evaluate, type Preloaded } from './evaluate.js';
import type { AppDeps, Outcome } from './types.js';

/**
 * How long a completed dedupe key is remembered, seconds: covers CMS retries and EventBridge redeliveries,
 * and far more than the freshness window plus the CMS key's hour bucket, so no callback is evaluated twice.
 */
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

function logStoreTrouble(deps: AppDeps, signal: Signal, what: string, err: unknown): void {
  deps.logger.log('warn', what, {
    requestId: deps.holderId,
    instanceId: signal.instanceId,
    dedupeKey: signal.dedupeKey,
    error: err instanceof Error ? err.message : String(err),
  });
}

/** Mark the key completed; a failure is logged, never thrown (the evaluation's work is done and recorded). */
async function complete(deps: AppDeps, signal: Signal, key: { key: string; holder: string }): Promise<void> {
  try {
    const nowMs = deps.clock.now();
    if (!(await deps.store.completeDedupe({ ...key, nowMs, retentionSec: DEDUPE_TTL_SEC }))) {
      logStoreTrouble(deps, signal, 'dedupe claim lapsed before completion', 'claim expired and was taken over');
    }
  } catch (err) {
    logStoreTrouble(deps, signal, 'dedupe completion failed: the key stays in progress until it expires', err);
  }
}

/** Give the key up so the sender's retry is processed; a failure leaves it to lapse at its expiry. */
async function release(deps: AppDeps, signal: Signal, key: { key: string; holder: string }): Promise<void> {
  try {
    await deps.store.releaseDedupe(key);
  } catch (err) {
    logStoreTrouble(deps, signal, 'dedupe release failed: a claim written stays until it expires', err);
  }
}

function checkSignal(signal: Signal): void {
  if (!signal.instanceId) throw new InvalidEventError('signal.instanceId must be a non-empty string (got "")');
  if (!signal.dedupeKey) throw new InvalidEventError('signal.dedupeKey must be a non-empty string (got "")');
}

/** Dedupe, evaluate and log one signal; `pre` carries what reconcile has already loaded in bulk. */
export async function evaluateSignal(deps: AppDeps, signal: Signal, pre: Preloaded = {}): Promise<Outcome> {
  checkSignal(signal);
  const startedMs = deps.clock.now();
  const key = { key: signal.dedupeKey, holder: deps.holderId };
  // Until the claim answers "someone else's", the key may be ours: a claim whose write was applied but whose
  // answer was lost (a timeout) throws, and must be released like one that answered.
  let mayHold = true;
  let outcome: Outcome;
  try {
    const inProgressSec = deps.config.evaluation.leaseTtlSec;
    const claim = await deps.store.claimDedupe({ ...key, nowMs: startedMs, inProgressSec });
    mayHold = claim.ok;
    if (claim.ok) {
      outcome = await evaluate(deps, signal, pre, startedMs);
    } else {
      const message =
        claim.status === 'in-progress'
          ? `signal ${signal.dedupeKey} is being handled by another delivery`
          : `signal ${signal.dedupeKey} was already handled`;
      outcome = { status: 'duplicate', instanceId: signal.instanceId, reason: 'duplicate', message };
    }
  } catch (err) {
    // Fail closed: the error propagates (FC/CMS retry) and the claim is released so the retry is processed;
    // the evaluation still gets its one decision line.
    if (mayHold) await release(deps, signal, key);
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
  if (mayHold) await complete(deps, signal, key);
  logDecision(deps, signal, outcome, startedMs);
  return outcome;
}

/**
 * Handle one normalised signal (CMS alarm, system event, CloudEvent, manual). Returns data; throws only
 * when the store or an observation failed (the caller answers 5xx so the sender retries) or the signal
 * itself is malformed (InvalidEventError). A signal outside the freshness window or naming another region
 * is `ignored` (reason `stale`, `future` or `wrong-region`) without touching the store.
 */
export async function handleSignal(deps: AppDeps, signal: Signal): Promise<Outcome> {
  checkSignal(signal);
  const nowMs = deps.clock.now();
  const refusal = refuseSignal(signal, deps.config, nowMs);
  if (!refusal) return evaluateSignal(deps, signal);
  const outcome: Outcome = { status: 'ignored', instanceId: signal.instanceId, ...refusal };
  logDecision(deps, signal, outcome, nowMs);
  return outcome;
}
