/**
 * What one instance's history recommends, with the monthly saving at list prices (pure). Bandwidth is sized
 * only for groups with a bandwidth policy (its bounds and target apply), the type only for groups with a
 * ladder, the billing method wherever the group allows it and the instance has public bandwidth.
 */
import type { BandwidthPolicy, GroupPolicy, InstanceTypePolicy } from '../config/types.js';
import { bandwidthCostPerHour, HOURS_PER_MONTH, instanceCostPerHour, type PriceTable } from '../cost.js';
import { lastChangeMs } from '../cooldown.js';
import { provisionedCostPerHour, provisionedSegments } from '../provisioned.js';
import {
  MIN_RECOMMENDATION_DAYS,
  mbpsSamples,
  recommendBandwidth,
  recommendBillingMethod,
  recommendInstanceType,
} from '../recommend.js';
import { activeTemporaryUpgrade } from '../temporary.js';
import type { InstanceSnapshot, InstanceState, MetricPoint } from '../types.js';
import { linkPrices, linkRange, noBillingSwitch, packagePriceMissing } from './link.js';
import type { AuditedBandwidth, Assessment, InstanceHistory } from './types.js';

export interface AssessInput {
  instance: InstanceSnapshot;
  group: GroupPolicy;
  state: InstanceState;
  history: InstanceHistory;
  periodSec: number;
  prices: PriceTable;
  nowMs: number;
  /**
   * The applied bandwidth changes from the audit trail (read by src/app/optimise/audited.ts), for pricing
   * pay-by-bandwidth as it was provisioned. Absent = no trail at all (no state store, or never evaluated): nothing
   * is known of how the link moved, so it is priced at one bandwidth.
   */
  audited?: AuditedBandwidth;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

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
  if (instance.linkRefusal !== undefined) {
    a.notes.push(`bandwidth: ${instance.linkRefusal}`);
    return;
  }
  if (instance.eipBound) {
    a.notes.push('bandwidth: an EIP is bound, its own bandwidth is changed through VPC, not here');
    return;
  }
  if (activeTemporaryUpgrade(state, nowMs)) {
    a.notes.push('bandwidth: a temporary upgrade is active; the baseline is assessed after it reverts');
    return;
  }
  // A VPC link's range and prices are its EIP's or package's (src/core/optimise/link.ts).
  const platform = linkRange(instance, instance.internetChargeType);
  const prices = linkPrices(input.prices, instance);
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
  if (prices === undefined) {
    a.notes.push(`bandwidth saving: ${packagePriceMissing(input.prices, instance)}`);
    return;
  }
  // Pay-by-traffic bills the bytes; its bandwidth is only a cap, so a smaller cap saves nothing.
  a.bandwidthSaving =
    instance.internetChargeType === 'PayByBandwidth'
      ? cents(
          (bandwidthCostPerHour(prices, 'PayByBandwidth', instance.bandwidthOutMbps) -
            bandwidthCostPerHour(prices, 'PayByBandwidth', rec.targetMbps)) *
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
  const routed = noBillingSwitch(input.instance);
  if (routed !== undefined) {
    a.notes.push(`billing method: ${routed}`);
    return;
  }
  // The static price is at the recommended bandwidth when there is one, so that the rightsizing saving and the
  // billing saving add up to the saving of the whole recommended spec (pay-by-bandwidth's price depends on it).
  const bandwidthMbps =
    a.bandwidth?.kind === 'recommendation' ? a.bandwidth.targetMbps : input.instance.bandwidthOutMbps;
  const provisioned = provisionedPricing(input, a);
  if (provisioned?.sinceSwitch && provisioned.days < MIN_RECOMMENDATION_DAYS) {
    // Just switched back: the link has not been provisioned for a daily cycle yet, and one static bandwidth
    // would misprice it (the reason for pricing it as provisioned at all).
    const days = Math.max(0, provisioned.days);
    const message = `only ${days.toFixed(2)} days on PayByBandwidth since the last billing switch, at least ${MIN_RECOMMENDATION_DAYS} needed`;
    a.billing = { kind: 'none', reason: 'insufficient-history', historyDays: days, message };
    return;
  }
  // Both methods over the same window: the mean rate too is measured since the timeline starts.
  const points = provisioned
    ? input.history.bandwidthOutBps.filter((p) => p.timestampMs >= provisioned.startMs)
    : input.history.bandwidthOutBps;
  a.billing = recommendBillingMethod({
    samples: mbpsSamples(points),
    periodSec: input.periodSec,
    bandwidthMbps,
    prices: input.prices,
    current: input.instance.internetChargeType,
    minHistoryDays: input.group.optimisation.minHistoryDays,
    ...(provisioned ? { provisioned: { costPerHour: provisioned.costPerHour, days: provisioned.days } } : {}),
  });
}

/**
 * An autoscaled link on pay-by-bandwidth: its price is what the reactive policy really provisioned over the
 * history (the link moves all day; one static bandwidth would misprice it), from the oldest sample — or the last
 * switch to pay-by-bandwidth, before which the link was a pay-by-traffic cap — to now (the mean rate is then
 * measured over the same window). Undefined = static price: no bandwidth policy, on pay-by-traffic (its
 * pay-by-bandwidth cost is then a forecast), no audit trail, or no history.
 */
function provisionedPricing(input: AssessInput, a: Assessment) {
  const { instance, nowMs } = input;
  if (!input.group.bandwidth || instance.internetChargeType !== 'PayByBandwidth') return undefined;
  if (!input.audited) {
    a.notes.push('billing method: no audit trail of this instance, pay-by-bandwidth is priced at one bandwidth');
    return undefined;
  }
  const oldest = input.history.bandwidthOutBps[0];
  if (!oldest) return undefined;
  const switchMs = input.audited.billingSwitchMs ?? Number.NEGATIVE_INFINITY;
  const startMs = Math.max(oldest.timestampMs, switchMs);
  const days = (nowMs - startMs) / DAY_MS;
  const segments = provisionedSegments({
    currentMbps: instance.bandwidthOutMbps,
    changes: input.audited.changes,
    startMs,
    endMs: nowMs,
  });
  // A window of no duration (switched at this very millisecond) is caught by the day minimums.
  const costPerHour = provisionedCostPerHour(segments, input.prices) ?? 0;
  return { costPerHour, days, startMs, sinceSwitch: switchMs > oldest.timestampMs };
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
