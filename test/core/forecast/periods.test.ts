import { describe, expect, it } from 'vitest';
import { bestPeriod, detectPeriods, MIN_SCORE } from '../../../src/core/forecast/periods.js';
import { DAY_SEC, type PeriodCandidate, WEEK_SEC } from '../../../src/core/forecast/types.js';
import { diurnal, officeHours, rng, SLOTS_PER_DAY, series } from './synthetic.js';

const SLOT = 300;
const daily = (cs: PeriodCandidate[]) => cs.find((c) => c.periodSec === DAY_SEC) as PeriodCandidate;
const weekly = (cs: PeriodCandidate[]) => cs.find((c) => c.periodSec === WEEK_SEC) as PeriodCandidate;

describe('detectPeriods: says yes on periodic workloads', () => {
  it('a noisy diurnal curve over 9 days: daily yes, weekly not (one week only)', () => {
    const { normal } = rng(1);
    const cs = detectPeriods(
      series(9, (_i, s) => diurnal(s) + 5 * normal()),
      SLOT,
    );
    expect(daily(cs)).toMatchObject({ significant: true, cycles: 9, threshold: MIN_SCORE });
    expect(daily(cs).score).toBeGreaterThan(0.6);
    expect(weekly(cs)).toMatchObject({ significant: false, cycles: 1 });
    expect(weekly(cs).why).toMatch(/^needs 2 measured cycles of 7 d, has 1 \(1\.3 cycles of history\)$/);
    expect(bestPeriod(cs)?.periodSec).toBe(DAY_SEC);
  });

  it('a bursty diurnal curve (±30 % day to day, 2 % of slots with an 60 Mbps burst) is still daily', () => {
    const { uniform } = rng(2);
    const cs = detectPeriods(
      series(9, (_i, s) => diurnal(s) * (0.7 + 0.6 * uniform()) + (uniform() < 0.02 ? 60 : 0)),
      SLOT,
    );
    expect(daily(cs).significant).toBe(true);
  });

  it('exactly two days is enough, and gaps (30 % unmeasured) do not hide the period', () => {
    const { normal, uniform } = rng(3);
    expect(
      daily(
        detectPeriods(
          series(2, (_i, s) => diurnal(s) + 3 * normal()),
          SLOT,
        ),
      ).significant,
    ).toBe(true);
    const gappy = series(7, (_i, s) => (uniform() < 0.3 ? Number.NaN : diurnal(s) + 3 * normal()));
    expect(daily(detectPeriods(gappy, SLOT))).toMatchObject({ significant: true, cycles: 7 });
  });

  it('office hours on weekdays: weekly beats daily and is the one to forecast with', () => {
    const { normal } = rng(4);
    const cs = detectPeriods(
      series(14, (_i, s, d) => officeHours(s, d) + 3 * normal()),
      SLOT,
    );
    expect(weekly(cs)).toMatchObject({ significant: true, cycles: 2 });
    expect(weekly(cs).score).toBeGreaterThan(daily(cs).score);
    expect(bestPeriod(cs)?.periodSec).toBe(WEEK_SEC);
  });

  it('a purely daily curve over two weeks: both periods fit, daily fits better (it averages more cycles)', () => {
    const { normal } = rng(5);
    const cs = detectPeriods(
      series(14, (_i, s) => diurnal(s) + 5 * normal()),
      SLOT,
    );
    expect(weekly(cs).significant).toBe(true);
    expect(daily(cs).score).toBeGreaterThan(weekly(cs).score);
    expect(bestPeriod(cs)?.periodSec).toBe(DAY_SEC);
  });
});

