/**
 * What pay-by-bandwidth really cost over a history window when the bandwidth was moving (autoscaled): the
 * provisioned bandwidth as a timeline of segments, rebuilt backwards from the bandwidth now and the applied
 * changes, and its time-weighted price per hour. Pure.
 *
 * The timeline walks from the current bandwidth backwards: each change ends (going back) a segment at the level
 * walked so far, and the level before it is the change's `beforeMbps`. The level after a change is deliberately
 * not taken from the record: the walked level is anchored on the bandwidth the instance has now, so a missing
 * record or an unrecorded revert (a temporary upgrade's end) distorts one segment, not everything after it.
 */
import { bandwidthCostPerHour, type PriceTable } from './cost.js';

/** One applied change of the provisioned outbound bandwidth. */
export interface BandwidthChange {
  /** When it took effect, epoch ms. */
  atMs: number;
  /** The bandwidth before it, Mbps. */
  beforeMbps: number;
}

/** The bandwidth held over [startMs, endMs). */
export interface BandwidthSegment {
  startMs: number;
  endMs: number;
  mbps: number;
}

export interface ProvisionedInput {
  /** The bandwidth the instance has at `endMs`, Mbps. */
  currentMbps: number;
  /** Applied changes in any order, duplicates allowed; those outside (startMs, endMs] only move the walk. */
  changes: readonly BandwidthChange[];
  /** Window, epoch ms; startMs < endMs for a non-empty timeline. */
  startMs: number;
  endMs: number;
}

/** Newest first; equal times keep a deterministic order (lower `beforeMbps` first: either is a 0 ms segment). */
function newestFirst(changes: readonly BandwidthChange[]): BandwidthChange[] {
  const seen = new Set<string>();
  const unique = changes.filter((c) => {
    const key = `${c.atMs}|${c.beforeMbps}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort((a, b) => b.atMs - a.atMs || a.beforeMbps - b.beforeMbps);
}

/**
 * The provisioned bandwidth over [startMs, endMs], oldest segment first, without empty segments. Changes after
 * `endMs` are walked through (the current bandwidth already includes them); changes at or before `startMs` end
 * the walk. When no change reaches back to `startMs` the oldest known level simply extends back to it.
 */
export function provisionedSegments(input: ProvisionedInput): BandwidthSegment[] {
  const { startMs, endMs } = input;
  if (!(endMs > startMs)) return [];
  const out: BandwidthSegment[] = [];
  let level = input.currentMbps;
  let cursorMs = endMs;
  for (const change of newestFirst(input.changes)) {
    if (change.atMs <= startMs) break;
    if (change.atMs < cursorMs) {
      out.push({ startMs: change.atMs, endMs: cursorMs, mbps: level });
      cursorMs = change.atMs;
    }
    level = change.beforeMbps;
  }
  out.push({ startMs, endMs: cursorMs, mbps: level });
  return out.reverse();
}

/**
 * Time-weighted pay-by-bandwidth price per hour of a timeline: Σ price(mbps) × duration / Σ duration, at the
 * table's tier prices. Undefined for a timeline of no duration.
 */
export function provisionedCostPerHour(segments: readonly BandwidthSegment[], prices: PriceTable): number | undefined {
  let totalMs = 0;
  let weighted = 0;
  for (const s of segments) {
    const ms = Math.max(0, s.endMs - s.startMs);
    totalMs += ms;
    weighted += bandwidthCostPerHour(prices, 'PayByBandwidth', s.mbps) * ms;
  }
  return totalMs > 0 ? weighted / totalMs : undefined;
}
