import { describe, expect, it } from 'vitest';
import type { CronSpec } from '../../src/core/config/cron-syntax.js';
import { nextFire, parseCron, prevFire } from '../../src/core/cron.js';
import { ConfigError } from '../../src/core/errors.js';

const utc = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('parseCron', () => {
  it.each([
    ['0 0 9 * * MON-FRI', 'UTC'],
    ['CRON_TZ=Asia/Shanghai 0 0 9 * * MON-FRI', 'Asia/Shanghai'],
    ['TZ=Europe/Berlin */5 * * * * ?', 'Europe/Berlin'],
    ['0 0 0 ? jan,Jul sun', 'UTC'],
    ['0 0 12 1-7/2 */3 *', 'UTC'],
    ['@daily', 'UTC'],
    ['CRON_TZ=Asia/Shanghai @every 1h30m', 'Asia/Shanghai'],
  ])('accepts %s (zone %s)', (expr, zone) => {
    expect(parseCron(expr).zone).toBe(zone);
  });

  it.each([
    ['', 'expression', 'must be a non-empty cron expression', ''],
    ['0 0 9 * *', 'expression', 'must have 6 fields', '0 0 9 * *'],
    ['0 0 9 * * * 2024', 'expression', 'must have 6 fields', '0 0 9 * * * 2024'],
    ['60 * * * * *', 'second', 'values must be 0–59', '60'],
    ['0 x * * * *', 'minute', 'values must be 0–59', 'x'],
    ['0 0 24 * * *', 'hour', 'values must be 0–23', '24'],
    ['0 0 0 0 * *', 'dayOfMonth', 'values must be 1–31', '0'],
    ['0 0 0 * 13 *', 'month', 'values must be 1–12 or JAN–DEC', '13'],
    ['0 0 0 * FOO *', 'month', 'values must be 1–12 or JAN–DEC', 'FOO'],
    ['0 0 0 * * 8', 'dayOfWeek', 'values must be 0–7 or SUN–SAT', '8'],
    ['0 0 0 * * MON-FUN', 'dayOfWeek', 'values must be 0–7', 'MON-FUN'],
    ['0 0 ? * * *', 'hour', '"?" is only allowed in day-of-month and day-of-week', '?'],
    ['0 */0 * * * *', 'minute', 'step after "/" must be a positive integer', '*/0'],
    ['0 */x * * * *', 'minute', 'step after "/" must be a positive integer', '*/x'],
    ['0 1/2/3 * * * *', 'minute', 'has more than one "/"', '1/2/3'],
    ['0 1-2-3 * * * *', 'minute', 'a range must be "a-b"', '1-2-3'],
    ['0 30-10 * * * *', 'minute', 'range start 30 is after its end 10', '30-10'],
    ['0 1,,2 * * * *', 'minute', 'values must be 0–59', ''],
    ['0 0 0 30 2 *', 'dayOfMonth', 'never occurs in the selected months', '0 0 0 30 2 *'],
    ['0 0 0 31 4,6,9,11 *', 'dayOfMonth', 'never occurs in the selected months', '0 0 0 31 4,6,9,11 *'],
    ['CRON_TZ=Mars/Olympus 0 0 0 * * *', 'CRON_TZ', 'must be an IANA time zone', 'Mars/Olympus'],
    ['CRON_TZ= 0 0 0 * * *', 'CRON_TZ', 'must be an IANA time zone', ''],
    ['@every', '@every', 'must be a duration', '@every'],
    ['@every 5x', '@every', 'must be a duration', '@every 5x'],
    ['@every 500ms', '@every', 'must be a duration', '@every 500ms'],
    ['@every 0.5s', '@every', 'must be a whole number of seconds', '@every 0.5s'],
    ['@every 0s', '@every', 'must be a whole number of seconds', '@every 0s'],
    ['@fortnightly', 'expression', 'must have 6 fields', '@fortnightly'],
  ])('rejects %j: field %s, rule %s, token %j', (expr, field, rule, token) => {
    const err = (() => {
      try {
        parseCron(expr);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems;
    expect(problems).toContainEqual({ path: field, rule: expect.stringContaining(rule), value: token });
  });

  it('reports every bad field of one expression at once', () => {
    expect(() => parseCron('CRON_TZ=Nowhere/City 61 61 25 32 13 9')).toThrow(ConfigError);
    try {
      parseCron('CRON_TZ=Nowhere/City 61 61 25 32 13 9');
    } catch (e) {
      expect((e as ConfigError).problems.map((p) => p.path)).toEqual([
        'CRON_TZ',
        'second',
        'minute',
        'hour',
        'dayOfMonth',
        'month',
        'dayOfWeek',
      ]);
    }
  });

  it('returns the same parsed spec for the same text (cached)', () => {
    expect(parseCron('0 0 9 * * MON')).toBe(parseCron('0 0 9 * * MON'));
  });
});

describe('nextFire / prevFire in UTC', () => {
  it.each([
    // expression, after, next
    ['0 0 9 * * MON-FRI', '2024-01-05T09:00:00Z', '2024-01-08T09:00:00Z'], // Friday 09:00 → Monday
    ['0 0 9 * * MON-FRI', '2024-01-05T08:59:59.999Z', '2024-01-05T09:00:00Z'],
    ['*/15 * * * * *', '2024-01-01T00:00:07Z', '2024-01-01T00:00:15Z'],
    ['0 */5 * * * *', '2024-01-01T00:58:00Z', '2024-01-01T01:00:00Z'],
    ['0 0 0 1 1 *', '2024-06-01T00:00:00Z', '2025-01-01T00:00:00Z'],
    ['0 0 0 29 2 *', '2024-03-01T00:00:00Z', '2028-02-29T00:00:00Z'],
    ['0 0 0 29 2 *', '2096-03-01T00:00:00Z', '2104-02-29T00:00:00Z'], // 2100 is not a leap year
    ['0 0 0 31 * *', '2024-04-01T00:00:00Z', '2024-05-31T00:00:00Z'],
    ['0 30 23 31 * *', '2024-12-31T23:30:00Z', '2025-01-31T23:30:00Z'],
    // day-of-month and day-of-week both restricted: either matches (robfig/Vixie semantics)
    ['0 0 0 13 * FRI', '2024-09-01T00:00:00Z', '2024-09-06T00:00:00Z'],
    ['0 0 0 13 * FRI', '2024-09-07T00:00:00Z', '2024-09-13T00:00:00Z'],
    // one of them unrestricted: both must match
    ['0 0 0 ? * SUN', '2024-09-01T00:00:00Z', '2024-09-08T00:00:00Z'],
    ['0 0 0 * * 7', '2024-09-01T00:00:00Z', '2024-09-08T00:00:00Z'],
    ['0 0 0 1 * ?', '2024-09-01T00:00:00Z', '2024-10-01T00:00:00Z'],
    ['0 15 10 * JUN *', '2024-07-01T00:00:00Z', '2025-06-01T10:15:00Z'],
    ['@hourly', '2024-01-01T10:00:00Z', '2024-01-01T11:00:00Z'],
    ['@weekly', '2024-01-01T10:00:00Z', '2024-01-07T00:00:00Z'],
    ['@every 5m', '2024-01-01T10:02:00Z', '2024-01-01T10:05:00Z'],
    ['@every 5m', '2024-01-01T10:05:00Z', '2024-01-01T10:10:00Z'],
    ['@every 1h30m', '1970-01-01T01:00:00Z', '1970-01-01T01:30:00Z'],
    ['0 0 12 * * *', '1969-12-31T18:00:00Z', '1970-01-01T12:00:00Z'], // negative epoch ms
  ])('%s after %s → %s', (expr, after, next) => {
    expect(iso(nextFire(expr, utc(after)))).toBe(iso(utc(next)));
  });

  it.each([
    ['0 0 9 * * MON-FRI', '2024-01-08T08:59:59Z', '2024-01-05T09:00:00Z'],
    ['0 0 9 * * MON-FRI', '2024-01-08T09:00:00Z', '2024-01-08T09:00:00Z'], // at-or-before is inclusive
    ['0 0 0 29 2 *', '2024-02-28T00:00:00Z', '2020-02-29T00:00:00Z'],
    ['0 0 0 31 * *', '2024-05-30T00:00:00Z', '2024-03-31T00:00:00Z'],
    ['0 0 0 1 JAN,JUL *', '2024-06-30T00:00:00Z', '2024-01-01T00:00:00Z'],
    ['0 0 0 1 JAN *', '2024-06-30T00:00:00Z', '2024-01-01T00:00:00Z'],
    ['0 0 0 1 DEC *', '2024-06-30T00:00:00Z', '2023-12-01T00:00:00Z'],
    ['0 0 12 1 * *', '2024-03-01T11:00:00Z', '2024-02-01T12:00:00Z'],
    ['*/20 */10 * * * *', '2024-01-01T10:05:30Z', '2024-01-01T10:00:40Z'],
    ['0 0 0 13 * FRI', '2024-09-12T00:00:00Z', '2024-09-06T00:00:00Z'],
    ['@every 5m', '2024-01-01T10:04:59Z', '2024-01-01T10:00:00Z'],
  ])('prevFire(%s, %s) = %s', (expr, at, prev) => {
    expect(iso(prevFire(expr, utc(at)))).toBe(iso(utc(prev)));
  });
});

describe('time zones', () => {
  it.each([
    // 09:00 Shanghai (UTC+8, no DST) is 01:00 UTC
    ['CRON_TZ=Asia/Shanghai 0 0 9 * * MON-FRI', '2024-01-05T01:00:00Z', '2024-01-08T01:00:00Z'],
    ['CRON_TZ=Asia/Shanghai 0 0 0 * * *', '2024-01-01T15:59:59Z', '2024-01-01T16:00:00Z'],
    // Berlin: CET (UTC+1) in winter, CEST (UTC+2) in summer
    ['CRON_TZ=Europe/Berlin 0 0 9 * * *', '2024-01-10T12:00:00Z', '2024-01-11T08:00:00Z'],
    ['CRON_TZ=Europe/Berlin 0 0 9 * * *', '2024-07-10T12:00:00Z', '2024-07-11T07:00:00Z'],
    // New York: a zone west of UTC
    ['CRON_TZ=America/New_York 0 0 18 * * *', '2024-01-10T12:00:00Z', '2024-01-10T23:00:00Z'],
  ])('%s after %s → %s', (expr, after, next) => {
    expect(iso(nextFire(expr, utc(after)))).toBe(iso(utc(next)));
  });

  it('spring forward (Berlin 2024-03-31 02:00 → 03:00): a wall time in the gap fires shifted by the gap', () => {
    // 02:30 local does not exist that day: it fires at 03:30 CEST = 01:30 UTC, once.
    const expr = 'CRON_TZ=Europe/Berlin 0 30 2 * * *';
    expect(iso(nextFire(expr, utc('2024-03-30T12:00:00Z')))).toBe('2024-03-31T01:30:00.000Z');
    expect(iso(nextFire(expr, utc('2024-03-31T01:30:00Z')))).toBe('2024-04-01T00:30:00.000Z');
    expect(iso(prevFire(expr, utc('2024-03-31T01:30:00Z')))).toBe('2024-03-31T01:30:00.000Z');
    // At 03:20 CEST the shifted 02:30 fire (03:30) has not happened yet: the previous one is Saturday's.
    expect(iso(prevFire(expr, utc('2024-03-31T01:20:00Z')))).toBe('2024-03-30T01:30:00.000Z');
  });

  it('spring forward: a fire every 20 minutes runs on without a hole or a repeat', () => {
    const fires = sequence('CRON_TZ=Europe/Berlin 0 */20 * * * *', utc('2024-03-31T00:30:00Z'), 4);
    // 01:40 CET, then the gap's 02:00 → 03:00 CEST, 03:20, 03:40.
    expect(fires).toEqual([
      '2024-03-31T00:40:00.000Z',
      '2024-03-31T01:00:00.000Z',
      '2024-03-31T01:20:00.000Z',
      '2024-03-31T01:40:00.000Z',
    ]);
  });

  it('spring forward: every wall time of the skipped hour fires, shifted, in order (not only the first)', () => {
    // Found by the property test: after the shifted 02:00 (03:00 CEST) the search resumed at wall time 03:00
    // and skipped 02:20 and 02:40, which fire at 03:20 and 03:40 CEST.
    const fires = sequence('CRON_TZ=Europe/Berlin 0 */20 2 * * *', utc('2024-03-30T12:00:00Z'), 5);
    expect(fires).toEqual([
      '2024-03-31T01:00:00.000Z', // 02:00 → 03:00 CEST
      '2024-03-31T01:20:00.000Z', // 02:20 → 03:20 CEST
      '2024-03-31T01:40:00.000Z', // 02:40 → 03:40 CEST
      '2024-04-01T00:00:00.000Z', // 02:00 CEST
      '2024-04-01T00:20:00.000Z',
    ]);
    for (let i = 1; i < fires.length; i++) {
      expect(iso(prevFire('CRON_TZ=Europe/Berlin 0 */20 2 * * *', utc(fires[i] as string) - 1))).toBe(fires[i - 1]);
    }
  });

  it('fall back (Berlin 2024-10-27 03:00 → 02:00): the repeated hour fires once, at its first occurrence', () => {
    const fires = sequence('CRON_TZ=Europe/Berlin 0 */20 * * * *', utc('2024-10-26T23:50:00Z'), 6);
    expect(fires).toEqual([
      '2024-10-27T00:00:00.000Z', // 02:00 CEST
      '2024-10-27T00:20:00.000Z', // 02:20 CEST
      '2024-10-27T00:40:00.000Z', // 02:40 CEST
      '2024-10-27T02:00:00.000Z', // 03:00 CET (02:00–02:40 CET are not repeated)
      '2024-10-27T02:20:00.000Z',
      '2024-10-27T02:40:00.000Z',
    ]);
  });

  it.each([
    // inside the repeated hour (02:10 CET = 01:10 UTC): the last fire is 02:40 CEST
    ['2024-10-27T01:10:00Z', '2024-10-27T00:40:00.000Z', '2024-10-27T02:00:00.000Z'],
    ['2024-10-27T01:59:59Z', '2024-10-27T00:40:00.000Z', '2024-10-27T02:00:00.000Z'],
    ['2024-10-27T00:59:59Z', '2024-10-27T00:40:00.000Z', '2024-10-27T02:00:00.000Z'],
  ])('fall back: at %s prevFire = %s, nextFire = %s', (at, prev, next) => {
    const expr = 'CRON_TZ=Europe/Berlin 0 */20 * * * *';
    expect(iso(prevFire(expr, utc(at)))).toBe(prev);
    expect(iso(nextFire(expr, utc(at)))).toBe(next);
  });

  it('a daily 02:30 job runs exactly once on the fall-back day', () => {
    const fires = sequence('CRON_TZ=Europe/Berlin 0 30 2 * * *', utc('2024-10-26T12:00:00Z'), 2);
    expect(fires).toEqual(['2024-10-27T00:30:00.000Z', '2024-10-28T01:30:00.000Z']);
  });
});

describe('hand-built specs that never fire', () => {
  const never = (zone: string): CronSpec => {
    const none = (n: number) => new Array<boolean>(n).fill(false);
    const fields = {
      seconds: none(60),
      minutes: none(60),
      hours: none(24),
      daysOfMonth: none(32),
      months: none(13),
      daysOfWeek: none(7),
      domStar: true,
      dowStar: true,
    };
    return { kind: 'fields', expr: 'never', zone, fields };
  };

  it.each(['UTC', 'Europe/Berlin'])('give NaN in %s instead of looping', (zone) => {
    expect(nextFire(never(zone), 0)).toBeNaN();
    expect(prevFire(never(zone), 0)).toBeNaN();
  });
});

function sequence(expr: string, fromMs: number, count: number): string[] {
  const out: string[] = [];
  let t = fromMs;
  for (let i = 0; i < count; i++) {
    t = nextFire(expr, t);
    out.push(iso(t));
  }
  return out;
}
