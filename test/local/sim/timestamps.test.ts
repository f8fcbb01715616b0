// Timestamp parsing: explicit zones, epoch seconds vs milliseconds, impossible dates.
import { describe, expect, it } from 'vitest';
import { isNabDateTime, parseTimestamp, timestampKind } from '../../../src/local/sim/timestamps.js';

describe('timestampKind', () => {
  it.each([
    ['1372629804', 'epoch-s'],
    ['1372629804000', 'epoch-ms'],
    ['1372629804.5', 'epoch-s'],
    ['2014-05-14 01:14:00', 'datetime'],
    ['2014-05-14T01:14:00Z', 'datetime'],
    ['2014-05-14T01:14+08:00', 'datetime'],
    ['2014-05-14', 'datetime'],
    ['timestamp', undefined],
    ['14/05/2014 01:14', undefined],
  ])('%s is %s', (text, kind) => {
    expect(timestampKind(text)).toBe(kind);
  });
});

describe('parseTimestamp', () => {
  it.each([
    ['1372629804', 'epoch-s', 0, 1_372_629_804_000],
    ['1372629804123', 'epoch-ms', 0, 1_372_629_804_123],
    ['2014-05-14 01:14:00', 'datetime', 0, Date.UTC(2014, 4, 14, 1, 14)],
    ['2014-05-14T01:14:00.250Z', 'datetime', 0, Date.UTC(2014, 4, 14, 1, 14, 0, 250)],
    ['2014-05-14T09:14:00+08:00', 'datetime', 0, Date.UTC(2014, 4, 14, 1, 14)],
    ['2014-05-14T01:14:00-0400', 'datetime', 0, Date.UTC(2014, 4, 14, 5, 14)],
    // A zone-less time in a file of EDT local times (UTC−4) is 4 hours later in UTC.
    ['2019-07-01 00:05:00', 'datetime', -240, Date.UTC(2019, 6, 1, 4, 5)],
    ['2014-05-14', 'datetime', 0, Date.UTC(2014, 4, 14)],
  ] as const)('%s (%s, offset %d min) → %d', (text, kind, offset, expected) => {
    expect(parseTimestamp(text, kind, offset)).toBe(expected);
  });

  it.each([
    ['2014-02-30 00:00:00', 'datetime'],
    ['2014-13-01 00:00:00', 'datetime'],
    ['2014-01-01 24:00:00', 'datetime'],
    ['2014-01-01 00:00:00', 'epoch-s'],
    ['12345', 'datetime'],
  ] as const)('%s is not a valid %s', (text, kind) => {
    expect(parseTimestamp(text, kind)).toBeUndefined();
  });

  it('recognises only the exact NAB shape', () => {
    expect(isNabDateTime('2014-05-14 01:14:00')).toBe(true);
    expect(isNabDateTime('2014-05-14T01:14:00')).toBe(false);
    expect(isNabDateTime('2014-05-14 01:14')).toBe(false);
  });
});
