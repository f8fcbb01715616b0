/**
 * The orchestration driver's working context: the lease it keeps alive while it runs, the timing knobs,
 * and polling with capped, jittered exponential backoff on the injected Clock (never the wall clock).
 */
import type { InstanceSnapshot, Orchestration } from '../../core/types.js';
import type { AppDeps, OrchestrationTiming } from '../types.js';
import { orchestrationRunHolder } from './start.js';

export const DEFAULT_TIMING: Required<OrchestrationTiming> = {
  pollInitialMs: 2_000,
  pollMaxMs: 15_000,
  statusTimeoutMs: 600_000,
  maxAttempts: 10,
};

/** Hard bound on polls per wait, whatever the timing says (bounded loops). */
const MAX_POLLS = 10_000;

export interface RunContext {
  deps: AppDeps;
  holder: string;
  ttlMs: number;
  timing: Required<OrchestrationTiming>;
  lastRenewMs: number;
  /** Set when a renewal found the lease taken: stop driving at the next opportunity. */
  leaseLost: boolean;
}

export function runContext(deps: AppDeps, actionKey: string): RunContext {
  return {
    deps,
    holder: orchestrationRunHolder(actionKey, deps.holderId),
    ttlMs: deps.config.evaluation.orchestrationLeaseTtlSec * 1000,
    timing: { ...DEFAULT_TIMING, ...deps.timing },
    lastRenewMs: Number.NEGATIVE_INFINITY,
    leaseLost: false,
  };
}

/**
 * The heartbeat: renew the lease when a third of its TTL has passed since the last renewal (`force`: now, the
 * fence before a mutating ECS call). The renew is conditional on the lease being this run's AND live, so a run
 * that stalled past its expiry (another run may have taken over) learns it here. False when it is lost.
 */
export async function keepLease(
  ctx: RunContext,
  o: Pick<Orchestration, 'instanceId' | 'actionKey'>,
  force = false,
): Promise<boolean> {
  const nowMs = ctx.deps.clock.now();
  if (ctx.leaseLost) return false;
  if (!force && nowMs - ctx.lastRenewMs < ctx.ttlMs / 3) return true;
  const renewed = await ctx.deps.store.renewLease({
    instanceId: o.instanceId,
    holder: ctx.holder,
    actionKey: o.actionKey,
    nowMs,
    ttlMs: ctx.ttlMs,
  });
  if (renewed) ctx.lastRenewMs = nowMs;
  else ctx.leaseLost = true;
  return renewed;
}

/** Thrown by `fence` when this run no longer holds a live lease: the driver yields without calling ECS. */
export class LeaseLostError extends Error {
  constructor(o: Pick<Orchestration, 'instanceId' | 'actionKey'>, api: string) {
    super(`lease of ${o.actionKey} on ${o.instanceId} lost before ${api}: not called`);
    this.name = 'LeaseLostError';
  }
}

/**
 * The fence before a mutating ECS call: a forced heartbeat. It proves the lease is this run's and live until
 * now + TTL (≥ one fenced call, src/core/config/leaseBudget.ts), so no other run can start before the call ends.
 */
export async function fence(ctx: RunContext, o: Pick<Orchestration, 'instanceId' | 'actionKey'>, api: string) {
  if (!(await keepLease(ctx, o, true))) throw new LeaseLostError(o, api);
}

/** The instance now, or undefined when it no longer exists. */
export async function describe(ctx: RunContext, instanceId: string): Promise<InstanceSnapshot | undefined> {
  return (await ctx.deps.ecs.describeInstances([instanceId]))[0];
}

/**
 * Poll DescribeInstances until `done(instance)` holds. Undefined on timeout (statusTimeoutMs), when the
 * instance vanished, or when the lease was lost; the step stays persisted and resumable.
 */
export async function waitFor(
  ctx: RunContext,
  o: Pick<Orchestration, 'instanceId' | 'actionKey'>,
  done: (i: InstanceSnapshot) => boolean,
): Promise<InstanceSnapshot | undefined> {
  const { clock } = ctx.deps;
  const random = ctx.deps.random ?? Math.random;
  const deadlineMs = clock.now() + ctx.timing.statusTimeoutMs;
  let delayMs = ctx.timing.pollInitialMs;
  for (let poll = 0; poll < MAX_POLLS; poll++) {
    const instance = await describe(ctx, o.instanceId);
    if (!instance) return undefined;
    if (done(instance)) return instance;
    if (clock.now() >= deadlineMs || !(await keepLease(ctx, o))) return undefined;
    // Equal jitter: never less than half the delay, so polls stay spaced under contention.
    await clock.sleep(Math.round(delayMs / 2 + (random() * delayMs) / 2));
    delayMs = Math.min(delayMs * 2, ctx.timing.pollMaxMs);
  }
  return undefined;
}
