/** Builders for app tests: a fully defaulted Config, groups, instances, signals and actions. */
import type { BandwidthPolicy, Config, GroupPolicy, InstanceTypePolicy } from '../../src/core/config/types.js';
import type {
  BandwidthAction,
  BillingMethodAction,
  Decision,
  InstanceSnapshot,
  InstanceTypeAction,
  Signal,
} from '../../src/core/types.js';
import { configOf, groupOf, snapshotOf } from '../support/domain.js';

/** Monday 2025-01-06 03:00 UTC: inside a nightly 02:00–05:00 UTC window, outside weekday office hours. */
export const T0 = Date.UTC(2025, 0, 6, 3, 0, 0);

export function bandwidthPolicy(over: Partial<BandwidthPolicy> = {}): BandwidthPolicy {
  return {
    minMbps: 1,
    maxMbps: 100,
    targetUtilization: 0.7,
    tolerance: 0.1,
    saturationThreshold: 0.95,
    saturationMultiplier: 2,
    scaleUpStabilizationSec: 60,
    scaleDownStabilizationSec: 900,
    cooldownUpSec: 300,
    cooldownDownSec: 900,
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
    scaleUpStabilizationSec: 300,
    scaleDownStabilizationSec: 1800,
    cooldownUpSec: 1800,
    cooldownDownSec: 3600,
    allowDowntime: true,
    stoppedMode: 'KeepCharging',
    ...over,
  };
}

export function group(over: Partial<GroupPolicy> = {}): GroupPolicy {
  return groupOf(over);
}

export function config(groups: GroupPolicy[], over: Partial<Config> = {}): Config {
  return configOf(groups, over);
}

export function instance(over: Partial<InstanceSnapshot> = {}): InstanceSnapshot {
  return snapshotOf(over);
}

export function signal(over: Partial<Signal> = {}): Signal {
  return {
    source: 'cms-alarm',
    instanceId: 'i-web1',
    metric: 'VPC_PublicIP_InternetOutRate',
    value: 9_600_000,
    state: 'ALERT',
    atMs: T0,
    dedupeKey: 'cms:trans-1:ALERT:1736132400000',
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

/** A decide stub that always scales with these actions. */
export function scaleWith(...actions: (BandwidthAction | InstanceTypeAction)[]) {
  return (): Decision => ({ kind: 'scale', reason: 'target-tracking', message: 'test scale', actions, dryRun: false });
}

/** A decide stub that always skips. */
export function skipWith(reason: Extract<Decision, { kind: 'skip' }>['reason'], message = `test skip ${reason}`) {
  return (): Decision => ({ kind: 'skip', reason, message });
}
