/** CloudMonitor alarm rules: pure planning and diffing, and the use case that applies a plan through a port. */
export { changedFields, diffRules, type RuleDiff } from './diff.js';
export { type AlarmTarget, type DesiredRule, planAlarmRules, RULE_ID_PREFIX, ruleIdFor, timesFor } from './plan.js';
export { type ApplyResult, applyRuleDiff, type ProvisionReport, provisionAlarms } from './provision.js';
