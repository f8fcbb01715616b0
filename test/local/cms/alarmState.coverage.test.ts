// The alarm state machine's multi-level and edge paths (alarmState.test.ts covers one level): escalation from
// Warn to Critical is notified at once with the level it came from, a level that stops breaching while another
// still counts keeps the alert, an alert outside the effective window stays silent, and the NoDataPolicy paths
// of an alarm that was never alerting or lost its bookkeeping (restored state).
import { describe, expect, it } from 'vitest';
import {
  initialAlarm,
  type Notification,
  type ResourceAlarm,
  step,
} from '@ecs-autoscaler/local-cloud/cms/alarmState.js';
import type { Bucket, Escalation, MetricRule } from '@ecs-autoscaler/local-cloud/cms/types.js';

const T0 = Date.UTC(2025, 0, 1);
const MIN = 60_000;

const esc = (threshold: number, times = 1): Escalation => ({
  statistics: 'Average',
  comparisonOperator: 'GreaterThanThreshold',
  thresholdText: String(threshold),
  threshold,
  times,
});

function rule(over: Partial<MetricRule> = {}): MetricRule {
  return {
    ruleId: 'r',
    ruleName: 'r',
    namespace: 'acs_ecs_dashboard',
    metricName: 'CPUUtilization',
    resourcesText: '[{"instanceId":"i-1"}]',
    resources: [{ instanceId: 'i-1' }],
    // Warn above 70 (after one period), Critical above 90 (after two).
    escalations: { Critical: esc(90, 2), Warn: esc(70) },
    periodSec: 60,
    silenceTimeSec: 3600,
    contactGroups: 'g',
    labels: [],
    noDataPolicy: 'KEEP_LAST_STATE',
    createdMs: T0,
    updatedMs: T0,
    ...over,
  };
}

const bucket = (v: number, tMs: number): Bucket => ({ tMs, average: v, maximum: v, minimum: v, count: 1 });

/** Evaluate `values` one minute apart from `start`; every notification, and the state after each minute. */
function run(
  r: MetricRule,
  values: (number | undefined)[],
  o: { start?: ResourceAlarm; inEffect?: (minute: number) => boolean } = {},
) {
  let alarm = o.start ?? initialAlarm();
  let n = 0;
  const notes: (Notification & { minute: number })[] = [];
  const states: string[] = [];
  values.forEach((v, i) => {
    const nowMs = T0 + (i + 1) * MIN;
    const res = step(alarm, v === undefined ? undefined : bucket(v, nowMs - MIN), {
      rule: r,
      nowMs,
      inEffect: o.inEffect?.(i + 1) ?? true,
      newTransId: () => `t${++n}`,
    });
    alarm = res.alarm;
    states.push(alarm.level ? `${alarm.state}:${alarm.level}` : alarm.state);
    if (res.notification) notes.push({ ...res.notification, minute: i + 1 });
  });
  return { alarm, notes, states };
}

describe('alarm levels', () => {
  it('Warn first, then Critical: the escalation is notified at once, naming the level it came from', () => {
    const { notes, states } = run(rule(), [80, 95, 95]);
    expect(states).toEqual(['ALERT:Warn', 'ALERT:Warn', 'ALERT:Critical']);
    expect(
      notes.map(({ minute, alertState, level, preLevel, transId }) => [minute, alertState, level, preLevel, transId]),
    ).toEqual([
      [1, 'ALERT', 'Warn', undefined, 't1'],
      [3, 'ALERT', 'Critical', 'Warn', 't1'],
    ]);
    // The alert began with the first breaching period, whatever level it has reached since.
    expect(notes[1]?.sinceMs).toBe(T0);
    expect(notes[1]?.escalation.threshold).toBe(90);
  });

  it('Critical stops breaching while Warn still counts towards its Times: the alert goes on silently', () => {
    const r = rule({ escalations: { Critical: esc(90, 1), Warn: esc(70, 3) } });
    const { notes, states } = run(r, [95, 80, 80]);
    // Minute 2: no level fires, but Warn's count is not zero, so no recovery; minute 3: Warn fires.
    expect(states).toEqual(['ALERT:Critical', 'ALERT:Critical', 'ALERT:Warn']);
    expect(notes.map((x) => [x.minute, x.alertState, x.level, x.preLevel])).toEqual([
      [1, 'ALERT', 'Critical', undefined],
      [3, 'ALERT', 'Warn', 'Critical'],
    ]);
  });

  it('an alert that leaves the effective window is neither re-notified nor escalated until it is back', () => {
    const r = rule({ silenceTimeSec: 60 });
    const { notes, states } = run(r, [80, 95, 95, 95], { inEffect: (m) => m !== 3 });
    // Minute 3 reaches Critical outside the window: the state keeps Warn, nothing is sent; minute 4 escalates.
    expect(states).toEqual(['ALERT:Warn', 'ALERT:Warn', 'ALERT:Warn', 'ALERT:Critical']);
    expect(notes.map((x) => [x.minute, x.level, x.preLevel])).toEqual([
      [1, 'Warn', undefined],
      [2, 'Warn', 'Warn'],
      [4, 'Critical', 'Warn'],
    ]);
  });
});

