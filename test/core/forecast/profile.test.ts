import { describe, expect, it } from 'vitest';
import { buildForecast, DEFAULT_HORIZON_MS, MAX_HISTORY_MS } from '../../../src/core/forecast/profile.js';
import type { Forecast, ForecastPoint, ForecastProfile } from '../../../src/core/forecast/types.js';
import { DAY_MS, diurnal, officeHours, points, rng } from './synthetic.js';

/** 2024-05-01T00:00Z, a Wednesday. */
const START = Date.UTC(2024, 4, 1);
const minuteOfDay = (m: number) => m % 1440;
/** 10 Mbps, 50 Mbps from 09:00 to 10:00 UTC every day, ±0.5 Mbps of noise. */
function square(days: number, seed = 1, extra: (minute: number) => number = () => 0): ForecastPoint[] {
  const { uniform } = rng(seed);
  const level = (m: number) => (minuteOfDay(m) >= 540 && minuteOfDay(m) < 600 ? 50 : 10);
  return points(START, days * 1440, (m) => level(m) + uniform() - 0.5 + extra(m));
}
const nowAfter = (days: number) => START + days * DAY_MS;

function profileOf(f: Forecast): ForecastProfile {
  if (f.kind !== 'profile') throw new Error(`expected a profile, got ${f.reason}: ${f.message}`);
  return f;
}
/** The profile value of the slot starting at HH:MM. */
const at = (p: ForecastProfile, hhmm: string) =>
  p.peakMbps[(Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))) / (p.slotSec / 60)] as number;

describe('buildForecast: a daily profile', () => {
  const p = profileOf(buildForecast(square(9), { nowMs: nowAfter(9) }));

  it('is anchored at UTC midnight, 288 slots of 5 minutes, valid 2 days from the build', () => {
    expect(p).toMatchObject({
      kind: 'profile',
      periodSec: 86_400,
      slotSec: 300,
      anchorMs: START,
      builtAtMs: nowAfter(9),
      validUntilMs: nowAfter(9) + DEFAULT_HORIZON_MS,
      historyDays: 9,
    });
    expect(p.peakMbps).toHaveLength(288);
    expect(p.score).toBeGreaterThan(0.9);
  });

  it('predicts the peak of each slot and its neighbours (±1 slot), plus the 10 % margin', () => {
    // Highest sample ≈ 50.5 inside the busy hour, ≈ 10.5 outside it.
    expect(at(p, '08:50')).toBeCloseTo(10.5 * 1.1, 0);
    expect(at(p, '08:55')).toBeCloseTo(50.5 * 1.1, 0); // its neighbour 09:00 is busy
    expect(at(p, '09:30')).toBeCloseTo(50.5 * 1.1, 0);
    expect(at(p, '10:00')).toBeCloseTo(50.5 * 1.1, 0); // its neighbour 09:55 is busy
    expect(at(p, '10:05')).toBeCloseTo(10.5 * 1.1, 0);
    expect(Math.max(...p.peakMbps)).toBeLessThanOrEqual(50.5 * 1.1 + 0.01);
  });

  it('says what it found in words', () => {
    expect(p.message).toMatch(
      /^daily period \(score (0\.9\d|1\.00) ≥ 0\.30\) from 9\.0 days: peak 55\.\d Mbps at (08:55|09:\d\d|10:00) UTC; per slot of 300 s the q90 of the past cycles' peaks \(±1 slot, newest cycle always counted\) \+10% margin \(daily: score (0\.9\d|1\.00) ≥ 0\.30; weekly: needs 2 measured cycles of 7 d, has 1 \(1\.3 cycles of history\)\)$/,
    );
  });

  it('is plain JSON, compact enough for one store row', () => {
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
    expect(JSON.stringify(p).length).toBeLessThan(4000);
  });
});

describe('buildForecast: which cycles count', () => {
  /** A 90 Mbps burst at 03:00–03:10 on day `day` only. */
  const burstOn = (day: number) => (m: number) =>
    Math.floor(m / 1440) === day && minuteOfDay(m) >= 180 && minuteOfDay(m) < 190 ? 80 : 0;

  it('with 14 days the q90 drops one odd day: the burst is not paid for every day', () => {
    const p = profileOf(buildForecast(square(14, 2, burstOn(3)), { nowMs: nowAfter(14) }));
    expect(at(p, '03:00')).toBeLessThan(12);
  });

  it('with up to 10 days the q90 is the max: the burst counts', () => {
    const p = profileOf(buildForecast(square(9, 2, burstOn(3)), { nowMs: nowAfter(9) }));
    expect(at(p, '03:00')).toBeGreaterThan(90 * 1.1 - 1);
  });

  it('the newest cycle always counts: growth shows at once', () => {
    const p = profileOf(buildForecast(square(14, 2, burstOn(13)), { nowMs: nowAfter(14) }));
    expect(at(p, '03:00')).toBeGreaterThan(90 * 1.1 - 1);
  });

  it('a quantile of 0.5 takes the median of the cycles', () => {
    const p = profileOf(buildForecast(square(9, 2, burstOn(3)), { nowMs: nowAfter(9), quantile: 0.5, margin: 0 }));
    expect(at(p, '03:00')).toBeLessThan(11);
  });

  it('a phase no cycle measured predicts 0 (no evidence, and the forecast only adds)', () => {
    const pts = square(9).filter((pt) => {
      const m = minuteOfDay((pt.timestampMs - START) / 60_000);
      return m < 600 || m >= 720;
    });
    const p = profileOf(buildForecast(pts, { nowMs: nowAfter(9) }));
    expect(at(p, '11:00')).toBe(0);
    expect(at(p, '10:00')).toBeGreaterThan(50); // its own busy neighbour
  });

  it('ignores points after now and older than five weeks', () => {
    const pts = [
      { timestampMs: START - MAX_HISTORY_MS, value: 500 },
      ...square(9),
      { timestampMs: nowAfter(10), value: 500 },
    ];
    const p = profileOf(buildForecast(pts, { nowMs: nowAfter(9) }));
    expect(p.historyDays).toBe(9);
    expect(Math.max(...p.peakMbps)).toBeLessThan(60);
  });

  it('says how much of the history was saturated (a lower bound of the demand)', () => {
    const pts = square(9).map((pt) => (pt.value > 40 ? { ...pt, value: 40, saturated: true } : pt));
    const p = profileOf(buildForecast(pts, { nowMs: nowAfter(9) }));
    expect(p.message).toMatch(
      /; 4% of the samples were saturated: there the demand, and the profile, are lower bounds$/,
    );
    expect(at(p, '09:30')).toBeCloseTo(44, 5);
  });
});

