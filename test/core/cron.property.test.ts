import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextFire, parseCron, prevFire } from '../../src/core/cron.js';

// Random expressions from realistic field pieces; impossible combinations (Feb 31) are filtered out.
const exprArb = fc
  .record({
    zone: fc.constantFrom('', 'CRON_TZ=Asia/Shanghai ', 'CRON_TZ=Europe/Berlin ', 'CRON_TZ=America/New_York '),
    sec: fc.constantFrom('0', '*/15', '0,30', '59'),
    min: fc.constantFrom('*', '*/5', '0', '10-20', '0,45', '30'),
    hour: fc.constantFrom('*', '9-17', '2', '*/6', '0', '23'),
    dom: fc.constantFrom('*', '?', '1', '15', '1-7', '31', '29'),
    month: fc.constantFrom('*', 'JAN-JUN', '2', '*/3', 'OCT,NOV'),
    dow: fc.constantFrom('*', '?', 'MON-FRI', 'SUN', '1,3,5', '6'),
  })
  .map((f) => `${f.zone}${f.sec} ${f.min} ${f.hour} ${f.dom} ${f.month} ${f.dow}`)
  .filter((expr) => {
    try {
      parseCron(expr);
      return true;
    } catch {
      return false;
    }
  });

// 2000-01-01 … 2040-01-01, millisecond precision
const instantArb = fc.integer({ min: 946_684_800_000, max: 2_208_988_800_000 });

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  const cached = formatters.get(zone);
  if (cached) return cached;
  const opts = { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' } as const;
  const created = new Intl.DateTimeFormat('en-US', {
    ...opts,
    second: 'numeric',
    weekday: 'short',
    hourCycle: 'h23',
    timeZone: zone,
  });
  formatters.set(zone, created);
  return created;
}

/** The wall-clock fields at `ms` in the expression's zone (independent of the implementation: Intl). */
function wallFields(expr: string, ms: number) {
  const zone = expr.startsWith('CRON_TZ=') ? (expr.slice(8).split(' ')[0] as string) : 'UTC';
  const parts = formatter(zone).formatToParts(ms);
  const get = (type: string) => parts.find((p) => p.type === type)?.value as string;
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday'));
  return {
    sec: Number(get('second')),
    min: Number(get('minute')),
    hour: Number(get('hour')),
    dom: Number(get('day')),
    month: Number(get('month')),
    dow: weekday,
  };
}

/** An independent matcher for the generated pieces (only the syntax the generator uses). */
function fieldMatches(piece: string, value: number, min: number, names: string[] = []): boolean {
  if (piece === '*' || piece === '?') return true;
  return piece.split(',').some((item) => {
    const [range = '', step = '1'] = item.split('/');
    const toNum = (t: string) => (names.includes(t) ? names.indexOf(t) : Number(t));
    const [lo, hi] =
      range === '*' ? [min, 99] : range.includes('-') ? range.split('-').map(toNum) : [toNum(range), toNum(range)];
    return value >= (lo as number) && value <= (hi as number) && (value - (lo as number)) % Number(step) === 0;
  });
}

const MONTHS = ['', 'JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

function matches(expr: string, ms: number): boolean {
  const body = expr.startsWith('CRON_TZ=') ? expr.slice(expr.indexOf(' ') + 1) : expr;
  const [sec, min, hour, dom, month, dow] = body.split(' ') as string[];
  const w = wallFields(expr, ms);
  const domOk = fieldMatches(dom as string, w.dom, 1);
  const dowOk = fieldMatches(dow as string, w.dow, 0, DAYS);
  const domStar = dom === '*' || dom === '?';
  const dowStar = dow === '*' || dow === '?';
  const dayOk = domStar || dowStar ? domOk && dowOk : domOk || dowOk;
  return (
    fieldMatches(sec as string, w.sec, 0) &&
    fieldMatches(min as string, w.min, 0) &&
    fieldMatches(hour as string, w.hour, 0) &&
    fieldMatches(month as string, w.month, 1, MONTHS) &&
    dayOk
  );
}

// A DST gap shifts a fire by an hour, so an expression restricted to the gap's hour may not match its fire time;
// the properties below stay exact for the zones without DST and check consistency for all.
const noDst = (expr: string) => !expr.includes('Berlin') && !expr.includes('New_York');

describe('cron properties', () => {
  it('nextFire is after `after`, matches the expression, and nothing fires in between', () => {
    fc.assert(
      fc.property(exprArb, instantArb, (expr, after) => {
        const next = nextFire(expr, after);
        expect(next).toBeGreaterThan(after);
        expect(next % 1000).toBe(0);
        if (noDst(expr)) expect(matches(expr, next)).toBe(true);
        expect(prevFire(expr, next - 1)).toBeLessThanOrEqual(after);
      }),
      { numRuns: 300 },
    );
  });

  it('prevFire is at or before `at`, matches the expression, and the next fire after it is after `at`', () => {
    fc.assert(
      fc.property(exprArb, instantArb, (expr, at) => {
        const prev = prevFire(expr, at);
        expect(prev).toBeLessThanOrEqual(at);
        if (noDst(expr)) expect(matches(expr, prev)).toBe(true);
        expect(nextFire(expr, prev)).toBeGreaterThan(at);
      }),
      { numRuns: 300 },
    );
  });

  it('successive fires are strictly increasing and prevFire walks them back exactly', () => {
    fc.assert(
      fc.property(exprArb, instantArb, (expr, from) => {
        const fires = [nextFire(expr, from)];
        for (let i = 0; i < 5; i++) fires.push(nextFire(expr, fires[i] as number));
        for (let i = 1; i < fires.length; i++) {
          expect(fires[i]).toBeGreaterThan(fires[i - 1] as number);
          expect(prevFire(expr, (fires[i] as number) - 1)).toBe(fires[i - 1]);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('agrees with a brute-force minute scan over the next day (no-DST zones, minute-level expressions)', () => {
    // Seconds fixed at 0 so a minute scan sees every fire.
    const minuteExpr = exprArb
      .filter(noDst)
      .map((e) => e.replace(/^(CRON_TZ=\S+ )?\S+/, (_m, tz?: string) => `${tz ?? ''}0`));
    fc.assert(
      fc.property(minuteExpr, instantArb, (expr, after) => {
        const start = Math.floor(after / 60_000) * 60_000 + 60_000;
        let brute = Number.NaN;
        for (let t = start; t < start + 86_400_000; t += 60_000) {
          if (matches(expr, t)) {
            brute = t;
            break;
          }
        }
        if (!Number.isNaN(brute)) expect(nextFire(expr, after)).toBe(brute);
        else expect(nextFire(expr, after)).toBeGreaterThanOrEqual(start + 86_400_000);
      }),
      { numRuns: 40 },
    );
  });
});
