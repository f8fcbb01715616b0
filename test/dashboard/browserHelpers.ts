/** Helpers of the dashboard's browser test (test/e2e/dashboard.test.ts). */
import type { MetricPoint } from '../../src/core/types.js';

/** A constant series at `periodSec` steps in (startMs, endMs] (maximum 4 % above the average). */
export function flatSeries(startMs: number, endMs: number, periodSec: number, value: number): MetricPoint[] {
  const out: MetricPoint[] = [];
  const step = periodSec * 1000;
  for (let t = Math.ceil((startMs + 1) / step) * step; t <= endMs; t += step) {
    out.push({ timestampMs: t, average: value, maximum: value * 1.04, minimum: value * 0.9 });
  }
  return out;
}

const SHANGHAI = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** `2026-12-07 10:41:00`: an instant as the page must show it, in Asia/Shanghai (Swedish dates are ISO). */
export function inShanghai(ms: number): string {
  return SHANGHAI.format(ms);
}
