import { describe, expect, it } from 'vitest';
import { predictPeak, predictPeakMbps } from '../../../src/core/forecast/predict.js';
import { bump, DAY0, forecastProfile, HOUR, MIN, T0 } from '../builders.js';

/** T0 = 10:00 UTC; 40 Mbps 10:10–10:20, 25 Mbps 23:55–00:05, 5 Mbps elsewhere. */
const p = forecastProfile((m) => (m >= 1435 || m < 5 ? 25 : bump('10:10', '10:20', 40, 5)(m)));
const time = (hhmm: string, day = 0) =>
  DAY0 + day * 24 * HOUR + Number(hhmm.slice(0, 2)) * HOUR + Number(hhmm.slice(3)) * MIN;

describe('predictPeakMbps', () => {
  it('is the highest slot covering [from, to]', () => {
    expect(predictPeakMbps(p, T0, T0 + 5 * MIN)).toBe(5);
    expect(predictPeakMbps(p, T0, T0 + 10 * MIN)).toBe(40); // 10:10 starts a covered slot
    expect(predictPeakMbps(p, T0 + 20 * MIN, T0 + HOUR)).toBe(5);
  });

  it('wraps around the period', () => {
    expect(predictPeakMbps(p, time('23:40'), time('23:50'))).toBe(5);
    expect(predictPeakMbps(p, time('23:50'), time('00:02', 1))).toBe(25);
    expect(predictPeakMbps(p, time('10:05', 1), time('10:12', 1))).toBe(40);
  });

  it('a window of a whole period or more sees every slot; a reversed window is its first instant', () => {
    expect(predictPeakMbps(p, time('11:00'), time('11:00', 1))).toBe(40);
    expect(predictPeakMbps(p, time('10:15'), time('09:00'))).toBe(40);
  });

  it('works with an anchor after the window (negative slot numbers)', () => {
    const later = forecastProfile(bump('10:10', '10:20', 40, 5), { anchorMs: DAY0 + 7 * 24 * HOUR });
    expect(predictPeakMbps(later, T0 + 10 * MIN, T0 + 12 * MIN)).toBe(40);
  });

  it('predicts nothing outside [builtAtMs, validUntilMs), and cuts the window at the end of validity', () => {
    expect(predictPeakMbps(p, T0 - 1, T0 + HOUR)).toBeUndefined();
    expect(predictPeakMbps(p, p.validUntilMs, p.validUntilMs + HOUR)).toBeUndefined();
    const short = forecastProfile(bump('10:10', '10:20', 40, 5), { validUntilMs: T0 + 10 * MIN });
    expect(predictPeakMbps(short, T0, T0 + HOUR)).toBe(5);
  });
});

describe('predictPeak', () => {
  it('says when: the run of slots at the peak, on past the end of the window while it lasts', () => {
    expect(predictPeak(p, T0, T0 + 10 * MIN)).toEqual({ mbps: 40, fromMs: time('10:10'), toMs: time('10:20') });
    const flat = forecastProfile(() => 3);
    expect(predictPeak(flat, T0, T0 + MIN)).toEqual({ mbps: 3, fromMs: time('10:00'), toMs: time('10:00', 1) });
    expect(predictPeak(p, T0, T0 + HOUR)).toEqual({ mbps: 40, fromMs: time('10:10'), toMs: time('10:20') });
    expect(predictPeak(p, time('23:30'), time('00:30', 1))).toEqual({
      mbps: 25,
      fromMs: time('23:55'),
      toMs: time('00:05', 1),
    });
  });
});
