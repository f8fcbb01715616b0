/**
 * Typed readers for the flat string parameters of the RPC wire format (`Tag.1.Key`, `InstanceId.2` …).
 * Each reader throws the platform's error for a malformed value, naming the parameter.
 */
import { EcsErrors } from './errors.js';

export type Params = Record<string, string>;

export function required(p: Params, name: string): string {
  const v = p[name];
  if (v === undefined || v === '') throw EcsErrors.missing(name);
  return v;
}

export function bool(p: Params, name: string, fallback = false): boolean {
  const v = p[name];
  if (v === undefined || v === '') return fallback;
  if (v === 'true' || v === 'false') return v === 'true';
  throw EcsErrors.invalidParameter(name, v);
}

/** An integer parameter, or undefined when absent. Bounds are checked by the caller's own rule. */
export function int(p: Params, name: string): number | undefined {
  const v = p[name];
  if (v === undefined || v === '') return undefined;
  if (!/^-?\d+$/.test(v)) throw EcsErrors.invalidParameter(name, v);
  return Number(v);
}

export function intInRange(p: Params, name: string, min: number, max: number, fallback: number): number {
  const v = int(p, name) ?? fallback;
  if (v < min || v > max) throw EcsErrors.invalidParameter(name, `${v} (allowed ${min}-${max})`);
  return v;
}

/** `Name.1`, `Name.2` … in order of N (1-based, gaps ignored). */
export function list(p: Params, name: string): string[] {
  const re = new RegExp(`^${name.replace('.', '\\.')}\\.(\\d+)$`);
  return Object.entries(p)
    .map(([k, v]) => [re.exec(k)?.[1], v] as const)
    .filter((e): e is readonly [string, string] => e[0] !== undefined)
    .sort((a, b) => Number(a[0]) - Number(b[0]))
    .map(([, v]) => v);
}

/** `Tag.N.Key` / `Tag.N.Value` pairs. */
export function tags(p: Params): { key: string; value: string | undefined }[] {
  const out: { key: string; value: string | undefined }[] = [];
  for (let n = 1; n <= 20; n++) {
    const key = p[`Tag.${n}.Key`];
    if (key !== undefined) out.push({ key, value: p[`Tag.${n}.Value`] });
  }
  return out;
}

const MINUTE_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})Z$/;
const HOUR_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})Z$/;
const SECOND_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?Z$/;

function utc(m: RegExpExecArray): number | undefined {
  const [y, mo, d, h, mi = '0', s = '0'] = m.slice(1).map((x) => x ?? '0');
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const back = new Date(ms);
  // Reject impossible dates such as 2025-02-30 that Date.UTC silently rolls over.
  return back.getUTCDate() === Number(d) && back.getUTCHours() === Number(h) ? ms : undefined;
}

/** `yyyy-MM-ddTHH:mmZ` (UTC, minute precision) → epoch ms, or undefined when malformed. */
export function parseMinuteTime(v: string): number | undefined {
  const m = MINUTE_RE.exec(v);
  return m ? utc(m) : undefined;
}

/** `yyyy-MM-ddTHHZ` (UTC, hour precision) → epoch ms, or undefined when malformed. */
export function parseHourTime(v: string): number | undefined {
  const m = HOUR_RE.exec(v);
  return m ? utc(m) : undefined;
}

/** `yyyy-MM-ddTHH:mm[:ss]Z` (UTC) → epoch ms, or undefined when malformed. */
export function parseUtcTime(v: string): number | undefined {
  const m = SECOND_RE.exec(v);
  return m ? utc(m) : undefined;
}

/** ECS renders times as `yyyy-MM-ddTHH:mmZ`. */
export function formatMinuteTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16)}Z`;
}
