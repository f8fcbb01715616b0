/**
 * The one set of test builders and their one set of defaults, for test/ and the bench: a Running PostPaid
 * PayByBandwidth ecs.g7.large `i-web1` at 10 Mbps tagged `autoscaler-group: web`; a `web` group matching that
 * tag with no policy (add `bandwidth` / `instanceType`), a 3-per-day downgrade budget with one in reserve and the
 * optimiser's defaults; a bandwidth policy of [1, 100] Mbps at 70 % (up 60 s / down 300 s stabilisation, 120 s /
 * 600 s cooldowns); a type policy on the g7 ladder without downtime allowed; fully defaulted actions. Every field
 * is overridable; a test that needs another value passes it. Time anchors (`T0`) belong to each suite (an audit
 * entry's `atMs` and `seq` too: no default).
 */
import type {
  BandwidthPolicy,
  Config,
  DowngradeBudget,
  GroupPolicy,
  InstanceTypePolicy,
  OptimisationPolicy,
} from '../core/config/types.js';
import type {
  Action,
  AuditEntry,
  BandwidthAction,
  BillingMethodAction,
  Decision,
  InstanceSnapshot,
  InstanceState,
  InstanceTypeAction,
} from '../core/types.js';

export const OPTIMISATION_DEFAULTS: OptimisationPolicy = {
  enabled: true,
  apply: false,
  percentile: 95,
  headroom: 0.2,
  minHistoryDays: 7,
  billingMethod: true,
  strategy: { mode: 'record', maxUnmetFraction: 0.005, minSavingFraction: 0.1, historyDays: 7 },
};

export function budget(over: Partial<DowngradeBudget> = {}): DowngradeBudget {
  return { maxDowngrades: 3, windowSec: 86_400, reserve: 1, minIntervalSec: 300, ...over };
}

export function bandwidthPolicy(over: Partial<BandwidthPolicy> = {}): BandwidthPolicy {
  return {
    minMbps: 1,
    maxMbps: 100,
    targetUtilization: 0.7,
    tolerance: 0.1,
    saturationThreshold: 0.95,
    saturationMultiplier: 2,
    scaleUpStabilizationSec: 60,
    scaleDownStabilizationSec: 300,
    cooldownUpSec: 120,
    cooldownDownSec: 600,
    stepRules: [],
    temporaryUpgrade: 'auto',
    temporaryUpgradeHours: 3,
    allocatePublicIp: false,
    ...over,
  };
}

export function typePolicy(over: Partial<InstanceTypePolicy> = {}): InstanceTypePolicy {
  return {
    ladder: ['ecs.g7.large', 'ecs.g7.xlarge', 'ecs.g7.2xlarge'],
    scaleUpCpuPercent: 80,
    scaleDownCpuPercent: 30,
    scaleUpStabilizationSec: 180,
    scaleDownStabilizationSec: 600,
    cooldownUpSec: 600,
    cooldownDownSec: 1800,
    allowDowntime: false,
    stoppedMode: 'KeepCharging',
    ...over,
  };
}

/** A group with no policy (add `bandwidth` / `instanceType`), matching the `autoscaler-group: web` tag. */
export function group(over: Partial<GroupPolicy> = {}): GroupPolicy {
  return {
    name: 'web',
    match: { instanceIds: [], tags: { 'autoscaler-group': 'web' } },
    paused: false,
    schedules: [],
    maintenanceWindows: [],
    downgradeBudget: budget(),
    optimisation: { ...OPTIMISATION_DEFAULTS },
    ...over,
  };
}

export function config(groups: GroupPolicy[], over: Partial<Config> = {}): Config {
  return {
    version: 1,
    regionId: 'cn-hangzhou',
    dryRun: false,
    killSwitch: false,
    evaluation: { lookbackSec: 3600, periodSec: 60, leaseTtlSec: 120, orchestrationLeaseTtlSec: 1800 },
    groups,
    ...over,
  };
}

export function instance(over: Partial<InstanceSnapshot> = {}): InstanceSnapshot {
  return {
    instanceId: 'i-web1',
    regionId: 'cn-hangzhou',
    zoneId: 'cn-hangzhou-h',
    status: 'Running',
    instanceType: 'ecs.g7.large',
    instanceTypeFamily: 'ecs.g7',
    cpu: 2,
    memoryMiB: 8192,
    instanceChargeType: 'PostPaid',
    internetChargeType: 'PayByBandwidth',
    bandwidthOutMbps: 10,
    bandwidthInMbps: 10,
    eipBound: false,
    securityLocked: false,
    tags: { 'autoscaler-group': 'web' },
    ...over,
  };
}

export function state(over: Partial<InstanceState> = {}): InstanceState {
  return {
    instanceId: 'i-web1',
    version: 3,
    lastChange: {},
    downgradesMs: [],
    platformDowngrades: 0,
    paused: false,
    ...over,
  };
}

export function bandwidthAction(over: Partial<BandwidthAction> = {}): BandwidthAction {
  return {
    kind: 'bandwidth',
    instanceId: 'i-web1',
    direction: 'up',
    fromMbps: 10,
    toMbps: 20,
    allocatePublicIp: false,
    clientToken: 'as-token-bw-1',
    actionKey: 'bw-i-web1-0001',
    ...over,
  };
}

export function billingAction(over: Partial<BillingMethodAction> = {}): BillingMethodAction {
  return {
    kind: 'billingMethod',
    instanceId: 'i-web1',
    direction: 'down',
    from: 'PayByBandwidth',
    to: 'PayByTraffic',
    bandwidthMbps: 5,
    clientToken: 'tok-bill',
    actionKey: 'bill-1',
    ...over,
  };
}

export function typeAction(over: Partial<InstanceTypeAction> = {}): InstanceTypeAction {
  return {
    kind: 'instanceType',
    instanceId: 'i-web1',
    direction: 'up',
    fromType: 'ecs.g7.large',
    toType: 'ecs.g7.xlarge',
    api: 'ModifyInstanceSpec',
    stoppedMode: 'KeepCharging',
    clientToken: 'as-token-type-1',
    actionKey: 'type-i-web1-0001',
    ...over,
  };
}

/**
 * An audit entry: an applied 10 → 15 Mbps bandwidth change of `i-web1` (group `web`) on a timer signal. `seq` and
 * `atMs` have no default: with `instanceId` they are the store's key (a repeat overwrites), so each test names
 * them, and two entries of one instance at one millisecond need two seqs.
 */
export function auditEntry(over: Partial<AuditEntry> & Pick<AuditEntry, 'seq' | 'atMs'>): AuditEntry {
  const instanceId = over.instanceId ?? 'i-web1';
  return {
    instanceId,
    group: 'web',
    signal: { source: 'timer', dedupeKey: `timer:${instanceId}:${over.atMs}:${over.seq}` },
    decision: 'scale',
    reason: 'saturated',
    message: 'outbound 10 Mbps is 100% of 10 Mbps',
    result: 'applied',
    before: { bandwidthOutMbps: 10 },
    after: { bandwidthOutMbps: 15 },
    ...over,
  };
}

/** A decide stub that always scales with this action. */
export function scaleWith(action: Action) {
  return (): Decision => ({ kind: 'scale', reason: 'target-tracking', message: 'test scale', action, dryRun: false });
}

/** A decide stub that always skips. */
export function skipWith(reason: Extract<Decision, { kind: 'skip' }>['reason'], message = `test skip ${reason}`) {
  return (): Decision => ({ kind: 'skip', reason, message });
}
