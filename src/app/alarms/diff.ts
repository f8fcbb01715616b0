/**
 * Desired rules vs the rules CloudMonitor has (pure): what to create, update and delete so that the account
 * holds exactly the rules the config implies. Only rules whose id carries the autoscaler's prefix are ever
 * touched, so operators' own rules survive. Equal in every managed field → unchanged, so a second run changes
 * nothing.
 */
import type { AlarmRule } from '../../ports/AlarmRulesApi.js';
import { type DesiredRule, RULE_ID_PREFIX } from './plan.js';

export interface RuleUpdate {
  desired: DesiredRule;
  existing: AlarmRule;
  /** Names of the managed fields that differ, e.g. `['escalations', 'webhook']`. */
  changed: string[];
}

export interface RuleDiff {
  create: DesiredRule[];
  update: RuleUpdate[];
  /** Autoscaler rules no longer implied by the config (instance unmanaged, policy removed). */
  delete: AlarmRule[];
  unchanged: DesiredRule[];
}

function escalationsKey(escalations: AlarmRule['escalations']): string {
  const levels = Object.entries(escalations)
    .filter(([, e]) => e !== undefined)
    .map(([level, e]) => [level, e?.statistics, e?.comparisonOperator, Number(e?.threshold), Number(e?.times)]);
  return JSON.stringify(levels.sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1)));
}

function resourcesKey(resources: readonly Record<string, string>[]): string {
  // Key order inside one object is irrelevant to CMS; compare canonically.
  const canonical = resources.map((r) => Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : 1))));
  return JSON.stringify(canonical);
}

function labelsKey(labels: Readonly<Record<string, string>>): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** CMS lists a rule put without EffectiveInterval as `00:00-23:59`: the same thing. */
function effectiveKey(interval: string | undefined): string {
  return !interval || interval === '00:00-23:59' ? 'always' : interval;
}

/** Each managed field with how it is compared. */
const FIELDS: readonly [string, (r: AlarmRule) => string | number][] = [
  ['ruleName', (r) => r.ruleName],
  ['namespace', (r) => r.namespace],
  ['metricName', (r) => r.metricName],
  ['resources', (r) => resourcesKey(r.resources)],
  ['escalations', (r) => escalationsKey(r.escalations)],
  ['periodSec', (r) => Number(r.periodSec)],
  ['silenceTimeSec', (r) => Number(r.silenceTimeSec)],
  ['webhook', (r) => r.webhook ?? ''],
  ['effectiveInterval', (r) => effectiveKey(r.effectiveInterval)],
  ['contactGroups', (r) => r.contactGroups],
  ['labels', (r) => labelsKey(r.labels)],
];

/** The managed fields in which two rules differ (empty = equal). */
export function changedFields(desired: AlarmRule, existing: AlarmRule): string[] {
  return FIELDS.filter(([, key]) => key(desired) !== key(existing)).map(([name]) => name);
}

/** Plan the changes; `existing` may contain any rules of the account (foreign ones are ignored). */
export function diffRules(desired: readonly DesiredRule[], existing: readonly AlarmRule[]): RuleDiff {
  const ours = new Map(existing.filter((r) => r.ruleId.startsWith(RULE_ID_PREFIX)).map((r) => [r.ruleId, r]));
  const diff: RuleDiff = { create: [], update: [], delete: [], unchanged: [] };
  const wanted = new Set<string>();
  for (const d of desired) {
    wanted.add(d.ruleId);
    const e = ours.get(d.ruleId);
    if (!e) {
      diff.create.push(d);
      continue;
    }
    const changed = changedFields(d, e);
    if (changed.length === 0) diff.unchanged.push(d);
    else diff.update.push({ desired: d, existing: e, changed });
  }
  for (const e of ours.values()) if (!wanted.has(e.ruleId)) diff.delete.push(e);
  diff.delete.sort((a, b) => (a.ruleId < b.ruleId ? -1 : 1));
  return diff;
}
