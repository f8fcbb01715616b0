/**
 * The CloudMonitor rules a configuration implies (pure). Alarms are the fast path that wakes the autoscaler
 * within a minute or two; the timer tick re-evaluates anyway, so a rule only has to say "look now":
 *
 * - per managed instance with a bandwidth policy: `bw-up` (outbound utilisation ≥ target × (1 + tolerance))
 *   and `bw-down` (utilisation < target × (1 − tolerance), slower), on `VPC_PublicIP_InternetOutRate_Percent`
 *   (VPC) or `InternetOutRate_Percent` (classic network): the percentage is what the target is expressed in;
 * - an instance routed to its EIP (docs/eip.md): the same two rules on the ABSOLUTE `VPC_PublicIP_InternetOutRate`
 *   (bit/s; the EIP's address is one of the instance's public IPs), the thresholds being the same percentages of
 *   the EIP's bandwidth: the `_Percent` metric divides by the instance's own bandwidth, 0 behind an EIP. The callback
 *   still names the instance. The thresholds follow the EIP's bandwidth when the rules are provisioned again
 *   (a changed bandwidth is a changed threshold: an update in the diff; `instanceIds` re-provisions only some);
 * - per managed instance with an instance-type policy: `cpu-up` (CPUUtilization ≥ scaleUpCpuPercent).
 *
 * Times = the stabilisation window in 60 s periods, so the alarm fires when the decision would act;
 * SilenceTime = 3600 s, the platform minimum (a persisting alarm is re-sent hourly; the tick covers the rest).
 */
import {
  bandwidthRuleModels,
  cpuRuleModel,
  RULE_PERIOD_SEC,
  RULE_SILENCE_SEC,
  type RuleKind,
} from '../../core/alarmRules.js';
import type { Config, GroupPolicy } from '../../core/config/types.js';
import type { BandwidthPolicy } from '../../core/config/types.js';
import type { InstanceSnapshot } from '../../core/types.js';
import type { AlarmLevel, AlarmRule } from '../../ports/AlarmRulesApi.js';
import { resolveGroup } from '../groups.js';

export const RULE_ID_PREFIX = 'autoscaler-';
export const ECS_NAMESPACE = 'acs_ecs_dashboard';
export { RULE_PERIOD_SEC, RULE_SILENCE_SEC, timesFor } from '../../core/alarmRules.js';
export const DEFAULT_CONTACT_GROUPS = 'autoscaler';
/** Marks a rule as the autoscaler's own. */
export const MANAGED_LABEL_KEY = 'managed-by';
export const MANAGED_LABEL_VALUE = 'ecs-vertical-autoscaler';
export const GROUP_LABEL_KEY = 'autoscaler-group';

export type { RuleKind };

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

function bandwidthMetric(target: AlarmTarget): string {
  return target.instance.networkType === 'classic' ? 'InternetOutRate_Percent' : 'VPC_PublicIP_InternetOutRate_Percent';
}

/** Bandwidth alarms only make sense where the autoscaler may change the link's bandwidth (its own or its EIP's). */
function bandwidthAlarmable(instance: InstanceSnapshot): boolean {
  return !instance.eipBound && instance.bandwidthOutMbps > 0;
}

/** The absolute outbound rate of a routed instance, bit/s (its EIP's traffic). */
export const EIP_RATE_METRIC = 'VPC_PublicIP_InternetOutRate';

/** Mbps with at most 3 decimals, for rule names. */
const mbpsText = (bps: number): string => String(Math.round(bps / 1e3) / 1e3);

/**
 * The bandwidth rules of one instance: on the `_Percent` metric, or for an instance routed to its EIP on the
 * absolute rate with the percentage of the EIP's bandwidth (bit/s, whole).
 */
function bandwidthParts(target: AlarmTarget, policy: BandwidthPolicy) {
  const { instance } = target;
  const models = bandwidthRuleModels(policy);
  const eip = instance.eipBound ? undefined : instance.eipAllocationId;
  if (eip === undefined) return models.map((r) => ({ ...r, metric: bandwidthMetric(target) }));
  return models.map((r) => {
    const percent = r.escalation.threshold;
    const threshold = Math.round((percent / 100) * instance.bandwidthOutMbps * 1e6);
    const op = r.escalation.comparisonOperator === 'LessThanThreshold' ? '<' : '≥';
    const what = `outbound ${op} ${mbpsText(threshold)} Mbps (${percent}% of EIP ${eip} at ${instance.bandwidthOutMbps} Mbps)`;
    return { ...r, escalation: { ...r.escalation, threshold }, what, metric: EIP_RATE_METRIC };
  });
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
      ...(group.bandwidth && bandwidthAlarmable(target.instance) ? bandwidthParts(target, group.bandwidth) : []),
      ...(group.instanceType ? [{ ...cpuRuleModel(group.instanceType), metric: 'CPUUtilization' }] : []),
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
        escalations: { [p.level as AlarmLevel]: p.escalation },
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
