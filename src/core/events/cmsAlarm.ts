/**
 * CloudMonitor threshold-alarm callbacks (reference/alibaba-platform.md §1.1): form-urlencoded (or a JSON
 * variant) with `dimensions` in the `{k=v, …}` map style or as JSON, timestamps in seconds or milliseconds,
 * literal `null` strings, and fields that may be added at any time (tolerated).
 */
import { bandwidthRuleInstance } from '../alarmRules.js';
import { InvalidEventError } from '../errors.js';
import type { AlertLevel, AlertState, Signal } from '../types.js';

/** The callback's fields we use, after normalisation (`null` strings become undefined). */
export interface CmsAlarm {
  alertName?: string;
  alertState: AlertState;
  curValue?: number;
  dimensions: Record<string, string>;
  expression?: string;
  metricName?: string;
  rawMetricName?: string;
  namespace?: string;
  metricProject?: string;
  regionId?: string;
  ruleId?: string;
  timestampMs: number;
  transId?: string;
  triggerLevel?: string;
  userId?: string;
}

/** What one request body becomes: a Signal, or `ignored` with why (answered 200: not ours, CMS must not retry). */
export type ParsedSignal = { kind: 'signal'; signal: Signal } | { kind: 'ignored'; reason: string };

const ECS_NAMESPACES = new Set(['acs_ecs', 'acs_ecs_dashboard']);
const STATES = new Set<AlertState>(['ALERT', 'OK', 'INSUFFICIENT_DATA']);
const LEVELS = new Set<AlertLevel>(['CRITICAL', 'WARN', 'INFO']);

function clean(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const s = String(value).trim();
  return s === '' || s.toLowerCase() === 'null' ? undefined : s;
}

