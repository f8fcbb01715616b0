/**
 * The optimiser's I/O: the daily rightsizing and billing-method sweep and the read-only assessment behind
 * `recommend`. The policy it sequences (assess, plan, the apply-time decider) is pure, in src/core/optimise/.
 */
export { optimise } from './sweep.js';
export { adviseBatch, type AdviceBatchResult } from './adviseBatch.js';
export {
  ADVICE_BATCH_SIZE,
  ADVICE_INLINE_MAX,
  adviceBatches,
  type AdviceLimits,
  type DispatchedBatch,
} from './fanout.js';
export { applyChange, optimiseSignal } from './apply.js';
export { defaultPricePaths, loadPriceTable, resolvePriceTable } from './prices.js';
export { recommendationMessage, TRAILER, type RecommendationTrailer } from './record.js';
export { clampHistoryDays, historyPeriodSec, historyStartMs } from './history.js';
export { auditedBandwidth, needsAuditedBandwidth, type AuditReadLimits } from './audited.js';
export type { ChangeOutcome, ChangeReport, InstanceReport, OptimiseOptions, OptimiseSummary } from './types.js';
