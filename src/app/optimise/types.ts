/**
 * Shapes of the optimiser sweep as the app sees it: what it is asked to do, what became of each planned change,
 * and what it reports. The pure shapes of the policy (Assessment, PlannedChange, SpecView …) are in
 * src/core/optimise/types.ts. Money is per month of 730 h at list prices, in the price table's currency.
 */
import type { AdviceReport } from './advise.js';
import type { AdviceLimits, DispatchedBatch } from './fanout.js';
import type { PriceTable } from '../../core/cost.js';
import type { PlannedChange, SpecView } from '../../core/optimise/types.js';

export interface OptimiseOptions {
  /** Days of metric history to read, 7–30. Default 14. */
  historyDays?: number;
  /** Sweep time, epoch ms. Default: the deps' clock. */
  nowMs?: number;
  /** The price table; default: loaded from `pricesPath`, else `prices/<region>.json` or `config/prices/<region>.json`. */
  prices?: PriceTable;
  pricesPath?: string;
  /** Only these instances (they must be managed); empty or absent = every managed instance. */
  instanceIds?: readonly string[];
  /** Assess and report only: no audit entries, no changes (the `recommend` command). Default false. */
  readOnly?: boolean;
  /** When the per-instance advice goes to the worker, and in batches of how many (fanout.ts; tests, the bench). */
  advice?: AdviceLimits;
}

/** What became of one change. */
export type ChangeOutcome = 'recorded' | 'applied' | 'dispatched' | 'skipped' | 'failed' | 'reported';

export interface ChangeReport extends PlannedChange {
  outcome: ChangeOutcome;
  /** Outcome detail: skip reason, ECS code, budget note. */
  detail?: string;
}

/** One row of `recommend`: the instance, what it is, what it should be, and why. */
export interface InstanceReport {
  instanceId: string;
  group: string;
  current: SpecView;
  recommended: SpecView;
  monthlySaving: number;
  currency: string;
  /** Lowest confidence among the changes; undefined when nothing is recommended. */
  confidence: number | undefined;
  changes: ChangeReport[];
  /** Sentences: the recommendations' and the notes'. */
  why: string[];
}

export interface OptimiseSummary {
  startedMs: number;
  durationMs: number;
  historyDays: number;
  periodSec: 300 | 900;
  currency: string;
  assessed: number;
  instances: InstanceReport[];
  counts: Partial<Record<ChangeOutcome, number>>;
  /**
   * Per instance with a bandwidth policy: the strategy after the sweep and the sentence that says why. Empty when
   * the advice was dispatched (the worker writes and audits it).
   */
  strategies?: AdviceReport[];
  /** The advice batches handed to the worker, when the fleet is larger than the inline limit (fanout.ts). */
  dispatched?: DispatchedBatch[];
  /** Per-instance failures that were caught (errors thrown), never fatal to the sweep. */
  errors: { instanceId: string; error: string }[];
}
