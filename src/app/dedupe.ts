/**
 * Dedupe: one evaluation per delivery. The dedupe key is an idempotency record (Powertools' model; CMS retries
 * a callback 3× on a 5 s timeout, FC and EventBridge redeliver), one conditional write per transition: the
 * first delivery claims the key **in progress** (expiring after `evaluation.leaseTtlSec`, the longest one
 * evaluation may hold an instance); a success of any kind (applied, skipped, ignored, failed with an ECS code)
 * marks it **completed**, remembered `DEDUPE_TTL_SEC`; an error thrown (fail closed: the caller answers 5xx,
 * 503 for the store or a retryable cloud error) **releases** it, so the sender's retry is processed like the
 * first delivery; so does a claim that threw, in case its write was applied and only the answer lost (the
 * release is conditional on this holder's in-progress claim). A delivery that finds the key completed, or in
 * progress (a concurrent copy), answers `duplicate` and does nothing. A claim whose invocation was killed
 * lapses at its expiry; until then its retries are `duplicate` and the next reconcile tick (level-triggered)
 * covers the instance. docs/app.md, "Deduplication: an idempotency record per delivery", says the same.
 */
import type { Signal } from '../core/types.js';
import type { AppDeps, Outcome } from './types.js';

/**
 * How long a completed dedupe key is remembered, seconds: covers CMS retries and EventBridge redeliveries,
 * and far more than the freshness window plus the CMS key's hour bucket, so no callback is evaluated twice.
 */
export const DEDUPE_TTL_SEC = 2 * 86_400;

type Key = { key: string; holder: string };

function logStoreTrouble(deps: AppDeps, signal: Signal, what: string, err: unknown): void {
  deps.logger.log('warn', what, {
    requestId: deps.holderId,
    instanceId: signal.instanceId,
    dedupeKey: signal.dedupeKey,
    error: err instanceof Error ? err.message : String(err),
  });
}

/** Mark the key completed; a failure is logged, never thrown (the evaluation's work is done and recorded). */
async function complete(deps: AppDeps, signal: Signal, key: Key): Promise<void> {
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
async function release(deps: AppDeps, signal: Signal, key: Key): Promise<void> {
  try {
    await deps.store.releaseDedupe(key);
  } catch (err) {
    logStoreTrouble(deps, signal, 'dedupe release failed: a claim written stays until it expires', err);
  }
}

/**
 * Run `evaluate` once for this delivery: claim the signal's dedupe key at `nowMs`, evaluate, complete the
 * key; `duplicate` when another delivery has it. An error thrown releases the key and propagates.
 */
export async function once(
  deps: AppDeps,
  signal: Signal,
  nowMs: number,
  evaluate: () => Promise<Outcome>,
): Promise<Outcome> {
  const key = { key: signal.dedupeKey, holder: deps.holderId };
  // Until the claim answers "someone else's", the key may be ours: a claim whose write was applied but whose
  // answer was lost (a timeout) throws, and must be released like one that answered.
  let mayHold = true;
  let outcome: Outcome;
  try {
    const inProgressSec = deps.config.evaluation.leaseTtlSec;
    const claim = await deps.store.claimDedupe({ ...key, nowMs, inProgressSec });
    mayHold = claim.ok;
    if (claim.ok) {
      outcome = await evaluate();
    } else {
      const message =
        claim.status === 'in-progress'
          ? `signal ${signal.dedupeKey} is being handled by another delivery`
          : `signal ${signal.dedupeKey} was already handled`;
      outcome = { status: 'duplicate', instanceId: signal.instanceId, reason: 'duplicate', message };
    }
  } catch (err) {
    if (mayHold) await release(deps, signal, key);
    throw err;
  }
  if (mayHold) await complete(deps, signal, key);
  return outcome;
}
