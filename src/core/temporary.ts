/**
 * Temporary bandwidth upgrades for subscription (PrePaid) instances: ModifyInstanceNetworkSpec with
 * StartTime/EndTime. The platform reverts them at EndTime by itself and counts no downgrade, so they are how
 * a subscription instance scales up without spending its 3-downgrade lifetime quota.
 * Times are UTC; StartTime has minute precision, EndTime hour precision, and the window is at least 3 hours.
 */
import type { BandwidthPolicy } from './config/types.js';
import { bandwidthChargeType, type LinkFacts } from './link.js';
import { TEMPORARY_UPGRADE_MIN_HOURS } from './platform.js';
import type { BandwidthAction, InstanceState, TemporaryUpgrade } from './types.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/** Extend an active upgrade that is still needed once less than this remains. */
export const EXTEND_BEFORE_END_MS = HOUR_MS;

export interface TemporaryWindow {
  startMs: number;
  endMs: number;
  /** `YYYY-MM-DDTHH:mmZ` */
  startTime: string;
  /** `YYYY-MM-DDTHH:00Z` */
  endTime: string;
}

/** `YYYY-MM-DDTHH:mmZ` for an epoch ms (seconds dropped). */
export function formatStartTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16)}Z`;
}

/** `YYYY-MM-DDTHH:00Z` for an epoch ms (minutes dropped). */
export function formatEndTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 13)}:00Z`;
}

/** Epoch ms of a `YYYY-MM-DDTHH:mmZ` time, or undefined when the text is not in that form. */
export function parseTemporaryTime(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})Z$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return undefined;
  const ms = Date.UTC(y, mo - 1, d, h, mi);
  return new Date(ms).getUTCDate() === d ? ms : undefined;
}

/**
 * The window for an upgrade decided at `nowMs`: start at the next whole minute (strictly after now, so the
 * request never names a past minute), end on the first whole hour at least `hours` (≥ 3) after the start.
 */
export function temporaryWindow(nowMs: number, hours: number): TemporaryWindow {
  const startMs = Math.floor(nowMs / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
  const lengthMs = Math.max(hours, TEMPORARY_UPGRADE_MIN_HOURS) * HOUR_MS;
  const endMs = Math.ceil((startMs + lengthMs) / HOUR_MS) * HOUR_MS;
  return { startMs, endMs, startTime: formatStartTime(startMs), endTime: formatEndTime(endMs) };
}

/**
 * Whether up-changes of this instance become temporary upgrades. Only subscription instances have them:
 * `auto` and `always` both apply to PrePaid; they differ when a window does not fit before the subscription
 * expires (`auto` falls back to a permanent upgrade, `always` refuses). `never` turns them off. A VPC link (a routed
 * EIP, a managed EIP or package) has none: it is billed pay-as-you-go whatever the instance is (link.ts).
 */
export function usesTemporaryUpgrade(policy: Pick<BandwidthPolicy, 'temporaryUpgrade'>, instance: LinkFacts): boolean {
  return policy.temporaryUpgrade !== 'never' && bandwidthChargeType(instance) === 'PrePaid';
}

/** The temporary upgrade in force at `nowMs`, if any. */
export function activeTemporaryUpgrade(
  state: Pick<InstanceState, 'temporaryUpgrade'>,
  nowMs: number,
): TemporaryUpgrade | undefined {
  const t = state.temporaryUpgrade;
  return t !== undefined && t.endMs > nowMs ? t : undefined;
}

/**
 * What the store should remember after a temporary bandwidth action was applied (for the app's commit):
 * an extension keeps the original baseline. Undefined for a permanent change.
 */
export function temporaryUpgradeAfter(
  action: BandwidthAction,
  state: Pick<InstanceState, 'temporaryUpgrade'>,
  nowMs: number,
): TemporaryUpgrade | undefined {
  if (action.temporary === undefined) return undefined;
  const endMs = parseTemporaryTime(action.temporary.endTime) as number;
  const baselineMbps = activeTemporaryUpgrade(state, nowMs)?.baselineMbps ?? action.fromMbps;
  return { baselineMbps, upgradedMbps: action.toMbps, endMs, actionKey: action.actionKey };
}
