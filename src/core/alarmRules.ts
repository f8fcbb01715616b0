/**
 * The thresholds of the CloudMonitor rules a policy implies (pure), shared by `provision-alarms` (which creates
 * the rules) and the backtest engine (which models them): alarms are the fast path that wakes the autoscaler
 * within a minute or two; the timer tick re-evaluates anyway, so a rule only has to say "look now".
 *
 * - bandwidth: `bw-up` (outbound utilisation ≥ target × (1 + tolerance)) and `bw-down` (utilisation <
 *   target × (1 − tolerance), slower), on the `_Percent` metric: the percentage is what the target is in;
 * - instance type: `cpu-up` (CPUUtilization ≥ scaleUpCpuPercent).
 *
 * Times = the stabilisation window in 60 s periods, so the alarm fires when the decision would act;
 * SilenceTime = 3600 s, the platform minimum (a persisting alarm is re-sent hourly; the tick covers the rest).
 */
import type { BandwidthPolicy, InstanceTypePolicy } from './config/types.js';

export const RULE_PERIOD_SEC = 60;
/** Every rule the autoscaler provisions has the RuleId `autoscaler-<instanceId>-<kind>`. */
export const RULE_ID_PREFIX = 'autoscaler-';

/**
 * The instance an autoscaler bandwidth rule is for, read from its RuleId (`autoscaler-i-…-bw-up`), or undefined for
 * any other rule. A routed instance's rules watch its EIP, so their callbacks name the EIP in the dimensions: the
 * RuleId is where the instance is.
 */
export function bandwidthRuleInstance(ruleId: string | undefined): string | undefined {
  const m = ruleId === undefined ? null : /^autoscaler-(i-[0-9A-Za-z-]{1,62})-bw-(?:up|down)$/.exec(ruleId);
  return m?.[1];
}
/** CMS refuses less (and defaults to 86400). */
export const RULE_SILENCE_SEC = 3600;

export type RuleKind = 'bw-up' | 'bw-down' | 'cpu-up';

/** One escalation of a rule: CMS's Statistics, ComparisonOperator, Threshold and Times. */
export interface RuleEscalation {
  /** `Value` for metrics that have only it (a shared bandwidth package's `net_tx.ratePercent`). */
  statistics: 'Average' | 'Value';
  comparisonOperator: 'GreaterThanOrEqualToThreshold' | 'LessThanThreshold';
  threshold: number;
  times: number;
}

/** What one rule watches and when it fires. */
export interface RuleModel {
  kind: RuleKind;
  level: 'critical' | 'info';
  escalation: RuleEscalation;
  /** Human summary, e.g. `outbound ≥ 77%`. */
  what: string;
}

/** Percent thresholds with float noise removed (0.7 × 1.1 × 100 = 77.00000000000001 → 77). */
export function percentOf(fraction: number): number {
  return Math.round(fraction * 10_000) / 100;
}

/** Consecutive 60 s periods covering a stabilisation window (at least one). */
export function timesFor(stabilizationSec: number): number {
  return Math.max(1, Math.ceil(stabilizationSec / RULE_PERIOD_SEC));
}

/** The `bw-up` and `bw-down` rules of a bandwidth policy. */
export function bandwidthRuleModels(policy: BandwidthPolicy): RuleModel[] {
  const up = percentOf(policy.targetUtilization * (1 + policy.tolerance));
  const down = percentOf(policy.targetUtilization * (1 - policy.tolerance));
  return [
    {
      kind: 'bw-up',
      level: 'critical',
      escalation: {
        statistics: 'Average',
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        threshold: up,
        times: timesFor(policy.scaleUpStabilizationSec),
      },
      what: `outbound ≥ ${up}%`,
    },
    {
      kind: 'bw-down',
      level: 'info',
      escalation: {
        statistics: 'Average',
        comparisonOperator: 'LessThanThreshold',
        threshold: down,
        times: timesFor(policy.scaleDownStabilizationSec),
      },
      what: `outbound < ${down}%`,
    },
  ];
}

/** The `cpu-up` rule of an instance-type policy. */
export function cpuRuleModel(policy: InstanceTypePolicy): RuleModel {
  return {
    kind: 'cpu-up',
    level: 'critical',
    escalation: {
      statistics: 'Average',
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      threshold: policy.scaleUpCpuPercent,
      times: timesFor(policy.scaleUpStabilizationSec),
    },
    what: `CPU ≥ ${policy.scaleUpCpuPercent}%`,
  };
}
