// chooseStrategy on synthetic histories (served bit/s at 300 s): which candidate wins, and what it says.
import { describe, expect, it } from 'vitest';
import type { BandwidthPolicy, GroupPolicy, StrategyPolicy } from '../../../src/core/config/types.js';
import {
  type CandidateFigures,
  chooseStrategy,
  minuteDemand,
  type StrategyInput,
  type StrategyVerdict,
} from '../../../src/core/optimise/strategy.js';
import { recencyWeights } from '../../../src/core/optimise/staticLevel.js';
import type { MetricPoint, StrategyChoice } from '../../../src/core/types.js';
import { OPTIMISATION_DEFAULTS } from '../../../src/testing/builders.js';
import { bandwidthPolicy, group, instance, typePolicy } from '../builders.js';
import { bursty, DAY, daily, flat, HOUR, history, NOW, PRICES } from './strategyFixtures.js';

interface Case {
  history: MetricPoint[];
  policy?: Partial<BandwidthPolicy> | null;
  strategy?: Partial<StrategyPolicy>;
  inst?: Parameters<typeof instance>[0];
  current?: StrategyChoice;
}

function inputOf(c: Case): StrategyInput {
  const g: GroupPolicy = group({
    optimisation: { ...OPTIMISATION_DEFAULTS, strategy: { ...OPTIMISATION_DEFAULTS.strategy, ...c.strategy } },
  });
  if (c.policy !== null) g.bandwidth = bandwidthPolicy(c.policy);
  return {
    instance: instance(c.inst),
    group: g,
    evaluation: { periodSec: 60, lookbackSec: 3600 },
    history: c.history,
    historyPeriodSec: 300,
    prices: PRICES,
    nowMs: NOW,
    ...(c.current ? { current: c.current } : {}),
  };
}

const choose = (c: Case) => chooseStrategy(inputOf(c));

/** A 300 s history as Mbps per minute (each point for its 5 minutes), oldest first. */
const minutes = (h: MetricPoint[]) => h.flatMap((p) => Array<number>(5).fill(p.average / 1e6));

/** Σ weight × value, each minute weighted by its recency in a window that ends with the last value. */
function weightedSum(values: number[]): number {
  const w = recencyWeights(values.length);
  return values.reduce((sum, v, i) => sum + (w[i] as number) * v, 0);
}

/** A per-minute cost as the backtest's weighted cost per day. */
function weightedPerDay(values: number[]): number {
  return weightedSum(values) / (weightedSum(values.map(() => 1)) / 1440);
}

function chosen(v: StrategyVerdict): Extract<StrategyVerdict, { kind: 'choice' }> {
  if (v.kind !== 'choice') throw new Error(`expected a choice, got ${v.kind}: ${v.message}`);
  return v;
}

const named = (v: StrategyVerdict, name: string) =>
  chosen(v).candidates.find((c) => c.name === name) as CandidateFigures;

function current(name: StrategyChoice['name'], over: Partial<StrategyChoice> = {}): StrategyChoice {
  return { name, chosenAtMs: NOW - DAY, why: 'earlier', ...over };
}

