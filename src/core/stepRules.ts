/**
 * Step rules: alarm bands (metric, level, lowerBound ≤ value < upperBound) mapped to a bandwidth change.
 * They answer a CMS alarm directly instead of target tracking; bounds, cooldowns and the budget still apply.
 */
import type { StepRule } from './config/types.js';
import type { Signal } from './types.js';

/**
 * The first rule (file order) matching an alarm signal, or undefined. Only `cms-alarm` signals with a value
 * match, and never in the `OK` or `INSUFFICIENT_DATA` state: a recovered alarm must not add bandwidth.
 */
export function matchStepRule(rules: readonly StepRule[], signal: Signal): StepRule | undefined {
  if (signal.source !== 'cms-alarm' || signal.value === undefined) return undefined;
  if (signal.state !== undefined && signal.state !== 'ALERT') return undefined;
  const value = signal.value;
  return rules.find(
    (rule) =>
      (rule.metric === undefined || rule.metric === signal.metric) &&
      (rule.level === undefined || rule.level === signal.level) &&
      (rule.lowerBound === undefined || value >= rule.lowerBound) &&
      (rule.upperBound === undefined || value < rule.upperBound),
  );
}

/**
 * The bandwidth a rule asks for, whole Mbps, before bounds: `absolute` sets it, `relative` adds Mbps,
 * `percent` adds a percentage of the current bandwidth (rounded away from the current value so that a
 * non-zero percentage always moves by at least 1 Mbps when the current bandwidth is positive).
 */
export function applyAdjustment(rule: StepRule, currentMbps: number): number {
  const { type, value } = rule.adjustment;
  if (type === 'absolute') return Math.round(value);
  if (type === 'relative') return Math.round(currentMbps + value);
  const raw = currentMbps * (1 + value / 100);
  // The epsilon keeps float noise (10 × 1.2 = 12.000000000000002) from adding a whole Mbps.
  return value >= 0 ? Math.ceil(raw - 1e-9) : Math.floor(raw + 1e-9);
}

/** The rule as words, for messages: `WARN alarm on VPC_PublicIP_InternetOutRate in [50, 80): +20%`. */
export function describeRule(rule: StepRule): string {
  const { type, value } = rule.adjustment;
  const change =
    type === 'absolute'
      ? `set ${value} Mbps`
      : type === 'relative'
        ? `${value >= 0 ? '+' : ''}${value} Mbps`
        : `${value >= 0 ? '+' : ''}${value}%`;
  const band = `[${rule.lowerBound ?? '-∞'}, ${rule.upperBound ?? '∞'})`;
  return `step rule ${rule.level ?? 'any-level'} ${rule.metric ?? 'any-metric'} in ${band}: ${change}`;
}
