/**
 * The orchestration driver: what the worker (and a reconcile resuming a stalled change) calls. It takes
 * over the instance lease (renewing it while it runs), then runs the persisted step, persists the next one
 * conditionally on the version it read, and repeats until a final step. A lost conditional advance means
 * another run is driving: this one stops. Any exit before a final step leaves a resumable record.
 */
import { CloudApiError } from '../../core/errors.js';
import type { Orchestration } from '../../core/types.js';
import { describeFailure, logFailure } from '../failure.js';
import type { AppDeps, OrchestrationOutcome } from '../types.js';
import { keepLease, LeaseLostError, type RunContext, runContext } from './context.js';
import { orchestrationHolder } from './start.js';
import { auditOrchestration, finalize } from './finish.js';
import { BEFORE_CHANGE, FINAL_STEPS, runStep, type StepResult } from './steps.js';

/** More than the longest path (planned → … → verified with a rollback detour and back-steps). */
const MAX_TRANSITIONS = 24;

function outcome(o: Orchestration, status: OrchestrationOutcome['status'], message: string): OrchestrationOutcome {
  return { actionKey: o.actionKey, instanceId: o.instanceId, step: o.step, status, message };
}

/**
 * Hold the instance lease for this run: renew ours, adopt the planner's (the evaluation that dispatched the
 * change claimed it under `orchestrationHolder`), or claim it when nobody holds a live one.
 */
async function acquire(ctx: RunContext, o: Orchestration): Promise<boolean> {
  if (await keepLease(ctx, o)) return true;
  const { store, clock } = ctx.deps;
  const adopted = await store.renewLease({
    instanceId: o.instanceId,
    holder: orchestrationHolder(o.actionKey),
    actionKey: o.actionKey,
    nowMs: clock.now(),
    ttlMs: ctx.ttlMs,
    handoverTo: ctx.holder,
  });
  if (adopted) {
    ctx.leaseLost = false;
    ctx.lastRenewMs = clock.now();
    return true;
  }
  const state = await store.getInstanceState(o.instanceId);
  const nowMs = clock.now();
  const claim = await store.claimLease({
    instanceId: o.instanceId,
    expectedVersion: state.version,
    holder: ctx.holder,
    actionKey: o.actionKey,
    nowMs,
    ttlMs: ctx.ttlMs,
  });
  ctx.leaseLost = !claim.ok;
  if (claim.ok) ctx.lastRenewMs = nowMs;
  return claim.ok;
}

/** Run a step; an ECS error becomes a rollback (before the change, final error) or a yield (retry later). */
async function step(ctx: RunContext, o: Orchestration): Promise<StepResult> {
  try {
    return await runStep(ctx, o);
  } catch (err) {
    if (err instanceof LeaseLostError) return { kind: 'yield', reason: err.message };
    if (!(err instanceof CloudApiError)) throw err;
    const failure = describeFailure(err);
    const api = `orchestration step ${o.step}`;
    logFailure(ctx.deps.logger, failure, {
      requestId: ctx.deps.holderId,
      instanceId: o.instanceId,
      actionKey: o.actionKey,
      api,
    });
    const error = { code: failure.code, message: failure.message };
    const requestIds = failure.requestId ? [failure.requestId] : [];
    if (!failure.retryable && BEFORE_CHANGE.has(o.step))
      return { kind: 'advance', next: 'rolling-back', requestIds, error };
    return { kind: 'yield', reason: `${failure.code} at step ${o.step}`, requestIds, error };
  }
}

/** Persist the yield (error, request ids), surface an error in the audit, and free the lease for reconcile. */
async function yieldRun(ctx: RunContext, o: Orchestration, r: Extract<StepResult, { kind: 'yield' }>) {
  const { deps } = ctx;
  const patch = {
    requestIds: [...o.requestIds, ...(r.requestIds ?? [])],
    updatedMs: deps.clock.now(),
    ...(r.error ? { error: r.error } : {}),
  };
  const saved = await deps.store.advanceOrchestration(o.actionKey, o.version, patch);
  const current = saved.ok ? saved.orchestration : o;
  if (r.error) {
    const message = `step ${o.step} failed and will be retried: ${r.reason}`;
    await auditOrchestration(ctx, current, { result: 'failed', message, error: r.error });
  }
  // Only the run whose record was saved frees the lease: a run that lost the advance is not the driver.
  if (saved.ok && !ctx.leaseLost)
    await deps.store.releaseLease({ instanceId: o.instanceId, holder: ctx.holder, actionKey: o.actionKey });
  return outcome(current, 'yielded', r.reason);
}