describe('buildForecast: options and other periods', () => {
  it('takes the slot, the margin and the horizon', () => {
    const p = profileOf(
      buildForecast(square(9), { nowMs: nowAfter(9), slotSec: 600, margin: 0, horizonMs: 3_600_000 }),
    );
    expect(p.peakMbps).toHaveLength(144);
    expect(at(p, '09:30')).toBeCloseTo(50.5, 0);
    expect(p.validUntilMs).toBe(nowAfter(9) + 3_600_000);
  });

  it('weekly office hours: a weekly profile anchored on the epoch week (Thursday 00:00 UTC)', () => {
    const { normal } = rng(3);
    // Day 0 is Wednesday 2024-05-01; make Mon–Fri the busy days.
    const pts = points(START, 14 * 1440, (m) => {
      const day = Math.floor(m / 1440);
      return officeHours(Math.floor(minuteOfDay(m) / 5), (day + 2) % 7) + normal();
    });
    const p = profileOf(buildForecast(pts, { nowMs: nowAfter(14) }));
    expect(p.periodSec).toBe(604_800);
    expect(p.peakMbps).toHaveLength(2016);
    expect(p.anchorMs % (604_800 * 1000)).toBe(0);
    expect(new Date(p.anchorMs).getUTCDay()).toBe(4);
    // Saturday 12:00 is quiet, Monday 12:00 is busy.
    const slotAt = (weekday: number, hour: number) => (((weekday - 4 + 7) % 7) * 24 + hour) * 12;
    expect(p.peakMbps[slotAt(6, 12)]).toBeLessThan(16);
    expect(p.peakMbps[slotAt(1, 12)]).toBeGreaterThan(55);
    expect(p.message).toMatch(/^weekly period .* peak \d+(\.\d)? Mbps at (Mon|Tue|Wed|Thu|Fri) \d\d:\d\d UTC/);
  });
});

describe('buildForecast: no forecast, and why', () => {
  it.each<[string, ForecastPoint[], Parameters<typeof buildForecast>[1], string, RegExp]>([
    ['no points', [], { nowMs: nowAfter(9) }, 'no-data', /^no forecast: no history$/],
    ['only future points', square(1), { nowMs: START - 1 }, 'no-data', /no history/],
    [
      'a day and a half',
      square(1.5),
      { nowMs: nowAfter(2) },
      'too-short',
      /^no forecast from 1\.5 days: too little history for a period \(daily: needs 2/,
    ],
    [
      'white noise',
      points(
        START,
        14 * 1440,
        (() => {
          const { normal } = rng(4);
          return () => 20 + 5 * normal();
        })(),
      ),
      { nowMs: nowAfter(14) },
      'no-period',
      /^no forecast from 14 days: no significant period \(daily: score -?0\.\d\d < 0\.30: the shape does not repeat; weekly: score/,
    ],
    [
      'a slot that does not divide a day',
      square(3),
      { nowMs: nowAfter(3), slotSec: 7 },
      'invalid-options',
      /slotSec must divide 86400/,
    ],
    ['a negative margin', square(3), { nowMs: nowAfter(3), margin: -1 }, 'invalid-options', /margin ≥ 0/],
    ['a quantile of 0', square(3), { nowMs: nowAfter(3), quantile: 0 }, 'invalid-options', /quantile/],
  ])('%s', (_name, pts, opts, reason, message) => {
    const f = buildForecast(pts, opts);
    expect(f).toMatchObject({ kind: 'none', reason });
    expect(f.message).toMatch(message);
  });

  it('a demanding minimum score turns a weak period down', () => {
    const { normal } = rng(5);
    const pts = points(START, 9 * 1440, (m) => diurnal(Math.floor(minuteOfDay(m) / 5)) + 8 * normal());
    expect(buildForecast(pts, { nowMs: nowAfter(9) }).kind).toBe('profile');
    expect(buildForecast(pts, { nowMs: nowAfter(9), minScore: 0.99 })).toMatchObject({
      kind: 'none',
      reason: 'no-period',
    });
  });
});
