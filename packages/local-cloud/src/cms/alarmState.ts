/**
 * The CMS alarm state machine for one (rule, resource) pair, evaluated once per rule Period on the period that
 * just closed. Semantics:
 * - each level (Critical > Warn > Info) counts consecutive breaching periods; a level fires once its count
 *   reaches its `Times`; the highest firing level wins;
 * - entering ALERT notifies once and starts a `transId`; while in ALERT, the same level is re-notified at most
 *   once per SilenceTime, a level change is notified at once;
 * - a period that breaches no level ends the alert with one OK notification carrying the same transId;
 * - outside the rule's effective window no ALERT notification is sent (breaches still count, recovery still
 *   notifies), so an overload that began at night alerts at the first evaluation inside the window;
 * - a period without data resets the counts; NoDataPolicy decides the state (KEEP_LAST_STATE by default:
 *   ALERT stays ALERT, anything else becomes INSUFFICIENT_DATA, silently).
 */
import { statisticOf } from './aggregate.js';
import type { AlertState, Bucket, ComparisonOperator, Escalation, Level, MetricRule } from './types.js';
import { LEVELS } from './types.js';

export interface ResourceAlarm {
  state: AlertState;
  counts: Record<Level, number>;
  /** Level of the current alert (state ALERT). */
  level?: Level;
  transId?: string;
  /** Start of the first breaching period of the current alert (for `lastTime`). */
  alertSinceMs?: number;
  lastNotifiedMs?: number;
}

export interface Notification {
  alertState: AlertState;
  /** Level now (undefined for OK / INSUFFICIENT_DATA). */
  level?: Level;
  /** Level of the previous notification of this alert. */
  preLevel?: Level;
  /** The escalation the expression and value refer to. */
  escalation: Escalation;
  value?: number;
  transId: string;
  sinceMs: number;
}

export function initialAlarm(): ResourceAlarm {
  return { state: 'INSUFFICIENT_DATA', counts: { Critical: 0, Warn: 0, Info: 0 } };
}

export function breaches(value: number, op: ComparisonOperator, threshold: number): boolean {
  switch (op) {
    case 'GreaterThanOrEqualToThreshold':
      return value >= threshold;
    case 'GreaterThanThreshold':
      return value > threshold;
    case 'LessThanOrEqualToThreshold':
      return value <= threshold;
    case 'LessThanThreshold':
      return value < threshold;
    case 'NotEqualToThreshold':
      return value !== threshold;
    case 'EqualToThreshold':
      return value === threshold;
  }
}

export interface StepContext {
  rule: MetricRule;
  nowMs: number;
  /** Whether the rule's EffectiveInterval / NoEffectiveInterval allow new ALERT notifications now. */
  inEffect: boolean;
  newTransId: () => string;
}

/** One evaluation. Returns the next state and at most one notification. Pure apart from `newTransId`. */
export function step(
  alarm: ResourceAlarm,
  bucket: Bucket | undefined,
  ctx: StepContext,
): { alarm: ResourceAlarm; notification?: Notification } {
  if (!bucket) return noData(alarm, ctx);
  const counts = { ...alarm.counts };
  for (const level of LEVELS) {
    const esc = ctx.rule.escalations[level];
    if (!esc) continue;
    counts[level] = breaches(statisticOf(bucket, esc.statistics), esc.comparisonOperator, esc.threshold)
      ? counts[level] + 1
      : 0;
  }
  const firing = LEVELS.find((l) => {
    const esc = ctx.rule.escalations[l];
    return esc !== undefined && counts[l] >= esc.times;
  });
  const next: ResourceAlarm = { ...alarm, counts };
  if (firing) return fire(next, firing, bucket, ctx);
  if (alarm.state === 'ALERT' && LEVELS.every((l) => counts[l] === 0)) return recover(next, bucket, ctx);
  if (alarm.state !== 'ALERT') next.state = 'OK';
  return { alarm: next };
}

function fire(a: ResourceAlarm, level: Level, bucket: Bucket, ctx: StepContext) {
  const esc = ctx.rule.escalations[level] as Escalation;
  const value = statisticOf(bucket, esc.statistics);
  if (a.state !== 'ALERT') {
    if (!ctx.inEffect) return { alarm: { ...a, state: 'OK' as const } };
    const sinceMs = bucket.tMs - (a.counts[level] - 1) * ctx.rule.periodSec * 1000;
    const transId = ctx.newTransId();
    const alarm: ResourceAlarm = {
      ...a,
      state: 'ALERT',
      level,
      transId,
      alertSinceMs: sinceMs,
      lastNotifiedMs: ctx.nowMs,
    };
    return { alarm, notification: { alertState: 'ALERT' as const, level, escalation: esc, value, transId, sinceMs } };
  }
  const changed = a.level !== level;
  const silenceOver = ctx.nowMs - (a.lastNotifiedMs ?? 0) >= ctx.rule.silenceTimeSec * 1000;
  if (!ctx.inEffect || (!changed && !silenceOver)) return { alarm: { ...a, level: a.level ?? level } };
  const alarm: ResourceAlarm = { ...a, level, lastNotifiedMs: ctx.nowMs };
  const notification: Notification = {
    alertState: 'ALERT',
    level,
    ...(a.level ? { preLevel: a.level } : {}),
    escalation: esc,
    value,
    transId: a.transId as string,
    sinceMs: a.alertSinceMs ?? bucket.tMs,
  };
  return { alarm, notification };
}

function recover(a: ResourceAlarm, bucket: Bucket | undefined, ctx: StepContext) {
  const preLevel = a.level ?? firstLevel(ctx.rule);
  const esc = ctx.rule.escalations[preLevel] as Escalation;
  const notification: Notification = {
    alertState: 'OK',
    preLevel,
    escalation: esc,
    ...(bucket ? { value: statisticOf(bucket, esc.statistics) } : {}),
    transId: a.transId ?? ctx.newTransId(),
    sinceMs: a.alertSinceMs ?? ctx.nowMs,
  };
  return { alarm: { state: 'OK' as const, counts: a.counts }, notification };
}

function noData(alarm: ResourceAlarm, ctx: StepContext): { alarm: ResourceAlarm; notification?: Notification } {
  const reset: ResourceAlarm = { ...alarm, counts: { Critical: 0, Warn: 0, Info: 0 } };
  const policy = ctx.rule.noDataPolicy;
  if (policy === 'OK') {
    return alarm.state === 'ALERT' ? recover(reset, undefined, ctx) : { alarm: { ...reset, state: 'OK' } };
  }
  if (policy === 'KEEP_LAST_STATE') {
    return { alarm: alarm.state === 'ALERT' ? reset : { ...reset, state: 'INSUFFICIENT_DATA' } };
  }
  if (alarm.state === 'INSUFFICIENT_DATA') return { alarm: reset };
  const preLevel = alarm.level ?? firstLevel(ctx.rule);
  const notification: Notification = {
    alertState: 'INSUFFICIENT_DATA',
    ...(alarm.level ? { preLevel: alarm.level } : {}),
    escalation: ctx.rule.escalations[preLevel] as Escalation,
    transId: alarm.transId ?? ctx.newTransId(),
    sinceMs: alarm.alertSinceMs ?? ctx.nowMs,
  };
  return { alarm: { state: 'INSUFFICIENT_DATA', counts: reset.counts }, notification };
}

function firstLevel(rule: MetricRule): Level {
  return LEVELS.find((l) => rule.escalations[l] !== undefined) ?? 'Critical';
}
