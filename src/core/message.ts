/**
 * Human sentences for decisions: the metric, the value, the threshold or target, and before → after.
 * They end up in the audit trail and the dashboard, so they are plain and unit-bearing.
 */
import type { Recommendation } from './bandwidth.js';

/**
 * A number for a sentence: rounded to at most `decimals` places, no trailing zeros and no float noise
 * (`23.474999999999998` → `23.5`, `-0` → `0`). Non-finite values print as they are.
 */
export function formatNumber(value: number, decimals = 1): string {
  if (!Number.isFinite(value)) return String(value);
  const scale = 10 ** decimals;
  const rounded = Math.round(value * scale) / scale;
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

/** `9.6 Mbps`: at most one decimal, no trailing `.0`. */
export function formatMbps(mbps: number): string {
  return `${formatNumber(mbps)} Mbps`;
}

/** `23.5%` from a CPU percentage (0–100): at most one decimal. */
export function formatCpuPercent(percent: number): string {
  return `${formatNumber(percent)}%`;
}

/** `96%` from a fraction (0.96). */
export function formatPercent(fraction: number): string {
  return Number.isFinite(fraction) ? `${Math.round(fraction * 100)}%` : 'unbounded %';
}

/** `2024-05-01T10:00:00Z` (seconds precision, UTC). */
export function formatTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** `outbound 9.6 Mbps is 96% of 10 Mbps (target 70%, saturated)` */
export function describeObservation(rec: Recommendation, currentMbps: number, targetUtilization: number): string {
  const flags = [`target ${formatPercent(targetUtilization)}`];
  if (rec.saturated) flags.push('saturated');
  return `outbound ${formatMbps(rec.observedMbps)} is ${formatPercent(rec.utilization)} of ${formatMbps(currentMbps)} (${flags.join(', ')})`;
}

/** `10 → 20 Mbps` */
export function describeBandwidthChange(fromMbps: number, toMbps: number): string {
  return `${fromMbps} → ${formatMbps(toMbps)}`;
}

/** `CPU average 85% over 60 s ≥ 80%` */
export function describeCpu(
  stat: 'average' | 'max',
  valuePercent: number,
  windowSec: number,
  op: '≥' | '≤',
  thresholdPercent: number,
): string {
  return `CPU ${stat} ${formatCpuPercent(valuePercent)} over ${windowSec} s ${op} ${formatCpuPercent(thresholdPercent)}`;
}

/** `cooldown: the last bandwidth change was at …; up cooldown 300 s ends at …` */
export function describeCooldown(what: string, direction: string, lengthSec: number, untilMs: number): string {
  return `cooldown: ${direction} ${what} changes wait ${lengthSec} s after the last change, until ${formatTime(untilMs)}`;
}
