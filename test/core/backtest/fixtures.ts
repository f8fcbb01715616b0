/**
 * Builders for the backtest engine's tests: options with a bandwidth-only group (the core builders' policy
 * defaults) on an aligned start, and the g7 specs the engine needs for type changes and CPU percent.
 */
import type { BacktestOptions } from '../../../src/core/backtest/types.js';
import { bandwidthPolicy, group, instance, T0 } from '../builders.js';

const G7: Record<string, { cpu: number; memoryMiB: number }> = {
  'ecs.g7.large': { cpu: 2, memoryMiB: 8192 },
  'ecs.g7.xlarge': { cpu: 4, memoryMiB: 16_384 },
  'ecs.g7.2xlarge': { cpu: 8, memoryMiB: 32_768 },
};

/** The ECS catalog the tests know: the g7 ladder of the core builders' type policy. */
export function g7Spec(instanceType: string): { cpu: number; memoryMiB: number } | undefined {
  return G7[instanceType];
}

/** `minutes` of constant demand, or the concatenation of [value, minutes] runs. */
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
    typeSpec: g7Spec,
    ...over,
  };
}
