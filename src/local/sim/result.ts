/**
 * The simulation result: the JSON contract of `simulate --json` (issue [G]) plus the series and actions the
 * HTML report draws. The driver fills it; `summaryOf` strips it back to the contract.
 */
import type { Accounting, BaselineName, BaselineResult, Series, SeriesUnit } from './types.js';

/** A strategy's figures in the comparison (product or baseline). */
export interface StrategySummary {
  costPerDay: number;
  unmetFraction: number;
  unavoidableUnmetFraction: number;
  changes: number;
  downgrades: number;
}

/** The `--json` contract: every key the issue lists, nothing the report needs only. */
export interface SimulationSummary extends StrategySummary {
  trace: string;
  series: Series;
  days: number;
  intervals: number;
  apiCalls: number;
  duplicateApiCalls: number;
  cooldownViolations: number;
  quotaViolations: number;
  baselines: Record<BaselineName, StrategySummary>;
}

/** One change the product made, for the report's markers and action list. */
export interface SimAction {
  atMs: number;
  /** e.g. `10 Mbps` or `ecs.g7.large`. */
  from: string;
  to: string;
  /** `up` or `down`; absent = inferred from numeric from/to (bandwidth). */
  direction?: 'up' | 'down';
  /** The decision's reason code, e.g. `target-tracking`. */
  reason: string;
  /** The decision's human sentence. */
  message?: string;
}

/** Capacity and cumulative cost per interval of one strategy (full resolution; the report downsamples). */
export interface StrategySeries {
  capacity: readonly number[];
  cumulativeCost: readonly number[];
}

export interface SimulationResult extends SimulationSummary {
  unit: SeriesUnit;
  stepSec: number;
  /** Epoch ms of the first interval. */
  startMs: number;
  currency: string;
  /** Demand and the product's series; absent = the report shows only the table. */
  chart?: {
    demand: readonly number[];
    product: StrategySeries;
    baselines?: Partial<Record<BaselineName, StrategySeries>>;
  };
  actions?: readonly SimAction[];
  /** Free-text remarks shown under the table (e.g. shortfalls and their causes). */
  notes?: readonly string[];
}

/** The figures of one accounting, as the comparison shows them. */
export function strategySummary(a: Accounting): StrategySummary {
  const { costPerDay, unmetFraction, unavoidableUnmetFraction, changes, downgrades } = a;
  return { costPerDay, unmetFraction, unavoidableUnmetFraction, changes, downgrades };
}

/** The summaries of all four baselines. */
export function baselineSummaries(b: Record<BaselineName, BaselineResult>): Record<BaselineName, StrategySummary> {
  return {
    lowerBound: strategySummary(b.lowerBound.accounting),
    staticPeak: strategySummary(b.staticPeak.accounting),
    naiveReactive: strategySummary(b.naiveReactive.accounting),
    optimum: strategySummary(b.optimum.accounting),
  };
}

/** The `--json` object: the contract keys of a result, in a stable order. */
export function summaryOf(r: SimulationSummary): SimulationSummary {
  return {
    trace: r.trace,
    series: r.series,
    days: r.days,
    intervals: r.intervals,
    costPerDay: r.costPerDay,
    unmetFraction: r.unmetFraction,
    unavoidableUnmetFraction: r.unavoidableUnmetFraction,
    changes: r.changes,
    downgrades: r.downgrades,
    apiCalls: r.apiCalls,
    duplicateApiCalls: r.duplicateApiCalls,
    cooldownViolations: r.cooldownViolations,
    quotaViolations: r.quotaViolations,
    baselines: r.baselines,
  };
}
