// The exact offline optimum: hand-computed cases for each constraint, and equality with exhaustive search on
// random small problems (fast-check). The brute force is written from the rules, not from the DP's states.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { optimum, spacingIntervals, windowStarts } from '../../../src/local/sim/optimum.js';
import type { Ladder } from '../../../src/local/sim/types.js';
import { ladderOf } from './fixtures.js';

interface Rules {
  stepSec: number;
  cooldownMin: number;
  maxDowngrades: number;
  windowSec: number;
}

/** Does a plan (level index per interval) obey the rules? Changes are timed at the start of their interval. */
function obeys(plan: readonly number[], demand: readonly number[], ladder: Ladder, r: Rules): boolean {
  const caps = ladder.levels.map((l) => l.capacity);
  const top = caps.at(-1) as number;
  if (plan.some((l, t) => (caps[l] as number) < Math.min(demand[t] as number, top))) return false;
  const changes = plan.flatMap((l, t) => (t > 0 && l !== plan[t - 1] ? [t] : []));
  if (changes.some((t, i) => i > 0 && (t - (changes[i - 1] as number)) * r.stepSec < r.cooldownMin * 60)) return false;
  const perWindow = new Map<number, number>();
  for (const t of changes) {
    if ((caps[plan[t] as number] as number) >= (caps[plan[t - 1] as number] as number)) continue;
    const w = Math.floor((t * r.stepSec) / r.windowSec);
    perWindow.set(w, (perWindow.get(w) ?? 0) + 1);
  }
  return [...perWindow.values()].every((n) => n <= r.maxDowngrades);
}

function planCost(plan: readonly number[], ladder: Ladder, stepSec: number): number {
  return plan.reduce((sum, l) => sum + ((ladder.levels[l]?.costPerHour as number) * stepSec) / 3600, 0);
}

/** Exhaustive search over every plan whose levels serve the demand (no other pruning). */
function bruteForce(demand: readonly number[], ladder: Ladder, r: Rules): number {
  const top = ladder.topCapacity;
  let best = Number.POSITIVE_INFINITY;
  const plan: number[] = [];
  const visit = (t: number) => {
    if (t === demand.length) {
      if (obeys(plan, demand, ladder, r)) best = Math.min(best, planCost(plan, ladder, r.stepSec));
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
    { stepSec: r.stepSec, ladder },
    { cooldownMin: r.cooldownMin, maxDowngrades: r.maxDowngrades, windowSec: r.windowSec },
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
      maxDowngrades: fc.integer({ min: 0, max: 3 }),
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

  it('on longer series the checkpointed path is valid and no worse than any random valid plan', () => {
    const long = fc.record({
      demand: fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 20, maxLength: 120 }),
      plan: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 120, maxLength: 120 }),
    });
    const ladder = ladderOf([3, 6, 9, 12], [1, 2, 2.5, 4]);
    const rules: Rules = { stepSec: 300, cooldownMin: 10, maxDowngrades: 2, windowSec: 3600 };
    fc.assert(
      fc.property(long, ({ demand, plan }) => {
        const result = run(demand, ladder, rules);
        expect(obeys([...result.levels], demand, ladder, rules)).toBe(true);
        const candidate = plan.slice(0, demand.length);
        if (obeys(candidate, demand, ladder, rules)) {
          expect(result.accounting.totalCost).toBeLessThanOrEqual(planCost(candidate, ladder, rules.stepSec) + 1e-9);
        }
        const top = Array<number>(demand.length).fill(3);
        expect(result.accounting.totalCost).toBeLessThanOrEqual(planCost(top, ladder, rules.stepSec) + 1e-9);
      }),
      { numRuns: 100 },
    );
  });
});