// The engine always keeps level, transId, start and last notification with an ALERT: these are the function's
// defaults for a hand-built state without them.
describe('an ALERT state without its bookkeeping (level, transId, start, last notification)', () => {
  const bare: ResourceAlarm = { state: 'ALERT', counts: { Critical: 0, Warn: 0, Info: 0 } };

  it('still alerting: re-notified at once (no last notification), under a level and start of its own', () => {
    const { notes, alarm } = run(rule(), [80], { start: bare });
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ alertState: 'ALERT', level: 'Warn', sinceMs: T0 });
    expect(notes[0]).not.toHaveProperty('preLevel');
    expect(alarm).toMatchObject({ state: 'ALERT', level: 'Warn', lastNotifiedMs: T0 + MIN });
  });

  it('still breaching outside the effective window: takes the firing level, silently', () => {
    const { notes, alarm } = run(rule(), [80], { start: bare, inEffect: () => false });
    expect(notes).toEqual([]);
    expect(alarm).toMatchObject({ state: 'ALERT', level: 'Warn' });
    expect(alarm).not.toHaveProperty('lastNotifiedMs');
  });

  it('recovering: the OK names the rule’s first level, starts a transId and dates the alert from now', () => {
    const { notes } = run(rule(), [10], { start: bare });
    expect(notes).toEqual([
      expect.objectContaining({ alertState: 'OK', preLevel: 'Critical', transId: 't1', sinceMs: T0 + MIN, value: 10 }),
    ]);
  });

  it('no data under NoDataPolicy OK: an OK without a value', () => {
    const { notes, alarm } = run(rule({ noDataPolicy: 'OK' }), [undefined], { start: bare });
    expect(alarm.state).toBe('OK');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ alertState: 'OK', preLevel: 'Critical', transId: 't1', sinceMs: T0 + MIN });
    expect(notes[0]).not.toHaveProperty('value');
  });

  it('no data under NoDataPolicy INSUFFICIENT_DATA: notified under the first level, with a new transId', () => {
    const { notes, alarm } = run(rule({ noDataPolicy: 'INSUFFICIENT_DATA' }), [undefined], { start: bare });
    expect(alarm.state).toBe('INSUFFICIENT_DATA');
    expect(notes).toEqual([
      expect.objectContaining({ alertState: 'INSUFFICIENT_DATA', transId: 't1', sinceMs: T0 + MIN }),
    ]);
    expect(notes[0]?.escalation.threshold).toBe(90);
    expect(notes[0]).not.toHaveProperty('preLevel');
  });
});

describe('no data when not alerting', () => {
  it('NoDataPolicy OK: an OK alarm stays OK, silently; a new one becomes OK', () => {
    const r = rule({ noDataPolicy: 'OK' });
    expect(run(r, [10, undefined])).toMatchObject({ states: ['OK', 'OK'], notes: [] });
    expect(run(r, [undefined])).toMatchObject({ states: ['OK'], notes: [] });
  });

  it('NoDataPolicy INSUFFICIENT_DATA: an OK alarm is notified once, then stays INSUFFICIENT_DATA silently', () => {
    const r = rule({ noDataPolicy: 'INSUFFICIENT_DATA', escalations: { Info: esc(50) } });
    const { notes, states } = run(r, [10, undefined, undefined]);
    expect(states).toEqual(['OK', 'INSUFFICIENT_DATA', 'INSUFFICIENT_DATA']);
    expect(notes).toHaveLength(1);
    // The only level the rule has is the one the notification refers to.
    expect(notes[0]).toMatchObject({ alertState: 'INSUFFICIENT_DATA', minute: 2, transId: 't1' });
    expect(notes[0]?.escalation.threshold).toBe(50);
  });
});
