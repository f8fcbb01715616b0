/**
 * What a caller plugs into the fast backtest engine: its own decision function (a billing action, a dry run),
 * extras merged into every decision input, schedules and maintenance windows from the group, the daily
 * optimiser sweep, and progress.
 */
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src/core/backtest/engine.js';
import type { DecideFn, SweepView } from '../../../src/core/backtest/types.js';
import type { DecisionInput } from '../../../src/core/decide/index.js';
import type { Decision, StrategyChoice } from '../../../src/core/types.js';
import { billingAction } from '../../app/builders.js';
import { bandwidthPolicy, forecastProfile, group, MIN, T0 } from '../builders.js';
import { backtestOptions, demandOf } from './fixtures.js';

const DAY = 86_400_000;
const skip: Decision = { kind: 'skip', reason: 'within-tolerance', message: 'nothing to do' };

/** A decision function that acts only at `atMs`, and remembers every input it was given. */
function scriptedDecide(atMs: number, act: Decision, inputs: [number, DecisionInput][] = []): DecideFn {
  return (input, nowMs) => {
    inputs.push([nowMs, input]);
    return nowMs === atMs ? act : skip;
  };
}

describe('runBacktest with a custom decide', () => {
  it('applies a billing-method switch: the charge type and the bandwidth change from the next minute', () => {
    const action = billingAction({ instanceId: 'i-test0001', bandwidthMbps: 30 });
    const act: Decision = {
      kind: 'scale',
      reason: 'billing-method',
      message: 'switch to traffic',
      action,
      dryRun: false,
    };
    const rec = runBacktest(backtestOptions({ demand: demandOf([7, 8]), decide: scriptedDecide(T0 + 5 * MIN, act) }));
    expect(rec.chargeType).toEqual([...new Array(5).fill('PayByBandwidth'), ...new Array(3).fill('PayByTraffic')]);
    expect(rec.capacity.slice(4, 6)).toEqual([10, 30]);
    expect(rec.applied).toEqual([
      expect.objectContaining({
        atMs: T0 + 5 * MIN,
        signal: { source: 'timer', dedupeKey: `timer:${T0 + 5 * MIN}` },
        reason: 'billing-method',
        message: 'switch to traffic',
        actionKey: action.actionKey,
        clientToken: action.clientToken,
        result: 'applied',
      }),
    ]);
    expect(rec.apiCalls).toBe(1);
    expect(rec.forecastMbps).toBeUndefined(); // no sweep, no forecast record
  });

  it("an EIP-routed instance's applied entries name the EIP, as the product's audit entries do", () => {
    const action = billingAction({ instanceId: 'i-test0001', bandwidthMbps: 30 });
    const act: Decision = { kind: 'scale', reason: 'billing-method', message: 'switch', action, dryRun: false };
    const instance = backtestOptions().instance;
    const rec = runBacktest(
      backtestOptions({
        instance: { ...instance, eipAllocationId: 'eip-bp1' },
        demand: demandOf([7, 8]),
        decide: scriptedDecide(T0 + 5 * MIN, act),
      }),
    );
    expect(rec.applied).toEqual([expect.objectContaining({ actionKey: action.actionKey, eipAllocationId: 'eip-bp1' })]);
  });

  it('a dry-run decision changes nothing', () => {
    const action = billingAction({ instanceId: 'i-test0001' });
    const act: Decision = {
      kind: 'scale',
      reason: 'billing-method',
      message: 'would switch',
      action,
      dryRun: true,
    };
    const rec = runBacktest(backtestOptions({ demand: demandOf([7, 8]), decide: scriptedDecide(T0 + 5 * MIN, act) }));
    expect(rec.chargeType.every((c) => c === 'PayByBandwidth')).toBe(true);
    expect(rec.applied).toEqual([]);
    expect(rec.apiCalls).toBe(0);
    expect(rec.evaluations).toBeGreaterThan(0);
  });

  it('merges the extras into every decision input, given what CMS measured so far', () => {
    const profile = forecastProfile();
    const views: [number, number, number][] = [];
    const inputs: [number, DecisionInput][] = [];
    runBacktest(
      backtestOptions({
        startMs: T0 + 24_000,
        demand: demandOf([7, 11]),
        decide: scriptedDecide(-1, skip, inputs),
        extras: (nowMs, view) => {
          views.push([nowMs, view.servedMbps.length, view.startMs]);
          return { forecast: profile };
        },
      }),
    );
    // The ticks at T0 + 5 and T0 + 10 min: 5 and 10 minutes sampled by then.
    expect(views).toEqual([
      [T0 + 5 * MIN, 5, T0 + 24_000],
      [T0 + 10 * MIN, 10, T0 + 24_000],
    ]);
    expect(inputs.map(([, input]) => input.forecast)).toEqual([profile, profile]);
    // The window of the lookback: (now − 3600 s, now], 60 s points of bit/s.
    expect(inputs[1]?.[1].metrics.bandwidthOutBps.map((p) => p.average)).toEqual(new Array(10).fill(7e6));
    expect(inputs[1]?.[1].metrics.cpuPercent).toEqual([]);
  });

  it("hands the price table's pay-by-bandwidth billing to every decision, when given", () => {
    const billed: [number, DecisionInput][] = [];
    const unbilled: [number, DecisionInput][] = [];
    const run = (inputs: [number, DecisionInput][], over = {}) =>
      runBacktest(backtestOptions({ demand: demandOf([7, 6]), decide: scriptedDecide(-1, skip, inputs), ...over }));
    run(billed, { bandwidthBilling: 'hourlyPeak' });
    run(unbilled);
    expect(billed.map(([, input]) => input.bandwidthBilling)).toEqual(['hourlyPeak']);
    expect(unbilled.map(([, input]) => 'bandwidthBilling' in input)).toEqual([false]);
  });

  it('passes the active schedule and the maintenance window of the group', () => {
    const inputs: [number, DecisionInput][] = [];
    const g = group({
      bandwidth: bandwidthPolicy(),
      // 10:00–10:07 UTC and 10:05–10:15 UTC.
      schedules: [{ name: 'launch', cron: '0 0 10 * * *', durationMin: 7, priority: 0, set: { minMbps: 30 } }],
      maintenanceWindows: [{ cron: '0 5 10 * * *', durationMin: 10 }],
    });
    runBacktest(backtestOptions({ group: g, demand: demandOf([7, 16]), decide: scriptedDecide(-1, skip, inputs) }));
    const seen = inputs.map(([nowMs, input]) => [(nowMs - T0) / MIN, input.schedule?.name, input.inMaintenanceWindow]);
    expect(seen).toEqual([
      [5, 'launch', true],
      [10, undefined, true],
      [15, undefined, false],
    ]);
    expect(inputs[0]?.[1].schedule?.set).toEqual({ minMbps: 30 });
  });

  it('reports progress once per simulated hour', () => {
    const calls: [number, number][] = [];
    runBacktest(
      backtestOptions({ demand: demandOf([1, 150]), onProgress: (done, total) => calls.push([done, total]) }),
    );
    expect(calls).toEqual([
      [60, 150],
      [120, 150],
    ]);
  });
});

