/**
 * Data model of the local ECS emulator: the instances it holds, the fleet file that seeds them and the change
 * log tests and the simulator read. Times are epoch ms (`…Ms`), bandwidths Mbit/s (`…Mbps`).
 */
import type { InstanceChargeType, InstanceStatus, InternetChargeType } from '../types.js';

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

/** Billing method of an EIP's own bandwidth. */
export type EipInternetChargeType = 'PayByTraffic' | 'PayByBandwidth';

/**
 * An EIP as the fleet file declares it (bound to an instance, or in `eips`). The VPC emulator serves it; an
 * instance's `eip` is its binding, and once the ECS state is linked to a VPC state (`linkEips`) its bandwidth
 * and charge type are read from there (one source of truth, see docs/vpc-emulator.md).
 */
export interface EipBinding {
  allocationId: string;
  ipAddress: string;
  /** The EIP's own peak bandwidth, Mbps (1-200 pay-by-traffic, 1-500 pay-by-bandwidth). */
  bandwidthMbps: number;
  /** Default PayByTraffic. */
  internetChargeType?: EipInternetChargeType;
  /** Default PostPaid. */
  chargeType?: InstanceChargeType;
  /** The shared bandwidth package the EIP is in (declared in `bandwidthPackages`). */
  bandwidthPackageId?: string;
  name?: string;
  /** The EIP's tags (a group of EIPs may select it by them). */
  tags?: Record<string, string>;
}

/** A shared bandwidth package (CBWP) of the fleet file. */
export interface FleetPackage {
  bandwidthPackageId: string;
  bandwidthMbps: number;
  /** Default PayByBandwidth. */
  internetChargeType?: 'PayByBandwidth' | 'PayBy95' | 'PayByDominantTraffic';
  /** Default PostPaid. */
  chargeType?: InstanceChargeType;
  name?: string;
  /** The package's tags (a group of packages may select it by them). */
  tags?: Record<string, string>;
}

/** What a linked EIP directory (the VPC state) says of an EIP now. */
export interface LiveEip {
  bandwidthMbps: number;
  internetChargeType: EipInternetChargeType;
}

export interface EipDirectory {
  liveEip(allocationId: string): LiveEip | undefined;
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
  /** EIPs bound to no instance (an instance's own EIP is its `eip`). */
  eips?: EipBinding[];
  bandwidthPackages?: FleetPackage[];
}

/** Durations of the asynchronous transitions, ms. */
export interface EcsTimings {
  stopMs: number;
  startMs: number;
  forceStopMs?: number;
}
