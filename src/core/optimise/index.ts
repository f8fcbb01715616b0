/**
 * The optimiser's policy (pure): what one instance's history recommends (assess), what the sweep does with each
 * recommended change against the downgrade budget (plan), and the decision function that re-checks a planned
 * change on the fresh instance and state when it is applied (decider). The app only sequences the I/O around it
 * (src/app/optimise/).
 */
export { type AssessInput, assessInstance, cents, recentPeak } from './assess.js';
export { planChanges } from './plan.js';
