import { describe, expect, it } from 'vitest';
import type { BandwidthPolicy, ForecastPolicy } from '../../../src/core/config/types.js';
import { type DecisionInput, decide } from '../../../src/core/decide/index.js';
import { buildForecast } from '../../../src/core/forecast/profile.js';
import type { ForecastProfile } from '../../../src/core/forecast/types.js';
import type { Decision, InstanceSnapshot, InstanceState } from '../../../src/core/types.js';
import {
  bandwidthPolicy,
  bump,
  DAY0,
  forecastProfile,
  group,
  HOUR,
  input,
  instance,
  MIN,
  mbpsSeries,
  state,
  T0,
} from '../builders.js';
import { type Summary, summary } from './summary.js';

/** 10 Mbps PostPaid link, target 70 %, now = T0 = 10:00 UTC. */
interface Case {
  mbps?: number[];
  forecast?: ForecastProfile;
  mode?: ForecastPolicy['mode'];
  leadSec?: number;
  policy?: Partial<BandwidthPolicy>;
  inst?: Partial<InstanceSnapshot>;
  st?: Partial<InstanceState>;
  over?: Partial<DecisionInput>;
  nowMs?: number;
}

function build(c: Case): DecisionInput {
  const forecast = c.mode === undefined ? {} : { forecast: { mode: c.mode, leadSec: c.leadSec ?? 900, margin: 0.1 } };
  const nowMs = c.nowMs ?? T0;
  return input({
    instance: instance(c.inst),
    group: group({ bandwidth: bandwidthPolicy({ ...forecast, ...c.policy }) }),
    metrics: { bandwidthOutBps: mbpsSeries(c.mbps ?? [], { newestMs: nowMs - MIN }), cpuPercent: [] },
    state: state(c.st),
    ...(c.forecast === undefined ? {} : { forecast: c.forecast }),
    ...c.over,
  });
}
const run = (c: Case): Decision => decide(build(c), c.nowMs ?? T0);
const scale = (reason: string, from: number, to: number): Summary => ({
  kind: 'scale',
  reason,
  from,
  to,
  direction: to > from ? 'up' : 'down',
});
const skipped = (reason: string): Summary => ({ kind: 'skip', reason });

/** 40 Mbps expected 10:10–10:20 UTC, 5 Mbps otherwise: needs ceil(40 / 0.7) = 58 Mbps. */
const rush = forecastProfile(bump('10:10', '10:20', 40, 5), { builtAtMs: T0 - 2 * HOUR });
/** An hour of 3 Mbps: peak hold alone would cut 10 → 5 over a one-hour window. */
const quietHour = Array.from({ length: 61 }, () => 3);
const hourWindow = { scaleDownStabilizationSec: 3600 };

describe('decide with a forecast: adds capacity ahead of a predicted peak', () => {
  it('raises the link before the rush, with reason `forecast` and the prediction in words', () => {
    const d = run({ mbps: [7], forecast: rush });
    expect(summary(d)).toEqual(scale('forecast', 10, 58));
    expect(d.message).toBe(
      'forecast: peak 40 Mbps expected 10:10–10:20 UTC (daily profile) needs 58 Mbps at target 70% ' +
        '(reactive: outbound 7 Mbps is 70% of 10 Mbps (target 70%): within tolerance ±10% of target): 10 → 58 Mbps',
    );
  });

  it('acts once the rush is within leadSec, not before', () => {
    expect(summary(run({ mbps: [7], forecast: rush, nowMs: T0 - 10 * MIN }))).toEqual(skipped('within-tolerance'));
    expect(summary(run({ mbps: [7], forecast: rush, nowMs: T0 - 4 * MIN }))).toEqual(scale('forecast', 10, 58));
    expect(summary(run({ mbps: [7], forecast: rush, nowMs: T0 - 15 * MIN }))).toEqual(skipped('within-tolerance'));
    expect(summary(run({ mbps: [7], forecast: rush, nowMs: T0 - 15 * MIN, mode: 'on', leadSec: 1800 }))).toEqual(
      scale('forecast', 10, 58),
    );
  });

  it('acts even without fresh metrics (like a schedule floor)', () => {
    expect(summary(run({ forecast: rush }))).toEqual(scale('forecast', 10, 58));
  });

  it('is the default mode: the same with `mode: on` and without a forecast setting', () => {
    expect(run({ mbps: [7], forecast: rush, mode: 'on' })).toEqual(run({ mbps: [7], forecast: rush }));
  });
});

