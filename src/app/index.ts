/**
 * The application layer: the only place that sequences I/O around the pure core. Function entry points
 * build AppDeps once and call one of these use cases.
 */
export { handleSignal, evaluateSignal, DEDUPE_TTL_SEC } from './handleSignal.js';
export { reconcile, timerSignal, type ReconcileOptions } from './reconcile.js';
export { runOrchestration } from './orchestration/run.js';
export { orchestrationHolder } from './orchestration/start.js';
export { groupMatches, resolveGroup, listManagedInstances, type ManagedInstance } from './groups.js';
export { applyDecision, type ApplyRequest } from './apply.js';
export { auditEntry, auditSeq, currentSpec, specChange, type AuditInit } from './audit.js';
export { callEcs } from './execute.js';
export { describeFailure, type ApiFailure } from './failure.js';
export { fetchMetricWindows, BANDWIDTH_METRIC, CPU_METRIC } from './observe.js';
export { stateUpdateFor } from '../core/stateUpdate.js';
export type {
  AppDeps,
  AppHooks,
  OrchestrationOutcome,
  OrchestrationTiming,
  Outcome,
  OutcomeStatus,
  ReconcileSummary,
} from './types.js';
