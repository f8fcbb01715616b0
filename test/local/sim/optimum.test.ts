// The exact offline optimum: hand-computed cases for each constraint, and equality with exhaustive search on
// random small problems (fast-check), per-minute and hourly-peak billing. The brute force is written from the
// rules (and the hourly price from clock times), not from the DP's states.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InstanceChargeType } from '../../../src/core/types.js';
import { levelFor } from '../../../src/local/sim/levels.js';
import { hourlyBilling, optimum, spacingIntervals, windowStarts } from '../../../src/local/sim/optimum.js';
import { solveDp } from '../../../src/local/sim/optimumDp.js';
import type { Ladder } from '../../../src/local/sim/types.js';
import { ladderOf } from './fixtures.js';

interface Rules {
  stepSec: number;
  cooldownMin: number;
  /** Absent: no downgrade count limit (pay-as-you-go). */
  maxDowngrades?: number;
  windowSec: number;
  /** Hourly-peak billing with the series starting at this time; absent = per interval. */
  hourlyStartMs?: number;
  instanceChargeType?: InstanceChargeType;
}

const HOUR_MS = 3_600_000;

/** Does a plan (level index per interval) obey the rules? Changes are timed at the start of their interval. */
function obeys(plan: readonly number[], demand: readonly number[], ladder: Ladder, r: Rules): boolean {
  const caps = ladder.levels.map((l) => l.capacity);
  const top = caps.at(-1) as number;
  if (plan.some((l, t) => (caps[l] as number) < Math.min(demand[t] as number, top))) return false;
  const changes = plan.flatMap((l, t) => (t > 0 && l !== plan[t - 1] ? [t] : []));
  if (changes.some((t, i) => i > 0 && (t - (changes[i - 1] as number)) * r.stepSec < r.cooldownMin * 60)) return false;
  const limit = r.maxDowngrades ?? (r.instanceChargeType === 'PrePaid' ? 3 : undefined);
  if (limit === undefined) return true;
  const perWindow = new Map<number, number>();
  for (const t of changes) {
    if ((caps[plan[t] as number] as number) >= (caps[plan[t - 1] as number] as number)) continue;
    const w = Math.floor((t * r.stepSec) / r.windowSec);
    perWindow.set(w, (perWindow.get(w) ?? 0) + 1);
  }
  return [...perWindow.values()].every((n) => n <= limit);
}

/** Per interval: each level for its own time. Hourly peak: each clock hour at the dearest level overlapping it. */
function planCost(plan: readonly number[], ladder: Ladder, stepSec: number, hourlyStartMs?: number): number {
  const price = (l: number) => ladder.levels[l]?.costPerHour as number;
  if (hourlyStartMs === undefined) return plan.reduce((sum, l) => sum + (price(l) * stepSec) / 3600, 0);
  const spans = plan.map((l, t) => ({ l, from: hourlyStartMs + t * stepSec * 1000, to: 0 }));
  for (const s of spans) s.to = s.from + stepSec * 1000;
  let cost = 0;
  const last = spans.at(-1)?.to ?? hourlyStartMs;
  for (let hour = Math.floor(hourlyStartMs / HOUR_MS) * HOUR_MS; hour < last; hour += HOUR_MS) {
    const inside = spans.filter((s) => s.from < hour + HOUR_MS && s.to > hour);
    const peak = Math.max(...inside.map((s) => price(s.l)));
    const ms = Math.min(last, hour + HOUR_MS) - Math.max(hourlyStartMs, hour);
    cost += (peak * ms) / HOUR_MS;
  }
  return cost;
}

