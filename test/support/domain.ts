/**
 * The one set of domain defaults the unit-test builders share (test/core, test/app, test/dashboard): a Running
 * PostPaid PayByBandwidth ecs.g7.large at 10 Mbps, the optimiser's defaults, a 3-per-day budget with one in
 * reserve, and a fully defaulted Config. Each suite's builders override only what is particular to it.
 */
import type { Config, DowngradeBudget, GroupPolicy, OptimisationPolicy } from '../../src/core/config/types.js';
import type { InstanceSnapshot } from '../../src/core/types.js';

export const OPTIMISATION_DEFAULTS: OptimisationPolicy = {
  enabled: true,
  apply: false,
  percentile: 95,
  headroom: 0.2,
  minHistoryDays: 7,
  billingMethod: true,
  strategy: { mode: 'record', maxUnmetFraction: 0.005, minSavingFraction: 0.1, historyDays: 7 },
};

export function budgetOf(over: Partial<DowngradeBudget> = {}): DowngradeBudget {
  return { maxDowngrades: 3, windowSec: 86_400, reserve: 1, minIntervalSec: 300, ...over };
}

/** A group with no policy (add `bandwidth` / `instanceType`), matching the `autoscaler-group: web` tag. */
export function groupOf(over: Partial<GroupPolicy> = {}): GroupPolicy {
  return {
    name: 'web',
    match: { instanceIds: [], tags: { 'autoscaler-group': 'web' } },
    paused: false,
    schedules: [],
    maintenanceWindows: [],
    downgradeBudget: budgetOf(),
    optimisation: { ...OPTIMISATION_DEFAULTS },
    ...over,
  };
}

export function configOf(groups: GroupPolicy[], over: Partial<Config> = {}): Config {
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

export function snapshotOf(over: Partial<InstanceSnapshot> = {}): InstanceSnapshot {
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
