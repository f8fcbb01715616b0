/**
 * The sweep's per-instance advice (I/O around core/optimise/advice.ts): the forecast profile built from the
 * instance's history and the strategy chosen by backtest are stored in its state row (StateStore.setAdvice), and
 * one audit entry says what was decided and why — each candidate's backtested cost and unmet demand. Decisions
 * read both from the row (observe.ts); with `strategy.mode: apply` they move the instance to the strategy.
 *
 * Both paths run this one function: the sweep inline for a small fleet, the worker per batch for a large one
 * (fanout.ts, adviseBatch.ts). A re-run in the same hour slot (an FC retry of a batch, a second sweep) rewrites
 * the same advice (setAdvice is last-writer-wins) but writes at most one audit entry per instance and slot: the
 * entry's signal dedupeKey `optimise:<id>:strategy:<hour slot>` is taken with putDedupe first.
 */
import { adviseInstance } from '../../core/optimise/advice.js';
import type { PriceTable } from '../../core/cost.js';
import type { InstanceState } from '../../core/types.js';
import { auditEntry } from '../audit.js';
import type { ManagedInstance } from '../groups.js';
import { DEDUPE_TTL_SEC } from '../dedupe.js';
import type { AppDeps } from '../types.js';
import { historyPeriodSec } from './history.js';
import type { InstanceHistory } from '../../core/optimise/types.js';

export interface AdviceReport {
  instanceId: string;
  /** The strategy in force after the sweep (absent: none chosen). */
  strategy?: string;
  /** Whether the sweep changed it. */
  changed: boolean;
  message: string;
}

export interface AdviseContext {
  nowMs: number;
  days: number;
  prices: PriceTable;
  /** The state row of every target with a bandwidth policy (both callers read one for each). */
  states: ReadonlyMap<string, InstanceState>;
  /** The history of every target with a bandwidth policy (both callers read one for each). */
  history: ReadonlyMap<string, InstanceHistory>;
  /** The `recommend` command: compute and report, write nothing. */
  readOnly: boolean;
  /** Called with each caught per-instance error (the worker retries a batch whose errors are retryable). */
  onError?: (instanceId: string, error: unknown) => void;
}

/** The audit entry's signal dedupeKey: one strategy entry per instance and hour slot. */
export function adviceDedupeKey(instanceId: string, nowMs: number): string {
  return `optimise:${instanceId}:strategy:${Math.floor(nowMs / 3_600_000)}`;
}

/** Advise every target with a bandwidth policy; per-instance failures are returned, never fatal. */
export async function adviseAll(deps: AppDeps, targets: readonly ManagedInstance[], ctx: AdviseContext) {
  const reports: AdviceReport[] = [];
  const errors: { instanceId: string; error: string }[] = [];
  for (const { instance, group } of targets) {
    if (!group.bandwidth) continue;
    const id = instance.instanceId;
    try {
      const state = ctx.states.get(id) as InstanceState;
      const advice = adviseInstance({
        instance,
        group,
        state,
        evaluation: deps.config.evaluation,
        history: (ctx.history.get(id) as InstanceHistory).bandwidthOutBps,
        historyPeriodSec: historyPeriodSec(ctx.days),
        prices: ctx.prices,
        nowMs: ctx.nowMs,
      });
      const write = {
        ...(advice.forecast !== undefined ? { forecast: advice.forecast } : {}),
        ...(advice.strategy !== undefined ? { strategy: advice.strategy } : {}),
      };
      const changed = advice.strategy !== undefined;
      const strategy = advice.strategy?.name ?? state.strategy?.name;
      const report = { instanceId: id, ...(strategy ? { strategy } : {}), changed, message: advice.message };
      if (!ctx.readOnly && Object.keys(write).length > 0) await deps.store.setAdvice(id, write);
      // Reported once written: an instance whose write failed is in `errors`, not reported as changed.
      reports.push(report);
      // With strategies off there is no verdict to audit (the forecast alone is stored, not audited).
      if (ctx.readOnly || group.optimisation.strategy.mode === 'off') continue;
      const dedupeKey = adviceDedupeKey(id, ctx.nowMs);
      if (!(await deps.store.putDedupe(dedupeKey, deps.clock.now(), DEDUPE_TTL_SEC))) continue;
      await deps.store.appendAudit(
        auditEntry(deps, {
          instanceId: id,
          signal: { source: 'timer', instanceId: id, atMs: ctx.nowMs, dedupeKey },
          group: group.name,
          decision: 'skip',
          reason: 'strategy',
          message: advice.message,
          result: changed ? 'applied' : 'would-do',
          instance,
        }),
      );
    } catch (err) {
      errors.push({ instanceId: id, error: err instanceof Error ? err.message : String(err) });
      ctx.onError?.(id, err);
    }
  }
  return { reports, errors };
}
