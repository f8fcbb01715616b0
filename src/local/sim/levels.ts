/**
 * Capacity ladders: the levels a series can be provisioned at, priced from the price table. Bandwidth is
 * whole Mbps from `minMbps` to the platform's top (100, or 200 for subscription pay-by-bandwidth); CPU is a
 * ladder of instance types with their vCPU and hourly price. Also: turning a level per interval into a
 * capacity timeline (with the downtime of type changes).
 */
import { bandwidthCostPerHour, instanceCostPerHour, type PriceTable } from '../../core/cost.js';
import { AutoscalerError } from '../../core/errors.js';
import { platformBandwidthRange } from '../../core/platform.js';
import type { InstanceChargeType, InternetChargeType } from '../../core/types.js';
import { DEFAULT_TIMINGS } from '@ecs-autoscaler/local-cloud/ecs/state.js';
import type { CapacityTimeline, Ladder, Level } from './types.js';

/** Relative slack when comparing demand with capacity, so 6 / 0.6 = 10.000000000000002 still fits 10. */
const FIT_EPSILON = 1e-9;

/** The ladder used for CPU traces when none is given: the g7 family, 2 to 32 vCPU. */
export const DEFAULT_CPU_LADDER = [
  'ecs.g7.large',
  'ecs.g7.xlarge',
  'ecs.g7.2xlarge',
  'ecs.g7.4xlarge',
  'ecs.g7.8xlarge',
];

/** Downtime of one type change in the ECS emulator (StopInstance + StartInstance), seconds. */
export const DEFAULT_TYPE_CHANGE_DOWNTIME_SEC = (DEFAULT_TIMINGS.stopMs + DEFAULT_TIMINGS.startMs) / 1000;

export interface BandwidthLadderOptions {
  instanceChargeType?: InstanceChargeType;
  internetChargeType?: InternetChargeType;
  /** Lowest level, whole Mbps. Default 1: at 0 a pay-as-you-go instance has no public bandwidth at all. */
  minMbps?: number;
}

/**
 * Whole-Mbps levels from `minMbps` to the platform maximum. PayByBandwidth prices each level by tier;
 * PayByTraffic levels cost nothing per hour and the served traffic is priced per GB instead.
 */
export function bandwidthLadder(prices: PriceTable, options: BandwidthLadderOptions = {}): Ladder {
  const internet = options.internetChargeType ?? 'PayByBandwidth';
  const { maxMbps } = platformBandwidthRange(options.instanceChargeType ?? 'PostPaid', internet);
  const minMbps = options.minMbps ?? 1;
  if (!Number.isInteger(minMbps) || minMbps < 0 || minMbps > maxMbps) {
    throw new AutoscalerError(`minMbps must be a whole number within 0–${maxMbps}, got ${minMbps}`);
  }
  const levels: Level[] = [];
  for (let mbps = minMbps; mbps <= maxMbps; mbps++) {
    const costPerHour = internet === 'PayByBandwidth' ? bandwidthCostPerHour(prices, internet, mbps) : 0;
    levels.push({ label: String(mbps), capacity: mbps, costPerHour });
  }
  const trafficPricePerGB = internet === 'PayByTraffic' ? prices.bandwidth.payByTrafficPerGB : 0;
  return {
    series: 'bandwidth',
    unit: 'Mbps',
    levels,
    topCapacity: maxMbps,
    changeDowntimeSec: 0,
    trafficPricePerGB,
    currency: prices.currency,
  };
}

export interface CpuLadderOptions {
  /** Instance types, smallest first. Default DEFAULT_CPU_LADDER. */
  types?: readonly string[];
  /** Offline seconds per type change. Default: the ECS emulator's stop + start time. */
  changeDowntimeSec?: number;
}

/** Instance-type levels: capacity = vCPU and cost = hourly price from the table. */
export function cpuLadder(prices: PriceTable, options: CpuLadderOptions = {}): Ladder {
  const types = options.types ?? DEFAULT_CPU_LADDER;
  const levels = types.map((type) => {
    const entry = prices.instanceTypes[type];
    return { label: type, capacity: entry?.vcpu ?? 0, costPerHour: instanceCostPerHour(prices, type) };
  });
  levels.forEach((level, i) => {
    const prev = levels[i - 1];
    if (prev && level.capacity <= prev.capacity) {
      throw new AutoscalerError(
        `the CPU ladder must grow in vCPU: ${level.label} (${level.capacity}) follows ${prev.label} (${prev.capacity})`,
      );
    }
  });
  const top = levels.at(-1);
  if (!top) throw new AutoscalerError('the CPU ladder needs at least one instance type');
  const changeDowntimeSec = options.changeDowntimeSec ?? DEFAULT_TYPE_CHANGE_DOWNTIME_SEC;
  return {
    series: 'cpu',
    unit: 'vCPU',
    levels,
    topCapacity: top.capacity,
    changeDowntimeSec,
    trafficPricePerGB: 0,
    currency: prices.currency,
  };
}

/** Index of the smallest level whose capacity serves `demand`; the top level when none does. */
export function levelFor(ladder: Ladder, demand: number): number {
  const { levels } = ladder;
  let lo = 0;
  let hi = levels.length - 1;
  if ((levels[hi] as Level).capacity < demand * (1 - FIT_EPSILON)) return hi;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((levels[mid] as Level).capacity >= demand * (1 - FIT_EPSILON)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Index of the level with this label (`'42'`, `42` or `'ecs.g7.large'`). @throws AutoscalerError when absent. */
export function levelIndexOf(ladder: Ladder, label: string | number): number {
  const index = ladder.levels.findIndex((l) => l.label === String(label));
  if (index < 0)
    throw new AutoscalerError(
      `${label} is not a level of the ${ladder.series} ladder (${ladder.levels[0]?.label}…${ladder.levels.at(-1)?.label})`,
    );
  return index;
}

export interface TimelineOptions {
  /** Count the ladder's change downtime in the interval of every change. Default true. */
  downtime?: boolean;
}

/** The capacity timeline of a level index per interval; a change happens at the start of its interval. */
export function timelineFromLevels(
  ladder: Ladder,
  levelIndex: ArrayLike<number>,
  options: TimelineOptions = {},
): CapacityTimeline {
  const n = levelIndex.length;
  const capacity = new Array<number>(n);
  const costPerHour = new Array<number>(n);
  const offlineSec = new Array<number>(n).fill(0);
  const downtime = options.downtime === false ? 0 : ladder.changeDowntimeSec;
  for (let t = 0; t < n; t++) {
    const level = ladder.levels[levelIndex[t] as number];
    if (!level)
      throw new AutoscalerError(`level index ${levelIndex[t]} at interval ${t} is outside the ${ladder.series} ladder`);
    capacity[t] = level.capacity;
    costPerHour[t] = level.costPerHour;
    if (t > 0 && levelIndex[t] !== levelIndex[t - 1]) offlineSec[t] = downtime;
  }
  return downtime > 0 ? { capacity, costPerHour, offlineSec } : { capacity, costPerHour };
}