describe('decide with a forecast: never cuts', () => {
  const low = forecastProfile(() => 1, { builtAtMs: T0 - HOUR });

  it('a low prediction leaves an up, a hold and a down as they were', () => {
    for (const c of [{ mbps: [8] }, { mbps: [7] }, { mbps: [3, 3, 3, 3, 3] }]) {
      expect(run({ ...c, forecast: low })).toEqual(run(c));
    }
  });

  it('an up is raised to the prediction only when the prediction is higher', () => {
    expect(summary(run({ mbps: [8] }))).toEqual(scale('target-tracking', 10, 12));
    const higher = forecastProfile(() => 14, { builtAtMs: T0 - HOUR });
    expect(summary(run({ mbps: [8], forecast: higher }))).toEqual(scale('forecast', 10, 20));
  });

  it('a step rule that cuts is cut less: the larger of the two targets', () => {
    const rule = { adjustment: { type: 'absolute' as const, value: 2 } };
    const sig = {
      source: 'cms-alarm' as const,
      metric: 'VPC_PublicIP_InternetOutRate',
      value: 1e6,
      state: 'ALERT' as const,
    };
    const c = { mbps: [1], policy: { stepRules: [rule] }, over: { signal: { ...input().signal, ...sig } } };
    expect(summary(run(c))).toEqual(scale('step-rule', 10, 2));
    const five = forecastProfile(() => 5, { builtAtMs: T0 - HOUR });
    expect(summary(run({ ...c, forecast: five }))).toEqual(scale('forecast', 10, 8));
  });

  it('a stale profile, or one built after now, predicts nothing', () => {
    const stale = { ...rush, validUntilMs: T0 };
    expect(run({ mbps: [7], forecast: stale })).toEqual(run({ mbps: [7] }));
    expect(run({ mbps: [7], forecast: { ...rush, builtAtMs: T0 + MIN } })).toEqual(run({ mbps: [7] }));
  });
});

describe('decide with a forecast: bounds and limits still apply', () => {
  it.each<[string, Case, Summary]>([
    ['clamped to maxMbps', { policy: { maxMbps: 30 } }, scale('forecast', 10, 30)],
    [
      'a schedule max decides: reason schedule',
      { over: { schedule: { name: 'night', set: { maxMbps: 20 } } } },
      scale('schedule', 10, 20),
    ],
    ['already at maxMbps', { policy: { maxMbps: 30 }, inst: { bandwidthOutMbps: 30 } }, skipped('at-bound')],
    ['step-limited', { policy: { maxStepUpMbps: 5 } }, scale('forecast', 10, 15)],
    [
      'cooled down',
      { st: { lastChange: { bandwidthUpMs: T0 - MIN } } },
      { kind: 'skip', reason: 'cooldown', untilMs: T0 + MIN },
    ],
    [
      'PayByTraffic keeps its cap rule',
      { inst: { internetChargeType: 'PayByTraffic' }, policy: { maxMbps: 60 } },
      scale('traffic-cap', 10, 60),
    ],
  ])('%s', (_name, c, expected) => {
    expect(summary(run({ mbps: [7], forecast: rush, ...c }))).toEqual(expected);
  });

  it('says which bound stopped it', () => {
    expect(run({ mbps: [7], forecast: rush, policy: { maxMbps: 30 } }).message).toMatch(
      /^forecast: peak 40 Mbps .*; bounds \[1, 30\] Mbps \(policy\): 10 → 30 Mbps$/,
    );
  });
});

