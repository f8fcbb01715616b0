/**
 * Function Compute timer expressions, evaluated: `nextFire` / `prevFire` for the 6-field cron
 * `sec min hour dom month dow` with an optional `CRON_TZ=Area/City ` prefix (UTC otherwise), the `@hourly`…
 * descriptors and `@every 1h30m` (anchored at the Unix epoch). Fire times are whole seconds, epoch ms.
 *
 * The search walks wall-clock fields (month → day → hour → minute → second), never second by second, and
 * converts wall time to instants with Intl.DateTimeFormat (deterministic; no clock is read).
 *
 * Daylight-saving time (the java.time rules):
 * - a wall time inside a spring-forward gap fires shifted later by the gap length (02:30 → 03:30 in Berlin);
 * - a wall time that occurs twice at fall-back fires once, at its first (daylight-time) occurrence.
 */
import { ConfigError } from './errors.js';
import { type CronFields, type CronSpec, parseCronSyntax } from './config/cron-syntax.js';

export type { CronSpec } from './config/cron-syntax.js';

const SEC = 1000;
const DAY = 86_400_000;
/** Searches give up after this many years: every satisfiable expression fires at least every 8 years (Feb 29). */
const SEARCH_YEARS = 10;
const CACHE_LIMIT = 4096;

const specCache = new Map<string, CronSpec>();

/** Parse a timer expression. Throws ConfigError whose problems name the field (`hour`, `CRON_TZ` …) and token. */
export function parseCron(expr: string): CronSpec {
  const cached = specCache.get(expr);
  if (cached) return cached;
  const { spec, problems } = parseCronSyntax(expr);
  if (spec?.kind === 'fields' && neverFires(spec.fields)) {
    problems.push({ path: 'dayOfMonth', rule: 'never occurs in the selected months', value: expr });
  }
  if (!spec || problems.length) throw new ConfigError(`cron expression '${expr}'`, problems);
  if (specCache.size >= CACHE_LIMIT) specCache.clear();
  specCache.set(expr, spec);
  return spec;
}

/** The first fire time strictly after `afterMs` (epoch ms). NaN only for a hand-built spec that never fires. */
export function nextFire(cron: string | CronSpec, afterMs: number): number {
  const spec = typeof cron === 'string' ? parseCron(cron) : cron;
  if (spec.kind === 'every') return (Math.floor(afterMs / spec.periodMs) + 1) * spec.periodMs;
  const { zone, fields } = spec;
  // Inside the repeated hour after a fall-back every wall time already fired (first occurrence): resume at its end.
  const repeatStart = secondOccurrenceStart(zone, afterMs);
  const fromWall =
    repeatStart === undefined ? wallOf(zone, afterMs) + SEC : repeatStart + offsetMs(zone, repeatStart - SEC);
  const next = toInstant(zone, nextWall(fields, fromWall));
  const shifted = shiftedGapFire(zone, fields, afterMs);
  return shifted !== undefined && !(next <= shifted) ? shifted : next;
}

/** The longest spring-forward gap looked for (real ones are 30 min to 1 h; 2 h has existed). */
const MAX_GAP_MS = 3 * 3_600_000;

/**
 * Just after a spring-forward, wall times of the skipped hour that are still to come in shifted form: 02:01 in a
 * 02:00→03:00 gap fires at 03:01, which is after 03:00 although its wall time is before it. Undefined when
 * `afterMs` is not within one gap length after a transition, or no such wall time matches.
 */
function shiftedGapFire(zone: string, fields: CronFields, afterMs: number): number | undefined {
  const gapMs = offsetMs(zone, afterMs) - offsetMs(zone, afterMs - MAX_GAP_MS);
  if (!(gapMs > 0) || !(offsetMs(zone, afterMs - gapMs) < offsetMs(zone, afterMs))) return undefined;
  const wall = wallOf(zone, afterMs);
  for (let w = nextWall(fields, wall - gapMs + SEC); w <= wall; w = nextWall(fields, w + SEC)) {
    const t = toInstant(zone, w);
    if (t > afterMs) return t;
  }
  return undefined;
}

/** The last fire time at or before `atOrBeforeMs` (epoch ms). NaN only for a hand-built spec that never fires. */
export function prevFire(cron: string | CronSpec, atOrBeforeMs: number): number {
  const spec = typeof cron === 'string' ? parseCron(cron) : cron;
  if (spec.kind === 'every') return Math.floor(atOrBeforeMs / spec.periodMs) * spec.periodMs;
  const { zone, fields } = spec;
  const repeatStart = secondOccurrenceStart(zone, atOrBeforeMs);
  const at = repeatStart === undefined ? atOrBeforeMs : repeatStart - SEC;
  const wall = prevWall(fields, wallOf(zone, at));
  const t = toInstant(zone, wall);
  if (!(t > at)) return t;
  // `wall` sat in a spring-forward gap and was shifted past `at`: walls up to at + that offset map to ≤ at.
  return toInstant(zone, prevWall(fields, at + (wall - t)));
}

