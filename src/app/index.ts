/**
 * The application layer: the only place that sequences I/O around the pure core. Function entry points
 * build AppDeps once and call one of these use cases.
 */
export { handleSignal } from './handleSignal.js';
export { reconcile } from './reconcile.js';
export { runOrchestration } from './orchestration/run.js';
export type { AppDeps, OrchestrationOutcome, Outcome, ReconcileSummary } from './types.js';
