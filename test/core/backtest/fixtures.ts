/**
 * Builders for the backtest engine's tests: options with a bandwidth-only group (the core builders' policy
 * defaults) on an aligned start, and the ECS catalog's specs (what the simulator passes) for type changes.
 */
import type { BacktestOptions } from '../../../src/core/backtest/types.js';
import { typeSpec } from '../../../src/local/sim/fast.js';
import { bandwidthPolicy, group, instance, T0 } from '../builders.js';

/** Demand per minute: runs of [value, minutes], one after the other. */
export function demandOf(...runs: [value: number, minutes: number][]): number[] {
  return runs.flatMap(([v, n]) => new Array<number>(n).fill(v));
}

export function backtestOptions(over: Partial<BacktestOptions> = {}): BacktestOptions {
  return {
    series: 'bandwidth',
    demand: [],
    startMs: T0,
    instance: instance(),
    group: group({ bandwidth: bandwidthPolicy() }),
    evaluation: { periodSec: 60, lookbackSec: 3600 },
    typeSpec,
    ...over,
  };
}
