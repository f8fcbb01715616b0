/**
 * Recurring windows (schedules and maintenance windows). A window opens at each fire time of its cron
 * expression and stays open for `durationMin` minutes: it is open at `nowMs` when
 * `fire ≤ nowMs < fire + durationMin × 60 000` for some fire. Only the latest fire at or before `nowMs` needs
 * checking: later fires always close later, so if the latest window is closed, every earlier one is too.
 */
import type { SchedulePolicy, WindowSpec } from './config/types.js';
import { nextFire, prevFire } from './cron.js';

const MINUTE_MS = 60_000;

/** One occurrence of a window: opened at the latest fire ≤ now, closes `durationMin` later (exclusive). */
export interface OpenWindow {
  openedMs: number;
  closesMs: number;
}

/** The schedule in force, with the occurrence that made it so. */
export interface ActiveSchedule extends OpenWindow {
  name: string;
  set: SchedulePolicy['set'];
  priority: number;
  /** Position of the schedule in the group's list (file order). */
  index: number;
}

/** The occurrence of `window` open at `nowMs`, or undefined when it is closed. */
export function openOccurrence(window: WindowSpec, nowMs: number): OpenWindow | undefined {
  const openedMs = prevFire(window.cron, nowMs);
  const closesMs = openedMs + window.durationMin * MINUTE_MS;
  return nowMs < closesMs ? { openedMs, closesMs } : undefined;
}

/**
 * The schedule in force at `nowMs`, or undefined. When windows overlap: the highest `priority` wins; on a tie the
 * one that opened last (the most recent intent); on a further tie the one listed first in the file.
 */
export function activeSchedule(schedules: readonly SchedulePolicy[], nowMs: number): ActiveSchedule | undefined {
  let best: ActiveSchedule | undefined;
  schedules.forEach((schedule, index) => {
    const open = openOccurrence(schedule, nowMs);
    if (!open) return;
    const candidate = { name: schedule.name, set: schedule.set, priority: schedule.priority, index, ...open };
    if (!best || outranks(candidate, best)) best = candidate;
  });
  return best;
}

function outranks(a: ActiveSchedule, b: ActiveSchedule): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  if (a.openedMs !== b.openedMs) return a.openedMs > b.openedMs;
  return a.index < b.index;
}

/** True when any of `windows` is open at `nowMs` (false for an empty list). */
export function inWindow(windows: readonly WindowSpec[], nowMs: number): boolean {
  return windows.some((w) => openOccurrence(w, nowMs) !== undefined);
}

/**
 * The earliest instant ≥ `nowMs` at which one of `windows` is open: `nowMs` itself when one is open now,
 * otherwise the next opening; undefined for an empty list.
 */
export function nextWindowOpen(windows: readonly WindowSpec[], nowMs: number): number | undefined {
  if (windows.length === 0) return undefined;
  if (inWindow(windows, nowMs)) return nowMs;
  return Math.min(...windows.map((w) => nextFire(w.cron, nowMs)));
}

/** When the window open at `nowMs` closes (the latest close among open windows), or undefined when none is open. */
export function windowClosesAt(windows: readonly WindowSpec[], nowMs: number): number | undefined {
  const closes = windows.flatMap((w) => openOccurrence(w, nowMs)?.closesMs ?? []);
  return closes.length ? Math.max(...closes) : undefined;
}
