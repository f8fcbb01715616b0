// The FC emulator fires timers with croner (packages/local-cloud/src/fc/timers.ts `cronNextFire`); the product plans with its own
// parser (src/core/cron.ts `nextFire`). On random FC expressions (6 fields, lists, ranges, steps, names, `?`,
// CRON_TZ) both must give the same next fire times. Zones without daylight-saving time are compared at random;
// DST zones are pinned below, including the one place where the two knowingly differ.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextFire } from '../../../src/core/cron.js';
import { cronNextFire } from '@ecs-autoscaler/local-cloud/fc/timers.js';

const FIELDS = [
  { min: 0, max: 59 },
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31, question: true },
  { min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { min: 0, max: 6, question: true, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
] as const;

type Field = (typeof FIELDS)[number];

function fieldArb(f: Field): fc.Arbitrary<string> {
  const value = fc.integer({ min: f.min, max: f.max });
  const named = 'names' in f ? fc.constantFrom(...f.names) : value.map(String);
  const range = fc.tuple(value, value).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`);
  const step = fc.integer({ min: 1, max: Math.max(1, Math.floor((f.max - f.min) / 2)) });
  const item = fc.oneof(
    value.map(String),
    named,
    range,
    fc.tuple(range, step).map(([r, s]) => `${r}/${s}`),
    fc.tuple(value, step).map(([v, s]) => `${v}/${s}`),
  );
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant('*') },
    { weight: 1, arbitrary: 'question' in f ? fc.constant('?') : fc.constant('*') },
    { weight: 2, arbitrary: step.map((s) => `*/${s}`) },
    { weight: 4, arbitrary: fc.array(item, { minLength: 1, maxLength: 3 }).map((xs) => xs.join(',')) },
  );
}

const ZONES = ['', 'CRON_TZ=Asia/Shanghai ', 'TZ=Asia/Kolkata ', 'CRON_TZ=America/Sao_Paulo '];
const exprArb = fc
  .tuple(fc.constantFrom(...ZONES), ...FIELDS.map(fieldArb))
  .map(([zone, ...fields]) => `${zone}${fields.join(' ')}`);
const startArb = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) });

/** The next `n` fire times after `t`, or the error's name when the evaluator refuses the expression. */
function chain(next: (e: string, t: number) => number, expr: string, t: number, n = 4): number[] | string {
  const out: number[] = [];
  try {
    for (let at = t; out.length < n; ) {
      at = next(expr, at);
      if (!Number.isFinite(at)) break;
      out.push(at);
    }
  } catch (err) {
    return (err as Error).name;
  }
  return out;
}

describe('the product cron (src/core/cron.ts) against croner (the FC emulator)', () => {
  it('give the same next fire times on random expressions', () => {
    fc.assert(
      fc.property(exprArb, startArb, (expr, t) => {
        const mine = chain(nextFire, expr, t);
        // An expression that can never fire is refused by the product (ConfigError) and never fires in croner.
        if (mine === 'ConfigError') return expect(chain(cronNextFire, expr, t)).toEqual([]);
        expect(mine).toEqual(chain(cronNextFire, expr, t));
      }),
      { numRuns: 300, seed: 15 },
    );
  });

  it.each([
    ['@hourly', Date.UTC(2025, 0, 1, 0, 30)],
    ['@every 1h30m', Date.UTC(2025, 0, 1, 0, 0, 1)],
    ['0 0 9 * * MON-FRI', Date.UTC(2025, 0, 3, 10)],
    ['CRON_TZ=Europe/Berlin 0 0 9 * * *', Date.UTC(2025, 2, 29, 12)], // across spring-forward
    ['CRON_TZ=Europe/Berlin 0 0 9 * * *', Date.UTC(2025, 9, 25, 12)], // across fall-back
    ['0 0 0 29 2 *', Date.UTC(2025, 0, 1)],
  ])('agree on %s', (expr, t) => {
    expect(chain(cronNextFire, expr, t, 6)).toEqual(chain(nextFire, expr, t, 6));
  });

  it('differ in the hour repeated at fall-back: the product fires its wall times once, croner at both', () => {
    const expr = 'CRON_TZ=America/New_York 0 */30 * * * *';
    const t = Date.UTC(2025, 10, 2, 4); // 2025-11-02 01:00-02:00 happens twice in New York
    const hhmm = (ms: number[] | string) => (ms as number[]).map((x) => new Date(x).toISOString().slice(11, 16));
    expect(hhmm(chain(nextFire, expr, t, 5))).toEqual(['04:30', '05:00', '05:30', '07:00', '07:30']);
    expect(hhmm(chain(cronNextFire, expr, t, 5))).toEqual(['04:30', '05:00', '05:30', '06:00', '06:30']);
  });

  it('differ inside a spring-forward gap: the product shifts by the gap (java.time), croner fires at its end', () => {
    const expr = 'CRON_TZ=Europe/Berlin 0 30 2 * * *';
    const t = Date.UTC(2025, 2, 29, 12); // 2025-03-30 02:00 → 03:00 in Berlin
    expect(new Date(nextFire(expr, t)).toISOString()).toBe('2025-03-30T01:30:00.000Z'); // 03:30 CEST
    expect(new Date(cronNextFire(expr, t)).toISOString()).toBe('2025-03-30T01:00:00.000Z'); // 03:00 CEST
  });
});
