/**
 * Timestamp parsing for trace files. `Date.parse` reads a zone-less date-time as *local* time, which would
 * make a simulation depend on the machine's zone, so date-times are parsed by hand with an explicit zone.
 */

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const EPOCH = /^\d+(\.\d+)?$/;

/** Epoch values at or above this are milliseconds (1e11 s is the year 5138; 1e11 ms is 1973). */
const EPOCH_MS_THRESHOLD = 1e11;

/** How the timestamps of one file are written. Decided from its first data row, then required of every row. */
export type TimestampKind = 'epoch-s' | 'epoch-ms' | 'datetime';

/** The kind of one timestamp text, or undefined when it is not a timestamp. */
export function timestampKind(text: string): TimestampKind | undefined {
  const t = text.trim();
  if (EPOCH.test(t)) return Number(t) >= EPOCH_MS_THRESHOLD ? 'epoch-ms' : 'epoch-s';
  return DATE_TIME.test(t) ? 'datetime' : undefined;
}

/** True when `text` has NAB's exact shape `YYYY-MM-DD HH:MM:SS` (no zone). */
export function isNabDateTime(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text.trim());
}

function zoneOffsetMin(zone: string | undefined, defaultOffsetMin: number): number {
  if (zone === undefined) return defaultOffsetMin;
  if (zone.toUpperCase() === 'Z') return 0;
  const digits = zone.replace(':', '');
  const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
  return digits.startsWith('-') ? -minutes : minutes;
}

/**
 * Parse one timestamp of the given kind to epoch ms. Zone-less date-times are read at `defaultOffsetMin`
 * minutes east of UTC (0 for UTC, −240 for EDT). Returns undefined for text that is not of that kind or
 * names an impossible date.
 */
export function parseTimestamp(text: string, kind: TimestampKind, defaultOffsetMin = 0): number | undefined {
  const t = text.trim();
  if (kind !== 'datetime') {
    if (!EPOCH.test(t)) return undefined;
    return kind === 'epoch-ms' ? Number(t) : Number(t) * 1000;
  }
  const m = DATE_TIME.exec(t);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((v) => Number(v ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  const fractionMs = m[7] ? Math.round(Number(m[7]) * 1000) : 0;
  const utcMs = Date.UTC(year, month - 1, day, hour, minute, second) + fractionMs;
  // Date.UTC rolls 31 February over into March; a round trip catches such impossible dates.
  if (new Date(utcMs).getUTCDate() !== day) return undefined;
  return utcMs - zoneOffsetMin(m[8], defaultOffsetMin) * 60_000;
}
