/**
 * One function per persisted step of the stop → modify → start state machine. Each is idempotent: it first
 * looks at the instance's actual status and type, so re-running a step after a crash never makes a second
 * change (and the modify call reuses the action's ClientToken). A step returns where to go next; the driver
 * (run.ts) persists that conditionally and handles errors thrown by ECS.
 */
import type { InstanceSnapshot, Orchestration, OrchestrationStep } from '../../core/types.js';
import { CloudApiError } from '../../core/errors.js';
import { describe, fence, type RunContext, waitFor } from './context.js';

/** Codes StopInstance answers when the instance is already stopping or stopped. */
const STOP_IN_PROGRESS = new Set(['IncorrectInstanceStatus', 'InvalidInstanceStatus.NotRunning']);

export type StepError = { code: string; message: string };

export type StepResult =
  | { kind: 'advance'; next: OrchestrationStep; requestIds?: string[]; error?: StepError }
  | { kind: 'yield'; reason: string; requestIds?: string[]; error?: StepError };

const advance = (next: OrchestrationStep, requestIds: string[] = [], error?: StepError): StepResult =>
  error ? { kind: 'advance', next, requestIds, error } : { kind: 'advance', next, requestIds };
const pause = (reason: string, requestIds: string[] = []): StepResult => ({ kind: 'yield', reason, requestIds });
const gone = (o: Orchestration): StepResult =>
  advance('failed', [], { code: 'InstanceNotFound', message: `instance ${o.instanceId} no longer exists` });

const isRunning = (i: InstanceSnapshot) => i.status === 'Running';
const isStopped = (i: InstanceSnapshot) => i.status === 'Stopped';
const isSettled = (i: InstanceSnapshot) => i.status === 'Running' || i.status === 'Stopped';

async function planned(ctx: RunContext, o: Orchestration): Promise<StepResult> {
  const a = o.action;
  const i = await describe(ctx, o.instanceId);
  if (!i) return gone(o);
  if (i.instanceType === a.toType) return advance(isRunning(i) ? 'running' : 'starting');
  if (i.instanceType !== a.fromType) {
    return advance('failed', [], {
      code: 'UnexpectedInstanceType',
      message: `${o.instanceId} is ${i.instanceType}, planned from ${a.fromType}`,
    });
  }
  // Pay-as-you-go only knows `Upgrade` (it covers both directions); subscription distinguishes them.
  const operationType = a.api === 'ModifyPrepayInstanceSpec' && a.direction === 'down' ? 'Downgrade' : 'Upgrade';
  const stock = await ctx.deps.ecs.describeResourcesModification({
    instanceId: o.instanceId,
    targetType: a.toType,
    operationType,
  });
  if (!stock.available) {
    const message = `${a.toType} is ${stock.status}/${stock.statusCategory} for ${o.instanceId}: staying on ${a.fromType}`;
    return advance('rolling-back', [stock.requestId], { code: 'SoldOut', message });
  }
  return advance('stopping', [stock.requestId]);
}

/**
 * The type the instance has now decides the step (a stale run, or a change made by another run, must never stop
 * an instance that is already on the target type): target → go on to start it / verify; neither planned type →
 * failed (someone else changed it); planned-from → stop.
 */
function typeCheck(o: Orchestration, i: InstanceSnapshot): StepResult | undefined {
  const a = o.action;
  if (i.instanceType === a.toType) return advance(isRunning(i) ? 'running' : 'starting');
  if (i.instanceType === a.fromType) return undefined;
  return advance('failed', [], {
    code: 'UnexpectedInstanceType',
    message: `${o.instanceId} is ${i.instanceType}, planned from ${a.fromType}`,
  });
}

async function stopping(ctx: RunContext, o: Orchestration): Promise<StepResult> {
  let i = await describe(ctx, o.instanceId);
  if (!i) return gone(o);
  if (!isSettled(i) && i.status !== 'Stopping') i = await waitFor(ctx, o, isSettled);
  if (!i) return pause('timed out waiting for Running or Stopped before stopping');
  const changed = typeCheck(o, i);
  if (changed) return changed;
  const requestIds: string[] = [];
  if (isRunning(i)) {
    await fence(ctx, o, 'StopInstance');
    try {
      const r = await ctx.deps.ecs.stopInstance({ instanceId: o.instanceId, stoppedMode: o.action.stoppedMode });
      requestIds.push(r.requestId);
    } catch (err) {
      // StopInstance takes no ClientToken: when its answer was lost and the adapter retried, the retry finds
      // the instance already stopping. That is our stop succeeding, not a reason to roll back.
      if (!(err instanceof CloudApiError && STOP_IN_PROGRESS.has(err.code))) throw err;
    }
  }
  const stopped = isStopped(i) ? i : await waitFor(ctx, o, isStopped);
  return stopped ? advance('stopped', requestIds) : pause('timed out waiting for Stopped', requestIds);
}

