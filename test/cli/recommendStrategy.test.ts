/** `autoscaler recommend` shows the strategy the optimiser stored in an instance's state row, when there is one. */
import { describe, expect, it } from 'vitest';
import type { InstanceReport, OptimiseSummary } from '../../src/app/optimise/index.js';
import { recommendationTable, strategyLines } from '../../src/cli/recommend.js';
import type { StrategyChoice } from '../../src/core/types.js';

const CHOSEN = Date.UTC(2026, 0, 5, 2, 0, 0);

function report(instanceId: string): InstanceReport {
  const spec = { bandwidthOutMbps: 50, internetChargeType: 'PayByBandwidth' as const, instanceType: 'ecs.g7.large' };
  return {
    instanceId,
    group: 'web',
    current: spec,
    recommended: spec,
    monthlySaving: 0,
    currency: 'CNY',
    confidence: undefined,
    changes: [],
    why: ['p95 30.0 Mbps'],
  };
}

function summary(ids: string[]): OptimiseSummary {
  return {
    startedMs: CHOSEN,
    durationMs: 1,
    historyDays: 14,
    periodSec: 300,
    currency: 'CNY',
    assessed: ids.length,
    instances: ids.map(report),
    counts: {},
    errors: [],
  };
}

describe('recommend: stored strategies', () => {
  it('prints the strategy of each instance that has one, after its why lines', () => {
    const why = 'static 25 Mbps 300 CNY, 0.1 % unmet beats reactive 340 CNY and traffic 420 CNY';
    const strategies = new Map<string, StrategyChoice>([
      ['i-a', { name: 'static', staticMbps: 25, chosenAtMs: CHOSEN, why }],
    ]);
    const text = recommendationTable(summary(['i-a', 'i-b']), strategies);
    const [blockA, blockB] = text.split('\n\n').slice(1, 3);
    expect(blockA?.split('\n').at(-1)).toBe(
      `  strategy     static at 25 Mbps (chosen 2026-01-05T02:00:00.000Z): ${why}`,
    );
    expect(blockB).toContain('i-b (group web)');
    expect(blockB).not.toContain('strategy');
  });

  it('names the strategy without a level unless it is static, and prints nothing without one', () => {
    const traffic: StrategyChoice = { name: 'traffic', chosenAtMs: CHOSEN, why: 'bursty' };
    expect(strategyLines(traffic)).toEqual(['  strategy     traffic (chosen 2026-01-05T02:00:00.000Z): bursty']);
    expect(strategyLines(undefined)).toEqual([]);
    expect(recommendationTable(summary(['i-a']))).not.toContain('strategy');
  });
});
