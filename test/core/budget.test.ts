import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { budgetAllows, downgradeCost, remainingDowngrades } from '../../src/core/budget.js';
import { budget, HOUR, MIN, state, T0 } from './builders.js';

const DAY = 24 * HOUR;

describe('budgetAllows / remainingDowngrades (test budget: 3 per day, reserve 1, 5 min apart)', () => {
  it.each([
    ['nothing spent', [], 0, 'PostPaid', true, 2, undefined],
    ['one spent an hour ago', [T0 - HOUR], 0, 'PostPaid', true, 1, undefined],
    ['two spent: the reserve stays', [T0 - 2 * HOUR, T0 - HOUR], 0, 'PostPaid', false, 0, T0 - 2 * HOUR + DAY],
    ['two spent, the oldest aged out', [T0 - DAY, T0 - HOUR], 0, 'PostPaid', true, 1, undefined],
    ['last one 2 min ago', [T0 - 2 * MIN], 0, 'PostPaid', false, 1, T0 + 3 * MIN],
    ['subscription with 2 of 3 used keeps the last', [], 2, 'PrePaid', false, 0, undefined],
    ['subscription with 1 of 3 used', [], 1, 'PrePaid', true, 1, undefined],
    ['platform count ignored for pay-as-you-go', [], 3, 'PostPaid', true, 2, undefined],
  ] as const)('%s', (_name, downgradesMs, platformDowngrades, charge, ok, remaining, untilMs) => {
    const s = state({ downgradesMs: [...downgradesMs], platformDowngrades });
    const verdict = budgetAllows(budget(), s, charge, T0);
    expect(verdict.ok).toBe(ok);
    expect(verdict.remaining).toBe(remaining);
    expect(remainingDowngrades(budget(), s, charge, T0)).toBe(remaining);
    expect(verdict.ok ? undefined : verdict.untilMs).toBe(untilMs);
    if (!verdict.ok) expect(verdict.why).toMatch(/downgrade|budget/);
  });

  it.each([
    ['the optimiser may spend the reserve', { keepReserve: false }, [T0 - 2 * HOUR, T0 - HOUR], 0, 'PostPaid', true],
    ['the reserve kept by default', {}, [T0 - 2 * HOUR, T0 - HOUR], 0, 'PostPaid', false],
    ['optimiser on a subscription with 2 used', { keepReserve: false }, [], 2, 'PrePaid', true],
    ['nobody gets a 4th subscription downgrade', { keepReserve: false }, [], 3, 'PrePaid', false],
  ] as const)('%s', (_name, options, downgradesMs, platformDowngrades, charge, ok) => {
    const s = state({ downgradesMs: [...downgradesMs], platformDowngrades });
    expect(budgetAllows(budget(), s, charge, T0, options).ok).toBe(ok);
  });

  it('has no foreseeable end when the reserve eats the whole budget', () => {
    const verdict = budgetAllows(budget({ maxDowngrades: 1, reserve: 1 }), state(), 'PostPaid', T0);
    expect(verdict).toEqual({ ok: false, remaining: 0, why: expect.stringContaining('budget 1 with 1 in reserve') });
  });

  it('applies the spacing even to a downgrade older than the window', () => {
    const b = budget({ windowSec: 60, minIntervalSec: 300 });
    const verdict = budgetAllows(b, state({ downgradesMs: [T0 - 2 * MIN] }), 'PostPaid', T0);
    expect(verdict).toMatchObject({ ok: false, untilMs: T0 + 3 * MIN });
  });

  it('allows a downgrade only while fewer than max − reserve fall in any window, spaced (1,000 runs)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3 * DAY }), { maxLength: 8 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 4 }),
        fc.constantFrom('PrePaid', 'PostPaid'),
        (ages, max, reserveRaw, platform, charge) => {
          const reserve = Math.min(reserveRaw, max - 1);
          const b = budget({ maxDowngrades: max, reserve });
          const s = state({ downgradesMs: ages.map((a) => T0 - a), platformDowngrades: platform });
          const verdict = budgetAllows(b, s, charge as 'PrePaid' | 'PostPaid', T0);
          const inWindow = ages.filter((a) => a < DAY).length;
          const spaced = ages.every((a) => a >= 5 * MIN);
          const platformOk = charge === 'PostPaid' || platform + reserve < 3;
          expect(verdict.ok).toBe(inWindow < max - reserve && spaced && platformOk);
          if (!verdict.ok && verdict.untilMs !== undefined) {
            expect(verdict.untilMs).toBeGreaterThan(T0);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe("the default budget: the platform's rules only (no maxDowngrades)", () => {
  const platform = () => {
    const { maxDowngrades: _none, ...rest } = budget({ reserve: 0 });
    return rest;
  };
  const many = Array.from({ length: 20 }, (_, i) => T0 - (i + 1) * 10 * MIN);

  it('pay-as-you-go: no count limit, however many downgrades the day had', () => {
    const verdict = budgetAllows(platform(), state({ downgradesMs: many }), 'PostPaid', T0);
    expect(verdict).toEqual({ ok: true, remaining: Number.POSITIVE_INFINITY });
    expect(remainingDowngrades(platform(), state({ downgradesMs: many }), 'PostPaid', T0)).toBe(Infinity);
  });

  it('pay-as-you-go: only the 5 minutes between downgrades', () => {
    const verdict = budgetAllows(platform(), state({ downgradesMs: [T0 - 4 * MIN] }), 'PostPaid', T0);
    expect(verdict).toMatchObject({ ok: false, untilMs: T0 + MIN, why: 'last downgrade less than 300 s ago' });
  });

  it.each([
    ['a subscription may use its 3', 0, {}, 2, true, 1],
    ['none left after 3', 0, {}, 3, false, 0],
    ['the reserve holds back part of the 3', 1, {}, 2, false, 0],
    ['the optimiser may spend the reserve', 1, { keepReserve: false }, 2, true, 1],
  ] as const)('%s', (_name, reserve, options, used, ok, remaining) => {
    const b = { ...platform(), reserve };
    const s = state({ downgradesMs: many, platformDowngrades: used });
    const verdict = budgetAllows(b, s, 'PrePaid', T0, options);
    expect(verdict.ok).toBe(ok);
    expect(verdict.remaining).toBe(remaining);
    if (!verdict.ok) expect(verdict.why).toMatch(/^subscription downgrade limit/);
  });

  it('an explicit maxDowngrades still applies (3 per rolling day)', () => {
    const b = { ...platform(), maxDowngrades: 3 };
    const three = [T0 - 3 * HOUR, T0 - 2 * HOUR, T0 - HOUR];
    expect(budgetAllows(b, state({ downgradesMs: three }), 'PostPaid', T0)).toMatchObject({
      ok: false,
      remaining: 0,
      untilMs: T0 - 3 * HOUR + DAY,
    });
  });
});

describe('downgradeCost', () => {
  it.each([
    ['up', 'PrePaid', { window: 0, platform: 0 }],
    ['down', 'PostPaid', { window: 1, platform: 0 }],
    ['down', 'PrePaid', { window: 1, platform: 1 }],
  ] as const)('%s on %s', (direction, charge, cost) => {
    expect(downgradeCost({ direction }, charge)).toEqual(cost);
  });
});
