/**
 * Test builders for the decision core: sensible defaults that make `decide` act on nothing, overridable field
 * by field. Defaults: a Running PostPaid PayByBandwidth instance at 10 Mbps on ecs.g7.large, a policy of
 * [1, 100] Mbps at 70 % target, 60 s metric period, no history.
 */
import type { BandwidthPolicy, DowngradeBudget, GroupPolicy, InstanceTypePolicy } from '../../src/core/config/types.js';
import type { DecisionInput } from '../../src/core/decide/index.js';
import type { ForecastProfile } from '../../src/core/forecast/types.js';
import type { InstanceSnapshot, InstanceState, MetricPoint, Signal } from '../../src/core/types.js';
import { budgetOf, groupOf, snapshotOf } from '../support/domain.js';

/** 2024-05-01T10:00:00Z */
export const T0 = Date.UTC(2024, 4, 1, 10, 0, 0);
export const MIN = 60_000;
export const HOUR = 3_600_000;

export function instance(over: Partial<InstanceSnapshot> = {}): InstanceSnapshot {
  return snapshotOf({ instanceId: 'i-test0001', tags: {}, ...over });
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

export function budget(over: Partial<DowngradeBudget> = {}): DowngradeBudget {
  return budgetOf(over);
}

export function group(over: Partial<GroupPolicy> = {}): GroupPolicy {
  return groupOf({ match: { instanceIds: [], tags: {} }, ...over });
}

export function state(over: Partial<InstanceState> = {}): InstanceState {
  return {
    instanceId: 'i-test0001',
    version: 3,
    lastChange: {},
    downgradesMs: [],
    platformDowngrades: 0,
    paused: false,
    ...over,
  };
}

export function signal(over: Partial<Signal> = {}): Signal {
  return { source: 'timer', instanceId: 'i-test0001', atMs: T0, dedupeKey: 'tick-1', ...over };
}

/**
 * Metric points, oldest first, one per period, the newest at `newestMs` (default T0 − 1 period, as CMS
 * publishes a period after it ends). `values` are used as average, maximum and minimum alike unless `max` is given.
 */
export function series(
  values: readonly number[],
  opts: { newestMs?: number; periodSec?: number; max?: readonly number[] } = {},
): MetricPoint[] {
  const periodMs = (opts.periodSec ?? 60) * 1000;
  const newestMs = opts.newestMs ?? T0 - periodMs;
  return values.map((v, i) => ({
    timestampMs: newestMs - (values.length - 1 - i) * periodMs,
    average: v,
    maximum: opts.max?.[i] ?? v,
    minimum: v,
  }));
}

/** Outbound points in Mbps (converted to bit/s). */
export function mbpsSeries(
  mbps: readonly number[],
  opts: { newestMs?: number; periodSec?: number } = {},
): MetricPoint[] {
  return series(
    mbps.map((m) => m * 1e6),
    opts,
  );
}

/** A DecisionInput with a bandwidth-only group and no metrics, overridable at the top level. */
export function input(over: Partial<DecisionInput> = {}): DecisionInput {
  return {
    instance: instance(),
    group: group({ bandwidth: bandwidthPolicy() }),
    dryRun: false,
    killSwitch: false,
    paused: false,
    metrics: { bandwidthOutBps: [], cpuPercent: [] },
    signal: signal(),
    state: state(),
    inMaintenanceWindow: false,
    periodSec: 60,
    ...over,
  };
}

/** 2024-05-01T00:00:00Z, the UTC midnight before T0: phase 0 of a daily profile. */
export const DAY0 = Date.UTC(2024, 4, 1);

/**
 * A daily forecast profile of 5-minute slots anchored at UTC midnight, built at T0 and valid 2 days:
 * `peak(minuteOfDay)` gives each slot's predicted peak in Mbps (default 0 everywhere).
 */
export function forecastProfile(
  peak: (minuteOfDay: number) => number = () => 0,
  over: Partial<ForecastProfile> = {},
): ForecastProfile {
  return {
    kind: 'profile',
    periodSec: 86_400,
    slotSec: 300,
    anchorMs: DAY0,
    peakMbps: Array.from({ length: 288 }, (_, i) => peak(i * 5)),
    builtAtMs: T0,
    validUntilMs: T0 + 48 * HOUR,
    historyDays: 9,
    score: 0.8,
    message: 'daily period (test)',
    ...over,
  };
}

/** `peak` Mbps from `fromHHMM` (inclusive) to `toHHMM` (exclusive), `base` elsewhere: for forecastProfile. */
export function bump(fromHHMM: string, toHHMM: string, peak: number, base = 0): (minuteOfDay: number) => number {
  const minute = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  return (m) => (m >= minute(fromHHMM) && m < minute(toHHMM) ? peak : base);
}