// ---- wall-clock search (wall time = epoch-ms arithmetic on local fields, as if the zone were UTC) ----

function neverFires(f: CronFields): boolean {
  return Number.isNaN(nextWall(f, 0)) && Number.isNaN(prevWall(f, 0));
}

function dayMatches(f: CronFields, y: number, mo: number, d: number): boolean {
  const dom = f.daysOfMonth[d] === true;
  const dow = f.daysOfWeek[mod(daysFromCivil(y, mo, d) + 4, 7)] === true;
  return f.domStar || f.dowStar ? dom && dow : dom || dow;
}

/** Smallest allowed value ≥ from, or -1. */
function up(table: readonly boolean[], from: number): number {
  for (let v = from; v < table.length; v++) if (table[v]) return v;
  return -1;
}

/** Largest allowed value ≤ from, or -1. */
function down(table: readonly boolean[], from: number): number {
  for (let v = Math.min(from, table.length - 1); v >= 0; v--) if (table[v]) return v;
  return -1;
}

/** A mutable wall-clock position; plain fields keep the search loop allocation-free (it runs per simulator tick). */
class Cursor {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  constructor(wall: number) {
    const days = Math.floor(wall / DAY);
    const secOfDay = Math.floor((wall - days * DAY) / SEC);
    const { y, mo, d } = civilFromDays(days);
    this.y = y;
    this.mo = mo;
    this.d = d;
    this.h = Math.floor(secOfDay / 3600);
    this.mi = Math.floor(secOfDay / 60) % 60;
    this.s = secOfDay % 60;
  }
  /** Move to (mo, d, h) and put the smaller fields at their start (forward) or end (backward). */
  set(mo: number, d: number, h: number, forward: boolean): void {
    this.mo = mo;
    this.d = d;
    this.setHour(h, forward);
  }
  setHour(h: number, forward: boolean): void {
    this.h = h;
    this.setMinute(forward ? 0 : 59, forward);
  }
  setMinute(mi: number, forward: boolean): void {
    this.mi = mi;
    this.s = forward ? 0 : 59;
  }
  wall(s: number): number {
    return daysFromCivil(this.y, this.mo, this.d) * DAY + ((this.h * 60 + this.mi) * 60 + s) * SEC;
  }
}

/** First matching wall time ≥ fromWall (whole seconds), or NaN when none within SEARCH_YEARS. */
function nextWall(f: CronFields, fromWall: number): number {
  const c = new Cursor(fromWall);
  const lastYear = c.y + SEARCH_YEARS;
  for (;;) {
    if (c.y > lastYear) return Number.NaN;
    const mo = up(f.months, c.mo);
    if (mo < 0) {
      c.y += 1;
      c.set(1, 1, 0, true);
      continue;
    }
    if (mo !== c.mo) c.set(mo, 1, 0, true);
    if (c.d > daysInMonth(c.y, c.mo)) {
      c.set(c.mo + 1, 1, 0, true);
      continue;
    }
    const h = dayMatches(f, c.y, c.mo, c.d) ? up(f.hours, c.h) : -1;
    if (h < 0) {
      c.set(c.mo, c.d + 1, 0, true);
      continue;
    }
    if (h !== c.h) c.setHour(h, true);
    const mi = up(f.minutes, c.mi);
    if (mi < 0) {
      c.setHour(c.h + 1, true);
      continue;
    }
    if (mi !== c.mi) c.setMinute(mi, true);
    const s = up(f.seconds, c.s);
    if (s >= 0) return c.wall(s);
    c.setMinute(c.mi + 1, true);
  }
}

