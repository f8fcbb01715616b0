/**
 * Syntax of Function Compute timer expressions: the 6-field cron `sec min hour dom month dow` with an optional
 * `CRON_TZ=Area/City ` (or `TZ=`) prefix, the descriptors `@hourly` … `@yearly`, and `@every 1h30m`.
 * This module only parses; evaluation (next/previous fire time) lives in ../cron.ts.
 */
import type { ConfigProblem } from '../errors.js';

/** One allowed-values table per field, indexed by the field's value (`true` = allowed). */
export interface CronFields {
  seconds: readonly boolean[];
  minutes: readonly boolean[];
  hours: readonly boolean[];
  /** Index 1–31. */
  daysOfMonth: readonly boolean[];
  /** Index 1–12. */
  months: readonly boolean[];
  /** Index 0–6, Sunday = 0. */
  daysOfWeek: readonly boolean[];
  /**
   * Day-of-month or day-of-week written as `*` or `?`. As in Go's robfig/cron (which FC timers follow): when
   * either is unrestricted a day must match both; when both are restricted a day matching either fires.
   */
  domStar: boolean;
  dowStar: boolean;
}

export type CronSpec =
  | { kind: 'fields'; expr: string; zone: string; fields: CronFields }
  /** Fires at every multiple of `periodMs` since the Unix epoch (a stateless anchor; FC anchors at creation). */
  | { kind: 'every'; expr: string; zone: string; periodMs: number };

interface FieldDef {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
  /** Index of names[0]. */
  namesFrom?: number;
  question?: boolean;
}

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const FIELD_DEFS: readonly FieldDef[] = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'dayOfMonth', min: 1, max: 31, question: true },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES, namesFrom: 1 },
  // 7 is accepted as Sunday too (Vixie cron and the MON=1…SUN=7 convention agree with SUN=0 on 1–6).
  { name: 'dayOfWeek', min: 0, max: 7, names: DAY_NAMES, namesFrom: 0, question: true },
];

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 0 1 1 *',
  '@annually': '0 0 0 1 1 *',
  '@monthly': '0 0 0 1 * *',
  '@weekly': '0 0 0 * * 0',
  '@daily': '0 0 0 * * *',
  '@midnight': '0 0 0 * * *',
  '@hourly': '0 0 * * * *',
};

const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000 };

/** Parse an expression; `spec` is set only when `problems` is empty. Never throws. */
export function parseCronSyntax(expr: string): { spec?: CronSpec; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  if (typeof expr !== 'string' || expr.trim() === '') {
    return { problems: [{ path: 'expression', rule: 'must be a non-empty cron expression', value: expr }] };
  }
  const tz = /^(?:CRON_TZ|TZ)=(\S*)\s+(.*)$/.exec(expr.trim());
  const zone = tz ? (tz[1] as string) : 'UTC';
  const body = tz ? (tz[2] as string).trim() : expr.trim();
  if (!isTimeZone(zone))
    problems.push({ path: 'CRON_TZ', rule: 'must be an IANA time zone like Asia/Shanghai', value: zone });
  if (body.startsWith('@every')) {
    const periodMs = parseEvery(body, problems);
    return problems.length ? { problems } : { spec: { kind: 'every', expr, zone, periodMs }, problems };
  }
  // Own keys only: a cron body like "toString" must not resolve to Object.prototype.toString.
  const fields = parseFields(Object.hasOwn(DESCRIPTORS, body) ? (DESCRIPTORS[body] as string) : body, problems);
  return fields && !problems.length ? { spec: { kind: 'fields', expr, zone, fields }, problems } : { problems };
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone !== '';
  } catch {
    return false;
  }
}

function parseEvery(body: string, problems: ConfigProblem[]): number {
  const m = /^@every\s+((?:\d+(?:\.\d+)?[hms])+)$/.exec(body);
  if (!m) {
    problems.push({ path: '@every', rule: 'must be a duration of h/m/s parts like 5m or 1h30m', value: body });
    return 0;
  }
  let ms = 0;
  for (const part of (m[1] as string).matchAll(/(\d+(?:\.\d+)?)([hms])/g)) {
    ms += Number(part[1]) * (UNIT_MS[part[2] as string] as number);
  }
  if (ms < 1000 || !Number.isInteger(ms / 1000)) {
    problems.push({ path: '@every', rule: 'must be a whole number of seconds, at least 1s', value: body });
  }
  return ms;
}

function parseFields(body: string, problems: ConfigProblem[]): CronFields | undefined {
  const parts = body.split(/\s+/);
  if (parts.length !== 6) {
    const rule = `must have 6 fields (second minute hour day-of-month month day-of-week), got ${parts.length}`;
    problems.push({ path: 'expression', rule, value: body });
    return undefined;
  }
  const tables = FIELD_DEFS.map((def, i) => parseField(parts[i] as string, def, problems));
  const dow = tables[5] as boolean[];
  if (dow[7]) dow[0] = true;
  return {
    seconds: tables[0] as boolean[],
    minutes: tables[1] as boolean[],
    hours: tables[2] as boolean[],
    daysOfMonth: tables[3] as boolean[],
    months: tables[4] as boolean[],
    daysOfWeek: dow.slice(0, 7),
    domStar: parts[3] === '*' || parts[3] === '?',
    dowStar: parts[5] === '*' || parts[5] === '?',
  };
}

function parseField(text: string, def: FieldDef, problems: ConfigProblem[]): boolean[] {
  const allowed = new Array<boolean>(def.max + 1).fill(false);
  for (const item of text.split(',')) {
    const range = parseItem(item, def, problems);
    if (!range) continue;
    for (let v = range.lo; v <= range.hi; v += range.step) allowed[v] = true;
  }
  return allowed;
}

function parseItem(item: string, def: FieldDef, problems: ConfigProblem[]) {
  const bad = (rule: string) => {
    problems.push({ path: def.name, rule, value: item });
    return undefined;
  };
  const [rangeText = '', stepText, extra] = item.split('/');
  if (extra !== undefined) return bad('has more than one "/"');
  const step = stepText === undefined ? 1 : /^\d+$/.test(stepText) ? Number(stepText) : 0;
  if (step < 1) return bad('step after "/" must be a positive integer');
  if (rangeText === '*' || rangeText === '?') {
    if (rangeText === '?' && !def.question) return bad('"?" is only allowed in day-of-month and day-of-week');
    return { lo: def.min, hi: def.max, step };
  }
  const ends = rangeText.split('-');
  if (ends.length > 2) return bad('a range must be "a-b"');
  const lo = parseValue(ends[0] as string, def);
  const hi = ends.length === 2 ? parseValue(ends[1] as string, def) : stepText === undefined ? lo : def.max;
  if (lo === undefined || hi === undefined) {
    return bad(`values must be ${def.min}–${def.max}${def.names ? ` or ${def.names[0]}–${def.names.at(-1)}` : ''}`);
  }
  if (lo > hi) return bad(`range start ${lo} is after its end ${hi}`);
  return { lo, hi, step };
}

function parseValue(token: string, def: FieldDef): number | undefined {
  const named = def.names?.indexOf(token.toUpperCase()) ?? -1;
  if (named >= 0) return named + (def.namesFrom ?? 0);
  if (!/^\d{1,2}$/.test(token)) return undefined;
  const v = Number(token);
  return v >= def.min && v <= def.max ? v : undefined;
}
