/**
 * Shared shapes of the local CloudMonitor (CMS) emulator: what it reads from the rest of the local cloud
 * (instances, workload), how it stores series, what an alarm rule is, and what a delivered callback looks like.
 */

/** The demand a trace or model puts on an instance at a moment. */
export interface WorkloadSource {
  /** `outboundMbps` is what clients would pull if bandwidth were unlimited; `cpuVcpu` the busy vCPUs. */
  demandAt(instanceId: string, tMs: number): { outboundMbps: number; cpuVcpu?: number };
}

/** What CMS needs to know about one ECS instance (read from the ECS emulator's state). */
export interface InstanceFacts {
  /** Provisioned public outbound bandwidth (a cap for PayByTraffic). */
  bandwidthOutMbps: number;
  /** vCPU count. */
  cpu: number;
  status: string;
  publicIp?: string;
  internetChargeType: string;
  /** Classic-network instance: reported as `InternetOutRate`, not `VPC_PublicIP_*`. */
  classic?: boolean;
  /** Used for the callback's `instanceName` (the literal `null` when absent, as real captures show). */
  instanceName?: string;
}

export interface InstanceView {
  get(instanceId: string): InstanceFacts | undefined;
  list(): string[];
}

/** The metrics of namespace `acs_ecs_dashboard` the emulator produces. */
export const ECS_NAMESPACE = 'acs_ecs_dashboard';

/** `Value`: the one statistic of the VPC namespaces' rates (a period's Value is its average here). */
export type Statistic = 'Average' | 'Maximum' | 'Minimum' | 'Value';

export interface MetricMeta {
  unit: string;
  /** Statistics a rule may use and a datapoint carries (`_Percent` metrics only have Average). */
  statistics: readonly Statistic[];
  /** Dimension keys in the order CMS lists them. */
  dimensions: readonly string[];
}

const ALL: readonly Statistic[] = ['Average', 'Maximum', 'Minimum'];

export const METRICS: Readonly<Record<string, MetricMeta>> = {
  CPUUtilization: { unit: '%', statistics: ALL, dimensions: ['userId', 'instanceId'] },
  VPC_PublicIP_InternetOutRate: { unit: 'bit/s', statistics: ALL, dimensions: ['userId', 'instanceId', 'ip'] },
  VPC_PublicIP_InternetOutRate_Percent: {
    unit: '%',
    statistics: ['Average'],
    dimensions: ['userId', 'instanceId', 'ip'],
  },
  InternetOutRate: { unit: 'bit/s', statistics: ALL, dimensions: ['userId', 'instanceId'] },
  InternetOutRate_Percent: { unit: '%', statistics: ['Average'], dimensions: ['userId', 'instanceId'] },
};

/** The EIP and shared-bandwidth-package namespaces (docs/cms-emulator.md, with sources). */
export const EIP_NAMESPACE = 'acs_vpc_eip';
export const CBWP_NAMESPACE = 'acs_bandwidth_package';

const RESOURCE_DIMS = ['userId', 'instanceId'] as const;
const VALUE: readonly Statistic[] = ['Value'];
const AVG: readonly Statistic[] = ['Average'];

/** Every metric the emulator produces, by namespace; a rule on another metric of these namespaces is refused. */
export const NAMESPACE_METRICS: Readonly<Record<string, Readonly<Record<string, MetricMeta>>>> = {
  [ECS_NAMESPACE]: METRICS,
  [EIP_NAMESPACE]: {
    'net_tx.rate': { unit: 'bit/s', statistics: VALUE, dimensions: RESOURCE_DIMS },
    'net_rx.rate': { unit: 'bit/s', statistics: VALUE, dimensions: RESOURCE_DIMS },
    'net_out.rate_percentage': { unit: '%', statistics: ALL, dimensions: RESOURCE_DIMS },
    out_ratelimit_drop_speed: { unit: 'Packets/Second', statistics: AVG, dimensions: RESOURCE_DIMS },
    in_ratelimit_drop_speed: { unit: 'Packets/Second', statistics: AVG, dimensions: RESOURCE_DIMS },
  },
  [CBWP_NAMESPACE]: {
    'net_tx.rate': { unit: 'bits/s', statistics: VALUE, dimensions: RESOURCE_DIMS },
    'net_rx.rate': { unit: 'bits/s', statistics: VALUE, dimensions: RESOURCE_DIMS },
    'net_tx.ratePercent': { unit: '%', statistics: VALUE, dimensions: RESOURCE_DIMS },
    // Not confirmed by a source (docs/cms-emulator.md): the EIP namespace's name for the package's drops.
    out_ratelimit_drop_speed: { unit: 'Packets/Second', statistics: AVG, dimensions: RESOURCE_DIMS },
  },
};

