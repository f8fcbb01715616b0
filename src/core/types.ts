/**
 * Shared domain types: what an instance looks like to the autoscaler, what a signal is, what a decision
 * and an action are, and what the store remembers per instance. Pure data, no behaviour.
 * Units are in the names: `Mbps`, `Bps` (bit/s), `Ms` (epoch milliseconds), `Sec` (seconds).
 */
import type { ForecastProfile } from './forecast/types.js';

export type InstanceChargeType = 'PrePaid' | 'PostPaid';
export type InternetChargeType = 'PayByBandwidth' | 'PayByTraffic';
export type InstanceStatus = 'Pending' | 'Running' | 'Starting' | 'Stopping' | 'Stopped';
export type StoppedMode = 'KeepCharging' | 'StopCharging';

/** An ECS instance as the autoscaler sees it (read from DescribeInstances). */
export interface InstanceSnapshot {
  instanceId: string;
  instanceName?: string;
  regionId: string;
  zoneId: string;
  status: InstanceStatus;
  instanceType: string;
  /** e.g. `ecs.g7` */
  instanceTypeFamily: string;
  cpu: number;
  memoryMiB: number;
  instanceChargeType: InstanceChargeType;
  internetChargeType: InternetChargeType;
  /** Current public outbound bandwidth (including an active temporary upgrade). 0 = no public bandwidth. */
  bandwidthOutMbps: number;
  bandwidthInMbps: number;
  publicIp?: string;
  /** An EIP is bound: the instance's own public bandwidth cannot be changed. */
  eipBound: boolean;
  /**
   * The bound EIP (`EipAddress.AllocationId`). With `eipBound: false` the bandwidth fields are the EIP's, routed by
   * src/adapters/aliyun/eipRouting.ts: a bandwidth change of this instance changes the EIP (docs/eip.md).
   */
  eipAllocationId?: string;
  /**
   * The routed EIP's tags (set by the routing with `eipAllocationId`): an EIP that a group of `resource: eip` matches
   * by id or by these tags is that group's, and its instance is then not routed (app/groups.ts).
   */
  eipTags?: Record<string, string>;
  /** Why an `eipBound` instance is NOT routed to its EIP (set by the routing; shown by status and the dashboard). */
  eipNotRoutedReason?: string;
  /** `OperationLocks.LockReason` contains `security`: every change is refused. */
  securityLocked: boolean;
  tags: Record<string, string>;
  /** Subscription expiry, epoch ms (PrePaid only). */
  expiredTimeMs?: number;
  /** `classic` instances report `InternetOutRate*` metrics instead of `VPC_PublicIP_*` (absent = vpc). */
  networkType?: 'vpc' | 'classic';
  /**
   * What this snapshot stands for when it is not an ECS instance: a VPC resource managed by a group of that
   * resource (`match.resource`), served by src/adapters/aliyun/vpcResources.ts. Its `instanceId` is the EIP's
   * allocation id or the package's id; only its bandwidth is scaled (docs/eip.md). Absent = an ECS instance.
   */
  resource?: LinkResource;
  /**
   * Why this link's bandwidth cannot be changed by the autoscaler (e.g. an enhanced-95 package, an EIP inside a
   * package or a subscription EIP): the core skips it `unsupported` with this text. Absent = it can be.
   */
  linkRefusal?: string;
}

/** A VPC resource a group can target instead of ECS instances. */
export type LinkResource = 'eip' | 'bandwidthPackage';

/** One aggregated metric point (CMS Datapoints entry). */
export interface MetricPoint {
  timestampMs: number;
  average: number;
  maximum: number;
  minimum: number;
}

/** Recent metric history handed to `decide`, oldest first. Rates in bit/s, CPU in percent (0–100). */
export interface MetricWindow {
  /** Outbound public rate, bit/s (`VPC_PublicIP_InternetOutRate`, or `InternetOutRate` for classic). */
  bandwidthOutBps: readonly MetricPoint[];
  /** `CPUUtilization`, percent. */
  cpuPercent: readonly MetricPoint[];
}

/** What produced a signal: the alarm endpoint's three senders, or a timer tick (reconcile, the optimiser). */
export type SignalSource = 'cms-alarm' | 'cms-event' | 'eventbridge' | 'timer';
/** What an audit entry records as its cause: a signal, or an operator's control change (`autoscaler pause`, …). */
export type AuditSource = SignalSource | 'manual';
export type AlertState = 'ALERT' | 'OK' | 'INSUFFICIENT_DATA';
export type AlertLevel = 'CRITICAL' | 'WARN' | 'INFO';

/** A normalised trigger: why the autoscaler is looking at an instance now. */
export interface Signal {
  source: SignalSource;
  instanceId: string;
  /** CMS metric id (`rawMetricName`), e.g. `VPC_PublicIP_InternetOutRate`. */
  metric?: string;
  /** Value that triggered the alarm, in the metric's unit. */
  value?: number;
  state?: AlertState;
  level?: AlertLevel;
  ruleId?: string;
  /** When the signal was raised (epoch ms). */
  atMs: number;
  /** The region the sender names (CMS `regionId`, a system event's `regionId`, a CloudEvent's `aliyunregionid`). */
  regionId?: string;
  /** Deterministic key identifying one delivery of one event; repeats carry the same key. */
  dedupeKey: string;
}