describe('chooseStrategy: the winner on typical loads', () => {
  const steady = chosen(choose({ history: flat(40) }));

  it('a flat, highly utilised 40 Mbps: pay-by-bandwidth held at one level beats traffic', () => {
    // Traffic: 40 Mbps × 86 400 s ÷ 8 ÷ 1000 = 432 GB a day at 0.8.
    expect(named(steady, 'traffic')).toMatchObject({ costPerDay: expect.closeTo(345.6, 6), unmetFraction: 0 });
    // Static: the smallest level leaving ≤ 0.25 % unserved is 40, plus 10 % → 44 Mbps: (5 × 0.063 + 39 × 0.248) × 24.
    expect(named(steady, 'static')).toMatchObject({
      staticMbps: 44,
      costPerDay: expect.closeTo((5 * 0.063 + 39 * 0.248) * 24, 6),
      unmetFraction: 0,
      changes: 0,
      feasible: true,
    });
    expect(steady.choice).toMatchObject({ name: 'static', staticMbps: 44, chosenAtMs: NOW });
    expect(steady.choice.startMbps).toBeUndefined();
    expect(steady.changed).toBe(true);
    // No period in a flat line: no forecast candidate.
    expect(steady.candidates.map((c) => c.name)).toEqual(['traffic', 'static', 'reactive']);
  });

  it('a bursty, mostly idle load: traffic wins (pay-by-bandwidth pays for the bursts all day)', () => {
    const v = chosen(choose({ history: bursty() }));
    // 12 bursts of 5 min at 60 Mbps and 564 periods at 2 Mbps over 2 days, each minute's GB × 0.8 (a weighted mean
    // per day: about 9240 Mbps-min × 0.0075 GB × 0.8 ÷ 2 with equal weights).
    const gbCost = minutes(bursty()).map((mbps) => mbps * 0.0075 * 0.8);
    expect(named(v, 'traffic').costPerDay).toBeCloseTo(weightedPerDay(gbCost), 6);
    expect(named(v, 'traffic').costPerDay).toBeCloseTo((9240 * 0.0075 * 0.8) / 2, -1);
    expect(v.choice.name).toBe('traffic');
    expect(v.choice.staticMbps).toBeUndefined();
    expect(v.choice.startMbps).toBeUndefined();
    for (const c of v.candidates.filter((x) => x.name !== 'traffic' && x.feasible)) {
      expect(c.costPerDay).toBeGreaterThan(named(v, 'traffic').costPerDay);
    }
  });

  it('the why sentence gives the window and every candidate’s cost and unmet, then why the winner won', () => {
    const money = (c: CandidateFigures) =>
      `${c.costPerDay.toFixed(2)}/day, unmet ${(c.unmetFraction * 100).toFixed(2)} %`;
    expect(steady.choice.why.startsWith('backtest of 2.0 days: traffic ')).toBe(true);
    for (const c of steady.candidates) {
      const level = c.name === 'static' ? ' at 44 Mbps' : '';
      expect(steady.choice.why).toContain(`${c.name}${level} ${money(c)}`);
    }
    expect(steady.choice.why).toContain('traffic 345.60/day, unmet 0.00 %');
    expect(steady.choice.why.endsWith('. static is the cheapest within the 0.50 % unmet objective')).toBe(true);
  });
});

describe('chooseStrategy: the forecast candidate', () => {
  const curve = daily(3);
  // Without the saving hurdle (the cold start's pay-by-traffic would otherwise stay: see the hurdle's own test).
  const anySaving = { minSavingFraction: 0 };
  const v = chosen(choose({ history: curve, strategy: anySaving }));

  it('a clean daily curve over 3 days: the forecast candidate is backtested too', () => {
    expect(v.candidates.map((c) => c.name)).toEqual(['traffic', 'static', 'reactive', 'forecast']);
    expect(named(v, 'forecast').feasible).toBe(true);
    expect(v.choice.why).toMatch(/; forecast \d+\.\d\d\/day, unmet \d+\.\d\d %\./);
  });

  it('not with the forecast off, nor forecast-only (it would not act on the decisions it was priced for)', () => {
    for (const mode of ['off', 'forecast-only'] as const) {
      const names = chosen(
        choose({ history: curve, policy: { forecast: { mode, leadSec: 900, margin: 0.1 } } }),
      ).candidates.map((c) => c.name);
      expect(names).not.toContain('forecast');
    }
  });

  it('a reactive or forecast winner starts from the last hour’s peak at the target utilisation', () => {
    expect(['reactive', 'forecast']).toContain(v.choice.name);
    // The last hour (23:00–24:00 UTC) runs at 20 Mbps: ceil(20 ÷ 0.7) = 29.
    expect(v.choice.startMbps).toBe(29);
    expect(v.choice.staticMbps).toBeUndefined();
    // The peak is the points' maximum (the average drives the backtest): 35 Mbps → 50; and never above maxMbps.
    const peaked = (maxMbps: number) =>
      curve.map((p) => (p.timestampMs > NOW - HOUR ? { ...p, maximum: maxMbps * 1e6 } : p));
    const peakedChoice = (mbps: number) => chosen(choose({ history: peaked(mbps), strategy: anySaving })).choice;
    expect(peakedChoice(35)).toMatchObject({ name: v.choice.name, startMbps: 50 });
    expect(peakedChoice(1000).startMbps).toBe(100);
  });

  it('with nothing stored, the incumbent is the cold start’s pay-by-traffic: leaving it must save 10 % too', () => {
    const kept = chosen(choose({ history: curve }));
    const best = v.candidates.find((c) => c.name === v.choice.name) as CandidateFigures;
    expect(best.costPerDay).toBeGreaterThan(named(v, 'traffic').costPerDay * 0.9);
    expect(kept.choice.name).toBe('traffic');
    expect(kept.choice.why).toContain(`traffic stays: ${v.choice.name} would save less than 10%`);
    expect(kept.changed).toBe(true);
  });
});

