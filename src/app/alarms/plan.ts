/**
 * The CloudMonitor rules a configuration implies (pure). Alarms are the fast path that wakes the autoscaler
 * within a minute or two; the timer tick re-evaluates anyway, so a rule only has to say "look now":
 *
 * - per managed instance with a bandwidth policy: `bw-up` (outbound utilisation ≥ target × (1 + tolerance))
 *   and `bw-down` (utilisation < target × (1 − tolerance), slower), on `VPC_PublicIP_InternetOutRate_Percent`
 *   (VPC) or `InternetOutRate_Percent` (classic network): the percentage is what the target is expressed in;
 * - an instance routed to its EIP (docs/eip.md): the same two rules on its EIP's own percentage (`acs_vpc_eip`
 *   `net_out.rate_percentage` on `Resources [{instanceId: <allocation id>}]`): the instance's `_Percent` metric
 *   divides by its own bandwidth, 0 behind an EIP. Relative, so a change of the EIP's bandwidth leaves them right.
 *   The RuleId names the instance (`autoscaler-<instanceId>-bw-up`), and the alarm endpoint reads the instance from
 *   it (core/events/cmsAlarm.ts), since the callback's dimensions name the EIP;
 * - an EIP or a shared bandwidth package a group targets (`match.resource`): the same two rules on the resource's
 *   own percentage (`acs_vpc_eip` `net_out.rate_percentage`, `acs_bandwidth_package` `net_tx.ratePercent`, the
 *   latter with its only statistic `Value`), on `Resources [{instanceId: <resource id>}]`: relative, so they
 *   never go stale; the callback names the resource, which the alarm endpoint turns into a signal for it;
 * - per managed instance with an instance-type policy: `cpu-up` (CPUUtilization ≥ scaleUpCpuPercent).
 *
 * Times = the stabilisation window in 60 s periods, so the alarm fires when the decision would act;
 * SilenceTime = 3600 s, the platform minimum (a persisting alarm is re-sent hourly; the tick covers the rest).
 */
import {
  bandwidthRuleModels,
  cpuRuleModel,
  RULE_ID_PREFIX,
  RULE_PERIOD_SEC,
  RULE_SILENCE_SEC,
  type RuleKind,
} from '../../core/alarmRules.js';
import type { Config, GroupPolicy } from '../../core/config/types.js';
import type { BandwidthPolicy } from '../../core/config/types.js';
import type { InstanceSnapshot } from '../../core/types.js';
import type { AlarmLevel, AlarmRule } from '../../ports/AlarmRulesApi.js';
import { resolveGroup } from '../groups.js';

export { RULE_ID_PREFIX } from '../../core/alarmRules.js';
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

/**
 * Bandwidth alarms only make sense where the autoscaler may change the link's bandwidth (its own, its EIP's, or a
 * resource's that is not refused).
 */
function bandwidthAlarmable(instance: InstanceSnapshot): boolean {
  return !instance.eipBound && instance.linkRefusal === undefined && instance.bandwidthOutMbps > 0;
}

/** Where a VPC resource's bandwidth percentage is (docs/cms-emulator.md lists the sources). */
export const RESOURCE_RULE_METRICS = {
  eip: { namespace: 'acs_vpc_eip', metric: 'net_out.rate_percentage', statistics: 'Average' },
  bandwidthPackage: { namespace: 'acs_bandwidth_package', metric: 'net_tx.ratePercent', statistics: 'Value' },
} as const;

/** The namespaces whose autoscaler rules `provision-alarms` reads and keeps. */
export const RULE_NAMESPACES: readonly string[] = [
  ECS_NAMESPACE,
  RESOURCE_RULE_METRICS.eip.namespace,
  RESOURCE_RULE_METRICS.bandwidthPackage.namespace,
];

/**
 * The bandwidth rules of one instance: on its `_Percent` metric; for a resource, on the resource's own percentage;
 * for an instance routed to its EIP, on the EIP's percentage (`resourceId` = the allocation id the rule watches).
 */
function bandwidthParts(target: AlarmTarget, policy: BandwidthPolicy) {
  const { instance } = target;
  const models = bandwidthRuleModels(policy);
  const eip = instance.eipBound || instance.resource ? undefined : instance.eipAllocationId;
  const link = instance.resource ?? (eip === undefined ? undefined : 'eip');
  if (link === undefined)
    return models.map((r) => ({ ...r, metric: bandwidthMetric(target), namespace: ECS_NAMESPACE }));
  const where = RESOURCE_RULE_METRICS[link];
  return models.map((r) => ({
    ...r,
    escalation: { ...r.escalation, statistics: where.statistics },
    ...(eip === undefined ? {} : { what: `${r.what} of EIP ${eip}`, resourceId: eip }),
    metric: where.metric,
    namespace: where.namespace,
  }));
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
      ...(group.instanceType && !target.instance.resource
        ? [{ ...cpuRuleModel(group.instanceType), metric: 'CPUUtilization', namespace: ECS_NAMESPACE }]
        : []),
    ];
    const { instanceId } = target.instance;
    for (const p of parts) {
      out.push({
        instanceId,
        group: group.name,
        kind: p.kind,
        ruleId: ruleIdFor(instanceId, p.kind),
        ruleName: `autoscaler ${group.name}/${instanceId}: ${p.what}`,
        namespace: p.namespace,
        metricName: p.metric,
        // What the rule watches: the instance, the resource, or the EIP a routed instance's traffic goes through.
        resources: [{ instanceId: 'resourceId' in p && typeof p.resourceId === 'string' ? p.resourceId : instanceId }],
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