/**
 * Reason codes for skips: the decision not to act is data, never an exception. Each cause has its own code
 * (docs/policies.md lists them; the dashboard labels each).
 */
export const SKIP_REASONS = [
  'cooldown',
  'in-progress',
  /** The downgrade budget cannot pay, or the last of a subscription's 3 lifetime downgrades is kept back. */
  'quota',
  /** A subscription instance using temporary upgrades never gets a permanent downgrade. */
  'no-permanent-downgrade',
  'at-bound',
  'maintenance-window',
  'paused',
  'kill-switch',
  'insufficient-data',
  'within-tolerance',
  /** A scale-down cut smaller than `minScaleDownFraction`: not worth a downgrade. */
  'cut-too-small',
  /** A PayByTraffic cap already held at the upper bound. */
  'at-traffic-cap',
  'stabilizing',
  'not-running',
  /** `OperationLocks` with a security reason: the platform refuses every change. */
  'security-locked',
  /** An EIP is bound: the instance's own public bandwidth cannot be changed. */
  'eip-bound',
  'unsupported',
  'no-policy',
  /** Optimiser: the instance no longer looks as the plan assessed it. */
  'plan-outdated',
  /** Optimiser: the plan's prices no longer make the billing switch the cheaper method. */
  'not-cheaper',
] as const;

export type SkipReason = (typeof SKIP_REASONS)[number];

export const SCALE_REASONS = [
  'target-tracking',
  'saturated',
  'step-rule',
  'cpu-high',
  'cpu-low',
  'schedule',
  'rightsizing',
  'billing-method',
  'temporary-extend',
  'traffic-cap',
  'forecast',
] as const;

export type ScaleReason = (typeof SCALE_REASONS)[number];

export type Direction = 'up' | 'down';

/** Change the public outbound bandwidth (ModifyInstanceNetworkSpec). */
export interface BandwidthAction {
  kind: 'bandwidth';
  instanceId: string;
  direction: Direction;
  fromMbps: number;
  toMbps: number;
  /** PostPaid 0 → N needs a public IP allocated. */
  allocatePublicIp: boolean;
  /** Temporary upgrade window (subscription): ISO UTC times, minute precision for start, hour for end. */
  temporary?: { startTime: string; endTime: string };
  /** Deterministic: same decision → same token (≤ 64 ASCII). */
  clientToken: string;
  actionKey: string;
}

/** Change the instance type: stop → modify → start, orchestrated. */
export interface InstanceTypeAction {
  kind: 'instanceType';
  instanceId: string;
  direction: Direction;
  fromType: string;
  toType: string;
  api: 'ModifyInstanceSpec' | 'ModifyPrepayInstanceSpec';
  stoppedMode: StoppedMode;
  clientToken: string;
  actionKey: string;
}

/** Switch the network billing method (PayByBandwidth ↔ PayByTraffic), keeping the bandwidth. */
export interface BillingMethodAction {
  kind: 'billingMethod';
  instanceId: string;
  direction: Direction;
  from: InternetChargeType;
  to: InternetChargeType;
  bandwidthMbps: number;
  clientToken: string;
  actionKey: string;
}

export type Action = BandwidthAction | InstanceTypeAction | BillingMethodAction;

/**
 * The pure outcome of an evaluation. `message` is a human sentence: metric, value, threshold/target,
 * before → after (for scale) or why not (for skip). A scale carries exactly one action: each dimension plans
 * at most one change and the stages pick one (src/core/decide/plan.ts), so the alarm path claims, calls and
 * audits one change per evaluation.
 */
export type Decision =
  | { kind: 'scale'; reason: ScaleReason; message: string; action: Action; dryRun: boolean }
  | { kind: 'skip'; reason: SkipReason; message: string; untilMs?: number };

/** A temporary bandwidth upgrade the autoscaler placed and may extend. */
export interface TemporaryUpgrade {
  baselineMbps: number;
  upgradedMbps: number;
  /** Epoch ms at which the platform reverts to the baseline. */
  endMs: number;
  actionKey: string;
}

/** What an applied action changes in the instance row. Absent fields are left as they are. */
export interface StateUpdate {
  lastChange?: Partial<InstanceState['lastChange']>;
  /** Append one downgrade at this time (ms). */
  addDowngradeAtMs?: number;
  /** Drop remembered downgrades older than this (ms), to keep the row small. */
  trimDowngradesBeforeMs?: number;
  /** Add to the lifetime platform downgrade counter (subscription instances). */
  platformDowngradesIncrement?: number;
  /** Set (object) or clear (null) the active temporary upgrade. */
  temporaryUpgrade?: TemporaryUpgrade | null;
}