/** The metadata of a metric of a namespace the emulator produces (undefined otherwise). */
export function metricMeta(namespace: string, metricName: string): MetricMeta | undefined {
  return NAMESPACE_METRICS[namespace]?.[metricName];
}

/** What CMS needs to know about one EIP (read from the VPC emulator's state). */
export interface EipFacts {
  allocationId: string;
  ipAddress: string;
  /** The EIP's own peak bandwidth, Mbps (outside a package, its cap). */
  bandwidthMbps: number;
  /** The bound ECS instance: its outbound demand flows through the EIP. */
  instanceId?: string;
  bandwidthPackageId?: string;
}

export interface PackageFacts {
  bandwidthPackageId: string;
  /** The bandwidth in force (caps the sum of its EIPs), Mbps. */
  bandwidthMbps: number;
}

/** The EIPs and shared bandwidth packages CMS samples, as they are now. */
export interface EipView {
  eips(): EipFacts[];
  packages(): PackageFacts[];
}

/** One aggregated period of one series. `tMs` is the period start (what CMS reports as `timestamp`). */
export interface Bucket {
  tMs: number;
  average: number;
  maximum: number;
  minimum: number;
  count: number;
}

export type Level = 'Critical' | 'Warn' | 'Info';
/** Priority order: the highest firing level wins. */
export const LEVELS: readonly Level[] = ['Critical', 'Warn', 'Info'];

export type ComparisonOperator =
  | 'GreaterThanOrEqualToThreshold'
  | 'GreaterThanThreshold'
  | 'LessThanOrEqualToThreshold'
  | 'LessThanThreshold'
  | 'NotEqualToThreshold'
  | 'EqualToThreshold';

export interface Escalation {
  statistics: Statistic;
  comparisonOperator: ComparisonOperator;
  /** As sent (a string on the wire), echoed back by DescribeMetricRuleList. */
  thresholdText: string;
  threshold: number;
  times: number;
}

export type NoDataPolicy = 'KEEP_LAST_STATE' | 'INSUFFICIENT_DATA' | 'OK';

/** A threshold rule created by PutResourceMetricRule. */
export interface MetricRule {
  ruleId: string;
  ruleName: string;
  namespace: string;
  metricName: string;
  /** The `Resources` JSON as sent, and parsed: each object selects series whose dimensions match. */
  resourcesText: string;
  resources: Record<string, string>[];
  escalations: Partial<Record<Level, Escalation>>;
  periodSec: number;
  silenceTimeSec: number;
  effectiveInterval?: string;
  noEffectiveInterval?: string;
  webhook?: string;
  contactGroups: string;
  labels: { key: string; value: string }[];
  emailSubject?: string;
  noDataPolicy: NoDataPolicy;
  intervalSec?: number;
  createdMs: number;
  updatedMs: number;
}

/** Brief's name for a rule. */
export type Rule = MetricRule;

export type AlertState = 'OK' | 'ALERT' | 'INSUFFICIENT_DATA';

/** One callback POSTed (or attempted) to a rule's webhook. */
export interface DeliveredCallback {
  url: string;
  ruleId: string;
  /** Every form field as sent. */
  fields: Record<string, string>;
  /** The exact `application/x-www-form-urlencoded` body. */
  body: string;
  /** HTTP status of the last attempt (undefined when no attempt got an answer). */
  status?: number;
  attempts: number;
  ok: boolean;
  error?: string;
  /** Emulator-clock time of the evaluation that raised it. */
  atMs: number;
}
