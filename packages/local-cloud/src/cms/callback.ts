/**
 * The threshold-alert callback in its real format (alibaba-platform.md §1.1): a form-urlencoded POST with
 * every documented field, `dimensions` in Java-map style (`{userId=…, instanceId=…}`), a millisecond
 * `timestamp`, a `transId` that stays the same from ALERT to OK, and the literal `null` where the platform
 * has no value. Delivery retries like CMS: up to 3 more times, each request with a 5 s timeout.
 */
import { createHmac } from 'node:crypto';
import type { Notification } from './alarmState.js';
import { OPERATOR_SYMBOL } from './ruleParams.js';
import { type MetricRule, metricMeta } from './types.js';

const REGION_NAMES: Readonly<Record<string, string>> = {
  'cn-hangzhou': 'China (Hangzhou)',
  'cn-shanghai': 'China (Shanghai)',
  'cn-beijing': 'China (Beijing)',
  'cn-shenzhen': 'China (Shenzhen)',
  'cn-hongkong': 'China (Hong Kong)',
  'ap-southeast-1': 'Singapore',
};

/** `acs_ecs_dashboard` → `acs_ecs` (the doc's namespace → metricProject mapping). */
export function metricProjectOf(namespace: string): string {
  return namespace.replace(/_dashboard$/, '');
}

/** `{userId=1, instanceId=i-1, ip=1.2.3.4}` — Java `Map.toString()` style, as current callbacks send it. */
export function javaMapString(dims: Record<string, string>): string {
  return `{${Object.entries(dims)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ')}}`;
}

/** `2 minutes` (CMS sends a human duration of the alert so far). */
export function lastTimeText(durationMs: number): string {
  const minutes = Math.max(0, Math.round(durationMs / 60_000));
  return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
}

/** CMS prints values without trailing zeros and at most 2 decimals (`97.39`). */
export function formatValue(v: number | undefined): string {
  return v === undefined ? 'null' : String(Math.round(v * 100) / 100);
}

export interface CallbackContext {
  userId: string;
  regionId: string;
  instanceName?: string;
  nowMs: number;
  /** Key of the opaque `signature` (its real algorithm is undocumented; receivers must not rely on it). */
  signatureKey: string;
}

/** Every field of the callback, in the doc's alphabetical order. */
export function callbackFields(
  rule: MetricRule,
  dims: Record<string, string>,
  n: Notification,
  ctx: CallbackContext,
): Record<string, string> {
  const esc = n.escalation;
  const stateLevel = n.alertState === 'OK' ? 'OK' : n.level ? n.level.toUpperCase() : 'null';
  const fields: Record<string, string> = {
    alertName: rule.ruleName,
    alertState: n.alertState,
    curValue: formatValue(n.value),
    dimensions: javaMapString({ userId: ctx.userId, ...dims }),
    expression: `$${esc.statistics}${OPERATOR_SYMBOL[esc.comparisonOperator]}${esc.thresholdText}`,
    groupId: 'null',
    instanceName: ctx.instanceName ?? 'null',
    lastTime: lastTimeText(ctx.nowMs - n.sinceMs),
    metricName: rule.metricName,
    metricProject: metricProjectOf(rule.namespace),
    namespace: rule.namespace,
    preTriggerLevel: n.preLevel ? n.preLevel.toUpperCase() : 'null',
    productGroupName: 'null',
    rawMetricName: rule.metricName,
    regionId: ctx.regionId,
    regionName: REGION_NAMES[ctx.regionId] ?? ctx.regionId,
    ruleId: rule.ruleId,
    signature: '',
    timestamp: String(ctx.nowMs),
    transId: n.transId,
    triggerLevel: stateLevel,
    unit: metricMeta(rule.namespace, rule.metricName)?.unit ?? 'null',
    userId: ctx.userId,
  };
  fields.signature = createHmac('sha1', ctx.signatureKey)
    .update(`${fields.transId}|${fields.alertState}|${fields.timestamp}`)
    .digest('base64');
  return fields;
}

/** `application/x-www-form-urlencoded` (spaces as `+`, like the captured bodies). */
export function encodeForm(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

export interface DeliveryResult {
  status?: number;
  attempts: number;
  ok: boolean;
  error?: string;
}

/**
 * POST with retries: a non-2xx answer, a timeout or a network error is retried immediately, at most
 * `retries` times. Retries do not wait on the emulator clock: they run inside a clock timer, and a virtual
 * clock cannot move while its timer is running.
 */
export async function deliver(
  url: string,
  body: string,
  opts: { timeoutMs: number; retries: number },
): Promise<DeliveryResult> {
  let last: DeliveryResult = { attempts: 0, ok: false };
  for (let attempt = 1; attempt <= opts.retries + 1; attempt++) {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
        body,
        signal: AbortSignal.timeout(opts.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      last = { status: res.status, attempts: attempt, ok: res.ok, ...(res.ok ? {} : { error: `HTTP ${res.status}` }) };
      if (res.ok) return last;
    } catch (err) {
      last = {
        attempts: attempt,
        ok: false,
        error: err instanceof Error ? err.name + ': ' + err.message : String(err),
      };
    }
  }
  return last;
}
