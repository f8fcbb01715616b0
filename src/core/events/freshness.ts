/**
 * Which external signals are acted on at all: those stamped within the freshness window around now and
 * naming the configured region (or none). Everything else is answered 200 `ignored` with the reason, so the
 * sender does not retry it, and is never evaluated. Timer signals are ours: exempt.
 */
import { FRESHNESS_DEFAULTS } from '../config/freshnessSchema.js';
import type { Config } from '../config/types.js';
import type { Signal } from '../types.js';

export type RefusalReason = 'stale' | 'future' | 'wrong-region';

export interface Refusal {
  reason: RefusalReason;
  message: string;
}

const EXTERNAL = new Set<Signal['source']>(['cms-alarm', 'cms-event', 'eventbridge']);

const iso = (ms: number) => (Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : String(ms));

/** Why this signal must not be acted on, or undefined when it may. Pure: `nowMs` is the caller's clock. */
export function refuseSignal(
  signal: Signal,
  config: Pick<Config, 'regionId' | 'freshness'>,
  nowMs: number,
): Refusal | undefined {
  if (!EXTERNAL.has(signal.source)) return undefined;
  const { maxAgeSec, maxAheadSec } = config.freshness ?? FRESHNESS_DEFAULTS;
  const ageMs = nowMs - signal.atMs;
  if (!Number.isFinite(ageMs) || ageMs > maxAgeSec * 1000) {
    const age = Number.isFinite(ageMs) ? `${Math.round(ageMs / 1000)} s` : 'an unknown time';
    return {
      reason: 'stale',
      message: `signal stamped ${iso(signal.atMs)} is ${age} old, more than freshness.maxAgeSec ${maxAgeSec} s: not acted on`,
    };
  }
  if (-ageMs > maxAheadSec * 1000) {
    return {
      reason: 'future',
      message: `signal stamped ${iso(signal.atMs)} is ${Math.round(-ageMs / 1000)} s ahead of now, more than freshness.maxAheadSec ${maxAheadSec} s: not acted on`,
    };
  }
  if (signal.regionId && signal.regionId !== config.regionId) {
    return {
      reason: 'wrong-region',
      message: `signal names region ${signal.regionId}, the autoscaler manages ${config.regionId}: not acted on`,
    };
  }
  return undefined;
}
