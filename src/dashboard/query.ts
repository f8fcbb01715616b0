/**
 * Query-string parsing for the API: every bad value is rejected with a message that names the parameter,
 * the rule and the value (InvalidEventError → HTTP 400).
 */
import { InvalidEventError } from '../core/errors.js';
import { type AuditCursor, parseCursor } from './auditPages.js';

/** An integer parameter in [min, max]; `fallback` when absent or empty. */
export function intParam(
  query: Record<string, string>,
  name: string,
  range: { min: number; max: number },
  fallback: number,
): number;
export function intParam(
  query: Record<string, string>,
  name: string,
  range: { min: number; max: number },
): number | undefined;
export function intParam(
  query: Record<string, string>,
  name: string,
  range: { min: number; max: number },
  fallback?: number,
): number | undefined {
  const raw = query[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < range.min || value > range.max) {
    throw new InvalidEventError(
      `query parameter ${name} must be an integer between ${range.min} and ${range.max} (got ${JSON.stringify(raw)})`,
    );
  }
  return value;
}

/** A boolean flag: `1`/`true` or `0`/`false`; `fallback` when absent. */
export function flagParam(query: Record<string, string>, name: string, fallback: boolean): boolean {
  const raw = query[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === '1' || raw === 'true') return true;
  if (raw === '0' || raw === 'false') return false;
  throw new InvalidEventError(`query parameter ${name} must be 1, true, 0 or false (got ${JSON.stringify(raw)})`);
}

/** Epoch ms bounds accepted for `before` / `since`: 0 … year 9999. */
export const EPOCH_MS_RANGE = { min: 0, max: 253_402_300_799_999 };

/** An audit paging cursor: epoch ms, or the `nextBefore` a previous page returned (`<ms>:<seq>`). */
export function cursorParam(query: Record<string, string>, name: string): AuditCursor | undefined {
  const raw = query[name];
  if (raw === undefined || raw === '') return undefined;
  const cursor = parseCursor(raw);
  if (!cursor) {
    throw new InvalidEventError(
      `query parameter ${name} must be epoch milliseconds or a nextBefore cursor (got ${JSON.stringify(raw)})`,
    );
  }
  return cursor;
}
