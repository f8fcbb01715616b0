/**
 * Rules shared by several ECS actions, each throwing the documented error code: instance lookup, security
 * lock, bandwidth ranges and the InternetMaxBandwidthIn rule, type/stock checks, the downgrade quota and
 * spacing, and the temporary-upgrade window.
 */
import type { InstanceChargeType, InternetChargeType } from '../types.js';
import { compareTypeSize, INSTANCE_TYPES, type InstanceTypeSpec } from './catalog.js';
import { EcsErrors } from './errors.js';
import { bool, int, type Params, required } from './params.js';
import type { EcsState } from './state.js';
import type { EmulatedInstance } from './types.js';

/** Subscription instances may be downgraded at most this many times (alibaba-platform.md §6.6). */
export const PREPAID_DOWNGRADE_QUOTA = 3;
/** Minimum spacing between two downgrades of one instance (and between two ModifyInstanceSpec calls). */
export const DOWNGRADE_SPACING_MS = 5 * 60_000;
/** A temporary bandwidth upgrade lasts at least this long. */
export const MIN_TEMPORARY_WINDOW_MS = 3 * 3_600_000;

/** The instance named by `InstanceId` (or `name`), settled; NotFound otherwise. */
export function instanceFor(state: EcsState, p: Params, name = 'InstanceId'): EmulatedInstance {
  const id = required(p, name);
  const inst = state.mutable(id);
  if (!inst) throw name === 'ResourceId' ? EcsErrors.resourceNotFound() : EcsErrors.instanceNotFound();
  return inst;
}

export function assertNotLocked(inst: EmulatedInstance): void {
  if (inst.lockReasons.includes('security')) throw EcsErrors.locked();
}

/** Upper bound of InternetMaxBandwidthOut: PayByTraffic 100; PayByBandwidth PrePaid 200, PostPaid 100. */
export function maxBandwidthOut(charge: InstanceChargeType, net: InternetChargeType): number {
  return net === 'PayByBandwidth' && charge === 'PrePaid' ? 200 : 100;
}

export function checkBandwidthOut(api: string, value: number, max: number): void {
  if (value < 0 || value > max) throw EcsErrors.bandwidthOut(api, value, max);
}

/** InternetMaxBandwidthIn: out ≤ 10 → 1–10 (default 10); otherwise 1–out (default out). */
export function resolveBandwidthIn(api: string, p: Params, outMbps: number): number {
  const max = Math.max(10, outMbps);
  const value = int(p, 'InternetMaxBandwidthIn');
  if (value === undefined) return max;
  if (value < 1 || value > max) throw EcsErrors.bandwidthIn(api, value, 1, max);
  return value;
}

/** Refuse a downgrade over the PrePaid quota or within 5 minutes of the previous downgrade. */
export function assertDowngradeAllowed(inst: EmulatedInstance, nowMs: number): void {
  if (inst.instanceChargeType === 'PrePaid' && inst.downgradeCount >= PREPAID_DOWNGRADE_QUOTA)
    throw EcsErrors.quotaExceed();
  if (inst.lastDowngradeMs !== undefined && nowMs - inst.lastDowngradeMs < DOWNGRADE_SPACING_MS)
    throw EcsErrors.tooSoon();
}

export function noteDowngrade(inst: EmulatedInstance, nowMs: number): void {
  inst.lastDowngradeMs = nowMs;
  if (inst.instanceChargeType === 'PrePaid') inst.downgradeCount += 1;
}

/** A known type other than the current one, offered in the instance's zone and in stock. */
export function checkTargetType(state: EcsState, inst: EmulatedInstance, type: string): InstanceTypeSpec {
  const spec = INSTANCE_TYPES.get(type);
  if (!spec) throw EcsErrors.typeNotSupported(type);
  if (type === inst.instanceType) throw EcsErrors.sameType(type);
  const available = state.stock(type, inst.zoneId);
  if (available === undefined) throw EcsErrors.typeNotInZone(type, inst.zoneId);
  if (available <= 0) throw EcsErrors.noStock(type, inst.zoneId);
  return spec;
}

/** True when `to` is smaller than the instance's current type. */
export function isTypeDowngrade(inst: EmulatedInstance, to: InstanceTypeSpec): boolean {
  const from = INSTANCE_TYPES.get(inst.instanceType);
  return from !== undefined && compareTypeSize(to, from) < 0;
}

/**
 * Validate a temporary bandwidth window: start not before the current minute, end ≥ 3 h after start,
 * both within the subscription. Errors are built by the caller's API-specific factories.
 */
export function checkTemporaryWindow(
  inst: EmulatedInstance,
  startMs: number,
  endMs: number,
  nowMs: number,
  errors: { start: (why: string) => Error; end: (why: string) => Error },
): void {
  const currentMinuteMs = Math.floor(nowMs / 60_000) * 60_000;
  if (startMs < currentMinuteMs) throw errors.start('StartTime cannot be earlier than the current time');
  if (endMs <= startMs) throw errors.end('EndTime must be later than StartTime');
  if (endMs - startMs < MIN_TEMPORARY_WINDOW_MS) throw errors.end('the window must be at least 3 hours');
  if (inst.expiredTimeMs !== undefined && startMs > inst.expiredTimeMs) throw EcsErrors.startBeyondLife();
  if (inst.expiredTimeMs !== undefined && endMs > inst.expiredTimeMs) throw EcsErrors.endBeyondLife();
}

/** DryRun=true answers DryRunOperation after every check passed (a malformed DryRun never got this far). */
export function dryRunGate(p: Params): void {
  if (bool(p, 'DryRun')) throw EcsErrors.dryRun();
}
