import { describe, expect, it } from 'vitest';
import { FRESHNESS_DEFAULTS } from '../../../src/core/config/freshnessSchema.js';
import { refuseSignal } from '../../../src/core/events/freshness.js';
import type { Signal } from '../../../src/core/types.js';

const NOW = Date.UTC(2026, 11, 7, 18, 0, 0);
const sig = (over: Partial<Signal> = {}): Signal => ({
  source: 'cms-alarm',
  instanceId: 'i-1',
  atMs: NOW,
  dedupeKey: 'k',
  ...over,
});
const config = { regionId: 'cn-hangzhou' };

describe('refuseSignal', () => {
  it('defaults to 300 s old and 60 s ahead', () => {
    expect(FRESHNESS_DEFAULTS).toEqual({ maxAgeSec: 300, maxAheadSec: 60 });
    expect(refuseSignal(sig({ atMs: NOW - 300_000 }), config, NOW)).toBeUndefined();
    expect(refuseSignal(sig({ atMs: NOW + 60_000 }), config, NOW)).toBeUndefined();
    expect(refuseSignal(sig({ atMs: NOW - 300_001 }), config, NOW)?.reason).toBe('stale');
    expect(refuseSignal(sig({ atMs: NOW + 60_001 }), config, NOW)?.reason).toBe('future');
  });

  it('names the time, the age and the setting', () => {
    expect(refuseSignal(sig({ atMs: Date.UTC(2001, 0, 1) }), config, NOW)?.message).toMatch(
      /^signal stamped 2001-01-01T00:00:00.000Z is \d+ s old, more than freshness.maxAgeSec 300 s/,
    );
    expect(refuseSignal(sig({ atMs: NOW + 120_000 }), config, NOW)?.message).toMatch(/120 s ahead of now/);
  });

  it('an unusable time is refused, never acted on', () => {
    for (const atMs of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])
      expect(refuseSignal(sig({ atMs }), config, NOW)?.reason, String(atMs)).toBe('stale');
    expect(refuseSignal(sig({ atMs: Number.NaN }), config, NOW)?.message).toMatch(/NaN is an unknown time old/);
    // Beyond the Date range: printed as the number.
    expect(refuseSignal(sig({ atMs: 9e15 }), config, NOW)?.message).toMatch(/^signal stamped 9000000000000000 is/);
  });

  it('uses config.freshness when present', () => {
    const strict = { ...config, freshness: { maxAgeSec: 30, maxAheadSec: 0 } };
    expect(refuseSignal(sig({ atMs: NOW - 31_000 }), strict, NOW)?.reason).toBe('stale');
    expect(refuseSignal(sig({ atMs: NOW + 1 }), strict, NOW)?.reason).toBe('future');
  });

  it('refuses another region; accepts the config region or none', () => {
    expect(refuseSignal(sig({ regionId: 'cn-beijing' }), config, NOW)).toEqual({
      reason: 'wrong-region',
      message: 'signal names region cn-beijing, the autoscaler manages cn-hangzhou: not acted on',
    });
    expect(refuseSignal(sig({ regionId: 'cn-hangzhou' }), config, NOW)).toBeUndefined();
    expect(refuseSignal(sig(), config, NOW)).toBeUndefined();
  });

  it('checks CMS alarms, CMS system events and CloudEvents; exempts our own timer signals', () => {
    for (const source of ['cms-alarm', 'cms-event', 'eventbridge'] as const)
      expect(refuseSignal(sig({ source, atMs: 0 }), config, NOW)?.reason).toBe('stale');
    expect(refuseSignal(sig({ source: 'timer', atMs: 0, regionId: 'x' }), config, NOW)).toBeUndefined();
  });
});