describe('chooseStrategy: the replay', () => {
  it('a group that also scales the instance type: no type changes in the bandwidth replay', () => {
    const plain = chosen(choose({ history: flat(40, 1) }));
    const input = inputOf({ history: flat(40, 1) });
    // An instance-type floor open all day: the replayed decisions would stop the instance for it.
    input.group.instanceType = typePolicy({ allowDowntime: true });
    input.group.schedules = [
      { name: 'big', cron: '0 0 * * * *', durationMin: 60, priority: 0, set: { instanceType: 'ecs.g7.xlarge' } },
    ];
    const typed = chosen(chooseStrategy(input));
    expect(typed.candidates).toEqual(plain.candidates);
    expect(named(typed, 'reactive')).toMatchObject({ unmetFraction: 0, changes: 0 });
  });
});

describe('chooseStrategy: a subscription (base paid for the term, temporary upgrades priced above it)', () => {
  const prepaid = (bandwidthOutMbps: number) => ({ instanceChargeType: 'PrePaid' as const, bandwidthOutMbps });

  it('a load its base serves: static at the base, which costs nothing beyond the term', () => {
    const v = chosen(choose({ history: flat(6), inst: prepaid(10) }));
    // No billing switch for a subscription: no traffic candidate.
    expect(v.candidates.map((c) => c.name)).toEqual(['static', 'reactive']);
    expect(named(v, 'static')).toMatchObject({ staticMbps: 10, costPerDay: 0, unmetFraction: 0, feasible: true });
    expect(v.choice).toMatchObject({ name: 'static', staticMbps: 10 });
    expect(v.choice.why).toContain('subscription, base 10 Mbps paid for the term');
  });

  it('a load above the base: temporary upgrades, priced at what they add above the base', () => {
    const v = chosen(choose({ history: flat(40), inst: prepaid(10) }));
    // Held at 10 of 40 Mbps, the base leaves 75 % unserved.
    expect(named(v, 'static')).toMatchObject({
      costPerDay: 0,
      unmetFraction: expect.closeTo(0.75, 6),
      feasible: false,
    });
    const reactive = named(v, 'reactive');
    expect(reactive.feasible).toBe(true);
    // Saturated, it doubles 10 → 20 → 40 → 80 in its first 10 minutes, then extends each window at 80: nearly all
    // of the 2 days at 70 Mbps above the base, at 0.248 per Mbps-hour (the base is above the 5 Mbps tier).
    expect(reactive.costPerDay).toBeGreaterThan((80 - 10) * 0.248 * 24 * 0.99);
    expect(reactive.costPerDay).toBeLessThanOrEqual((80 - 10) * 0.248 * 24);
    expect(v.choice.name).toBe('reactive');
  });

  it('the base is what the instance reverts to, not a temporary upgrade in force', () => {
    const v = chosen(chooseStrategy({ ...inputOf({ history: flat(6), inst: prepaid(50) }), baseMbps: 8 }));
    expect(v.choice).toMatchObject({ name: 'static', staticMbps: 8 });
  });
});

