/** Words for forecasts: period names and UTC clock times of slots. */
import { DAY_SEC } from './types.js';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** `daily` (86400 s), `weekly` (604800 s), else `N s`. */
export function periodName(periodSec: number): string {
  if (periodSec === DAY_SEC) return 'daily';
  if (periodSec === 7 * DAY_SEC) return 'weekly';
  return `${periodSec} s`;
}

/** `10:15` (UTC); with the weekday for a weekly period: `Mon 10:15`. */
export function clock(ms: number, periodSec = DAY_SEC): string {
  const d = new Date(ms);
  const hhmm = d.toISOString().slice(11, 16);
  return periodSec > DAY_SEC ? `${WEEKDAYS[d.getUTCDay()]} ${hhmm}` : hhmm;
}

/** `0.62` */
export function score2(score: number): string {
  return score.toFixed(2);
}
