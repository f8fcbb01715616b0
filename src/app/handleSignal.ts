/**
 * The alarm path, in the order the steps run (README, "The alarm path, file by file"):
 * ingest (freshness, here) → dedupe (dedupe.ts) → observe (observe.ts) → decide (core/decide) →
 * claim (claim.ts) → act (act.ts) → audit + commit (commit.ts). A skip at any step is audited and answered
 * (audit.ts). Exactly one `decision` log line per evaluation, whatever happens.
 *
 * Freshness (handleSignal only: external signals): a callback stamped outside `config.freshness` (default
 * 300 s old, 60 s ahead) or naming another region is answered `ignored` with the reason, before any store
 * access; CMS does not retry a 200, and it is never evaluated. Reconcile's timer signals and the optimiser's
 * changes enter at evaluateSignal.
 */
import { decide } from '../core/decide/index.js';
import { InvalidEventError } from '../core/errors.js';
import { refuseSignal } from '../core/events/freshness.js';
import type { Signal } from '../core/types.js';
import { act } from './act.js';
import { auditSkip, wouldDo } from './audit.js';
import { claim } from './claim.js';
import { once } from './dedupe.js';
import { observe, type Preloaded } from './observe.js';
import type { AppDeps, Outcome } from './types.js';

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

function logError(deps: AppDeps, signal: Signal, err: unknown, startedMs: number): void {
  deps.logger.log('error', 'decision', {
    requestId: deps.holderId,
    instanceId: signal.instanceId,
    decision: 'error',
    reason: err instanceof Error ? err.name : 'Error',
    durationMs: Math.max(0, deps.clock.now() - startedMs),
    source: signal.source,
    message: err instanceof Error ? err.message : String(err),
  });
}

function checkSignal(signal: Signal): void {
  if (!signal.instanceId) throw new InvalidEventError('signal.instanceId must be a non-empty string (got "")');
  if (!signal.dedupeKey) throw new InvalidEventError('signal.dedupeKey must be a non-empty string (got "")');
}

/** Observe → decide → claim → act → audit + commit, for one instance and one signal. */
async function observeDecideAct(deps: AppDeps, signal: Signal, pre: Preloaded, startedMs: number): Promise<Outcome> {
  const observed = await observe(deps, signal, pre, startedMs);
  if ('status' in observed) return observed;
  const { ev, input } = observed;
  const decision = (deps.decide ?? decide)(input, deps.clock.now());
  if (decision.kind === 'skip') return auditSkip(ev, decision.reason, decision.message);
  const { action } = decision;
  if (decision.dryRun || deps.config.dryRun) return wouldDo(ev, decision, action);
  const claimed = await claim(ev, decision.reason, action);
  if (claimed !== true) {
    return auditSkip(ev, 'in-progress', claimed, { action, detail: `not applied: ${decision.message}` });
  }
  return act(ev, decision, action);
}

/**
 * Dedupe, evaluate and log one signal; `pre` carries what reconcile has already loaded in bulk. Throws when
 * the store or an observation failed (fail closed; the dedupe key is released so the retry is processed).
 */
export async function evaluateSignal(deps: AppDeps, signal: Signal, pre: Preloaded = {}): Promise<Outcome> {
  checkSignal(signal);
  const startedMs = deps.clock.now();
  let outcome: Outcome;
  try {
    outcome = await once(deps, signal, startedMs, () => observeDecideAct(deps, signal, pre, startedMs));
  } catch (err) {
    logError(deps, signal, err, startedMs);
    throw err;
  }
  logDecision(deps, signal, outcome, startedMs);
  return outcome;
}

/**
 * Handle one normalised external signal (CMS alarm, system event, CloudEvent). Returns data; throws only
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
