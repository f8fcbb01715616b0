/**
 * Shared data types of the simulator library: a trace (demand per interval), the capacity ladder it is
 * served from, a capacity timeline and its accounting. Units are in the names (`Mbps`, `vCPU`, `Sec`, `Ms`).
 */

/** Which resource a trace drives: public outbound bandwidth (Mbps) or CPU (vCPU). */
export type Series = 'bandwidth' | 'cpu';

/** Unit of a series' demand and capacity values. */
export type SeriesUnit = 'Mbps' | 'vCPU';

/** The on-disk formats `loadTrace` recognises (see docs/simulator.md). */
export type TraceFormat = 'bitbrains' | 'nab-cpu' | 'nab-network' | 'requests' | 'plain';

/** One interval of demand: `tMs` is its start (epoch ms), `value` the mean demand in the series' unit. */
export interface TracePoint {
  tMs: number;
  value: number;
}

/** A loaded trace: demand per interval on a regular grid (gaps compressed), in Mbps or vCPU. */
export interface Trace {
  /** File name without directories, e.g. `35.csv`. */
  name: string;
  format: TraceFormat;
  series: Series;
  unit: SeriesUnit;
  /** Length of one interval, seconds: the median spacing of the file's timestamps. */
  stepSec: number;
  /** Intervals re-spaced at `stepSec` from the first timestamp, one per data row. */
  points: TracePoint[];
  /** Spacings longer than 1.5 × stepSec that were compressed to one step (the same as `repairs.gapsCompressed`). */
  gapsCompressed: number;
  /**
   * What the loader repaired in the whole file (before `--days`); all 0 for a clean file. Rows are sorted by
   * timestamp (stable) and rows sharing a timestamp are merged into one interval, their mean demand.
   */
  repairs: {
    /** Rows earlier than a row above them in the file (rows repeating a timestamp above count as merged only). */
    rowsOutOfOrder: number;
    /** Timestamps carried by more than one row. */
    duplicateTimestamps: number;
    /** Rows that shared a timestamp with another row: `rowsMerged` rows became `duplicateTimestamps` intervals. */
    rowsMerged: number;
    gapsCompressed: number;
    /** Up to 5 lines naming the file's line numbers and timestamps, e.g. `lines 14, 26: 2019-11-03 01:00:00 …`. */
    examples: string[];
  };
}

/** One rung a resource can be set to, with its price. */
export interface Level {
  /** `42` (Mbps) or `ecs.g7.xlarge`. */
  label: string;
  /** Mbps or vCPU. */
  capacity: number;
  /** Price of holding this level for one hour (bandwidth or instance type), in the price table's currency. */
  costPerHour: number;
}

/** The levels a series can be served from, ascending by capacity, and the platform facts around them. */
export interface Ladder {
  series: Series;
  unit: SeriesUnit;
  /** Strictly ascending capacity. */
  levels: readonly Level[];
  /** The platform's largest capacity: demand above it is unavoidable unmet demand. */
  topCapacity: number;
  /** Seconds offline in the interval of every change (a type change stops and starts the instance); 0 for bandwidth. */
  changeDowntimeSec: number;
  /** Price per GB of served traffic (PayByTraffic); 0 when the level's hourly price is the whole charge. */
  trafficPricePerGB: number;
  currency: string;
}

/** What was provisioned in every interval. All arrays have one entry per interval. */
export interface CapacityTimeline {
  /** Provisioned capacity per interval (Mbps or vCPU). */
  capacity: readonly number[];
  /** Price per hour of what was provisioned in the interval. */
  costPerHour: readonly number[];
  /** Seconds of the interval the instance was offline (capacity 0); absent = never offline. */
  offlineSec?: readonly number[];
  /**
   * Price per GB of the traffic served in the interval (non-zero in PayByTraffic intervals, where the capacity is
   * only a cap); absent = the ladder's `trafficPricePerGB` in every interval.
   */
  trafficPricePerGB?: readonly number[];
}

/** Cost and service of one capacity timeline against one demand series. */
export interface Accounting {
  intervals: number;
  days: number;
  totalCost: number;
  costPerDay: number;
  /** Σ max(0, demand − capacity) × Δt / Σ demand × Δt, offline time counting as capacity 0. */
  unmetFraction: number;
  /** The part of the demand above the platform's top capacity (no strategy can serve it). */
  unavoidableUnmetFraction: number;
  /** Intervals whose capacity differs from the previous interval's. */
  changes: number;
  /** Changes to a lower capacity. */
  downgrades: number;
  upgrades: number;
  offlineSec: number;
}

/** The four reference strategies every simulation is compared with (on the pay-by-bandwidth ladder). */
export type BaselineName = 'lowerBound' | 'staticPeak' | 'naiveReactive' | 'optimum';

/** Every baseline key of a result: the four above plus `payByTraffic` (bandwidth series only). */
export type BaselineKey = BaselineName | 'payByTraffic';

/** A baseline's plan and what it costs and serves. */
export interface BaselineResult {
  name: BaselineKey;
  /** Level index (into the ladder) per interval. */
  levels: Int32Array;
  timeline: CapacityTimeline;
  accounting: Accounting;
}
