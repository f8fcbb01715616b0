/**
 * CloudMonitor (CMS) threshold rules on specific resources: PutResourceMetricRule (create-or-update by RuleId),
 * DescribeMetricRuleList and DeleteMetricRules. Used by `provision-alarms` to keep the rules the config implies.
 * Implemented by `createAlarmRulesApi` (src/adapters/aliyun/cmsRules.ts, the official `@alicloud/cms20190101`
 * client; same shapes) and by the one fake in src/testing, held to test/contract/alarmRules.contract.ts.
 * Failures throw `CloudApiError` with the CMS code, including CMS's HTTP-200 `Success:false` answers, which the
 * SDK itself does not throw.
 */

export type AlarmLevel = 'critical' | 'warn' | 'info';

/** One alert level: `times` consecutive periods whose statistic compares true against the threshold. */
export interface AlarmEscalation {
  /** `Value` for metrics reported with that statistic only (e.g. acs_bandwidth_package `net_tx.ratePercent`). */
  statistics: 'Average' | 'Maximum' | 'Minimum' | 'Value';
  /** e.g. `GreaterThanOrEqualToThreshold`, `LessThanThreshold`. */
  comparisonOperator: string;
  /** In the metric's unit (bit/s for rates, percent for CPU and `_Percent` metrics). */
  threshold: number;
  times: number;
}

/** A threshold rule on specific resources, as put and as listed. */
export interface AlarmRule {
  ruleId: string;
  ruleName: string;
  /** `acs_ecs_dashboard` for ECS metrics. */
  namespace: string;
  metricName: string;
  /** Each object selects resources by dimensions, e.g. `{ instanceId: 'i-1' }`. */
  resources: Record<string, string>[];
  escalations: Partial<Record<AlarmLevel, AlarmEscalation>>;
  periodSec: number;
  /** ≥ 3600: re-notification interval of a persisting alert. */
  silenceTimeSec: number;
  /** `HH:mm-HH:mm` in the region's local time. */
  effectiveInterval?: string;
  /** Callback URL; it carries the secret token, so it is never logged or printed whole. */
  webhook?: string;
  contactGroups: string;
  labels: Record<string, string>;
}

export interface AlarmRulesApi {
  /** Create or update (PUT semantics by ruleId). */
  putRule(rule: AlarmRule): Promise<void>;
  /** Every rule matching the filter (all pages). */
  listRules(filter?: { namespace?: string; metricName?: string; ruleIds?: readonly string[] }): Promise<AlarmRule[]>;
  /** Delete by id; unknown ids are not an error. */
  deleteRules(ruleIds: readonly string[]): Promise<void>;
}
