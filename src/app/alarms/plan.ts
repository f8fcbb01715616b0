/**
 * The CloudMonitor rules a configuration implies (pure). Alarms are the fast path that wakes the autoscaler
 * within a minute or two; the timer tick re-evaluates anyway, so a rule only has to say "look now":
 *
 * - per managed instance with a bandwidth policy: `bw-up` (outbound utilisation ≥ target × (1 + tolerance))
 *   and `bw-down` (utilisation < target × (1 − tolerance), slower), on `VPC_PublicIP_InternetOutRate_Percent`
 *   (VPC) or `InternetOutRate_Percent` (classic network): the percentage is what the target is expressed in;
 * - per managed instance with an instance-type policy: `cpu-up` (CPUUtilization ≥ scaleUpCpuPercent).
 *
 * Times = the stabilisation window in 60 s periods, so the alarm fires when the decision would act;
 * SilenceTime = 3600 s, the platform minimum (a persisting alarm is re-sent hourly; the tick covers the rest).
 */
import type { BandwidthPolicy, Config, GroupPolicy, InstanceTypePolicy } from '../../core/config/types.js';
import type { InstanceSnapshot } from '../../core/types.js';
import type { AlarmEscalation, AlarmLevel, AlarmRule } from '../../ports/AlarmRulesApi.js';
import { resolveGroup } from '../groups.js';

export const RULE_ID_PREFIX = 'autoscaler-';
export const ECS_NAMESPACE = 'acs_ecs_dashboard';
export const RULE_PERIOD_SEC = 60;
/** CMS refuses less (and defaults to 86400). */
export const RULE_SILENCE_SEC = 3600;
export const DEFAULT_CONTACT_GROUPS = 'autoscaler';
/** Marks a rule as the autoscaler's own. */
export const MANAGED_LABEL_KEY = 'managed-by';
export const MANAGED_LABEL_VALUE = 'ecs-vertical-autoscaler';
export const GROUP_LABEL_KEY = 'autoscaler-group';

export type RuleKind = 'bw-up' | 'bw-down' | 'cpu-up';

/** A rule the config implies, with where it comes from. */
export interface DesiredRule extends AlarmRule {
  instanceId: string;
  group: string;
  kind: RuleKind;
}

/** An instance to plan for; the group is resolved from the config when absent. */
export interface AlarmTarget {
  /** `instance.networkType === 'classic'` selects the classic-network metric. */
  instance: InstanceSnapshot;
  group?: GroupPolicy;
}

export interface PlanOptions {
  /** CMS contact group(s) named on every rule (mandatory in the API). Default `autoscaler`. */
  contactGroups?: string;
}

/** `autoscaler-<instanceId>-<kind>`: the same instance and kind always map to the same rule. */
export function ruleIdFor(instanceId: string, kind: RuleKind): string {
  return `${RULE_ID_PREFIX}${instanceId}-${kind}`;
}

/** Percent thresholds with float noise removed (0.7 × 1.1 × 100 = 77.00000000000001 → 77). */
function percent(fraction: number): number {
  return Math.round(fraction * 10_000) / 100;
}

/** Consecutive 60 s periods covering a stabilisation window (at least one). */
export function timesFor(stabilizationSec: number): number {
  return Math.max(1, Math.ceil(stabilizationSec / RULE_PERIOD_SEC));
}

function bandwidthMetric(target: AlarmTarget): string {
  return target.instance.networkType === 'classic' ? 'InternetOutRate_Percent' : 'VPC_PublicIP_InternetOutRate_Percent';
}

function bandwidthRules(target: AlarmTarget, group: GroupPolicy, policy: BandwidthPolicy) {
  const up = percent(policy.targetUtilization * (1 + policy.tolerance));
  const down = percent(policy.targetUtilization * (1 - policy.tolerance));
  const upEscalation: AlarmEscalation = {
    statistics: 'Average',
    comparisonOperator: 'GreaterThanOrEqualToThreshold',
    threshold: up,
    times: timesFor(policy.scaleUpStabilizationSec),
  };
  const downEscalation: AlarmEscalation = {
    statistics: 'Average',
    comparisonOperator: 'LessThanThreshold',
    threshold: down,
    times: timesFor(policy.scaleDownStabilizationSec),
  };
  const metric = bandwidthMetric(target);
  return [
    {
      kind: 'bw-up' as const,
      metric,
      level: 'critical' as AlarmLevel,
      escalation: upEscalation,
      what: `outbound ≥ ${up}%`,
    },
    {
      kind: 'bw-down' as const,
      metric,
      level: 'info' as AlarmLevel,
      escalation: downEscalation,
      what: `outbound < ${down}%`,
    },
  ].map((r) => ({ ...r, group }));
}

function cpuRule(group: GroupPolicy, policy: InstanceTypePolicy) {
  const escalation: AlarmEscalation = {
    statistics: 'Average',
    comparisonOperator: 'GreaterThanOrEqualToThreshold',
    threshold: policy.scaleUpCpuPercent,
    times: timesFor(policy.scaleUpStabilizationSec),
  };
  const what = `CPU ≥ ${policy.scaleUpCpuPercent}%`;
  return {
    kind: 'cpu-up' as const,
    metric: 'CPUUtilization',
    level: 'critical' as AlarmLevel,
    escalation,
    what,
    group,
  };
}

/** Bandwidth alarms only make sense where the autoscaler may change the instance's own bandwidth. */
function bandwidthAlarmable(instance: InstanceSnapshot): boolean {
  return !instance.eipBound && instance.bandwidthOutMbps > 0;
}

/**
 * The rules the config implies for these instances, sorted by rule id. Instances no group manages are left
 * out (and so lose their rules in the diff).
 */
export function planAlarmRules(
  config: Config,
  targets: readonly AlarmTarget[],
  webhookUrl: string,
  options: PlanOptions = {},
): DesiredRule[] {
  const out: DesiredRule[] = [];
  for (const target of targets) {
    const group = target.group ?? resolveGroup(config, target.instance);
    if (!group) continue;
    const parts = [
      ...(group.bandwidth && bandwidthAlarmable(target.instance) ? bandwidthRules(target, group, group.bandwidth) : []),
      ...(group.instanceType ? [cpuRule(group, group.instanceType)] : []),
    ];
    const { instanceId } = target.instance;
    for (const p of parts) {
      out.push({
        instanceId,
        group: group.name,
        kind: p.kind,
        ruleId: ruleIdFor(instanceId, p.kind),
        ruleName: `autoscaler ${group.name}/${instanceId}: ${p.what}`,
        namespace: ECS_NAMESPACE,
        metricName: p.metric,
        resources: [{ instanceId }],
        escalations: { [p.level]: p.escalation },
        periodSec: RULE_PERIOD_SEC,
        silenceTimeSec: RULE_SILENCE_SEC,
        webhook: webhookUrl,
        contactGroups: options.contactGroups ?? DEFAULT_CONTACT_GROUPS,
        labels: { [MANAGED_LABEL_KEY]: MANAGED_LABEL_VALUE, [GROUP_LABEL_KEY]: group.name },
      });
    }
  }
  return out.sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
}