/** Out of attempts: before the change roll back to the old type; otherwise give up loudly. */
function exhausted(o: Orchestration): StepResult {
  const error = {
    code: 'MaxAttemptsExceeded',
    message: `${o.attempts} runs of ${o.actionKey} did not finish (step ${o.step})`,
  };
  return BEFORE_CHANGE.has(o.step)
    ? { kind: 'advance', next: 'rolling-back', error }
    : { kind: 'advance', next: 'failed', error };
}

/**
 * Checked once per run before the first step. A change that has not started (step `planned`) is dropped when
 * the kill switch or dry run is on now; one already under way is finished, never left with a stopped instance.
 */
async function precheck(ctx: RunContext, o: Orchestration): Promise<StepResult | undefined> {
  if (o.attempts > ctx.timing.maxAttempts) return exhausted(o);
  if (o.step !== 'planned') return undefined;
  const { config, store } = ctx.deps;
  const mode = config.dryRun
    ? 'dry run'
    : config.killSwitch || (await store.getControls()).killSwitch
      ? 'kill switch'
      : '';
  if (!mode) return undefined;
  const error = { code: mode === 'dry run' ? 'DryRun' : 'KillSwitch', message: `${mode} is on: change not started` };
  return { kind: 'advance', next: 'rolled-back', error };
}

async function drive(ctx: RunContext, start: Orchestration): Promise<OrchestrationOutcome> {
  const { deps } = ctx;
  let o = start;
  for (let i = 0; i < MAX_TRANSITIONS && !FINAL_STEPS.has(o.step); i++) {
    const r = (i === 0 ? await precheck(ctx, o) : undefined) ?? (await step(ctx, o));
    if (r.kind === 'yield') return yieldRun(ctx, o, r);
    const requestIds = [...o.requestIds, ...(r.requestIds ?? [])];
    if (FINAL_STEPS.has(r.next)) await finalize(ctx, o, r.next, requestIds, r.error);
    const patch = { step: r.next, requestIds, updatedMs: deps.clock.now(), ...(r.error ? { error: r.error } : {}) };
    const saved = await deps.store.advanceOrchestration(o.actionKey, o.version, patch);
    if (!saved.ok) return outcome(o, 'yielded', 'another run advanced this orchestration');
    o = saved.orchestration;
    deps.logger.log('info', 'orchestration step', {
      requestId: deps.holderId,
      instanceId: o.instanceId,
      actionKey: o.actionKey,
      step: o.step,
    });
    await deps.hooks?.afterOrchestrationStep?.(o);
    if (!FINAL_STEPS.has(o.step) && !(await keepLease(ctx, o))) return outcome(o, 'yielded', 'lease lost');
  }
  return FINAL_STEPS.has(o.step)
    ? outcome(o, 'done', `finished at ${o.step}`)
    : outcome(o, 'yielded', 'transition bound reached');
}

/**
 * Drive the orchestration `actionKey` as far as it goes. Idempotent and safe to call concurrently or
 * repeatedly (FC async retries, reconcile): a finished one is a no-op, a driven one yields.
 * Store errors propagate (the run is retried); ECS errors are handled per step.
 */
export async function runOrchestration(deps: AppDeps, actionKey: string): Promise<OrchestrationOutcome> {
  const found = await deps.store.getOrchestration(actionKey);
  if (!found)
    return { actionKey, instanceId: '', step: 'missing', status: 'missing', message: `no orchestration ${actionKey}` };
  if (FINAL_STEPS.has(found.step)) return outcome(found, 'done', `already finished at ${found.step}`);
  const ctx = runContext(deps, actionKey);
  if (!(await acquire(ctx, found))) return outcome(found, 'yielded', 'the instance is leased by another action');
  // Counting the run is also a conditional write: of two concurrent runs, one stops here.
  const counted = await deps.store.advanceOrchestration(actionKey, found.version, {
    attempts: found.attempts + 1,
    updatedMs: deps.clock.now(),
  });
  if (!counted.ok) return outcome(found, 'yielded', 'another run is driving this orchestration');
  return drive(ctx, counted.orchestration);
}