describe('runBacktest with the daily sweep', () => {
  const strategy: StrategyChoice = { name: 'forecast', chosenAtMs: T0, why: 'cheapest' };

  it('runs once a day at its time of day on 300 s history, and its writes reach the next decisions', () => {
    // 12 Mbps predicted everywhere, valid until 12:00 on the first day.
    const profile = forecastProfile(() => 12, { validUntilMs: T0 + 2 * 60 * MIN });
    const views: [number, number, boolean][] = [];
    const inputs: [number, DecisionInput][] = [];
    // 10:30 UTC: the first sweep at T0 + 30 min, the second a day later.
    const rec = runBacktest(
      backtestOptions({
        demand: demandOf([7, DAY / MIN + 45]),
        decide: scriptedDecide(-1, skip, inputs),
        sweep: {
          offsetMs: (10 * 60 + 30) * MIN,
          historyDays: 1,
          run: (nowMs, view: SweepView) => {
            views.push([nowMs, view.history.length, view.state.forecast !== undefined]);
            return nowMs < T0 + DAY
              ? { forecast: profile, strategy, message: 'forecast chosen' }
              : { forecast: null, strategy: null };
          },
        },
      }),
    );
    // 6 complete 300 s periods by 10:30; a day later, `historyDays` plus two periods, as the sweep reads CMS:
    // those stamped in (10:20, 10:25 the next day], 289.
    expect(views).toEqual([
      [T0 + 30 * MIN, 6, false],
      [T0 + DAY + 30 * MIN, 289, true],
    ]);
    expect(rec.sweeps).toEqual([
      { atMs: T0 + 30 * MIN, strategy: 'forecast', changed: true, message: 'forecast chosen' },
      { atMs: T0 + DAY + 30 * MIN, changed: true, message: '' },
    ]);
    // The predicted peak per recorded minute: none before the first sweep, 12 Mbps while the profile is valid.
    const predicted = rec.forecastMbps ?? [];
    expect(predicted).toHaveLength(DAY / MIN + 45);
    expect(predicted.slice(29, 32)).toEqual([Number.NaN, 12, 12]);
    expect(predicted.slice(119, 121)).toEqual([12, Number.NaN]);
    const forecastAt = (m: number) => inputs.find(([nowMs]) => nowMs === T0 + m * MIN)?.[1].forecast;
    expect(forecastAt(30)).toBeUndefined(); // the tick at the sweep's minute ran before it
    expect(forecastAt(35)).toEqual(profile);
    expect(forecastAt(DAY / MIN + 35)).toBeUndefined();
  });

  it('a write that leaves the row alone keeps what an earlier sweep wrote', () => {
    const rec = runBacktest(
      backtestOptions({
        demand: demandOf([7, DAY / MIN + 45]),
        decide: scriptedDecide(-1, skip),
        sweep: {
          offsetMs: (10 * 60 + 30) * MIN,
          historyDays: 1,
          run: (nowMs) => (nowMs < T0 + DAY ? { strategy } : { message: 'no change' }),
        },
      }),
    );
    expect(rec.forecastMbps?.every(Number.isNaN)).toBe(true);
    expect(rec.sweeps.map((s) => [s.strategy, s.changed, s.message])).toEqual([
      ['forecast', true, ''],
      ['forecast', false, 'no change'],
    ]);
  });

  it("applies the sweep's planned changes through the ordinary path, each with its own decision function", () => {
    const action = billingAction({ instanceId: 'i-test0001', bandwidthMbps: 40 });
    const toTraffic: DecideFn = () => ({
      kind: 'scale',
      reason: 'billing-method',
      message: 'to traffic',
      action,
      dryRun: false,
    });
    const applied: number[] = [];
    const rec = runBacktest(
      backtestOptions({
        demand: demandOf([7, DAY / MIN + 40]),
        decide: scriptedDecide(-1, skip),
        sweep: {
          offsetMs: (10 * 60 + 30) * MIN,
          historyDays: 1,
          run: (nowMs, view) => {
            applied.push(view.applied.length);
            return nowMs < T0 + DAY ? { changes: [toTraffic] } : {};
          },
        },
      }),
    );
    expect(rec.applied).toEqual([
      expect.objectContaining({
        atMs: T0 + 30 * MIN,
        signal: { source: 'timer', dedupeKey: `optimise:${T0 + 30 * MIN}:0` },
        reason: 'billing-method',
      }),
    ]);
    expect(rec.chargeType.slice(29, 31)).toEqual(['PayByBandwidth', 'PayByTraffic']);
    // The second sweep sees what the first applied.
    expect(applied).toEqual([0, 1]);
  });

  it('on the cpu series, the sweep reads CPU percent history and no outbound history', () => {
    const seen: [number, number][] = [];
    runBacktest(
      backtestOptions({
        series: 'cpu',
        demand: demandOf([1, 40]),
        decide: scriptedDecide(-1, skip),
        sweep: {
          offsetMs: (10 * 60 + 30) * MIN,
          historyDays: 1,
          run: (_nowMs, view) => {
            seen.push([view.history.length, view.cpuHistory.length]);
            return {};
          },
        },
      }),
    );
    // 1 vCPU of an ecs.g7.large (2 vCPU): six complete 300 s periods at 50 %.
    expect(seen).toEqual([[0, 6]]);
  });
});
