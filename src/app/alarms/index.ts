/** CloudMonitor alarm rules: pure planning and diffing, and the use case that applies a plan through a port. */
export { changedFields, diffRules, type RuleDiff, type RuleUpdate } from './diff.js';
export {
  type AlarmTarget,
  type DesiredRule,
  DEFAULT_CONTACT_GROUPS,
  ECS_NAMESPACE,
  MANAGED_LABEL_KEY,
  MANAGED_LABEL_VALUE,
  type PlanOptions,
  planAlarmRules,
  RULE_ID_PREFIX,
  type RuleKind,
  ruleIdFor,
  timesFor,
} from './plan.js';
export {
  type ApplyResult,
  applyRuleDiff,
  type ProvisionDeps,
  type ProvisionOptions,
  type ProvisionReport,
  provisionAlarms,
  type RuleOp,
} from './provision.js';
