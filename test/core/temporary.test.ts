import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  activeTemporaryUpgrade,
  formatEndTime,
  formatStartTime,
  parseTemporaryTime,
  temporaryUpgradeAfter,
  temporaryWindow,
  usesTemporaryUpgrade,
} from '../../src/core/temporary.js';
import type { BandwidthAction } from '../../src/core/types.js';
import { HOUR, state, T0 } from './builders.js';

describe('temporaryWindow', () => {
  it.each([
    ['on the minute → the next minute', T0, 3, '2024-05-01T10:01Z', '2024-05-01T14:00Z'],
    ['mid-minute rounds up', T0 + 30_000, 3, '2024-05-01T10:01Z', '2024-05-01T14:00Z'],
    ['end exactly on the hour stays', T0 - 60_000, 3, '2024-05-01T10:00Z', '2024-05-01T13:00Z'],
    ['fewer than 3 hours are raised to 3', T0 + 20 * 60_000, 1, '2024-05-01T10:21Z', '2024-05-01T14:00Z'],
    ['longer windows', T0 + 59 * 60_000, 6, '2024-05-01T11:00Z', '2024-05-01T17:00Z'],
    ['crosses midnight', Date.UTC(2024, 11, 31, 22, 30), 3, '2024-12-31T22:31Z', '2025-01-01T02:00Z'],
  ])('%s', (_name, nowMs, hours, start, end) => {
    const w = temporaryWindow(nowMs, hours);
    expect([w.startTime, w.endTime]).toEqual([start, end]);
    expect(parseTemporaryTime(w.startTime)).toBe(w.startMs);
    expect(parseTemporaryTime(w.endTime)).toBe(w.endMs);
  });

  it('always starts after now, ends on an hour, and lasts at least the hours asked (1,000 runs)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4e12 }), fc.integer({ min: 0, max: 48 }), (nowMs, hours) => {
        const w = temporaryWindow(nowMs, hours);
        expect(w.startMs).toBeGreaterThan(nowMs);
        expect(w.startMs - nowMs).toBeLessThanOrEqual(60_000);
        expect(w.endMs % HOUR).toBe(0);
        expect(w.endMs - w.startMs).toBeGreaterThanOrEqual(Math.max(3, hours) * HOUR);
        expect(w.endMs - w.startMs).toBeLessThan(Math.max(3, hours) * HOUR + HOUR);
        expect(w.startTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z$/);
        expect(w.endTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:00Z$/);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('formatting and parsing', () => {
  it.each([
    [formatStartTime(T0 + 59_999), '2024-05-01T10:00Z'],
    [formatEndTime(T0 + 59 * 60_000), '2024-05-01T10:00Z'],
  ])('%s = %s', (actual, expected) => {
    expect(actual).toBe(expected);
  });

  it.each([
    '2024-05-01T10:00:00Z',
    '2024-13-01T10:00Z',
    '2024-02-30T10:00Z',
    '2024-05-01T24:00Z',
    '2024-05-01T10:60Z',
    'x',
    '2024-00-01T10:00Z',
    '2024-05-00T10:00Z',
  ])('rejects %s', (text) => {
    expect(parseTemporaryTime(text)).toBeUndefined();
  });
});

describe('usesTemporaryUpgrade', () => {
  it.each([
    ['auto', 'PrePaid', true],
    ['always', 'PrePaid', true],
    ['never', 'PrePaid', false],
    ['auto', 'PostPaid', false],
    ['always', 'PostPaid', false],
  ] as const)('%s on %s → %s', (mode, charge, expected) => {
    expect(usesTemporaryUpgrade({ temporaryUpgrade: mode }, { instanceChargeType: charge })).toBe(expected);
  });
});

describe('activeTemporaryUpgrade / temporaryUpgradeAfter', () => {
  const upgrade = { baselineMbps: 10, upgradedMbps: 20, endMs: T0 + HOUR, actionKey: 'bw-old' };
  const action: BandwidthAction = {
    kind: 'bandwidth',
    instanceId: 'i-1',
    direction: 'up',
    fromMbps: 20,
    toMbps: 30,
    allocatePublicIp: false,
    temporary: { startTime: '2024-05-01T10:01Z', endTime: '2024-05-01T14:00Z' },
    clientToken: 'as-x',
    actionKey: 'bw-new',
  };

  it.each([
    [undefined, T0, undefined],
    [upgrade, T0, upgrade],
    [upgrade, T0 + HOUR, undefined],
  ])('%# active', (temporaryUpgrade, nowMs, expected) => {
    expect(activeTemporaryUpgrade(state({ temporaryUpgrade }), nowMs)).toEqual(expected);
  });

  it.each([
    ['an extension keeps the baseline', upgrade, 10],
    ['a fresh upgrade starts from the current bandwidth', undefined, 20],
  ])('%s', (_name, temporaryUpgrade, baselineMbps) => {
    expect(temporaryUpgradeAfter(action, state({ temporaryUpgrade }), T0)).toEqual({
      baselineMbps,
      upgradedMbps: 30,
      endMs: Date.UTC(2024, 4, 1, 14),
      actionKey: 'bw-new',
    });
  });

  it('is undefined for a permanent change', () => {
    const { temporary: _, ...permanent } = action;
    expect(temporaryUpgradeAfter(permanent, state(), T0)).toBeUndefined();
  });
});
