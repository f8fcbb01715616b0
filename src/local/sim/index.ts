/** The simulator library: traces → demand, ladders, accounting, baselines, the HTML report, the progress bar. */
export { account, cumulative, intervalCosts, servedAt } from './accounting.js';
export { actionsOf, capacityChanges, cooldownViolations, isBillingSwitch, quotaViolations } from './auditChecks.js';
export { computeBaselines, lowerBound, staticPeak } from './baselines.js';
export type { BaselineContext, BaselineOptions } from './baselines.js';
export {
  billedBandwidthTimeline,
  CHARGE_TYPES,
  chargeTypeSwitches,
  isChargeType,
  payByTraffic,
} from './billing.js';
export type { BilledBandwidth, ChargeTypeSwitch, PayByTrafficOptions } from './billing.js';
export { downsample } from './downsample.js';
export {
  bandwidthLadder,
  cpuLadder,
  DEFAULT_CPU_LADDER,
  DEFAULT_TYPE_CHANGE_DOWNTIME_SEC,
  levelFor,
  levelIndexOf,
  timelineFromLevels,
} from './levels.js';
export { naiveReactive } from './naiveReactive.js';
export type { NaiveReactiveOptions } from './naiveReactive.js';
export { optimum } from './optimum.js';
export type { OptimumOptions } from './optimum.js';
export { createProgress } from './progress.js';
export type { ProgressBar, ProgressStream } from './progress.js';
export { renderReport } from './report.js';
export { baselineSummaries, strategySummary, summaryOf } from './result.js';
export type {
  BaselineSummaries,
  BaselineSummary,
  ChargeTypeChange,
  SimAction,
  SimulationResult,
  SimulationSummary,
  StrategySeries,
  StrategySummary,
} from './result.js';
export { demandOf, loadTrace, parseTrace, rescaleToP99, traceDays, truncateDays } from './traces.js';
export type { LoadTraceOptions } from './traces.js';
export type * from './types.js';