async function modifying(ctx: RunContext, o: Orchestration): Promise<StepResult> {
  const a = o.action;
  const i = await describe(ctx, o.instanceId);
  if (!i) return gone(o);
  if (i.instanceType === a.toType) return advance('modified');
  if (i.instanceType !== a.fromType) {
    return advance('rolling-back', [], {
      code: 'UnexpectedInstanceType',
      message: `${o.instanceId} is ${i.instanceType}, planned from ${a.fromType}`,
    });
  }
  if (!isStopped(i)) return advance('stopping');
  await fence(ctx, o, a.api);
  const { ecs } = ctx.deps;
  const base = { instanceId: o.instanceId, instanceType: a.toType, clientToken: a.clientToken };
  const r =
    a.api === 'ModifyInstanceSpec'
      ? await ecs.modifyInstanceSpec(base)
      : await ecs.modifyPrepayInstanceSpec({ ...base, operatorType: a.direction === 'up' ? 'upgrade' : 'downgrade' });
  // Subscription changes apply asynchronously (seconds): wait until DescribeInstances shows the new type.
  const modified = await waitFor(ctx, o, (x) => x.instanceType === a.toType);
  return modified ? advance('modified', [r.requestId]) : pause(`${a.toType} not visible yet`, [r.requestId]);
}

async function starting(ctx: RunContext, o: Orchestration, next: 'running'): Promise<StepResult> {
  let i = await describe(ctx, o.instanceId);
  if (!i) return gone(o);
  if (i.status === 'Stopping') i = await waitFor(ctx, o, isStopped);
  if (!i) return pause('timed out waiting for Stopped before starting');
  const requestIds: string[] = [];
  if (isStopped(i)) {
    await fence(ctx, o, 'StartInstance');
    requestIds.push((await ctx.deps.ecs.startInstance({ instanceId: o.instanceId })).requestId);
  }
  const running = isRunning(i) ? i : await waitFor(ctx, o, isRunning);
  return running ? advance(next, requestIds) : pause('timed out waiting for Running', requestIds);
}

async function running(ctx: RunContext, o: Orchestration): Promise<StepResult> {
  const i = await describe(ctx, o.instanceId);
  if (!i) return gone(o);
  if (!isRunning(i)) return advance('starting');
  if (i.instanceType !== o.action.toType) {
    const message = `${o.instanceId} runs ${i.instanceType} after the change, expected ${o.action.toType}`;
    return advance('failed', [], { code: 'VerificationFailed', message });
  }
  return advance('verified');
}

async function rollingBack(ctx: RunContext, o: Orchestration): Promise<StepResult> {
  const started = await starting(ctx, o, 'running');
  if (started.kind === 'yield') return started;
  if (started.next === 'failed') return started;
  const i = await describe(ctx, o.instanceId);
  if (!i) return gone(o);
  // The change happened after all (e.g. a lost response): finish as a verified change, not a rollback.
  return advance(i.instanceType === o.action.toType ? 'verified' : 'rolled-back', started.requestIds);
}

/** Run the step the orchestration is persisted at. Terminal steps are never passed here. */
export function runStep(ctx: RunContext, o: Orchestration): Promise<StepResult> {
  switch (o.step) {
    case 'planned':
      return planned(ctx, o);
    case 'stopping':
      return stopping(ctx, o);
    case 'stopped':
      return Promise.resolve(advance('modifying'));
    case 'modifying':
      return modifying(ctx, o);
    case 'modified':
      return Promise.resolve(advance('starting'));
    case 'starting':
      return starting(ctx, o, 'running');
    case 'running':
      return running(ctx, o);
    case 'rolling-back':
      return rollingBack(ctx, o);
    default:
      return Promise.resolve(pause(`step ${o.step} is final`));
  }
}

/** Steps before the type has changed: a final error there means "roll back to the old type". */
export const BEFORE_CHANGE: ReadonlySet<OrchestrationStep> = new Set(['planned', 'stopping', 'stopped', 'modifying']);

export const FINAL_STEPS: ReadonlySet<OrchestrationStep> = new Set(['verified', 'rolled-back', 'failed']);
