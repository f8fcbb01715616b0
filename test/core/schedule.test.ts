import { describe, expect, it } from 'vitest';
import type { SchedulePolicy, WindowSpec } from '../../src/core/config/types.js';
import { activeSchedule, inWindow, nextWindowOpen, openOccurrence, windowClosesAt } from '../../src/core/schedule.js';

const utc = (iso: string) => Date.parse(iso);

const sched = (name: string, cron: string, durationMin: number, priority = 0, set: SchedulePolicy['set'] = {}) => ({
  name,
  cron,
  durationMin,
  priority,
  set: { bandwidthMbps: 10, ...set },
});

// Weekdays 09:00–19:00 Shanghai = 01:00–11:00 UTC.
const office = sched('office', 'CRON_TZ=Asia/Shanghai 0 0 9 * * MON-FRI', 600, 0, { bandwidthMbps: 20 });
// Every day 12:00–14:00 Shanghai = 04:00–06:00 UTC, same priority.
const lunch = sched('lunch', 'CRON_TZ=Asia/Shanghai 0 0 12 * * *', 120, 0, { bandwidthMbps: 40 });
// Month-end sale, high priority, all day (Shanghai).
const sale = sched('sale', 'CRON_TZ=Asia/Shanghai 0 0 0 28-31 * *', 1440, 10, { maxMbps: 100 });

describe('openOccurrence', () => {
  it.each([
    ['2024-01-08T00:59:59Z', undefined],
    ['2024-01-08T01:00:00Z', ['2024-01-08T01:00:00Z', '2024-01-08T11:00:00Z']], // opens inclusive
    ['2024-01-08T10:59:59Z', ['2024-01-08T01:00:00Z', '2024-01-08T11:00:00Z']],
    ['2024-01-08T11:00:00Z', undefined], // closes exclusive
    ['2024-01-06T05:00:00Z', undefined], // Saturday
  ])('office window at %s → %j', (now, expected) => {
    const open = openOccurrence(office, utc(now));
    expect(open).toEqual(
      expected ? { openedMs: utc(expected[0] as string), closesMs: utc(expected[1] as string) } : undefined,
    );
  });

  it('a window longer than its period stays open through the next fire (the latest fire decides)', () => {
    const everyHourFor90 = { cron: '0 0 * * * *', durationMin: 90 };
    expect(openOccurrence(everyHourFor90, utc('2024-01-01T10:15:00Z'))).toEqual({
      openedMs: utc('2024-01-01T10:00:00Z'),
      closesMs: utc('2024-01-01T11:30:00Z'),
    });
  });
});

describe('activeSchedule: overlap rule', () => {
  it.each([
    // [description, schedules, now, expected name]
    ['none open', [office, lunch], '2024-01-06T07:00:00Z', undefined],
    ['only office open', [office, lunch], '2024-01-08T02:00:00Z', 'office'],
    [
      'tie on priority: the one that opened last wins (lunch opened after office)',
      [office, lunch],
      '2024-01-08T05:00:00Z',
      'lunch',
    ],
    ['same, independent of file order', [lunch, office], '2024-01-08T05:00:00Z', 'lunch'],
    ['higher priority wins even though it opened earlier', [office, lunch, sale], '2024-01-29T05:00:00Z', 'sale'],
    ['lunch alone on a Saturday', [office, lunch], '2024-01-06T05:00:00Z', 'lunch'],
  ])('%s', (_label, schedules, now, expected) => {
    expect(activeSchedule(schedules as SchedulePolicy[], utc(now as string))?.name).toBe(expected);
  });

  it('a full tie (same priority, same opening) goes to the first in file order', () => {
    const a = sched('a', '0 0 9 * * *', 60, 5);
    const b = sched('b', '0 0 9 * * *', 120, 5);
    expect(activeSchedule([a, b], utc('2024-01-01T09:30:00Z'))?.name).toBe('a');
    expect(activeSchedule([b, a], utc('2024-01-01T09:30:00Z'))?.name).toBe('b');
  });

  it('returns what the schedule sets and the occurrence that made it active', () => {
    expect(activeSchedule([office, lunch], utc('2024-01-08T05:00:00Z'))).toEqual({
      name: 'lunch',
      set: { bandwidthMbps: 40 },
      priority: 0,
      index: 1,
      openedMs: utc('2024-01-08T04:00:00Z'),
      closesMs: utc('2024-01-08T06:00:00Z'),
    });
  });

  it('is undefined for no schedules', () => {
    expect(activeSchedule([], 0)).toBeUndefined();
  });
});

describe('maintenance windows', () => {
  // Nightly 02:00–05:00 Shanghai = 18:00–21:00 UTC the previous day.
  const nightly: WindowSpec = { cron: 'CRON_TZ=Asia/Shanghai 0 0 2 * * *', durationMin: 180 };
  const sunday: WindowSpec = { cron: '0 0 12 * * SUN', durationMin: 60 };

  it.each([
    ['2024-01-01T17:59:59Z', false],
    ['2024-01-01T18:00:00Z', true],
    ['2024-01-01T20:59:59Z', true],
    ['2024-01-01T21:00:00Z', false],
  ])('inWindow(nightly) at %s = %s', (now, expected) => {
    expect(inWindow([nightly], utc(now))).toBe(expected);
  });

  it('inWindow is false for an empty list and true when any window is open', () => {
    expect(inWindow([], utc('2024-01-07T12:30:00Z'))).toBe(false);
    expect(inWindow([nightly, sunday], utc('2024-01-07T12:30:00Z'))).toBe(true);
  });

  it.each([
    ['open now → now', '2024-01-01T19:00:00Z', '2024-01-01T19:00:00Z'],
    ['closed → the next opening', '2024-01-01T21:00:00Z', '2024-01-02T18:00:00Z'],
    ['the earliest of several windows', '2024-01-07T11:00:00Z', '2024-01-07T12:00:00Z'],
  ])('nextWindowOpen: %s', (_label, now, expected) => {
    expect(nextWindowOpen([nightly, sunday], utc(now))).toBe(utc(expected));
  });

  it('nextWindowOpen is undefined without windows', () => {
    expect(nextWindowOpen([], 0)).toBeUndefined();
  });

  it('windowClosesAt gives the latest close among open windows', () => {
    const long: WindowSpec = { cron: 'CRON_TZ=Asia/Shanghai 0 0 2 * * *', durationMin: 240 };
    expect(windowClosesAt([nightly, long], utc('2024-01-01T19:00:00Z'))).toBe(utc('2024-01-01T22:00:00Z'));
    expect(windowClosesAt([nightly], utc('2024-01-01T22:00:00Z'))).toBeUndefined();
  });
});