/** Exhaustive search over every plan whose levels serve the demand (no other pruning). */
function bruteForce(demand: readonly number[], ladder: Ladder, r: Rules): number {
  const top = ladder.topCapacity;
  let best = Number.POSITIVE_INFINITY;
  const plan: number[] = [];
  const visit = (t: number) => {
    if (t === demand.length) {
      if (obeys(plan, demand, ladder, r)) best = Math.min(best, planCost(plan, ladder, r.stepSec, r.hourlyStartMs));
      return;
    }
    ladder.levels.forEach((level, l) => {
      if (level.capacity < Math.min(demand[t] as number, top)) return;
      plan[t] = l;
      visit(t + 1);
    });
    plan.length = t;
  };
  visit(0);
  return best;
}

const run = (demand: number[], ladder: Ladder, r: Rules) =>
  optimum(
    demand,
    {
      stepSec: r.stepSec,
      ladder,
      ...(r.hourlyStartMs === undefined ? {} : { billing: { mode: 'hourlyPeak' as const, startMs: r.hourlyStartMs } }),
    },
    {
      cooldownMin: r.cooldownMin,
      windowSec: r.windowSec,
      ...(r.maxDowngrades === undefined ? {} : { maxDowngrades: r.maxDowngrades }),
      ...(r.instanceChargeType ? { instanceChargeType: r.instanceChargeType } : {}),
    },
  );

