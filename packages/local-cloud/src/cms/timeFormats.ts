/**
 * Time formats CMS accepts: StartTime/EndTime as Unix milliseconds or seconds, `YYYY-MM-DDThh:mm:ssZ` (UTC)
 * or `YYYY-MM-DD hh:mm:ss` (local time of the region), and rule windows `HH:mm-HH:mm` (EffectiveInterval).
 */

/** Offset of China regions (UTC+8): how `YYYY-MM-DD hh:mm:ss` and EffectiveInterval are read by default. */
export const DEFAULT_TZ_OFFSET_MIN = 480;

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Epoch ms of a CMS time parameter, or undefined when the format is not one CMS accepts. */
export function parseCmsTime(text: string, tzOffsetMin = DEFAULT_TZ_OFFSET_MIN): number | undefined {
  const t = text.trim();
  if (/^\d+$/.test(t)) {
    const n = Number(t);
    // 10-digit values are seconds (until year 2286); 13-digit values are milliseconds.
    return t.length <= 10 ? n * 1000 : n;
  }
  const local = LOCAL_RE.exec(t);
  if (local) {
    const [, y, mo, d, h, mi, s] = local.map(Number) as number[];
    const utc = Date.UTC(y as number, (mo as number) - 1, d, h, mi, s);
    return validDate(utc, local) ? utc - tzOffsetMin * 60_000 : undefined;
  }
  if (ISO_RE.test(t)) {
    const ms = Date.parse(t);
    return Number.isFinite(ms) ? ms : undefined;
  }
  return undefined;
}

/** Rejects rollovers such as 2025-02-30 that Date.UTC would silently accept. */
function validDate(utcMs: number, m: RegExpExecArray): boolean {
  const d = new Date(utcMs);
  return d.getUTCMonth() + 1 === Number(m[2]) && d.getUTCDate() === Number(m[3]) && Number(m[4]) < 24;
}

/** Minutes since local midnight [start, end] of an `HH:mm-HH:mm` window, or undefined when malformed. */
export function parseWindow(text: string): { startMin: number; endMin: number } | undefined {
  const m = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const [h1, m1, h2, m2] = m.slice(1).map(Number) as [number, number, number, number];
  if (h1 > 23 || h2 > 23 || m1 > 59 || m2 > 59) return undefined;
  return { startMin: h1 * 60 + m1, endMin: h2 * 60 + m2 };
}

/**
 * Whether `nowMs` falls inside the window (inclusive of the whole end minute, so `00:00-23:59` is all day).
 * A window whose start is after its end wraps midnight (`22:00-06:00`).
 */
export function inWindow(text: string, nowMs: number, tzOffsetMin = DEFAULT_TZ_OFFSET_MIN): boolean {
  const w = parseWindow(text);
  if (!w) return true;
  const dayMin = 24 * 60;
  const minute = (((Math.floor((nowMs + tzOffsetMin * 60_000) / 60_000) % dayMin) + dayMin) % dayMin) as number;
  return w.startMin <= w.endMin
    ? minute >= w.startMin && minute <= w.endMin
    : minute >= w.startMin || minute <= w.endMin;
}