describe('chooseStrategy: no verdict', () => {
  it.each<[string, MetricPoint[], string]>([
    ['no history', [], 'only 0.00 days of history, at least 1 needed for a backtest'],
    ['half a day', flat(40, 0.5), 'only 0.50 days of history, at least 1 needed for a backtest'],
  ])('%s → insufficient-history', (_label, h, message) => {
    expect(choose({ history: h })).toEqual({ kind: 'none', reason: 'insufficient-history', message });
  });

  it('exactly one day is enough', () => {
    expect(chosen(choose({ history: flat(40, 1) })).choice.why.startsWith('backtest of 1.0 days:')).toBe(true);
  });

  it('the window is the last historyDays of a longer history', () => {
    // 2 days of history, 1 replayed: the older day's burst is not in it.
    const h = history(2, (t) => (t < NOW - DAY ? 90 : 40));
    const v = chosen(choose({ history: h, strategy: { historyDays: 1 } }));
    expect(v.choice.why.startsWith('backtest of 1.0 days:')).toBe(true);
    expect(named(v, 'static').staticMbps).toBe(44);
  });

  it('a falling load: static is priced at the levels the nights before gave, never with hindsight', () => {
    // 80, then 40, then 20 Mbps a day; the window is the last 2 days.
    const h = history(3, (t) => (t < NOW - 2 * DAY ? 80 : t < NOW - DAY ? 40 : 20));
    const v = chosen(choose({ history: h, strategy: { historyDays: 2 } }));
    // Each window day held at 88 Mbps (80 + 10 %: the peak of the days before it), not at 44 (its own level).
    expect(named(v, 'static').costPerDay).toBeCloseTo((5 * 0.063 + 83 * 0.248) * 24, 6);
    expect(named(v, 'static').changes).toBe(0);
    // Tomorrow's level comes from the last 2 days: 40 + 10 %.
    expect(named(v, 'static').staticMbps).toBe(44);
    expect(v.choice.name).not.toBe('static');
  });

  it('a rising load: the level set the night before leaves the new demand unserved', () => {
    const h = history(3, (t) => (t < NOW - DAY ? 20 : 40));
    const v = chosen(choose({ history: h, strategy: { historyDays: 2 } }));
    // Day 1 of the window at 22 (from the 20 before it) against 20: served; day 2 at 22 against 40: 18 of 40 unmet.
    const demand = minutes(h).slice(1440);
    const unmet = demand.map((d) => Math.max(0, d - 22));
    expect(named(v, 'static').unmetFraction).toBeCloseTo(weightedSum(unmet) / weightedSum(demand), 9);
    // The newer day weighs more: more than the 18 / 60 of equal weights.
    expect(named(v, 'static').unmetFraction).toBeGreaterThan(18 / 60);
    expect(named(v, 'static').feasible).toBe(false);
  });

  it.each<[string, Parameters<typeof instance>[0], string]>([
    [
      'a pay-by-traffic subscription',
      { instanceChargeType: 'PrePaid', internetChargeType: 'PayByTraffic' },
      'a pay-by-traffic subscription has no temporary upgrades',
    ],
    ['an EIP-bound instance', { eipBound: true }, 'an EIP is bound'],
    ['a subscription with an EIP', { instanceChargeType: 'PrePaid', eipBound: true }, 'an EIP is bound'],
  ])('%s → unsupported', (_label, inst, why) => {
    expect(choose({ history: flat(40), inst })).toEqual({
      kind: 'none',
      reason: 'unsupported',
      message: `no strategy switch: ${why}`,
    });
  });

  it('no bandwidth policy → no-policy', () => {
    expect(choose({ history: flat(40), policy: null })).toEqual({
      kind: 'none',
      reason: 'no-policy',
      message: 'group web has no bandwidth policy',
    });
  });
});

