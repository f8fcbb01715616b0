/**
 * Shapes of the in-process backtest: what it replays (demand per minute through a policy), and what it
 * records per minute (the same record the whole-local-cloud simulator produces, so both are accounted alike).
 */
import type { GroupPolicy } from '../config/types.js';
import type { BandwidthBilling } from '../cost.js';
import type { DecisionInput } from '../decide/index.js';
import type {
  AuditEntry,
  Decision,
  InstanceSnapshot,
  InstanceState,
  InternetChargeType,
  MetricPoint,
} from '../types.js';

/** Which resource the demand drives: public outbound bandwidth (Mbps) or CPU (vCPU). */
export type BacktestSeries = 'bandwidth' | 'cpu';

/** A decision function with `decide`'s signature (the default is core `decide`). */
export type DecideFn = (input: DecisionInput, nowMs: number) => Decision;

/** What the caller adds to every decision input (a forecast profile, say), given the history so far. */
export type InputExtras = (nowMs: number, view: HistoryView) => Partial<DecisionInput>;

/** Read access to what the backtest's CloudMonitor has measured so far (what the product could read). */
export interface HistoryView {
  /** Served outbound rate per minute so far, Mbps, index 0 = the first minute of the run. */
  servedMbps: readonly number[];
  /** The run's first minute, epoch ms. */
  startMs: number;
}

export interface BacktestOptions {
  series: BacktestSeries;
  /** Demand per minute from `startMs`: Mbps (bandwidth) or vCPU (cpu). */
  demand: ArrayLike<number>;
  /** Epoch ms of the first minute; whole minutes. */
  startMs: number;
  /** The instance at the start (its bandwidth, charge types, type). */
  instance: InstanceSnapshot;
  group: GroupPolicy;
  evaluation: { periodSec: number; lookbackSec: number };
  /** vCPU and memory of an instance type (the ECS catalog); needed for type changes and CPU percent. */
  typeSpec: (instanceType: string) => { cpu: number; memoryMiB: number } | undefined;
  /** Reconcile tick spacing, seconds (FC timer `0 *\/5 * * * *`). Default 300. */
  tickEverySec?: number;
  /**
   * A type change's timing after its decision: the new type from `modifiedSec`, Running and committed at `backSec`.
   * Default TYPE_CHANGE_TIMING (18 s, 50 s: the local cloud's, see engine.ts).
   */
  typeChange?: { modifiedSec: number; backSec: number };
  decide?: DecideFn;
  /** The price table's pay-by-bandwidth billing, handed to every decision (absent = perMinute). */
  bandwidthBilling?: BandwidthBilling;
  extras?: InputExtras;
  /** The daily optimiser sweep, replayed: what it writes into the state row (see core/optimise/advice.ts). */
  sweep?: SweepHook;
  /** Called once per simulated hour with (minutes done, total minutes). */
  onProgress?: (done: number, total: number) => void;
}

/** The sweep's time of day and what it does, given what the product could read at that time. */
export interface SweepHook {
  /** Time of day of the sweep, ms after 00:00 UTC (s.yaml's `CRON_TZ=Asia/Shanghai 0 30 3 * * *` = 19:30 UTC). */
  offsetMs: number;
  /** Days of 300 s history the sweep reads. */
  historyDays: number;
  run: (nowMs: number, view: SweepView) => SweepWrite;
}

/** What the sweep writes: a value sets, null clears, absent leaves. */
export interface SweepWrite {
  forecast?: InstanceState['forecast'] | null;
  strategy?: InstanceState['strategy'] | null;
  /** What the sweep said, for the record. */
  message?: string;
  /** The optimiser's changes to apply now, each as the decision function that re-checks it (core/optimise). */
  changes?: DecideFn[];
}

export interface SweepView {
  instance: InstanceSnapshot;
  state: InstanceState;
  /** Outbound bit/s at 300 s periods over the last `historyDays`, oldest first. */
  history: MetricPoint[];
  /** CPU percent at 300 s periods (cpu series; empty otherwise). */
  cpuHistory: MetricPoint[];
  /** The applied audit entries so far, oldest first (the optimiser prices a link as it was provisioned). */
  applied: readonly AuditEntry[];
}

/** Per minute of the run: what was provisioned, whether the instance was offline, its type and billing. */
export interface BacktestRecord {
  capacity: number[];
  offline: boolean[];
  instanceType: string[];
  chargeType: InternetChargeType[];
  /** The `applied` audit entries, oldest first. */
  applied: AuditEntry[];
  /** Mutating ECS calls made: one per action, three per type change (stop, modify, start); no faults, no retries. */
  apiCalls: number;
  /** Calls that changed nothing (the engine never replays a ClientToken): always 0, kept for the same record. */
  duplicateApiCalls: number;
  /** Alarm notifications the modelled CMS rules sent. */
  alarms: number;
  /** Decisions taken (alarm and tick evaluations). */
  evaluations: number;
  /** With a sweep: the stored forecast's predicted peak per minute, Mbps (NaN where there was no profile). */
  forecastMbps?: number[];
  /** Every sweep: when, and what it said (the strategy verdict's sentence, the forecast's). */
  sweeps: SweepNote[];
}

export interface SweepNote {
  atMs: number;
  /** The strategy in force after the sweep (absent = none chosen yet). */
  strategy?: string;
  /** Whether the sweep changed the strategy. */
  changed: boolean;
  message: string;
}
