/**
 * Data model of the local ECS emulator: the instances it holds, the fleet file that seeds them and the change
 * log tests and the simulator read. Times are epoch ms (`…Ms`), bandwidths Mbit/s (`…Mbps`).
 */
import type { InstanceChargeType, InstanceStatus, InternetChargeType } from '../../core/types.js';

export type EcsStoppedMode = 'KeepCharging' | 'StopCharging' | 'Not-applicable';

/** A status the instance will take at `atMs` (Stopping → Stopped, Starting → Running …). */
export interface ScheduledStatus {
  atMs: number;
  status: InstanceStatus;
}

/** An active temporary bandwidth upgrade (ModifyInstanceNetworkSpec StartTime/EndTime). */
export interface TemporaryBandwidth {
  startMs: number;
  endMs: number;
  bandwidthOutMbps: number;
}

/** An active temporary type upgrade (ModifyPrepayInstanceSpec EndTime): the type reverts at `endMs`. */
export interface TemporaryType {
  endMs: number;
  baselineType: string;
}

export interface EipBinding {
  allocationId: string;
  ipAddress: string;
  bandwidthMbps: number;
}

/** One emulated instance (internal, mutable; callers of EcsState get copies). */
export interface EmulatedInstance {
  instanceId: string;
  instanceName: string;
  regionId: string;
  zoneId: string;
  instanceType: string;
  instanceChargeType: InstanceChargeType;
  internetChargeType: InternetChargeType;
  /** Baseline outbound bandwidth; an active temporary upgrade overrides it (see `effectiveBandwidthOutMbps`). */
  bandwidthOutMbps: number;
  bandwidthInMbps: number;
  publicIp?: string;
  eip?: EipBinding;
  status: InstanceStatus;
  /** Future statuses, oldest first. */
  schedule: ScheduledStatus[];
  stoppedMode: EcsStoppedMode;
  /** `OperationLocks.LockReason` values, e.g. `security`. */
  lockReasons: string[];
  tags: Record<string, string>;
  creationTimeMs: number;
  /** Subscription expiry (PrePaid). */
  expiredTimeMs?: number;
  privateIp: string;
  vpcId: string;
  vSwitchId: string;
  temporaryBandwidth?: TemporaryBandwidth;
  temporaryType?: TemporaryType;
  /** Configuration downgrades the platform counted (PrePaid: at most 3). */
  downgradeCount: number;
  lastDowngradeMs?: number;
  /** Last successful ModifyInstanceSpec (5-minute spacing). */
  lastModifySpecMs?: number;
}

/** What `EcsState.get/list` return: a copy plus the bandwidth in force now. */
export type InstanceView = Readonly<EmulatedInstance> & { effectiveBandwidthOutMbps: number };

/** One applied mutation (API call or automatic revert). */
export interface ChangeLogEntry {
  atMs: number;
  action: string;
  instanceId: string;
  /** API parameters as received (protocol parameters removed); empty for automatic events. */
  params: Record<string, string>;
  clientToken?: string;
  requestId?: string;
  /** Short human description: `bandwidth 10 → 50 Mbps`. */
  summary: string;
}

/** Seed for one instance in a fleet file (see docs/ecs-emulator.md). */
export interface FleetInstance {
  instanceId: string;
  instanceName?: string;
  zoneId: string;
  instanceType: string;
  instanceChargeType: InstanceChargeType;
  internetChargeType: InternetChargeType;
  bandwidthOutMbps: number;
  bandwidthInMbps?: number;
  status?: 'Running' | 'Stopped';
  publicIp?: string;
  eip?: EipBinding;
  lockReasons?: string[];
  tags?: Record<string, string>;
  /** ISO time, PrePaid only (default: one year after the emulator starts). */
  expiredTime?: string;
  /** Downgrades already spent (PrePaid quota). */
  platformDowngrades?: number;
}

export interface FleetStock {
  instanceType: string;
  zoneId: string;
  available: number;
}

export interface FleetFile {
  regionId?: string;
  instances: FleetInstance[];
  stock: FleetStock[];
}

/** Durations of the asynchronous transitions, ms. */
export interface EcsTimings {
  stopMs: number;
  startMs: number;
  forceStopMs?: number;
}
