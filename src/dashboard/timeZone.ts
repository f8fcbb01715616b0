/**
 * The time zone the dashboard shows times in, by name (`Asia/Shanghai`): the one the host passes
 * (`DashboardDeps.timeZone`), else the zone the operator already wrote in the config — the first `CRON_TZ=` of a
 * schedule or maintenance window — else UTC. The API keeps epoch milliseconds; only the page formats them.
 */
import type { Config } from '../core/config/types.js';

/** Whether `zone` is an IANA zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  if (zone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The first `CRON_TZ=`/`TZ=` zone of the config's schedules, then its maintenance windows, group by group. */
export function configTimeZone(config: Config): string | undefined {
  for (const group of config.groups) {
    for (const window of [...group.schedules, ...group.maintenanceWindows]) {
      const zone = /^(?:CRON_TZ|TZ)=(\S+)\s/.exec(window.cron.trim())?.[1];
      if (zone !== undefined && isTimeZone(zone)) return zone;
    }
  }
  return undefined;
}

/** The zone to show: the host's when valid, else the config's, else UTC. */
export function dashboardTimeZone(deps: { config: Config; timeZone?: string }): string {
  if (deps.timeZone !== undefined && isTimeZone(deps.timeZone)) return deps.timeZone;
  return configTimeZone(deps.config) ?? 'UTC';
}
