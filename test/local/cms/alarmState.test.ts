// The per-resource alarm state machine in isolation: comparison operators, NoDataPolicy, silence, windows.
import { describe, expect, it } from 'vitest';
import { breaches, initialAlarm, type ResourceAlarm, step } from '@ecs-autoscaler/local-cloud/cms/alarmState.js';
import type { Bucket, ComparisonOperator, MetricRule, NoDataPolicy } from '@ecs-autoscaler/local-cloud/cms/types.js';

const T0 = Date.UTC(2025, 0, 1);
const MIN = 60_000;

function rule(over: Partial<MetricRule> = {}): MetricRule {
  return {
    ruleId: 'r',
    ruleName: 'r',
    namespace: 'acs_ecs_dashboard',
    metricName: 'CPUUtilization',
    resourcesText: '[{"instanceId":"i-1"}]',
    resources: [{ instanceId: 'i-1' }],
    escalations: {
      Critical: {
        statistics: 'Average',
        comparisonOperator: 'GreaterThanThreshold',
        thresholdText: '90',
        threshold: 90,
        times: 1,
      },
    },
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

const bucket = (v: number, tMs = T0): Bucket => ({ tMs, average: v, maximum: v, minimum: v, count: 1 });

function run(r: MetricRule, values: (number | undefined)[], inEffect = true) {
  let alarm: ResourceAlarm = initialAlarm();
  let n = 0;
  const out: string[] = [];
  values.forEach((v, i) => {
    const nowMs = T0 + (i + 1) * MIN;
    const res = step(alarm, v === undefined ? undefined : bucket(v, nowMs - MIN), {
      rule: r,
      nowMs,
      inEffect,
      newTransId: () => `t${++n}`,
    });
    alarm = res.alarm;
    if (res.notification) out.push(`${res.notification.alertState}:${res.notification.transId}`);
  });
  return { alarm, out };
}

describe('breaches', () => {
  it.each<[ComparisonOperator, number, boolean]>([
    ['GreaterThanOrEqualToThreshold', 90, true],
    ['GreaterThanThreshold', 90, false],
    ['LessThanOrEqualToThreshold', 90, true],
    ['LessThanThreshold', 90, false],
    ['NotEqualToThreshold', 90, false],
    ['NotEqualToThreshold', 91, true],
    ['EqualToThreshold', 90, true],
  ])('%s with value %d vs 90 → %s', (op, v, expected) => {
    expect(breaches(v, op, 90)).toBe(expected);
  });
});

describe('step', () => {
  it('goes INSUFFICIENT_DATA → OK on the first non-breaching data, silently', () => {
    expect(run(rule(), [10])).toMatchObject({ alarm: { state: 'OK' }, out: [] });
  });

  it.each<{ policy: NoDataPolicy; out: string[]; state: string }>([
    { policy: 'KEEP_LAST_STATE', out: ['ALERT:t1'], state: 'ALERT' },
    { policy: 'OK', out: ['ALERT:t1', 'OK:t1'], state: 'OK' },
    { policy: 'INSUFFICIENT_DATA', out: ['ALERT:t1', 'INSUFFICIENT_DATA:t1'], state: 'INSUFFICIENT_DATA' },
  ])('a gap in data while alerting under NoDataPolicy $policy', ({ policy, out, state }) => {
    const res = run(rule({ noDataPolicy: policy }), [95, undefined, undefined]);
    expect(res.out).toEqual(out);
    expect(res.alarm.state).toBe(state);
  });

  it('a gap breaks the consecutive count', () => {
    const r = rule({
      escalations: {
        Critical: {
          statistics: 'Average',
          comparisonOperator: 'GreaterThanThreshold',
          thresholdText: '90',
          threshold: 90,
          times: 2,
        },
      },
    });
    expect(run(r, [95, undefined, 95]).out).toEqual([]);
    expect(run(r, [95, undefined, 95, 95]).out).toEqual(['ALERT:t1']);
  });

  it('outside the effective window: counts breaches, sends no ALERT, still recovers silently', () => {
    const res = run(rule(), [95, 95, 10], false);
    expect(res.out).toEqual([]);
    expect(res.alarm.state).toBe('OK');
  });

  it('re-notifies after SilenceTime, not before', () => {
    const values = Array.from({ length: 61 }, () => 95);
    expect(run(rule(), values).out).toEqual(['ALERT:t1', 'ALERT:t1']); // minute 1 and minute 61
    expect(run(rule(), values.slice(0, 60)).out).toEqual(['ALERT:t1']);
  });
});
