import { describe, expect, it } from 'vitest';
import type { StepRule } from '../../src/core/config/types.js';
import { applyAdjustment, describeRule, matchStepRule } from '../../src/core/stepRules.js';
import { signal } from './builders.js';

const M = 'VPC_PublicIP_InternetOutRate';
const rules: StepRule[] = [
  { metric: M, level: 'CRITICAL', lowerBound: 90e6, adjustment: { type: 'percent', value: 100 } },
  { metric: M, lowerBound: 50e6, upperBound: 90e6, adjustment: { type: 'relative', value: 20 } },
  { adjustment: { type: 'absolute', value: 5 } },
];

describe('matchStepRule', () => {
  it.each([
    ['critical band', { source: 'cms-alarm', metric: M, level: 'CRITICAL', value: 95e6, state: 'ALERT' }, 0],
    [
      'warn in the critical band falls to the next rule',
      { source: 'cms-alarm', metric: M, level: 'WARN', value: 95e6 },
      2,
    ],
    ['middle band, any level', { source: 'cms-alarm', metric: M, level: 'WARN', value: 50e6 }, 1],
    ['upper bound is exclusive', { source: 'cms-alarm', metric: M, level: 'WARN', value: 90e6 }, 2],
    ['other metric only matches the catch-all', { source: 'cms-alarm', metric: 'CPUUtilization', value: 95 }, 2],
  ] as const)('%s', (_name, over, index) => {
    expect(matchStepRule(rules, signal(over))).toBe(rules[index]);
  });

  it.each([
    ['a timer', { source: 'timer', metric: M, value: 95e6 }],
    ['an alarm without value', { source: 'cms-alarm', metric: M }],
    ['a recovered alarm', { source: 'cms-alarm', metric: M, value: 95e6, state: 'OK' }],
    ['insufficient data', { source: 'cms-alarm', metric: M, value: 95e6, state: 'INSUFFICIENT_DATA' }],
  ] as const)('never matches %s', (_name, over) => {
    expect(matchStepRule(rules, signal(over))).toBeUndefined();
  });

  it('returns undefined when no rule matches', () => {
    expect(matchStepRule(rules.slice(0, 2), signal({ source: 'cms-alarm', metric: M, value: 1 }))).toBeUndefined();
  });
});

describe('applyAdjustment', () => {
  it.each([
    ['absolute', 30, 10, 30],
    ['absolute', 12.4, 10, 12],
    ['relative', 20, 10, 30],
    ['relative', -4, 10, 6],
    ['percent', 20, 10, 12],
    ['percent', 50, 3, 5],
    ['percent', -50, 3, 1],
    ['percent', 1, 10, 11],
    ['percent', 0, 10, 10],
  ] as const)('%s %d on %i Mbps → %i', (type, value, current, expected) => {
    expect(applyAdjustment({ adjustment: { type, value } }, current)).toBe(expected);
  });
});

describe('describeRule', () => {
  it.each([
    [rules[0], 'step rule CRITICAL VPC_PublicIP_InternetOutRate in [90000000, ∞): +100%'],
    [rules[1], 'step rule any-level VPC_PublicIP_InternetOutRate in [50000000, 90000000): +20 Mbps'],
    [rules[2], 'step rule any-level any-metric in [-∞, ∞): set 5 Mbps'],
    [{ adjustment: { type: 'relative', value: -3 } }, 'step rule any-level any-metric in [-∞, ∞): -3 Mbps'],
    [{ adjustment: { type: 'percent', value: -10 } }, 'step rule any-level any-metric in [-∞, ∞): -10%'],
  ] as const)('%#', (rule, text) => {
    expect(describeRule(rule as StepRule)).toBe(text);
  });
});