describe('decide with a forecast: scale-down held by it', () => {
  const evening = (mbps: number, from = '11:00') =>
    forecastProfile(bump(from, '11:30', mbps, 1), { builtAtMs: T0 - HOUR });

  it('peak hold alone cuts 10 → 5 Mbps', () => {
    expect(summary(run({ mbps: quietHour, policy: hourWindow }))).toEqual(scale('target-tracking', 10, 5));
  });

  it('no cut when the predicted peak within the down window needs the link', () => {
    const d = run({ mbps: quietHour, policy: hourWindow, forecast: evening(20) });
    expect(summary(d)).toEqual(skipped('stabilizing'));
    expect(d.message).toMatch(
      /; forecast: peak 20 Mbps expected 11:00–11:30 UTC \(daily profile\) needs 29 Mbps at target 70%: no scale-down$/,
    );
  });

  it('no cut when the predicted peak would sit within the tolerance band on the current link', () => {
    const d = run({ mbps: quietHour, policy: hourWindow, forecast: evening(7.5) });
    expect(summary(d)).toEqual(skipped('stabilizing'));
    expect(d.message).toMatch(
      /; forecast: peak 7\.5 Mbps expected 11:00–11:30 UTC \(daily profile\) fits 10 Mbps \(75%, within ±10% of target 70%\): no scale-down$/,
    );
  });

  it('a peak beyond max(leadSec, scaleDownStabilizationSec) does not hold it', () => {
    expect(summary(run({ mbps: quietHour, policy: hourWindow, forecast: evening(20, '11:05') }))).toEqual(
      scale('target-tracking', 10, 5),
    );
    // A lead of two hours provisions for it now instead.
    expect(summary(run({ mbps: [3, 3, 3, 3, 3], forecast: evening(20, '11:05'), mode: 'on', leadSec: 7200 }))).toEqual(
      scale('forecast', 10, 29),
    );
  });

  it('cuts only down to the prediction (reason forecast), and not at all when that cut is too small', () => {
    const d = run({ mbps: quietHour, policy: hourWindow, forecast: evening(4) });
    expect(summary(d)).toEqual(scale('forecast', 10, 6));
    expect(d.message).toMatch(
      /; forecast: peak 4 Mbps expected 11:00–11:30 UTC .* needs 6 Mbps at target 70%: 10 → 6 Mbps$/,
    );
    const small = run({ mbps: quietHour, policy: hourWindow, forecast: evening(5.5) });
    expect(summary(small)).toEqual(skipped('cut-too-small'));
    expect(small.message).toMatch(/needs 8 Mbps at target 70%; a cut to 8 Mbps saves 20%.*not worth a downgrade$/);
  });

  it('keeps a temporary upgrade the forecast still needs (extension)', () => {
    const prepaid = {
      inst: { instanceChargeType: 'PrePaid' as const, bandwidthOutMbps: 20 },
      st: { temporaryUpgrade: { baselineMbps: 10, upgradedMbps: 20, endMs: T0 + 30 * MIN, actionKey: 'bw-prev' } },
      mbps: [3, 3, 3, 3, 3],
    };
    expect(summary(run(prepaid))).toEqual({ kind: 'skip', reason: 'no-permanent-downgrade', untilMs: T0 + 30 * MIN });
    const ten = forecastProfile(() => 10, { builtAtMs: T0 - HOUR });
    expect(summary(run({ ...prepaid, forecast: ten }))).toEqual({
      kind: 'scale',
      reason: 'temporary-extend',
      from: 20,
      to: 20,
      direction: 'up',
    });
  });
});