describe('optimum by hand', () => {
  const ladder = ladderOf([2, 10], [1, 5]);
  const base: Rules = { stepSec: 300, cooldownMin: 10, maxDowngrades: 3, windowSec: 86_400 };
  const DIPS = [10, 2, 10, 2, 2, 10, 2, 2, 2];

  it.each<[string, number[], Partial<Rules>, number[]]>([
    ['a 5-minute dip is too short to follow with a 10-minute spacing', [10, 2, 10], {}, [10, 10, 10]],
    ['without spacing it follows the dip', [10, 2, 10], { cooldownMin: 0 }, [10, 2, 10]],
    ['a 10-minute dip is long enough', [10, 2, 2, 10], {}, [10, 2, 2, 10]],
    // Dips of 1, 2 and 3 intervals: the budget buys the longest ones first.
    [
      'one downgrade per day: only the longest dip',
      DIPS,
      { cooldownMin: 0, maxDowngrades: 1 },
      [10, 10, 10, 10, 10, 10, 2, 2, 2],
    ],
    [
      'two downgrades per day: the two longest dips',
      DIPS,
      { cooldownMin: 0, maxDowngrades: 2 },
      [10, 10, 10, 2, 2, 10, 2, 2, 2],
    ],
    ['no count limit (pay-as-you-go): every dip', DIPS, { cooldownMin: 0, maxDowngrades: undefined }, DIPS],
    // Fixed 15-minute windows {t0–t2} {t3–t5} {t6–t8}: each dip starts in its own window.
    [
      'one downgrade per fixed 15-minute window: every dip',
      DIPS,
      { cooldownMin: 0, maxDowngrades: 1, windowSec: 900 },
      DIPS,
    ],
    [
      'no budget: it never goes down after going up',
      [2, 10, 2, 2],
      { cooldownMin: 0, maxDowngrades: 0 },
      [2, 10, 10, 10],
    ],
    ['demand above the top is served by the top (unavoidable)', [50, 1], { cooldownMin: 0 }, [10, 2]],
  ])('%s', (_name, demand, rules, expected) => {
    const r = { ...base, ...rules };
    const result = run(demand, ladder, r);
    expect([...result.timeline.capacity]).toEqual(expected);
    expect(result.accounting.totalCost).toBeCloseTo(bruteForce(demand, ladder, r), 12);
  });

  it('a subscription: the platform’s 3 downgrades over the whole trace, whatever the window', () => {
    const demand = [10, 2, 10, 2, 10, 2, 2, 10, 2, 2, 2];
    const r: Rules = { ...base, cooldownMin: 0, maxDowngrades: undefined, instanceChargeType: 'PrePaid' };
    const result = run(demand, ladder, r);
    expect(result.accounting.downgrades).toBe(3);
    expect([...result.timeline.capacity]).toEqual([10, 10, 10, 2, 10, 2, 2, 10, 2, 2, 2]);
    expect(result.accounting.totalCost).toBeCloseTo(bruteForce(demand, ladder, r), 12);
    const postPaid = run(demand, ladder, { ...r, instanceChargeType: 'PostPaid' });
    expect([...postPaid.timeline.capacity]).toEqual(demand);
  });

  // Hourly peak, 15-minute steps from 10:00 UTC: each clock hour costs its highest level (10 → 5, 2 → 1 per hour).
  const T10 = Date.UTC(2024, 4, 1, 10);
  it.each<[string, number[], number, number]>([
    ['a dip inside the hour saves nothing', [10, 2, 2, 10], 5, 5 / 4 + 1 / 4 + 1 / 4 + 5 / 4],
    ['the next hour at the low level is what saves', [10, 2, 2, 2, 2, 2, 2, 2], 5 + 1, 5 / 4 + (7 * 1) / 4],
    ['a peak at the end of the hour bills the whole hour', [2, 2, 2, 10, 2, 2, 2, 2], 5 + 1, 5 / 4 + 7 / 4],
  ])('hourly peak: %s', (_name, demand, hourly, perInterval) => {
    const r: Rules = { stepSec: 900, cooldownMin: 0, windowSec: 86_400, hourlyStartMs: T10 };
    const result = run(demand, ladder, r);
    expect(result.accounting.totalCost).toBeCloseTo(hourly, 12);
    expect(result.accounting.totalCost).toBeCloseTo(bruteForce(demand, ladder, r), 12);
    const flat = run(demand, ladder, { ...r, hourlyStartMs: undefined });
    expect(flat.accounting.totalCost).toBeCloseTo(perInterval, 12);
  });

  it('hourly peak with 10-minute spacing: leaves the peak at the top of the hour, not earlier', () => {
    // From 10:45: the 10 is needed in [10:45, 11:00) only; hour 11 can be at 2 from 11:00 on.
    const r: Rules = { stepSec: 900, cooldownMin: 10, windowSec: 86_400, hourlyStartMs: T10 + 45 * 60_000 };
    const result = run([10, 2, 2, 2, 2], ladder, r);
    expect([...result.timeline.capacity]).toEqual([10, 2, 2, 2, 2]);
    expect(result.accounting.totalCost).toBeCloseTo(5 / 4 + 1, 12);
  });

  it('hourly peak with a long spacing: a downgrade mid-hour (free in that hour) makes room for the next', () => {
    // Prices 1, 3, 5; 75-minute spacing. Going 5 → 3 at 10:30 lets 3 → 1 happen at 12:00: hours cost 5, 3, 1.
    // Waiting for 11:00 to leave 5 would push the next change to 12:15, and hour 12 would cost 3.
    const three = ladderOf([1, 2, 3], [1, 3, 5]);
    const r: Rules = { stepSec: 900, cooldownMin: 75, windowSec: 86_400, hourlyStartMs: T10 };
    const result = run([3, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1], three, r);
    expect([...result.timeline.capacity]).toEqual([3, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1]);
    expect(result.accounting.totalCost).toBeCloseTo(5 + 3 + 1, 12);
  });

  it('hourly peak: the hour an interval crosses into is billed from that interval’s level up', () => {
    // Prices 1, 3, 5 from 10:10 in 15-minute steps: [10:55, 11:10) crosses into hour 11 at level 1, then level 2
    // is needed at 11:10 — hour 11 costs 5 whatever came before (its part of the series is 25 minutes).
    const price = [1, 3, 5];
    const three = ladderOf([1, 2, 3], price);
    const startMs = T10 + 10 * 60_000;
    const dp = solveDp({
      need: [2, 0, 0, 1, 2],
      levelCost: price,
      spacing: 1,
      hourly: hourlyBilling(5, 900, startMs, price),
    });
    expect(dp.cost).toBeCloseTo(5 * (50 / 60) + 5 * (25 / 60), 12);
    expect(dp.cost).toBeCloseTo(planCost([...dp.levels], three, 900, startMs), 12);
  });

  it('hourly peak with a budget: an upgrade that opens a window starts its count afresh', () => {
    // Hour-long steps, 2-hour windows, 1 downgrade each: down at 11:00 (window 0), up at 12:00, down at 13:00.
    const r: Rules = { stepSec: 3600, cooldownMin: 0, maxDowngrades: 1, windowSec: 7200, hourlyStartMs: T10 };
    const result = run([10, 2, 10, 2], ladder, r);
    expect([...result.timeline.capacity]).toEqual([10, 2, 10, 2]);
    expect(result.accounting.totalCost).toBeCloseTo(5 + 1 + 5 + 1, 12);
  });

  it('has zero avoidable unmet demand', () => {
    const result = run([50, 1, 9, 3], ladder, base);
    expect(result.accounting.unmetFraction).toBeCloseTo(result.accounting.unavoidableUnmetFraction, 12);
  });

  it('counts a type change downtime as unmet (cpu ladders)', () => {
    const cpu = ladderOf([2, 4], [1, 2], 60);
    const result = run([1, 1, 3, 3], cpu, { ...base, cooldownMin: 0 });
    expect([...result.timeline.capacity]).toEqual([2, 2, 4, 4]);
    expect(result.accounting.unmetFraction).toBeCloseTo((3 * 60) / (8 * 300), 12);
  });

  it.each([
    [10, 300, 2],
    [10, 60, 10],
    [0, 300, 1],
    [7, 300, 2],
    [5, 300, 1],
  ])('spacing of %d min at %d s steps is %d intervals', (minutes, stepSec, intervals) => {
    expect(spacingIntervals(minutes, stepSec)).toBe(intervals);
  });

  it('windows are fixed and aligned to the trace start', () => {
    expect(windowStarts(7, 300, 900)).toEqual([false, false, false, true, false, false, true]);
  });

  it.each([
    [{ cooldownMin: -1 }, /cooldown must be ≥ 0 minutes, got -1/],
    [{ maxDowngrades: 1.5 }, /maxDowngrades must be a whole number ≥ 0, got 1.5/],
    [{ windowSec: 0 }, /windowSec must be > 0, got 0/],
  ])('rejects %j', (options, message) => {
    expect(() => optimum([1], { stepSec: 300, ladder }, options)).toThrow(message);
  });

  it('handles an empty series', () => {
    expect(run([], ladder, base).accounting.totalCost).toBe(0);
  });
});

