import { describe, expect, it } from 'vitest';
import { DAY_SEC, WEEK_SEC } from '../../../src/core/forecast/index.js';
import { clock, periodName, score2 } from '../../../src/core/forecast/words.js';

describe('forecast words', () => {
  it('names the period', () => {
    expect([periodName(DAY_SEC), periodName(WEEK_SEC), periodName(3600)]).toEqual(['daily', 'weekly', '3600 s']);
  });

  it('gives UTC clock times, with the weekday for a weekly period', () => {
    const mondayNoon = Date.UTC(2024, 4, 6, 12, 5);
    expect(clock(mondayNoon)).toBe('12:05');
    expect(clock(mondayNoon, WEEK_SEC)).toBe('Mon 12:05');
    expect(score2(0.6251)).toBe('0.63');
  });
});
