/**
 * Apply one planned change through the alarm path (evaluateSignal: dedupe → observe → decide → claim → act →
 * audit + commit), with the optimiser's decision function (`changeDecider`, src/core/optimise/decider.ts) in
 * place of the reactive `decide`. No second execution path: bandwidth and billing changes run inline, type
 * changes through the orchestration worker.
 */
import type { PriceTable } from '../../core/cost.js';
import { changeDecider } from '../../core/optimise/decider.js';
import type { PlannedChange } from '../../core/optimise/types.js';
import type { Signal } from '../../core/types.js';
import { evaluateSignal } from '../handleSignal.js';
import { emptyWindow } from '../observe.js';
import type { AppDeps, Outcome } from '../types.js';

/** The signal of one optimiser change: one evaluation per instance, change kind and hour. */
export function optimiseSignal(change: PlannedChange, nowMs: number): Signal {
  const slot = Math.floor(nowMs / 3_600_000);
  return {
    source: 'timer',
    instanceId: change.instanceId,
    atMs: nowMs,
    dedupeKey: `optimise:${change.instanceId}:${change.kind}:${slot}`,
  };
}

/** Run one change through the execution path; the outcome says what happened (the path audits it). */
export function applyChange(deps: AppDeps, change: PlannedChange, prices: PriceTable): Promise<Outcome> {
  const nowMs = deps.clock.now();
  const scoped: AppDeps = { ...deps, decide: changeDecider(change, prices) };
  // Metrics are not needed by this decision: an empty window avoids a useless fetch.
  return evaluateSignal(scoped, optimiseSignal(change, nowMs), { metrics: emptyWindow() });
}
