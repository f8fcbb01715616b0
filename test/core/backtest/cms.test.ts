/**
 * The backtest's CloudMonitor model (src/core/backtest/cms.ts): per-minute samples aggregated into complete
 * periods, windows (from, to], and the single-level alarm state machine (Times, SilenceTime, OK).
 */
import { describe, expect, it } from 'vitest';
import { bandwidthRuleModels, cpuRuleModel, RULE_SILENCE_SEC } from '../../../src/core/alarmRules.js';
import { MetricSeries, RuleState } from '../../../src/core/backtest/cms.js';
import { bandwidthPolicy, MIN, T0, typePolicy } from '../builders.js';

/** Add one sample per minute from T0 + `fromMinute` min. */
function addAll(s: MetricSeries, values: readonly number[], fromMinute = 0): void {
  values.forEach((v, i) => {
    s.add(T0 + (fromMinute + i) * MIN, v);
  });
}

describe('MetricSeries', () => {
  it('with 60 s periods publishes one point per sample, stamped with its minute', () => {
    const s = new MetricSeries(60);
    s.add(T0, 5);
    s.add(T0 + MIN, 7);
    expect(s.points).toEqual([
      { timestampMs: T0, average: 5, maximum: 5, minimum: 5 },
      { timestampMs: T0 + MIN, average: 7, maximum: 7, minimum: 7 },
    ]);
  });

  it('with 300 s periods publishes a point only once its period is complete', () => {
    const s = new MetricSeries(300);
    addAll(s, [3, 9, 1, 4]);
    expect(s.points).toEqual([]);
    s.add(T0 + 4 * MIN, 8);
    // Average 5, the maximum and the minimum of the five minutes, stamped with the period's start.
    expect(s.points).toEqual([{ timestampMs: T0, average: 5, maximum: 9, minimum: 1 }]);
  });

  it('rounds the average to 4 decimals, as the emulator reports it', () => {
    const s = new MetricSeries(180);
    addAll(s, [1, 1, 2]);
    expect(s.points[0]?.average).toBe(1.3333);
  });

  it('closes the period of an unaligned start at the period boundary, with the minutes it saw', () => {
    const s = new MetricSeries(300);
    // T0 is 10:00, a 5-minute boundary: start 3 minutes into the period 10:00–10:05.
    s.add(T0 + 3 * MIN, 2);
    expect(s.points).toEqual([]);
    s.add(T0 + 4 * MIN, 6);
    expect(s.points).toEqual([{ timestampMs: T0, average: 4, maximum: 6, minimum: 2 }]);
    addAll(s, [1, 1, 1, 1, 1], 5);
    expect(s.points.map((p) => p.timestampMs)).toEqual([T0, T0 + 5 * MIN]);
  });

  it('closes an incomplete period when a sample of a later period arrives', () => {
    const s = new MetricSeries(300);
    s.add(T0, 10);
    s.add(T0 + 7 * MIN, 4);
    expect(s.points).toEqual([{ timestampMs: T0, average: 10, maximum: 10, minimum: 10 }]);
  });

  it('windows are (from, to]: a point stamped at `from` is out, one stamped at `to` is in', () => {
    const s = new MetricSeries(60);
    addAll(s, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(s.window(T0 + 2 * MIN, T0 + 5 * MIN).map((p) => p.average)).toEqual([3, 4, 5]);
    expect(s.window(T0 - MIN, T0).map((p) => p.average)).toEqual([0]);
    expect(s.window(T0 + 9 * MIN, T0 + 20 * MIN)).toEqual([]);
    expect(s.window(T0 - 10 * MIN, T0 - MIN)).toEqual([]);
  });

  it('a window is a copy: the caller may keep or change it', () => {
    const s = new MetricSeries(60);
    s.add(T0, 1);
    s.add(T0 + MIN, 2);
    const w = s.window(T0 - MIN, T0 + MIN);
    w.pop();
    expect(s.points).toHaveLength(2);
  });
});

describe('RuleState', () => {
  // bw-up: outbound ≥ 77 % for 3 periods; bw-down: outbound < 63 % for 5 periods.
  const [up, down] = bandwidthRuleModels(bandwidthPolicy({ scaleUpStabilizationSec: 180 }));
  const silenceMs = RULE_SILENCE_SEC * 1000;
  /** Step the rule once a minute from T0 + 1 min (period k starts at T0 + k min, evaluated a minute later). */
  function run(rule: RuleState, values: readonly number[], firstPeriod = 0) {
    return values.map((v, i) => {
      const periodStartMs = T0 + (firstPeriod + i) * MIN;
      return rule.step(v, periodStartMs, periodStartMs + MIN);
    });
  }

  it('alerts on the Times-th consecutive breach, dated from the first breaching period', () => {
    if (!up) throw new Error('no bw-up rule');
    const rule = new RuleState(up, silenceMs);
    const out = run(rule, [90, 90, 90]);
    expect(out.slice(0, 2)).toEqual([undefined, undefined]);
    expect(out[2]).toEqual({ rule: up, state: 'ALERT', value: 90, sinceMs: T0 });
  });

  it('a streak broken before Times starts again from zero', () => {
    if (!up) throw new Error('no bw-up rule');
    const rule = new RuleState(up, silenceMs);
    const out = run(rule, [90, 90, 50, 90, 90, 77]);
    expect(out.slice(0, 5).every((n) => n === undefined)).toBe(true);
    expect(out[5]).toMatchObject({ state: 'ALERT', value: 77, sinceMs: T0 + 3 * MIN });
  });

  it('while the breach lasts, re-notifies only once SilenceTime has passed since the last notification', () => {
    if (!up) throw new Error('no bw-up rule');
    const rule = new RuleState(up, silenceMs);
    const out = run(rule, new Array<number>(3 + 60 + 60).fill(95));
    const sent = out.flatMap((n, i) => (n ? [{ i, n }] : []));
    // First at period 2 (the third breach); again exactly 60 minutes later, then 60 minutes after that.
    expect(sent.map((s) => s.i)).toEqual([2, 62, 122]);
    expect(sent.every((s) => s.n.state === 'ALERT' && s.n.sinceMs === T0)).toBe(true);
  });

  it('sends OK on the first period that does not breach after an alert, then nothing', () => {
    if (!up) throw new Error('no bw-up rule');
    const rule = new RuleState(up, silenceMs);
    const out = run(rule, [80, 80, 80, 80, 40, 40]);
    expect(out[4]).toEqual({ rule: up, state: 'OK', value: 40, sinceMs: T0 });
    expect(out[5]).toBeUndefined();
  });

  it('never sends OK for a rule that never alerted', () => {
    if (!up) throw new Error('no bw-up rule');
    const rule = new RuleState(up, silenceMs);
    expect(run(rule, [10, 90, 10, 10]).every((n) => n === undefined)).toBe(true);
  });

  it('a LessThanThreshold rule breaches strictly below its threshold', () => {
    if (!down) throw new Error('no bw-down rule');
    const rule = new RuleState(down, silenceMs);
    // 63 is the threshold: not a breach. Five values below it alert.
    const out = run(rule, [63, 10, 10, 10, 10, 10]);
    expect(out.slice(0, 5).every((n) => n === undefined)).toBe(true);
    expect(out[5]).toMatchObject({ state: 'ALERT', sinceMs: T0 + MIN });
  });

  it('alerts again after OK, with a new start (a new alert, not a re-notification)', () => {
    const cpu = cpuRuleModel(typePolicy({ scaleUpStabilizationSec: 60 }));
    const rule = new RuleState(cpu, silenceMs);
    const out = run(rule, [90, 20, 90]);
    expect(out.map((n) => n && [n.state, n.sinceMs])).toEqual([
      ['ALERT', T0],
      ['OK', T0],
      ['ALERT', T0 + 2 * MIN],
    ]);
  });
});
