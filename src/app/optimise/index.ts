/** The optimiser: daily rightsizing and billing-method sweep, and the read-only assessment behind `recommend`. */
export { optimise } from './sweep.js';
export { assessInstance, type AssessInput } from './assess.js';
export { planChanges, groupPool, type PlanContext } from './plan.js';
export { defaultPricePaths, loadPriceTable, resolvePriceTable } from './prices.js';
export { recommendationMessage, TRAILER, type RecommendationTrailer } from './record.js';
export { clampHistoryDays, historyPeriodSec, historyStartMs } from './history.js';
export { auditedBandwidth, needsAuditedBandwidth, type AuditReadLimits } from './audited.js';
export type {
  Assessment,
  AuditedBandwidth,
  ChangeOutcome,
  ChangeReport,
  InstanceReport,
  OptimiseOptions,
  OptimiseSummary,
  PlannedChange,
  SpecView,
} from './types.js';