describe('chooseStrategy: hysteresis and the objective', () => {
  const h = flat(40);

  it('the current strategy stays when the winner would save less than minSavingFraction of its cost', () => {
    // Static (239.69) saves 26 % of reactive (323.02).
    const fresh = choose({ history: h });
    const saving = 1 - named(fresh, 'static').costPerDay / named(fresh, 'reactive').costPerDay;
    expect(saving).toBeGreaterThan(0.2);
    expect(saving).toBeLessThan(0.3);
    const kept = chosen(choose({ history: h, current: current('reactive'), strategy: { minSavingFraction: 0.3 } }));
    expect(kept.choice.name).toBe('reactive');
    expect(kept.changed).toBe(false);
    expect(kept.choice.why.endsWith('. reactive stays: static would save less than 30%')).toBe(true);
    const moved = chosen(choose({ history: h, current: current('reactive'), strategy: { minSavingFraction: 0.2 } }));
    expect(moved.choice).toMatchObject({ name: 'static', staticMbps: 44 });
    expect(moved.changed).toBe(true);
  });

  it('a current strategy outside the objective is left whatever the saving', () => {
    const v = choose({ history: bursty(), current: current('reactive'), strategy: { minSavingFraction: 1 } });
    expect(named(v, 'reactive').feasible).toBe(false);
    expect(chosen(v).choice.name).toBe('traffic');
    expect(chosen(v).changed).toBe(true);
  });

  it('a current strategy that is no candidate any more (forecast without a period) is left', () => {
    const v = chosen(choose({ history: h, current: current('forecast'), strategy: { minSavingFraction: 1 } }));
    expect(v.choice.name).toBe('static');
    expect(v.changed).toBe(true);
  });

  it.each<[string, StrategyChoice | undefined, boolean]>([
    ['no current strategy', undefined, true],
    ['the same strategy at the same level', current('static', { staticMbps: 44 }), false],
    ['the same strategy at another level', current('static', { staticMbps: 50 }), true],
    ['another strategy', current('traffic'), true],
  ])('changed: %s', (_label, cur, changed) => {
    const v = chosen(choose({ history: h, ...(cur ? { current: cur } : {}), strategy: { minSavingFraction: 0 } }));
    expect(v.choice.name).toBe('static');
    expect(v.changed).toBe(changed);
  });

  it('nothing within the objective: the candidate that serves the most wins, and the sentence says so', () => {
    // 9 Mbps with a 5-minute burst of 40 every 8 hours, against a 20 Mbps maximum: every candidate drops part of
    // the bursts. Reactive (at ceil(9 ÷ 0.7) = 13 Mbps between them) is the cheapest but drops the most.
    const v = chosen(choose({ history: history(1, (_t, i) => (i % 96 === 0 ? 40 : 9)), policy: { maxMbps: 20 } }));
    expect(v.candidates.every((c) => !c.feasible)).toBe(true);
    expect(v.choice.name).toBe('traffic');
    // Traffic at the 20 Mbps cap serves all but the bursts' top 20 Mbps (3 × 5 × 20 of 3 × 5 × 40 + 285 × 5 × 9
    // Mbps-min, each minute weighted by its recency).
    const demand = minutes(history(1, (_t, i) => (i % 96 === 0 ? 40 : 9)));
    const unmet = demand.map((d) => Math.max(0, d - 20));
    expect(named(v, 'traffic').unmetFraction).toBeCloseTo(weightedSum(unmet) / weightedSum(demand), 9);
    expect(named(v, 'reactive').unmetFraction).toBeGreaterThan(named(v, 'traffic').unmetFraction);
    expect(named(v, 'reactive').costPerDay).toBeLessThan(named(v, 'traffic').costPerDay);
    // Static at the cap serves as much, at a higher price.
    expect(named(v, 'static')).toMatchObject({ staticMbps: 20, unmetFraction: named(v, 'traffic').unmetFraction });
    expect(named(v, 'static').costPerDay).toBeGreaterThan(named(v, 'traffic').costPerDay);
    expect(v.choice.why).toContain('. no candidate within the 0.50 % unmet objective: traffic serves the most');
  });

  it('an overloaded link (30 Mbps wanted, 20 allowed): all serve the cap alike, so the cheapest of them wins', () => {
    const v = chosen(choose({ history: flat(30, 1), policy: { maxMbps: 20 } }));
    for (const c of v.candidates) expect(c.unmetFraction).toBeCloseTo(1 / 3, 12);
    // Traffic pays 20 Mbps of GB all day (172.80); 20 Mbps of bandwidth costs (5 × 0.063 + 15 × 0.248) × 24.
    expect(named(v, 'traffic').costPerDay).toBeCloseTo(172.8, 6);
    expect(v.choice).toMatchObject({ name: 'static', staticMbps: 20 });
    expect(named(v, 'static').costPerDay).toBeCloseTo((5 * 0.063 + 15 * 0.248) * 24, 6);
  });
});

describe('minuteDemand', () => {
  const point = (t: number, mbps: number): MetricPoint => ({
    timestampMs: t,
    average: mbps * 1e6,
    maximum: mbps * 1e6,
    minimum: mbps * 1e6,
  });

  it('spreads each point over its period’s minutes; gaps and points outside the window are no demand', () => {
    const from = NOW - 20 * 60_000;
    const points = [
      point(from - 2 * 60_000, 7),
      point(from + 5 * 60_000, 3),
      point(from + 15 * 60_000, 9),
      point(NOW, 4),
    ];
    const got = Array.from(minuteDemand(points, 300, from, NOW));
    // [from−2, from+3): 3 minutes inside; [from+5, from+10); [from+15, from+20); the point at NOW is past the end.
    expect(got).toEqual([7, 7, 7, 0, 0, 3, 3, 3, 3, 3, 0, 0, 0, 0, 0, 9, 9, 9, 9, 9]);
  });

  it('900 s points cover 15 minutes; an empty or inverted window has no minutes', () => {
    expect(Array.from(minuteDemand([point(NOW - 15 * 60_000, 2)], 900, NOW - 15 * 60_000, NOW))).toEqual(
      new Array(15).fill(2),
    );
    expect(minuteDemand([point(NOW, 2)], 300, NOW, NOW - 60_000)).toHaveLength(0);
  });
});
