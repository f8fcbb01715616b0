// A CMS alarm's dedupe key is its identity and the hour of its timestamp (issue 14, finding 2): CMS's retries
// repeat the timestamp; a replay with a new timestamp in the same hour is the same key.
import { describe, expect, it } from 'vitest';
import { cmsAlarmToSignal, parseCmsAlarm } from '../../../src/core/events/cmsAlarm.js';

const H = Date.UTC(2026, 11, 7, 18, 0, 0);
const key = (over: Record<string, unknown>) =>
  cmsAlarmToSignal(
    parseCmsAlarm({
      alertState: 'ALERT',
      triggerLevel: 'CRITICAL',
      transId: 't-1',
      dimensions: '{instanceId=i-1}',
      timestamp: H + 10_000,
      ...over,
    }),
  ).dedupeKey;

describe('CMS dedupe key', () => {
  it('is the same for a replay with any timestamp in the same clock hour (seconds or milliseconds)', () => {
    const k = key({});
    expect(k).toBe(`cms:t-1:ALERT:CRITICAL:h${H / 3_600_000}`);
    expect(key({ timestamp: H })).toBe(k);
    expect(key({ timestamp: H + 3_599_999 })).toBe(k);
    expect(key({ timestamp: Math.floor((H + 1_800_000) / 1000) })).toBe(k);
  });

  it('differs for another hour (a re-notification after SilenceTime ≥ 3600 s), state, level or alarm', () => {
    const k = key({});
    for (const over of [
      { timestamp: H + 3_600_000 },
      { timestamp: H - 1 },
      { alertState: 'OK', triggerLevel: 'OK' },
      { triggerLevel: 'WARN' },
      { transId: 't-2' },
    ])
      expect(key(over), JSON.stringify(over)).not.toBe(k);
  });

  it('carries the region the callback names', () => {
    const parsed = (regionId: string) =>
      cmsAlarmToSignal(parseCmsAlarm({ alertState: 'OK', dimensions: '{instanceId=i-1}', timestamp: H, regionId }));
    expect(parsed('cn-beijing').regionId).toBe('cn-beijing');
    expect(parsed('null').regionId).toBeUndefined();
  });
});
