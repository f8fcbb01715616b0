import { describe, expect, it } from 'vitest';
import { configTimeZone, dashboardTimeZone, isTimeZone } from '../../src/dashboard/timeZone.js';
import { dashboardConfig, dashboardGroup } from './fakes.js';

const window = (cron: string) => ({ cron, durationMin: 60 });

describe('the dashboard time zone', () => {
  it('is the first CRON_TZ of the config’s schedules, then maintenance windows', () => {
    const withWindow = dashboardGroup({ maintenanceWindows: [window('CRON_TZ=Europe/Berlin 0 0 2 * * *')] });
    expect(configTimeZone(dashboardConfig([withWindow]))).toBe('Europe/Berlin');
    const scheduled = dashboardGroup({
      name: 'api',
      schedules: [
        { ...window('CRON_TZ=Asia/Shanghai 0 0 9 * * MON-FRI'), name: 'office', priority: 0, set: { minMbps: 10 } },
      ],
    });
    expect(configTimeZone(dashboardConfig([dashboardGroup(), scheduled, withWindow]))).toBe('Asia/Shanghai');
    expect(configTimeZone(dashboardConfig([dashboardGroup()]))).toBeUndefined();
  });

  it('prefers the host’s zone when valid, else the config’s, else UTC', () => {
    const cfg = dashboardConfig([dashboardGroup({ maintenanceWindows: [window('TZ=Asia/Tokyo 0 0 2 * * *')] })]);
    expect(dashboardTimeZone({ config: cfg, timeZone: 'America/New_York' })).toBe('America/New_York');
    expect(dashboardTimeZone({ config: cfg, timeZone: 'Mars/Olympus' })).toBe('Asia/Tokyo');
    expect(dashboardTimeZone({ config: dashboardConfig([dashboardGroup()]) })).toBe('UTC');
  });

  it.each([
    ['Asia/Shanghai', true],
    ['UTC', true],
    ['', false],
    ['Not/AZone', false],
  ])('%s is a zone: %s', (zone, ok) => {
    expect(isTimeZone(zone)).toBe(ok);
  });
});
