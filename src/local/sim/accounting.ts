/**
 * Cost and unmet demand of a capacity timeline against a demand series. Every interval lasts `stepSec`;
 * an instance serves min(demand, capacity), and nothing while it is offline (a type change's stop/start).
 */
import { AutoscalerError } from '../../core/errors.js';
import { trafficGBPerHour } from '../../core/cost.js';
import type { Accounting, CapacityTimeline, Ladder } from './types.js';

export interface AccountingContext {
  stepSec: number;
  ladder: Pick<Ladder, 'topCapacity' | 'trafficPricePerGB'>;
}

function checkLengths(demand: readonly number[], timeline: CapacityTimeline): void {
  const n = demand.length;
  const lengths = [
    timeline.capacity.length,
    timeline.costPerHour.length,
    timeline.offlineSec?.length ?? n,
    timeline.trafficPricePerGB?.length ?? n,
  ];
  if (lengths.some((l) => l !== n)) {
    throw new AutoscalerError(
      `a capacity timeline needs one entry per demand interval (${n}), got ${lengths.join('/')}`,
    );
  }
}

function offlineOf(timeline: CapacityTimeline, t: number, stepSec: number): number {
  return Math.min(stepSec, Math.max(0, timeline.offlineSec?.[t] ?? 0));
}

/** Demand served in interval t, as a mean rate over the interval (Mbps or vCPU). */
export function servedAt(demand: readonly number[], timeline: CapacityTimeline, t: number, stepSec: number): number {
  const online = stepSec - offlineOf(timeline, t, stepSec);
  return (Math.min(demand[t] as number, timeline.capacity[t] as number) * online) / stepSec;
}

/**
 * Cost of every interval: the hourly price × Δt, plus the served traffic × the per-GB price (PayByTraffic: the
 * interval's own price when the timeline has one, else the ladder's). The hourly price is charged while offline
 * too (a type change stops in KeepCharging mode).
 */
export function intervalCosts(
  demand: readonly number[],
  timeline: CapacityTimeline,
  context: AccountingContext,
): Float64Array {
  checkLengths(demand, timeline);
  const { stepSec, ladder } = context;
  const hours = stepSec / 3600;
  const costs = new Float64Array(demand.length);
  for (let t = 0; t < demand.length; t++) {
    const perGB = timeline.trafficPricePerGB?.[t] ?? ladder.trafficPricePerGB;
    const traffic = perGB > 0 ? trafficGBPerHour(servedAt(demand, timeline, t, stepSec)) * perGB : 0;
    costs[t] = ((timeline.costPerHour[t] as number) + traffic) * hours;
  }
  return costs;
}

/** Running total of `values` (e.g. interval costs → cumulative cost). */
export function cumulative(values: ArrayLike<number>): number[] {
  const out = new Array<number>(values.length);
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i] as number;
    out[i] = sum;
  }
  return out;
}

/** Cost per day, unmet and unavoidable unmet fractions, changes and downgrades of one timeline. */
export function account(demand: readonly number[], timeline: CapacityTimeline, context: AccountingContext): Accounting {
  const { stepSec, ladder } = context;
  if (!(stepSec > 0)) throw new AutoscalerError(`stepSec must be > 0, got ${stepSec}`);
  const costs = intervalCosts(demand, timeline, context);
  let [totalCost, demandSum, unmetSum, unavoidableSum, offlineSec] = [0, 0, 0, 0, 0];
  let [upgrades, downgrades] = [0, 0];
  for (let t = 0; t < demand.length; t++) {
    const d = demand[t] as number;
    const capacity = timeline.capacity[t] as number;
    const offline = offlineOf(timeline, t, stepSec);
    totalCost += costs[t] as number;
    demandSum += d * stepSec;
    unmetSum += d * offline + Math.max(0, d - capacity) * (stepSec - offline);
    unavoidableSum += Math.max(0, d - ladder.topCapacity) * stepSec;
    offlineSec += offline;
    const prev = timeline.capacity[t - 1];
    if (prev !== undefined && capacity > prev) upgrades++;
    if (prev !== undefined && capacity < prev) downgrades++;
  }
  const days = (demand.length * stepSec) / 86_400;
  return {
    intervals: demand.length,
    days,
    totalCost,
    costPerDay: days > 0 ? totalCost / days : 0,
    unmetFraction: demandSum > 0 ? unmetSum / demandSum : 0,
    unavoidableUnmetFraction: demandSum > 0 ? unavoidableSum / demandSum : 0,
    changes: upgrades + downgrades,
    downgrades,
    upgrades,
    offlineSec,
  };
}
