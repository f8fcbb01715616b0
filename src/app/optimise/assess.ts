/**
 * What one instance's history recommends, with the monthly saving at list prices (pure). Bandwidth is sized
 * only for groups with a bandwidth policy (its bounds and target apply), the type only for groups with a
 * ladder, the billing method wherever the group allows it and the instance has public bandwidth.
 */
import type { BandwidthPolicy, GroupPolicy, InstanceTypePolicy } from '../../core/config/types.js';
import { bandwidthCostPerHour, HOURS_PER_MONTH, instanceCostPerHour, type PriceTable } from '../../core/cost.js';
import { lastChangeMs } from '../../core/cooldown.js';
import { platformBandwidthRange } from '../../core/platform.js';
import {
  mbpsSamples,
  recommendBandwidth,
  recommendBillingMethod,
  recommendInstanceType,
} from '../../core/recommend.js';
import { activeTemporaryUpgrade } from '../../core/temporary.js';
import type { InstanceSnapshot, InstanceState, MetricPoint } from '../../core/types.js';
import type { Assessment, InstanceHistory } from './types.js';

export interface AssessInput {
  instance: InstanceSnapshot;
  group: GroupPolicy;
  state: InstanceState;
  history: InstanceHistory;
  periodSec: number;
  prices: PriceTable;
  nowMs: number;
}

const HOUR_MS = 3_600_000;

/** Round money to cents (0.1 + 0.2 noise never reaches a report). */
export function cents(amount: number): number {
  return Math.round(amount * 100) / 100;
}

/** Largest `maximum` of the last hour of points (the newest point anchors the hour), in the given scale. */
export function recentPeak(points: readonly MetricPoint[], scale = 1): number | undefined {
  const newest = points.at(-1);
  if (!newest) return undefined;
  const recent = points.filter((p) => p.timestampMs > newest.timestampMs - HOUR_MS);
  return Math.max(...recent.map((p) => p.maximum)) / scale;
}

function assessBandwidth(input: AssessInput, policy: BandwidthPolicy, a: Assessment): void {
  const { instance, state, nowMs } = input;
  if (instance.eipBound) {
    a.notes.push('bandwidth: an EIP is bound, its own bandwidth is changed through VPC, not here');
    return;
  }
  if (activeTemporaryUpgrade(state, nowMs)) {
    a.notes.push('bandwidth: a temporary upgrade is active; the baseline is assessed after it reverts');
    return;
  }
  const platform = platformBandwidthRange(instance.instanceChargeType, instance.internetChargeType);
  const peak = recentPeak(input.history.bandwidthOutBps, 1e6);
  const rec = recommendBandwidth({
    samples: mbpsSamples(input.history.bandwidthOutBps),
    periodSec: input.periodSec,
    ...sizing(input.group),
    targetUtilization: policy.targetUtilization,
    ...(peak !== undefined ? { recentPeakMbps: peak } : {}),
    bounds: {
      minMbps: Math.max(policy.minMbps, platform.minMbps),
      maxMbps: Math.min(policy.maxMbps, platform.maxMbps),
    },
    currentMbps: instance.bandwidthOutMbps,
  });
  a.bandwidth = rec;
  if (rec.kind !== 'recommendation') return;
  // Pay-by-traffic bills the bytes; its bandwidth is only a cap, so a smaller cap saves nothing.
  a.bandwidthSaving =
    instance.internetChargeType === 'PayByBandwidth'
      ? cents(
          (bandwidthCostPerHour(input.prices, 'PayByBandwidth', instance.bandwidthOutMbps) -
            bandwidthCostPerHour(input.prices, 'PayByBandwidth', rec.targetMbps)) *
            HOURS_PER_MONTH,
        )
      : 0;
}

function sizing(group: GroupPolicy) {
  const { percentile, headroom, minHistoryDays } = group.optimisation;
  return { percentile, headroom, minHistoryDays };
}

function typeSaving(prices: PriceTable, fromType: string, toType: string): number | undefined {
  try {
    return cents((instanceCostPerHour(prices, fromType) - instanceCostPerHour(prices, toType)) * HOURS_PER_MONTH);
  } catch {
    return undefined;
  }
}

function assessType(input: AssessInput, policy: InstanceTypePolicy, a: Assessment): void {
  // CPU percent is relative to the type it was measured on: only points since the last type change count.
  const sinceMs = lastChangeMs(input.state.lastChange, 'instanceType') ?? Number.NEGATIVE_INFINITY;
  const points = input.history.cpuPercent.filter((p) => p.timestampMs >= sinceMs);
  const peak = recentPeak(points);
  const vcpus = Object.fromEntries(Object.entries(input.prices.instanceTypes).map(([t, e]) => [t, e.vcpu]));
  const rec = recommendInstanceType({
    samples: points.map((p) => p.average),
    periodSec: input.periodSec,
    ...sizing(input.group),
    currentType: input.instance.instanceType,
    ladder: policy.ladder,
    maxCpuPercent: policy.scaleUpCpuPercent,
    ...(peak !== undefined ? { recentPeakCpuPercent: peak } : {}),
    vcpus,
  });
  a.instanceType = rec;
  if (rec.kind === 'recommendation')
    a.typeSaving = typeSaving(input.prices, input.instance.instanceType, rec.instanceType);
}

function assessBilling(input: AssessInput, a: Assessment): void {
  if (activeTemporaryUpgrade(input.state, input.nowMs)) {
    a.notes.push('billing method: a temporary upgrade is active; the method is assessed after it reverts');
    return;
  }
  if (input.instance.eipBound) {
    a.notes.push('billing method: an EIP is bound, its billing is the EIP’s');
    return;
  }
  // Priced at the recommended bandwidth when there is one, so that the rightsizing saving and the billing saving
  // add up to the saving of the whole recommended spec (pay-by-bandwidth's price depends on the bandwidth).
  const bandwidthMbps =
    a.bandwidth?.kind === 'recommendation' ? a.bandwidth.targetMbps : input.instance.bandwidthOutMbps;
  a.billing = recommendBillingMethod({
    samples: mbpsSamples(input.history.bandwidthOutBps),
    periodSec: input.periodSec,
    bandwidthMbps,
    prices: input.prices,
    current: input.instance.internetChargeType,
    minHistoryDays: input.group.optimisation.minHistoryDays,
  });
}

/** Every recommendation the history supports for one instance. */
export function assessInstance(input: AssessInput): Assessment {
  const { group } = input;
  const a: Assessment = {
    instance: input.instance,
    group,
    state: input.state,
    historyDays: 0,
    notes: [],
  };
  if (group.bandwidth) assessBandwidth(input, group.bandwidth, a);
  if (group.instanceType) assessType(input, group.instanceType, a);
  if (group.optimisation.billingMethod) assessBilling(input, a);
  a.historyDays = Math.max(
    0,
    ...[a.bandwidth, a.instanceType, a.billing].filter((r) => r !== undefined).map((r) => r.historyDays),
  );
  return a;
}