/** `{userId=1, instanceId=i-x}`, `[{"instanceId":"i-x"}]` or `{"instanceId":"i-x"}` → a flat map. */
export function parseDimensions(raw: unknown): Record<string, string> {
  if (raw !== null && typeof raw === 'object') return flattenJson(raw);
  const text = clean(raw);
  if (!text) return {};
  if (text.startsWith('[') || text.startsWith('{"')) {
    try {
      return flattenJson(JSON.parse(text));
    } catch {
      throw new InvalidEventError(`dimensions looks like JSON but does not parse: ${text.slice(0, 80)}`);
    }
  }
  const out: Record<string, string> = {};
  for (const pair of text.replace(/^[{[]|[}\]]$/g, '').split(',')) {
    const eq = pair.indexOf('=');
    if (eq > 0) out[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return out;
}

function flattenJson(value: unknown): Record<string, string> {
  const items = Array.isArray(value) ? value : [value];
  const out: Record<string, string> = {};
  for (const item of items) {
    if (item && typeof item === 'object') {
      for (const [k, v] of Object.entries(item)) out[k] = String(v);
    }
  }
  return out;
}

/** Seconds (10 digits) or milliseconds (13 digits) → epoch ms. */
export function parseTimestampMs(raw: unknown): number {
  const text = clean(raw);
  const n = Number(text);
  if (!text || !Number.isFinite(n) || n <= 0) {
    throw new InvalidEventError(`timestamp must be epoch seconds or milliseconds (got ${JSON.stringify(raw)})`);
  }
  return n < 1e11 ? Math.round(n * 1000) : Math.round(n);
}

/** Parse the callback fields (already decoded from form or JSON). Throws InvalidEventError when unusable. */
export function parseCmsAlarm(fields: Record<string, unknown>): CmsAlarm {
  const state = clean(fields.alertState)?.toUpperCase();
  if (!state || !STATES.has(state as AlertState)) {
    throw new InvalidEventError(
      `alertState must be one of ALERT, OK, INSUFFICIENT_DATA (got ${JSON.stringify(fields.alertState)})`,
    );
  }
  const cur = clean(fields.curValue);
  const curValue = cur === undefined ? undefined : Number(cur);
  return {
    alertName: clean(fields.alertName),
    alertState: state as AlertState,
    curValue: curValue !== undefined && Number.isFinite(curValue) ? curValue : undefined,
    dimensions: parseDimensions(fields.dimensions),
    expression: clean(fields.expression),
    metricName: clean(fields.metricName),
    rawMetricName: clean(fields.rawMetricName),
    namespace: clean(fields.namespace),
    metricProject: clean(fields.metricProject),
    regionId: clean(fields.regionId),
    ruleId: clean(fields.ruleId),
    timestampMs: parseTimestampMs(fields.timestamp),
    transId: clean(fields.transId),
    triggerLevel: clean(fields.triggerLevel)?.toUpperCase(),
    userId: clean(fields.userId),
  };
}

/**
 * The VPC resources a group can target (docs/eip.md): their bandwidth alarms, relative (`%` of the resource's own
 * bandwidth) or absolute (bit/s), name the resource in `instanceId`, with its id's prefix.
 */
const RESOURCE_NAMESPACES: Readonly<Record<string, { prefix: string; metrics: readonly string[] }>> = {
  acs_vpc_eip: { prefix: 'eip-', metrics: ['net_out.rate_percentage', 'net_tx.rate'] },
  acs_bandwidth_package: { prefix: 'cbwp-', metrics: ['net_tx.ratePercent', 'net_tx.rate'] },
};
const ACCEPTED = [...ECS_NAMESPACES, ...Object.keys(RESOURCE_NAMESPACES)].join(', ');

function resourceIgnoredReason(alarm: CmsAlarm, ns: string): string | undefined {
  const spec = RESOURCE_NAMESPACES[ns] as { prefix: string; metrics: readonly string[] };
  const metric = alarm.rawMetricName ?? alarm.metricName;
  if (metric !== undefined && !spec.metrics.includes(metric)) {
    return `metric ${metric} of ${ns} is not a bandwidth metric (${spec.metrics.join(', ')})`;
  }
  const id = alarm.dimensions.instanceId;
  if (!id) return 'dimensions name no instanceId';
  // Anything else would evaluate an unrelated instance on another product's alarm.
  if (!id.startsWith(spec.prefix)) return `${ns} alarm names ${id}, not a ${spec.prefix}… resource`;
  return undefined;
}

/**
 * Why an alarm is not for us, or undefined when it is an ECS alarm naming an instance, or a bandwidth alarm of an
 * EIP or a shared bandwidth package naming that resource.
 */
export function cmsAlarmIgnoredReason(alarm: CmsAlarm): string | undefined {
  const ns = alarm.namespace ?? alarm.metricProject;
  if (ns && RESOURCE_NAMESPACES[ns]) return resourceIgnoredReason(alarm, ns);
  if (ns && !ECS_NAMESPACES.has(ns) && !(alarm.metricProject && ECS_NAMESPACES.has(alarm.metricProject))) {
    return `namespace ${ns} is not an ECS, EIP or bandwidth package namespace (${ACCEPTED})`;
  }
  if (!alarm.dimensions.instanceId) return 'dimensions name no instanceId';
  return undefined;
}

/**
 * The dedupe key's time bucket: CMS notifies one alarm (transId) in one state and level at most once per
 * SilenceTime, whose minimum is 3600 s; its retries repeat the timestamp. So one key per clock hour lets every
 * genuine notification through, and a captured callback replayed with any other timestamp is the same key
 * within the hour (and refused as stale outside the freshness window).
 */
export const CMS_DEDUPE_BUCKET_MS = 3_600_000;

/**
 * The normalised Signal. The dedupe key is the alarm's identity (transId, state, level) and the hour of its
 * timestamp: stable across CMS's retries of one notification and across replays with a new timestamp.
 */
export function cmsAlarmToSignal(alarm: CmsAlarm): Signal {
  const ns = alarm.namespace ?? alarm.metricProject;
  // A routed instance's rules watch its EIP (the dimensions name the EIP); the instance is in the RuleId.
  const routed = ns === 'acs_vpc_eip' ? bandwidthRuleInstance(alarm.ruleId) : undefined;
  const instanceId = routed ?? (alarm.dimensions.instanceId as string);
  const corr = alarm.transId ?? `${alarm.ruleId ?? 'rule'}:${instanceId}`;
  const level = alarm.triggerLevel as AlertLevel | undefined;
  const hour = Math.floor(alarm.timestampMs / CMS_DEDUPE_BUCKET_MS);
  return {
    source: 'cms-alarm',
    instanceId,
    metric: alarm.rawMetricName ?? alarm.metricName,
    value: alarm.curValue,
    state: alarm.alertState,
    level: level && LEVELS.has(level) ? level : undefined,
    ruleId: alarm.ruleId,
    atMs: alarm.timestampMs,
    ...(alarm.regionId ? { regionId: alarm.regionId } : {}),
    dedupeKey: `cms:${corr}:${alarm.alertState}:${alarm.triggerLevel ?? '-'}:h${hour}`,
  };
}

/** A threshold alarm's fields (form body, JSON body or CloudEvent data) → a Signal, or `ignored` with why. */
export function fromAlarm(fields: Record<string, unknown>): ParsedSignal {
  const alarm = parseCmsAlarm(fields);
  const reason = cmsAlarmIgnoredReason(alarm);
  return reason ? { kind: 'ignored', reason } : { kind: 'signal', signal: cmsAlarmToSignal(alarm) };
}