/** Last matching wall time ≤ fromWall (whole seconds), or NaN when none within SEARCH_YEARS. */
function prevWall(f: CronFields, fromWall: number): number {
  const c = new Cursor(fromWall);
  const firstYear = c.y - SEARCH_YEARS;
  for (;;) {
    if (c.y < firstYear) return Number.NaN;
    const mo = down(f.months, c.mo);
    if (mo < 0) {
      c.y -= 1;
      c.set(12, 31, 23, false);
      continue;
    }
    if (mo !== c.mo) c.set(mo, 31, 23, false);
    if (c.d < 1) {
      c.set(c.mo - 1, 31, 23, false);
      continue;
    }
    if (c.d > daysInMonth(c.y, c.mo)) c.set(c.mo, daysInMonth(c.y, c.mo), 23, false);
    const h = dayMatches(f, c.y, c.mo, c.d) ? down(f.hours, c.h) : -1;
    if (h < 0) {
      c.set(c.mo, c.d - 1, 23, false);
      continue;
    }
    if (h !== c.h) c.setHour(h, false);
    const mi = down(f.minutes, c.mi);
    if (mi < 0) {
      c.setHour(c.h - 1, false);
      continue;
    }
    if (mi !== c.mi) c.setMinute(mi, false);
    const s = down(f.seconds, c.s);
    if (s >= 0) return c.wall(s);
    c.setMinute(c.mi - 1, false);
  }
}

// ---- civil calendar (proleptic Gregorian; H. Hinnant's days_from_civil) ----

function mod(a: number, b: number): number {
  return ((a % b) + b) % b;
}

function daysFromCivil(y: number, mo: number, d: number): number {
  const yy = mo <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

function civilFromDays(days: number): { y: number; mo: number; d: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const mo = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (mo <= 2 ? 1 : 0), mo, d: doy - Math.floor((153 * mp + 2) / 5) + 1 };
}

function daysInMonth(y: number, mo: number): number {
  if (mo === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
}

function wallFrom(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
  return daysFromCivil(y, mo, d) * DAY + ((h * 60 + mi) * 60 + s) * SEC;
}

// ---- time zones ----

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Per zone and UTC day: the day's offset, or NaN on a day with a transition (then asked exactly). */
const dayOffsets = new Map<string, Map<number, number>>();

/**
 * Zone offset (wall − instant) at `ms`, in ms. Cached per UTC day when the offset is the same at the day's start
 * and end (zones change offset at most once a day), so the simulator's per-tick calls rarely reach Intl.
 */
function offsetMs(zone: string, ms: number): number {
  if (zone === 'UTC') return 0;
  let days = dayOffsets.get(zone);
  if (!days) {
    days = new Map();
    dayOffsets.set(zone, days);
  }
  const day = Math.floor(ms / DAY);
  let offset = days.get(day);
  if (offset === undefined) {
    const first = intlOffset(zone, day * DAY);
    offset = first === intlOffset(zone, (day + 1) * DAY - 60_000) ? first : Number.NaN;
    if (days.size >= CACHE_LIMIT) days.clear();
    days.set(day, offset);
  }
  return Number.isNaN(offset) ? intlOffset(zone, ms) : offset;
}

function intlOffset(zone: string, ms: number): number {
  let fmt = formatters.get(zone);
  if (!fmt) {
    const opts = { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' } as const;
    fmt = new Intl.DateTimeFormat('en-US', { ...opts, hourCycle: 'h23', timeZone: zone });
    formatters.set(zone, fmt);
  }
  const p: Record<string, number> = {};
  for (const part of fmt.formatToParts(ms)) p[part.type] = Number(part.value);
  const wall = wallFrom(p.year as number, p.month as number, p.day as number, p.hour as number, p.minute as number, 0);
  return wall - Math.floor(ms / 60_000) * 60_000;
}

/** The wall time showing at instant `ms`, floored to the second. */
function wallOf(zone: string, ms: number): number {
  return Math.floor(ms / SEC) * SEC + offsetMs(zone, ms);
}

/** The instant a wall time denotes: the earlier one when it occurs twice, shifted by the gap when it never occurs. */
function toInstant(zone: string, wall: number): number {
  if (Number.isNaN(wall)) return wall;
  const before = offsetMs(zone, wall - DAY);
  const after = offsetMs(zone, wall + DAY);
  if (before === after) return wall - before;
  const candidates = [wall - before, wall - after].filter((t) => offsetMs(zone, t) === wall - t);
  return candidates.length ? Math.min(...candidates) : wall - before;
}

/** When `ms` lies in the repeated hour after a fall-back, the instant that repetition began; else undefined. */
function secondOccurrenceStart(zone: string, ms: number): number | undefined {
  const first = toInstant(zone, wallOf(zone, ms));
  if (first >= Math.floor(ms / SEC) * SEC) return undefined;
  // The offset changes once between the first occurrence and `ms`: bisect (seconds) for the change.
  const firstOffset = offsetMs(zone, first);
  let [lo, hi] = [first, Math.floor(ms / SEC) * SEC];
  while (hi - lo > SEC) {
    const mid = lo + Math.floor((hi - lo) / 2 / SEC) * SEC;
    if (offsetMs(zone, mid) === firstOffset) lo = mid;
    else hi = mid;
  }
  return hi;
}