describe('decide with a forecast: modes', () => {
  it('off: exactly as without a forecast', () => {
    expect(run({ mbps: [7], forecast: rush, mode: 'off' })).toEqual(run({ mbps: [7] }));
  });

  it('forecast-only: the same decision, and the message says what the forecast would have done', () => {
    const without = run({ mbps: [7] });
    const audited = run({ mbps: [7], forecast: rush, mode: 'forecast-only' });
    expect(summary(audited)).toEqual(summary(without));
    expect(audited.message).toBe(
      `${without.message}; forecast-only, would do instead: forecast: peak 40 Mbps expected 10:10–10:20 UTC ` +
        '(daily profile) needs 58 Mbps at target 70% (reactive: outbound 7 Mbps is 70% of 10 Mbps (target 70%): ' +
        'within tolerance ±10% of target): 10 → 58 Mbps',
    );
  });

  it('forecast-only: a cut the forecast would have held', () => {
    const evening = forecastProfile(bump('11:00', '11:30', 20, 1), { builtAtMs: T0 - HOUR });
    const audited = run({ mbps: quietHour, policy: hourWindow, forecast: evening, mode: 'forecast-only' });
    expect(summary(audited)).toEqual(scale('target-tracking', 10, 5));
    expect(audited.message).toMatch(
      /: 10 → 5 Mbps; forecast-only, would skip \(stabilizing\) instead: peak outbound 3 Mbps .*: no scale-down$/,
    );
  });

  it('forecast-only: says so when the forecast changes nothing', () => {
    const low = forecastProfile(() => 1, { builtAtMs: T0 - HOUR });
    const audited = run({ mbps: [8], forecast: low, mode: 'forecast-only' });
    expect(summary(audited)).toEqual(scale('target-tracking', 10, 12));
    expect(audited.message).toBe(
      'outbound 8 Mbps is 80% of 10 Mbps (target 70%): 10 → 12 Mbps; forecast-only, forecast: peak 1 Mbps ' +
        'expected at any time (daily profile) needs 2 Mbps at target 70%: the same decision',
    );
  });

  it('forecast-only without a usable profile: exactly as without', () => {
    expect(run({ mbps: [7], mode: 'forecast-only' })).toEqual(run({ mbps: [7] }));
    expect(run({ mbps: [7], mode: 'forecast-only', forecast: { ...rush, validUntilMs: T0 } })).toEqual(
      run({ mbps: [7] }),
    );
  });
});

describe('decide with a forecast built from history', () => {
  // Nine days of office traffic: 10 Mbps, 50 Mbps from 09:00 to 18:00 UTC. The profile is built at midnight.
  const history = Array.from({ length: 9 * 1440 }, (_, m) => {
    const minute = m % 1440;
    return { timestampMs: DAY0 - 9 * 24 * HOUR + m * MIN, value: minute >= 540 && minute < 1080 ? 50 : 10 };
  });
  const built = buildForecast(history, { nowMs: DAY0 });
  const at = (hhmm: string) => DAY0 + Number(hhmm.slice(0, 2)) * HOUR + Number(hhmm.slice(3)) * MIN;
  const quiet = (nowMs: number) =>
    decide(
      input({
        instance: instance({ bandwidthOutMbps: 15 }),
        group: group({ bandwidth: bandwidthPolicy() }),
        metrics: { bandwidthOutBps: mbpsSeries([10], { newestMs: nowMs - MIN }), cpuPercent: [] },
        ...(built.kind === 'profile' ? { forecast: built } : {}),
      }),
      nowMs,
    );

  it('raises the link ahead of the 09:00 ramp, not long before', () => {
    expect(built.kind).toBe('profile');
    expect(summary(quiet(at('08:30')))).toEqual(skipped('within-tolerance'));
    const d = quiet(at('08:50'));
    // 50 Mbps × 1.1 margin = 55 Mbps needs ceil(55 / 0.7) = 79 Mbps.
    expect(summary(d)).toEqual(scale('forecast', 15, 79));
    expect(d.message).toMatch(/^forecast: peak 55 Mbps expected 08:55–18:05 UTC \(daily profile\) needs 79 Mbps/);
  });
});
