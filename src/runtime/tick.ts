/**
 * The timer endpoint: a timer event selects the job by its payload (`reconcile` by default, `optimise` for
 * the daily cost sweep). A store or listing failure is rethrown so FC records the invocation as failed.
 */
import { type AppDeps, reconcile, type ReconcileSummary } from '../app/index.js';
import { parseTimerEvent, type TickRequest } from '../core/events/timer.js';

export type TickJob = (deps: AppDeps, req: TickRequest) => Promise<unknown>;

/** Jobs by payload kind; `optimise` is registered by the optimiser module. */
export const TICK_JOBS: Partial<Record<TickRequest['kind'], TickJob>> = {
  reconcile: (deps, req): Promise<ReconcileSummary> => reconcile(deps, { instanceIds: req.instanceIds }),
  optimise: async (deps, req) =>
    (await import('../app/optimise/index.js')).optimise(deps, { instanceIds: req.instanceIds }),
};

export interface TickResult {
  kind: TickRequest['kind'];
  triggerName: string;
  result: unknown;
}

/** A log-sized view of a job result: arrays (per-instance reports, errors) become their lengths. */
export function compact(result: unknown): unknown {
  if (!result || typeof result !== 'object') return result;
  return Object.fromEntries(Object.entries(result).map(([k, v]) => [k, Array.isArray(v) ? `${v.length} items` : v]));
}

export async function receiveTick(deps: AppDeps, event: Uint8Array | string): Promise<TickResult> {
  const req = parseTimerEvent(event, deps.clock.now());
  const job = TICK_JOBS[req.kind];
  if (!job) throw new Error(`no job registered for timer payload kind ${req.kind}`);
  const result = await job(deps, req);
  deps.logger.log('info', 'tick done', {
    requestId: deps.holderId,
    kind: req.kind,
    trigger: req.triggerName,
    result: compact(result),
  });
  return { kind: req.kind, triggerName: req.triggerName, result };
}