/**
 * An inline action written ahead with the claim: what DescribeInstances shows once it is applied, and what
 * to record then. If the holder dies (or its commit fails) after the ECS call, the next evaluation that finds
 * the lease expired compares `expect` with the instance and commits `update` for it. Small, JSON-serialisable.
 */
export interface PendingChange {
  actionKey: string;
  clientToken: string;
  /** The decision's reason, for the audit entry written on recovery. */
  reason: ScaleReason;
  /** The spec before the action (for the audit entry). */
  before: { bandwidthOutMbps?: number; internetChargeType?: InternetChargeType };
  /** The spec once the action is applied: every present field must match the instance. */
  expect: { bandwidthOutMbps?: number; internetChargeType?: InternetChargeType };
  /** What to record; its times are the lease expiry (the latest the change can have happened). */
  update: StateUpdate;
}

/** A lease held on an instance while an action is in flight. */
export interface Lease {
  holder: string;
  actionKey: string;
  expiresAtMs: number;
  /** Inline actions of the claim, in order (absent for type changes, which recover via their own rows). */
  pending?: PendingChange[];
}

/** The strategy the optimiser chose for this instance by backtest (absent = the group's policy as configured). */
export interface StrategyChoice {
  name: 'traffic' | 'reactive' | 'forecast' | 'static';
  /** `static` only: the level held, Mbps. */
  staticMbps?: number;
  /** The bandwidth a move back to pay-by-bandwidth starts at, Mbps (the reactive policy takes it from there). */
  startMbps?: number;
  chosenAtMs: number;
  /** One sentence: each candidate's backtested cost and unmet, and why this one won. */
  why: string;
}

/** What the store remembers about one instance between stateless invocations. */
export interface InstanceState {
  instanceId: string;
  /** Optimistic-concurrency version; 0 when the row does not exist yet. Bumped by every write. */
  version: number;
  lease?: Lease;
  /** Epoch ms of the last applied change per dimension and direction (cooldowns start here). */
  lastChange: {
    bandwidthUpMs?: number;
    bandwidthDownMs?: number;
    typeUpMs?: number;
    typeDownMs?: number;
    billingMs?: number;
  };
  /** Epoch ms of every applied downgrade (bandwidth or type), newest last; trimmed to the budget window. */
  downgradesMs: number[];
  /** Subscription instances: platform-counted downgrades over the instance lifetime (limit 3). */
  platformDowngrades: number;
  temporaryUpgrade?: TemporaryUpgrade;
  paused: boolean;
  /** The seasonal peak profile the optimiser built from this instance's history (StateStore.setAdvice). */
  forecast?: ForecastProfile;
  /** The strategy the optimiser chose by backtest (StateStore.setAdvice). */
  strategy?: StrategyChoice;
}

/** Steps of the resumable stop → modify → start state machine for instance-type changes. */
export type OrchestrationStep =
  | 'planned'
  | 'stopping'
  | 'stopped'
  | 'modifying'
  | 'modified'
  | 'starting'
  | 'running'
  | 'verified'
  | 'rolling-back'
  | 'rolled-back'
  | 'failed';

export interface Orchestration {
  actionKey: string;
  instanceId: string;
  action: InstanceTypeAction;
  step: OrchestrationStep;
  /** Bumped by every advance; advances are conditional on it. */
  version: number;
  createdMs: number;
  updatedMs: number;
  attempts: number;
  /** ECS request ids collected along the way, for the audit trail. */
  requestIds: string[];
  error?: { code: string; message: string };
}

export type AuditResult = 'applied' | 'failed' | 'skipped' | 'would-do' | 'in-progress' | 'rolled-back' | 'ignored';

/** One line of the audit trail: what changed (or not), when, why, and with which request ids. */
export interface AuditEntry {
  instanceId: string;
  atMs: number;
  /** Unique within (instanceId, atMs); makes the key unique when two entries share a millisecond. */
  seq: string;
  group?: string;
  signal: { source: AuditSource; dedupeKey: string; metric?: string; value?: number; state?: AlertState };
  decision: Decision['kind'];
  reason: SkipReason | ScaleReason | string;
  message: string;
  before?: { bandwidthOutMbps?: number; instanceType?: string; internetChargeType?: InternetChargeType };
  after?: { bandwidthOutMbps?: number; instanceType?: string; internetChargeType?: InternetChargeType };
  actionKey?: string;
  clientToken?: string;
  requestIds?: string[];
  result: AuditResult;
  error?: { code: string; message: string };
  durationMs?: number;
  /** The instance's EIP (`InstanceSnapshot.eipAllocationId`): routed, its bandwidth change was the EIP's (docs/eip.md). */
  eipAllocationId?: string;
  /**
   * What the entry is about when it is not an ECS instance (`InstanceSnapshot.resource`): an EIP (whose
   * `eipAllocationId` is then its own id) or a shared bandwidth package (its id is the `instanceId`).
   */
  resource?: LinkResource;
}