describe('optimum equals exhaustive search', () => {
  const problem = fc
    .record({
      capacities: fc.uniqueArray(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 6 }),
      costs: fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 6, maxLength: 6 }),
      halfUnits: fc.array(fc.integer({ min: 0, max: 48 }), { minLength: 1, maxLength: 8 }),
      stepSec: fc.constantFrom(60, 300, 600),
      cooldownMin: fc.constantFrom(0, 5, 10, 15, 25),
      maxDowngrades: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
      windowSec: fc.constantFrom(600, 900, 1800, 3600, 86_400),
    })
    .map((p) => {
      const capacities = [...p.capacities].sort((a, b) => a - b);
      // Costs are arbitrary (not monotone in capacity) so the prefix/suffix minima get a real test.
      const ladder = ladderOf(
        capacities,
        capacities.map((_, i) => (p.costs[i] as number) / 10),
      );
      return { ladder, demand: p.halfUnits.map((h) => h / 2), rules: p as Rules };
    });
  // Hourly peak: longer steps and starts off the hour, so intervals open hours, go on in them and cross them.
  const hourlyProblem = fc
    .tuple(
      problem,
      fc.constantFrom(300, 600, 900, 1200, 2700, 5400),
      fc.constantFrom(0, 300, 1800, 3300, 3540),
      fc.constantFrom<InstanceChargeType>('PostPaid', 'PrePaid'),
    )
    .map(([p, stepSec, offsetSec, instanceChargeType]) => ({
      ...p,
      rules: { ...p.rules, stepSec, hourlyStartMs: Date.UTC(2024, 4, 1, 10) + offsetSec * 1000, instanceChargeType },
    }));

  it('on random short series (≤ 6 levels, ≤ 8 steps): same minimum cost, and the plan obeys the rules', () => {
    fc.assert(
      fc.property(problem, ({ ladder, demand, rules }) => {
        const result = run(demand, ladder, rules);
        const plan = [...result.levels];
        expect(obeys(plan, demand, ladder, rules)).toBe(true);
        expect(result.accounting.totalCost).toBeCloseTo(bruteForce(demand, ladder, rules), 9);
        expect(result.accounting.totalCost).toBeCloseTo(planCost(plan, ladder, rules.stepSec), 9);
      }),
      { numRuns: 300 },
    );
  });

  it('hourly peak on random short series: same minimum cost, the plan obeys the rules, accounting agrees', () => {
    fc.assert(
      fc.property(hourlyProblem, ({ ladder, demand, rules }) => {
        const result = run(demand, ladder, rules);
        const plan = [...result.levels];
        expect(obeys(plan, demand, ladder, rules)).toBe(true);
        expect(result.accounting.totalCost).toBeCloseTo(bruteForce(demand, ladder, rules), 9);
        expect(result.accounting.totalCost).toBeCloseTo(planCost(plan, ladder, rules.stepSec, rules.hourlyStartMs), 9);
        // The DP's own value of its path is the path's price: no hour is under- or over-charged in its states.
        const price = ladder.levels.map((l) => l.costPerHour);
        const limit = rules.maxDowngrades ?? (rules.instanceChargeType === 'PrePaid' ? 3 : undefined);
        const dp = solveDp({
          need: demand.map((d) => levelFor(ladder, d)),
          levelCost: price,
          spacing: spacingIntervals(rules.cooldownMin, rules.stepSec),
          ...(limit === undefined
            ? {}
            : {
                maxDowngrades: limit,
                windowStart: windowStarts(
                  demand.length,
                  rules.stepSec,
                  rules.maxDowngrades === undefined ? Number.POSITIVE_INFINITY : rules.windowSec,
                ),
              }),
          hourly: hourlyBilling(demand.length, rules.stepSec, rules.hourlyStartMs as number, price),
        });
        expect(dp.cost).toBeCloseTo(planCost([...dp.levels], ladder, rules.stepSec, rules.hourlyStartMs), 9);
      }),
      { numRuns: 300 },
    );
  });

  it('on longer series the checkpointed path is valid and no worse than any random valid plan', () => {
    const long = fc.record({
      demand: fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 20, maxLength: 120 }),
      plan: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 120, maxLength: 120 }),
    });
    const ladder = ladderOf([3, 6, 9, 12], [1, 2, 2.5, 4]);
    const limited: Rules = { stepSec: 300, cooldownMin: 10, maxDowngrades: 2, windowSec: 3600 };
    const hourly: Rules = { ...limited, hourlyStartMs: Date.UTC(2024, 4, 1, 10, 7) };
    fc.assert(
      fc.property(long, fc.constantFrom(limited, hourly), ({ demand, plan }, rules) => {
        const result = run(demand, ladder, rules);
        const cost = (p: number[]) => planCost(p, ladder, rules.stepSec, rules.hourlyStartMs);
        expect(obeys([...result.levels], demand, ladder, rules)).toBe(true);
        expect(result.accounting.totalCost).toBeCloseTo(cost([...result.levels]), 9);
        const candidate = plan.slice(0, demand.length);
        if (obeys(candidate, demand, ladder, rules)) {
          expect(result.accounting.totalCost).toBeLessThanOrEqual(cost(candidate) + 1e-9);
        }
        const top = Array<number>(demand.length).fill(3);
        expect(result.accounting.totalCost).toBeLessThanOrEqual(cost(top) + 1e-9);
      }),
      { numRuns: 100 },
    );
  });
});
