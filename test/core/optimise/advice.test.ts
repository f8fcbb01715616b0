// adviseInstance: what the sweep writes into one instance's row (forecast, strategy) and the sentence it audits.
import { describe, expect, it } from 'vitest';
import type { BandwidthPolicy, GroupPolicy, StrategyPolicy } from '../../../src/core/config/types.js';
import { type AdviceInput, adviseInstance } from '../../../src/core/optimise/advice.js';
import { chooseStrategy } from '../../../src/core/optimise/strategy.js';
import type { MetricPoint, StrategyChoice } from '../../../src/core/types.js';
import { OPTIMISATION_DEFAULTS } from '../../../src/testing/builders.js';
import { bandwidthPolicy, group, instance, state } from '../builders.js';
import { DAY, daily, flat, NOW, PRICES } from './strategyFixtures.js';

interface Case {
  history: MetricPoint[];
  policy?: Partial<BandwidthPolicy> | null;
  strategy?: Partial<StrategyPolicy>;
  current?: StrategyChoice;
}

function adviceInput(c: Case): AdviceInput {
  const g: GroupPolicy = group({
    optimisation: { ...OPTIMISATION_DEFAULTS, strategy: { ...OPTIMISATION_DEFAULTS.strategy, ...c.strategy } },
  });
  if (c.policy !== null) g.bandwidth = bandwidthPolicy(c.policy);
  return {
    instance: instance(),
    group: g,
    state: state(c.current ? { strategy: c.current } : {}),
    evaluation: { periodSec: 60, lookbackSec: 3600 },
    history: c.history,
    historyPeriodSec: 300,
    prices: PRICES,
    nowMs: NOW,
  };
}

const FORECAST_OFF = { forecast: { mode: 'off' as const, leadSec: 900, margin: 0.1 } };

describe('adviseInstance: the forecast profile', () => {
  it('forecast off: nothing built, nothing written, the message says so', () => {
    const a = adviseInstance(adviceInput({ history: daily(3), policy: FORECAST_OFF, strategy: { mode: 'off' } }));
    expect(a).toEqual({ message: 'forecast off' });
  });

  it('a significant period: the profile is stored, and the message is the build’s', () => {
    const a = adviseInstance(adviceInput({ history: daily(3), strategy: { mode: 'off' } }));
    expect(a.forecastResult?.kind).toBe('profile');
    expect(a.forecast).toBe(a.forecastResult);
    expect(a.forecast).toMatchObject({ kind: 'profile', periodSec: 86_400 });
    expect(a.message).toBe(`forecast: ${a.forecastResult?.message}`);
    expect(a.verdict).toBeUndefined();
    expect('strategy' in a).toBe(false);
  });

  it('the policy’s margin is the profile’s: +50 % on the same history gives peaks 1.5 / 1.1 as high', () => {
    const at = (margin: number) =>
      adviseInstance(
        adviceInput({
          history: daily(3),
          policy: { forecast: { mode: 'on', leadSec: 900, margin } },
          strategy: { mode: 'off' },
        }),
      ).forecast;
    const plain = at(0.1);
    const wide = at(0.5);
    if (!plain || !wide) throw new Error('expected two profiles');
    const top = (p: typeof plain) => Math.max(...p.peakMbps);
    expect(top(wide) / top(plain)).toBeCloseTo(1.5 / 1.1, 6);
  });

  it('no period (a flat line): null, which clears a stored profile', () => {
    const a = adviseInstance(adviceInput({ history: flat(40), strategy: { mode: 'off' } }));
    expect(a.forecastResult?.kind).toBe('none');
    expect(a.forecast).toBeNull();
    expect(a.message).toBe(`forecast: ${a.forecastResult?.message}`);
  });

  it('no bandwidth policy: nothing at all', () => {
    expect(adviseInstance(adviceInput({ history: flat(40), policy: null }))).toEqual({
      message: 'group web has no bandwidth policy',
    });
  });
});

describe('adviseInstance: the strategy per mode', () => {
  const h = flat(40);
  const expected = chooseStrategy({ ...adviceInput({ history: h }) });
  if (expected.kind !== 'choice') throw new Error('expected a choice');

  it('off: no backtest', () => {
    const a = adviseInstance(adviceInput({ history: h, strategy: { mode: 'off' } }));
    expect(a.verdict).toBeUndefined();
    expect('strategy' in a).toBe(false);
  });

  it('record: the verdict and its sentence, but no strategy to write', () => {
    const a = adviseInstance(adviceInput({ history: h, strategy: { mode: 'record' } }));
    expect(a.verdict).toEqual(expected);
    expect('strategy' in a).toBe(false);
    expect(a.message).toBe(`strategy (record): ${expected.choice.why}; forecast: ${a.forecastResult?.message}`);
  });

  it('apply: a new strategy is written', () => {
    const a = adviseInstance(adviceInput({ history: h, strategy: { mode: 'apply' } }));
    expect(a.strategy).toEqual(expected.choice);
    expect(a.strategy).toMatchObject({ name: 'static', staticMbps: 44 });
    expect(a.message).toBe(`strategy (apply): ${expected.choice.why}; forecast: ${a.forecastResult?.message}`);
  });

  it('apply: the stored strategy is the current one; unchanged (or kept by hysteresis) → nothing written', () => {
    const same = { name: 'static' as const, staticMbps: 44, chosenAtMs: NOW - DAY, why: 'yesterday' };
    const a = adviseInstance(adviceInput({ history: h, strategy: { mode: 'apply' }, current: same }));
    expect(a.verdict).toMatchObject({ kind: 'choice', changed: false });
    expect('strategy' in a).toBe(false);
    const reactive = { name: 'reactive' as const, chosenAtMs: NOW - DAY, why: 'yesterday' };
    const kept = adviseInstance(
      adviceInput({ history: h, strategy: { mode: 'apply', minSavingFraction: 0.5 }, current: reactive }),
    );
    expect(kept.verdict).toMatchObject({ kind: 'choice', changed: false, choice: { name: 'reactive' } });
    expect('strategy' in kept).toBe(false);
  });

  it('apply without a verdict (too little history): nothing written, the reason in the message', () => {
    const a = adviseInstance(
      adviceInput({ history: flat(40, 0.5), policy: FORECAST_OFF, strategy: { mode: 'apply' } }),
    );
    expect(a.verdict).toMatchObject({ kind: 'none', reason: 'insufficient-history' });
    expect('strategy' in a).toBe(false);
    expect(a.message).toBe(
      'strategy (apply): only 0.50 days of history, at least 1 needed for a backtest; forecast off',
    );
  });
});

describe('adviseInstance: a subscription', () => {
  const upgraded = (endMs: number): AdviceInput => ({
    ...adviceInput({ history: flat(6), policy: FORECAST_OFF, strategy: { mode: 'apply' } }),
    instance: instance({ instanceChargeType: 'PrePaid', bandwidthOutMbps: 50 }),
    state: state({ temporaryUpgrade: { baselineMbps: 8, upgradedMbps: 50, endMs, actionKey: 'bw-up' } }),
  });

  it('backtests against the base a temporary upgrade in force reverts to', () => {
    expect(adviseInstance(upgraded(NOW + DAY)).strategy).toMatchObject({ name: 'static', staticMbps: 8 });
  });

  it('an upgrade that has run out is not the base any more: the bandwidth now is', () => {
    expect(adviseInstance(upgraded(NOW)).strategy).toMatchObject({ name: 'static', staticMbps: 50 });
  });
});
