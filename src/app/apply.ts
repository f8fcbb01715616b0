/**
 * Apply a decision made elsewhere (the optimiser's recommendation, an operator's manual change) through the
 * one execution path: claim the lease on the version read now → act → commit → audit, or an orchestration
 * for a type change. Dry run audits "would-do" and calls nothing. Never a second ECS execution path.
 */
import type { GroupPolicy } from '../core/config/types.js';
import type { Decision, InstanceSnapshot, Signal } from '../core/types.js';
import { act } from './act.js';
import type { Evaluation } from './evaluate.js';
import { wouldDo } from './evaluate.js';
import type { AppDeps, Outcome } from './types.js';

export interface ApplyRequest {
  /** Why: e.g. `{ source: 'timer', dedupeKey: 'optimise:<id>:<day>', … }`; recorded in the audit entry. */
  signal: Signal;
  instance: InstanceSnapshot;
  group: GroupPolicy;
  decision: Extract<Decision, { kind: 'scale' }>;
}

/** Apply `req.decision` to `req.instance` with the same lease, audit and failure rules as an alarm. */
export async function applyDecision(deps: AppDeps, req: ApplyRequest): Promise<Outcome> {
  const startedMs = deps.clock.now();
  const state = await deps.store.getInstanceState(req.instance.instanceId);
  const ev: Evaluation = { deps, ...req, state, startedMs, preloaded: {} };
  if (req.decision.dryRun || deps.config.dryRun) return wouldDo(ev, req.decision);
  return act(ev, req.decision);
}
