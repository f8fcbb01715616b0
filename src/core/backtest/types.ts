/**
 * Shapes of the in-process backtest: what it replays (demand per minute through a policy), and what it
 * records per minute (the same record the whole-local-cloud simulator produces, so both are accounted alike).
 */
import type { GroupPolicy } from '../config/types.js';
import type { DecisionInput } from '../decide/index.js';
import type { AuditEntry, Decision, InstanceSnapshot, InternetChargeType } from '../types.js';

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
  /** Minutes an instance is not Running during a type change (stop → modify → start). Default 1. */
  typeChangeOfflineMin?: number;
  decide?: DecideFn;
  extras?: InputExtras;
  /** Called once per simulated hour with (minutes done, total minutes). */
  onProgress?: (done: number, total: number) => void;
}

/** Per minute of the run: what was provisioned, whether the instance was offline, its type and billing. */
export interface BacktestRecord {
  capacity: number[];
  offline: boolean[];
  instanceType: string[];
  chargeType: InternetChargeType[];
  /** The `applied` audit entries, oldest first. */
  applied: AuditEntry[];
  /** Mutating ECS calls made (one per applied action: the engine has no faults and no retries). */
  apiCalls: number;
  /** Calls that changed nothing (the engine never replays a ClientToken): always 0, kept for the same record. */
  duplicateApiCalls: number;
  /** Alarm notifications the modelled CMS rules sent. */
  alarms: number;
  /** Decisions taken (alarm and tick evaluations). */
  evaluations: number;
}
