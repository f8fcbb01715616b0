/**
 * The simulation result: the JSON contract of `simulate --json` (issue [G]) plus the series and actions the
 * HTML report draws. The driver fills it; `summaryOf` strips it back to the contract.
 */
import type { InternetChargeType } from '../../core/types.js';
import type { Accounting, BaselineKey, BaselineName, BaselineResult, Series, SeriesUnit, Trace } from './types.js';

/** A strategy's figures in the comparison (product or baseline). */
export interface StrategySummary {
  costPerDay: number;
  unmetFraction: number;
  unavoidableUnmetFraction: number;
  changes: number;
  downgrades: number;
}

/** A baseline's figures and the network billing it is priced with (bandwidth series). */
export interface BaselineSummary extends StrategySummary {
  /** PayByBandwidth for the four issue baselines, PayByTraffic for `payByTraffic`; absent for CPU series. */
  chargeType?: InternetChargeType;
}

/** The baselines of a result: the four (pay-by-bandwidth levels) and, for bandwidth, `payByTraffic`. */
export type BaselineSummaries = Record<BaselineName, BaselineSummary> & { payByTraffic?: BaselineSummary };

/** One change of the simulated instance's network charge type. */
export interface ChargeTypeChange {
  /** ISO time (UTC) of the first virtual minute with the new charge type. */
  at: string;
  from: InternetChargeType;
  to: InternetChargeType;
}

/**
 * The `--json` contract: every key the issue lists, nothing the report needs only. `changes` and `downgrades`
 * count capacity changes (bandwidth or type); charge-type switches are counted apart (`chargeTypeChanges`).
 */
export interface SimulationSummary extends StrategySummary {
  trace: string;
  series: Series;
  days: number;
  intervals: number;
  apiCalls: number;
  duplicateApiCalls: number;
  cooldownViolations: number;
  quotaViolations: number;
  /** The instance's InternetChargeType when the simulation started (`--charge-type`). */
  initialChargeType: InternetChargeType;
  /** How many times the charge type changed during the run (the optimiser's billing-method switches). */
  chargeTypeChanges: number;
  chargeTypeSwitches: ChargeTypeChange[];
  finalChargeType: InternetChargeType;
  baselines: BaselineSummaries;
  /**
   * The strategy sweeps that changed the strategy (and the last sweep), each with the backtest's sentence: every
   * candidate's cost and unmet demand and why the winner won. Empty when no sweep ran (`--engine full` records
   * them in the audit trail instead).
   */
  strategySwitches?: StrategySwitch[];
  /** What the trace loader repaired (`Trace.repairs`); absent when the result was not given a loaded trace's. */
  repairs?: Trace['repairs'];
  /** Where the instance's public traffic went: its own public IP, or an EIP (`simulate --link eip`). */
  link?: 'publicIp' | 'eip';
}

/** One sweep of the product's optimiser in a run: the strategy after it and why. */
export interface StrategySwitch {
  at: string;
  strategy: string;
  changed: boolean;
  why: string;
}

/** One change the product made, for the report's markers and action list. */
export interface SimAction {
  atMs: number;
  /** What changed; absent = a capacity change. */
  kind?: 'bandwidth' | 'instanceType' | 'billingMethod';
  /** e.g. `10 Mbps`, `ecs.g7.large` or `PayByBandwidth`. */
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
    baselines?: Partial<Record<BaselineKey, StrategySeries>>;
    /** The product's stored forecast: the predicted peak per interval (NaN where there was no profile). */
    forecast?: readonly number[];
  };
  /** The driver's record per virtual minute (what the product's accounting used); not drawn, not in `--json`. */
  minutes?: {
    capacity: readonly number[];
    chargeType: readonly InternetChargeType[];
    offline: readonly boolean[];
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

/**
 * The summaries of the four baselines, each tagged with `chargeType` when given (bandwidth: PayByBandwidth),
 * and of `payByTraffic` when given.
 */
export function baselineSummaries(
  b: Record<BaselineName, BaselineResult>,
  options: { chargeType?: InternetChargeType; payByTraffic?: BaselineResult } = {},
): BaselineSummaries {
  const tag = (r: BaselineResult, chargeType?: InternetChargeType): BaselineSummary =>
    chargeType ? { ...strategySummary(r.accounting), chargeType } : strategySummary(r.accounting);
  const out: BaselineSummaries = {
    lowerBound: tag(b.lowerBound, options.chargeType),
    staticPeak: tag(b.staticPeak, options.chargeType),
    naiveReactive: tag(b.naiveReactive, options.chargeType),
    optimum: tag(b.optimum, options.chargeType),
  };
  if (options.payByTraffic) out.payByTraffic = tag(options.payByTraffic, 'PayByTraffic');
  return out;
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
    initialChargeType: r.initialChargeType,
    chargeTypeChanges: r.chargeTypeChanges,
    chargeTypeSwitches: r.chargeTypeSwitches,
    finalChargeType: r.finalChargeType,
    baselines: r.baselines,
    strategySwitches: r.strategySwitches,
    repairs: r.repairs,
    link: r.link ?? 'publicIp',
  };
}
