/**
 * The optimiser's policy (pure): what one instance's history recommends (assess), what the sweep does with each
 * recommended change against the downgrade budget (plan), and the decision function that re-checks a planned
 * change on the fresh instance and state when it is applied (decider). The app only sequences the I/O around it
 * (src/app/optimise/).
 */
export { type AssessInput, assessInstance, cents, recentPeak } from './assess.js';
export { changeDecider } from './decider.js';
export {
  BILLING_MIN_SAVING_FRACTION,
  changeBlocker,
  groupBlocker,
  groupPool,
  type PlanContext,
  planChanges,
} from './plan.js';
export type {
  Assessment,
  AuditedBandwidth,
  ChangeKind,
  InstanceHistory,
  PlannedChange,
  SpecView,
} from './types.js';
