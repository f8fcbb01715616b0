/**
 * The decision core's scenario: T0 is 2024-05-01T10:00Z, a timer signal at T0, metric series ending a period
 * before T0, a DecisionInput with a bandwidth-only group and no metrics, daily forecast profiles. Instances,
 * policies, groups, budgets and state come from the one set of builders (src/testing/builders.ts).
 */
import type { DecisionInput } from '../../src/core/decide/index.js';
import type { ForecastProfile } from '../../src/core/forecast/types.js';
import type { MetricPoint, Signal } from '../../src/core/types.js';
import { bandwidthPolicy, group, instance, state } from '../../src/testing/builders.js';

export {
  bandwidthAction,
  bandwidthPolicy,
  billingAction,
  budget,
  group,
  instance,
  state,
  typeAction,
  typePolicy,
} from '../../src/testing/builders.js';

/** 2024-05-01T10:00:00Z */
export const T0 = Date.UTC(2024, 4, 1, 10, 0, 0);
export const MIN = 60_000;
export const HOUR = 3_600_000;

export function signal(over: Partial<Signal> = {}): Signal {
  return { source: 'timer', instanceId: 'i-web1', atMs: T0, dedupeKey: 'tick-1', ...over };
}

/**
 * Metric points, oldest first, one per period, the newest at `newestMs` (default T0 − 1 period, as CMS
 * publishes a period after it ends). `values` are used as average, maximum and minimum alike unless `max` is given.
 */
export function series(
  values: readonly number[],
  opts: { newestMs?: number; periodSec?: number; max?: readonly number[] } = {},
): MetricPoint[] {
  const periodMs = (opts.periodSec ?? 60) * 1000;
  const newestMs = opts.newestMs ?? T0 - periodMs;
  return values.map((v, i) => ({
    timestampMs: newestMs - (values.length - 1 - i) * periodMs,
    average: v,
    maximum: opts.max?.[i] ?? v,
    minimum: v,
  }));
}

/** Outbound points in Mbps (converted to bit/s). */
export function mbpsSeries(
  mbps: readonly number[],
  opts: { newestMs?: number; periodSec?: number } = {},
): MetricPoint[] {
  return series(
    mbps.map((m) => m * 1e6),
    opts,
  );
}

/** A DecisionInput with a bandwidth-only group and no metrics, overridable at the top level. */
export function input(over: Partial<DecisionInput> = {}): DecisionInput {
  return {
    instance: instance(),
    group: group({ bandwidth: bandwidthPolicy() }),
    dryRun: false,
    killSwitch: false,
    paused: false,
    metrics: { bandwidthOutBps: [], cpuPercent: [] },
    signal: signal(),
    state: state(),
    inMaintenanceWindow: false,
    periodSec: 60,
    ...over,
  };
}

/** 2024-05-01T00:00:00Z, the UTC midnight before T0: phase 0 of a daily profile. */
export const DAY0 = Date.UTC(2024, 4, 1);

/**
 * A daily forecast profile of 5-minute slots anchored at UTC midnight, built at T0 and valid 2 days:
 * `peak(minuteOfDay)` gives each slot's predicted peak in Mbps (default 0 everywhere).
 */
export function forecastProfile(
  peak: (minuteOfDay: number) => number = () => 0,
  over: Partial<ForecastProfile> = {},
): ForecastProfile {
  return {
    kind: 'profile',
    periodSec: 86_400,
    slotSec: 300,
    anchorMs: DAY0,
    peakMbps: Array.from({ length: 288 }, (_, i) => peak(i * 5)),
    builtAtMs: T0,
    validUntilMs: T0 + 48 * HOUR,
    historyDays: 9,
    score: 0.8,
    message: 'daily period (test)',
    ...over,
  };
}

/** `peak` Mbps from `fromHHMM` (inclusive) to `toHHMM` (exclusive), `base` elsewhere: for forecastProfile. */
export function bump(fromHHMM: string, toHHMM: string, peak: number, base = 0): (minuteOfDay: number) => number {
  const minute = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  return (m) => (m >= minute(fromHHMM) && m < minute(toHHMM) ? peak : base);
}
