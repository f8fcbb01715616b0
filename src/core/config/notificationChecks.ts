/** Cross-field rules of the `notifications` section (pure; attached with `.refine` in notificationSchema.ts). */
import type { ConfigProblem } from '../errors.js';
import { childPath } from '../schema/index.js';
import type { NotificationSink, NotificationsConfig } from './types.js';

type Problems = ConfigProblem[];

export function checkSink(sink: NotificationSink, path: string, problems: Problems): void {
  const hasUrl = sink.url !== undefined;
  const hasUrlEnv = sink.urlEnv !== undefined;
  if (hasUrl === hasUrlEnv) {
    const rule = hasUrl ? 'set url or urlEnv, not both' : 'url or urlEnv is required';
    problems.push({ path: childPath(path, 'url'), rule });
  }
  if (sink.secret !== undefined && sink.secretEnv !== undefined) {
    problems.push({ path: childPath(path, 'secret'), rule: 'set secret or secretEnv, not both' });
  }
  const signed = sink.secret !== undefined || sink.secretEnv !== undefined;
  if (signed && (sink.kind === 'wecom' || sink.kind === 'slack')) {
    problems.push({
      path: childPath(path, 'secret'),
      rule: `a ${sink.kind} webhook is not signed (its URL is the secret): remove secret/secretEnv`,
    });
  }
  if (sink.url && sink.kind === 'wecom' && !/[?&]key=[^&]+/.test(sink.url)) {
    problems.push({
      path: childPath(path, 'url'),
      rule: 'a WeCom robot URL must carry its key (…/webhook/send?key=…)',
    });
  }
  if (sink.events.length === 0) {
    problems.push({ path: childPath(path, 'events'), rule: 'must list at least one event (or remove the sink)' });
  }
}

/** Sink names unique; a sink's groups must name groups of the config (checked by checkNotificationGroups). */
export function checkNotifications(n: NotificationsConfig, path: string, problems: Problems): void {
  const seen = new Map<string, number>();
  n.sinks.forEach((sink, i) => {
    const first = seen.get(sink.name);
    if (first !== undefined) {
      problems.push({
        path: childPath(childPath(childPath(path, 'sinks'), i), 'name'),
        rule: `duplicate sink name (also sinks[${first}])`,
        value: sink.name,
      });
    } else seen.set(sink.name, i);
  });
}

/** A sink's `groups` must be names of groups in the config (a typo would silence it). */
export function checkNotificationGroups(
  n: NotificationsConfig | undefined,
  groupNames: readonly string[],
  problems: Problems,
): void {
  if (!n) return;
  n.sinks.forEach((sink, i) => {
    sink.groups.forEach((g, j) => {
      if (!groupNames.includes(g)) {
        problems.push({
          path: `notifications.sinks[${i}].groups[${j}]`,
          rule: `is not a group of this config (${groupNames.join(', ')})`,
          value: g,
        });
      }
    });
  });
}