describe('detectPeriods: says no on non-periodic series', () => {
  const noPeriod = (samples: number[]) => {
    const cs = detectPeriods(samples, SLOT);
    expect(cs.map((c) => c.significant)).toEqual([false, false]);
    expect(bestPeriod(cs)).toBeUndefined();
    return cs;
  };

  it('white noise over two weeks scores below 0', () => {
    const { normal } = rng(6);
    const cs = noPeriod(series(14, () => 20 + 5 * normal()));
    expect(daily(cs).score).toBeLessThan(0);
    expect(daily(cs).why).toMatch(/^score -0\.\d\d < 0\.30: the shape does not repeat$/);
  });

  it('random spikes at any hour', () => {
    const { normal, uniform } = rng(7);
    noPeriod(series(14, () => 5 + normal() + (uniform() < 0.01 ? 80 : 0)));
    noPeriod(series(3, () => 5 + normal() + (uniform() < 0.01 ? 80 : 0)));
  });

  it('a slowly wandering level (random walk) and a trend: high autocorrelation at every lag, no period', () => {
    const { normal } = rng(8);
    let level = 50;
    noPeriod(series(14, () => (level += normal())));
    noPeriod(series(14, (i) => 10 + 0.01 * i + normal()));
  });

  it('a constant series has nothing to explain', () => {
    expect(
      daily(
        detectPeriods(
          series(3, () => 7),
          SLOT,
        ),
      ).why,
    ).toBe('no variation within the cycles');
  });
});

describe('detectPeriods: what it needs', () => {
  it('under two measured cycles is never significant', () => {
    expect(
      daily(
        detectPeriods(
          series(1.9, (_i, s) => diurnal(s)),
          SLOT,
        ),
      ),
    ).toMatchObject({
      significant: false,
      cycles: 1,
      score: 0,
    });
    // Two days, but the older one is only 40 % measured: one usable cycle.
    const partial = series(2, (i, s) => (i < 0.6 * SLOTS_PER_DAY ? Number.NaN : diurnal(s)));
    expect(daily(detectPeriods(partial, SLOT)).cycles).toBe(1);
    expect(daily(detectPeriods([], SLOT)).why).toMatch(/has 0/);
  });

  it('cuts whole cycles from the newest sample (an older partial day is dropped)', () => {
    const { normal } = rng(9);
    const samples = [...series(0.5, () => 1000 * normal()), ...series(3, (_i, s) => diurnal(s) + normal())];
    expect(daily(detectPeriods(samples, SLOT))).toMatchObject({ significant: true, cycles: 3 });
  });

  it('a short, coarse series needs more than MIN_SCORE: 4 standard deviations above the no-period score', () => {
    // 2-hour slots, 2 days: 24 scored samples, 1 other cycle → −1 + 8 / √24 ≈ 0.63.
    const cs = detectPeriods(
      series(2, (_i, s) => diurnal(s)).filter((_, i) => i % 24 === 0),
      7200,
    );
    expect(daily(cs).threshold).toBeCloseTo(-1 + 8 / Math.sqrt(24), 6);
    expect(daily(cs).significant).toBe(true);
  });

  it('takes another minimum score and other candidate periods', () => {
    const { normal } = rng(10);
    const samples = series(9, (_i, s) => diurnal(s) + 5 * normal());
    const cs = detectPeriods(samples, SLOT, { minScore: 0.95, periodsSec: [DAY_SEC] });
    expect(cs).toHaveLength(1);
    expect(cs[0]).toMatchObject({ periodSec: DAY_SEC, significant: false, threshold: 0.95 });
  });

  it('a slot that does not divide the period cannot test it', () => {
    expect(
      daily(
        detectPeriods(
          series(3, () => 1),
          7000,
        ),
      ).why,
    ).toBe('a 7000 s slot does not divide the 1 d period');
    expect(detectPeriods([1, 2], 300, { periodsSec: [450] })[0]?.why).toBe(
      'a 300 s slot does not divide the 450 s period',
    );
  });
});

describe('bestPeriod', () => {
  const c = (periodSec: number, score: number, significant = true): PeriodCandidate => ({
    periodSec,
    score,
    significant,
    threshold: 0.3,
    cycles: 2,
  });
  it('takes the best significant score, the shorter period on a tie', () => {
    expect(bestPeriod([c(DAY_SEC, 0.5), c(WEEK_SEC, 0.7)])?.periodSec).toBe(WEEK_SEC);
    expect(bestPeriod([c(WEEK_SEC, 0.7), c(DAY_SEC, 0.7)])?.periodSec).toBe(DAY_SEC);
    expect(bestPeriod([c(DAY_SEC, 0.5), c(WEEK_SEC, 0.9, false)])?.periodSec).toBe(DAY_SEC);
    expect(bestPeriod([])).toBeUndefined();
  });
});
