/**
 * The fast backtest engine on the bandwidth series, through the product's own `decide`: the alarm path, the
 * tick path, the minute grid of an unaligned run, and the platform's revert of a temporary upgrade.
 */
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src/core/backtest/engine.js';
import { bandwidthPolicy, group, instance, MIN, T0, typePolicy } from '../builders.js';
import { backtestOptions, demandOf } from './fixtures.js';

describe('runBacktest on the bandwidth series', () => {
  it('steps up through the bw-up alarm at the minute boundary after the first saturated minute', () => {
    const rec = runBacktest(backtestOptions({ demand: demandOf([20, 4]) }));
    expect(rec.applied).toHaveLength(1);
    const [up] = rec.applied;
    expect(up).toMatchObject({
      atMs: T0 + MIN,
      signal: { source: 'cms-alarm' },
      reason: 'saturated',
      before: { bandwidthOutMbps: 10 },
      after: { bandwidthOutMbps: 20 },
      result: 'applied',
    });
    expect(up?.signal.dedupeKey).toBe(`cms:bw-up:${T0}:ALERT:${T0 + MIN}`);
    // Minute 0 is recorded before anything happened; minute 1 onwards after the change.
    expect(rec.capacity).toEqual([10, 20, 20, 20]);
    expect(rec.offline).toEqual([false, false, false, false]);
    expect(rec.apiCalls).toBe(1);
    expect(rec.duplicateApiCalls).toBe(0);
    expect(rec.alarms).toBeGreaterThanOrEqual(1);
    expect(rec.evaluations).toBe(rec.alarms);
  });

  it('scales down on a timer tick when the bw-down alarm came during the down cooldown', () => {
    // Saturated for 4 minutes (one step up at T0 + 1 min), then 2 Mbps: 10 % of 20 Mbps.
    const rec = runBacktest(backtestOptions({ demand: demandOf([20, 4], [2, 26]) }));
    expect(rec.applied.map((e) => [(e.atMs - T0) / MIN, e.signal.source, e.reason])).toEqual([
      [1, 'cms-alarm', 'saturated'],
      // The down cooldown (600 s) holds after the step up at T0 + 1 min; the alarm is silent for an hour after
      // it fired, so the first tick after the cooldown (T0 + 15 min) is what acts.
      [15, 'timer', 'target-tracking'],
    ]);
    expect(rec.applied[1]).toMatchObject({ before: { bandwidthOutMbps: 20 }, after: { bandwidthOutMbps: 3 } });
    expect(rec.capacity.slice(13, 17)).toEqual([20, 20, 3, 3]);
    // bw-up ALERT (T0 + 1) and OK (T0 + 5); bw-down ALERT (T0 + 9, sent once: SilenceTime is an hour) and
    // OK (T0 + 16: 2 Mbps is 67 % of 3 Mbps).
    expect(rec.alarms).toBe(4);
    // Every notification is an evaluation, and so are the ticks at T0 + 5, 10, 15, 20 and 25 min.
    expect(rec.evaluations).toBe(4 + 5);
  });

  it('runs events on whole minutes and records minute k at start + k min when the start is unaligned', () => {
    const startMs = T0 + 24_000;
    const rec = runBacktest(backtestOptions({ startMs, demand: demandOf([20, 7]) }));
    expect(rec.capacity).toHaveLength(7);
    // The alarm at T0 + 1 min (the first whole minute after the start), the tick on FC's 5-minute grid.
    expect(rec.applied.map((e) => [e.atMs - T0, e.signal.source])).toEqual([
      [MIN, 'cms-alarm'],
      [5 * MIN, 'timer'],
    ]);
    // Minute 0 (T0 + 24 s) before the alarm, minute 1 (T0 + 1 min 24 s) after it; minute 5 after the tick.
    expect(rec.capacity).toEqual([10, 20, 20, 20, 20, 40, 40]);
  });

  it('the platform reverts a temporary upgrade of a PrePaid instance at its end: no action, no call', () => {
    const rec = runBacktest(
      backtestOptions({
        instance: instance({ instanceChargeType: 'PrePaid' }),
        group: group({ bandwidth: bandwidthPolicy({ temporaryUpgrade: 'auto', temporaryUpgradeHours: 3 }) }),
        // Saturated for 3 minutes, then 6 Mbps: 30 % of the upgrade, 60 % of the baseline.
        demand: demandOf([20, 3], [6, 260]),
      }),
    );
    expect(rec.applied).toHaveLength(1);
    // Decided at 10:01, starting 10:02, ending on the first whole hour ≥ 3 h later: 14:00.
    expect(rec.applied[0]?.message).toContain('temporary 2024-05-01T10:02Z – 2024-05-01T14:00Z');
    const at = (hhmm: number) => rec.capacity[hhmm];
    expect(at(1)).toBe(20);
    expect(at(239)).toBe(20); // 13:59
    expect(at(240)).toBe(10); // 14:00: back to the baseline
    expect(rec.capacity.slice(240).every((c) => c === 10)).toBe(true);
    expect(rec.apiCalls).toBe(1);
  });

  it('samples what the instance serves: capped at the bandwidth, 0 for missing or negative demand', () => {
    const served: number[][] = [];
    runBacktest(
      backtestOptions({
        instance: instance({ bandwidthOutMbps: 4 }),
        group: group({ bandwidth: bandwidthPolicy({ minMbps: 4, maxMbps: 4 }) }),
        demand: [Number.NaN, -3, 2, 9, 3],
        extras: (_now, view) => {
          served.push([...view.servedMbps]);
          return {};
        },
      }),
    );
    expect(served.at(-1)).toEqual([0, 0, 2, 4]);
  });

  it('an instance without bandwidth serves nothing and reports 0 %', () => {
    const rec = runBacktest(
      backtestOptions({
        instance: instance({ bandwidthOutMbps: 0 }),
        // The group is paused: nothing gives the instance bandwidth.
        group: group({ paused: true, bandwidth: bandwidthPolicy() }),
        demand: demandOf([5, 6]),
      }),
    );
    expect(rec.capacity).toEqual([0, 0, 0, 0, 0, 0]);
    expect(rec.applied).toEqual([]);
    // Below 63 % for five minutes: the bw-down rule fires (0 %); the paused group changes nothing.
    expect(rec.alarms).toBe(1);
  });

  it('models no rule for a dimension the group has no policy for: only the ticks evaluate', () => {
    const rec = runBacktest(
      backtestOptions({ group: group({ instanceType: typePolicy() }), demand: demandOf([20, 11]) }),
    );
    expect(rec.alarms).toBe(0);
    expect(rec.evaluations).toBe(2); // T0 + 5 and T0 + 10 min
    expect(rec.applied).toEqual([]);
  });

  it('models no rule on the cpu series for a group without an instance-type policy', () => {
    const rec = runBacktest(backtestOptions({ series: 'cpu', demand: demandOf([1.9, 6]) }));
    expect(rec.alarms).toBe(0);
    expect(rec.capacity).toEqual([2, 2, 2, 2, 2, 2]);
  });

  it('a shorter tick spacing evaluates more often', () => {
    const rec = runBacktest(
      backtestOptions({ group: group({ instanceType: typePolicy() }), tickEverySec: 60, demand: demandOf([1, 11]) }),
    );
    expect(rec.evaluations).toBe(10);
  });
});
