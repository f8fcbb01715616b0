import { describe, expect, it } from 'vitest';
import type { BandwidthPolicy } from '../../../src/core/config/types.js';
import { decide } from '../../../src/core/decide/index.js';
import type { Decision, MetricPoint } from '../../../src/core/types.js';
import {
  bandwidthPolicy,
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
import { summary } from './summary.js';

/** Target 70 %, ×1.5 per saturated step (the default multiplier), no step limits. */
const POLICY: Partial<BandwidthPolicy> = { saturationMultiplier: 1.5, cooldownUpSec: 60 };

/** `mbps` per minute for `minutes`, the newest one minute before `endMs`. */
const flat = (mbps: number, minutes: number, endMs: number): MetricPoint[] =>
  mbpsSeries(
    Array.from({ length: minutes }, () => mbps),
    { newestMs: endMs - MIN },
  );

/**
 * A link cut to 10 Mbps 20 minutes ago (an hour of `beforeMbps` before the cut, on the larger link), saturated
 * since (9.6 Mbps).
 */
function afterCut(beforeMbps: number, over: { policy?: Partial<BandwidthPolicy>; nowMs?: number } = {}): Decision {
  const cutMs = T0 - 20 * MIN;
  return decide(
    input({
      group: group({ bandwidth: bandwidthPolicy({ ...POLICY, ...over.policy }) }),
      metrics: { bandwidthOutBps: [...flat(beforeMbps, 60, cutMs), ...flat(9.6, 20, T0)], cpuPercent: [] },
      state: state({ lastChange: { bandwidthDownMs: cutMs } }),
    }),
    T0,
  );
}

describe('saturated link: the step comes from history when history says more', () => {
  it('demand measured before the cut: straight to what it needs', () => {
    const d = afterCut(38);
    expect(summary(d)).toEqual({ kind: 'scale', reason: 'saturated', from: 10, to: 55, direction: 'up' });
    expect(d.message).toBe(
      'outbound 9.6 Mbps is 96% of 10 Mbps (target 70%, saturated); the full link hides the demand, but 38 Mbps ' +
        'was measured at 09:39 UTC, before the last change: ceil(38 Mbps ÷ 70%) = 55 Mbps instead of 15 Mbps (×1.5): ' +
        '10 → 55 Mbps',
    );
  });

  it('no evidence above the plain step: unchanged ×1.5, unchanged words', () => {
    for (const before of [3, 9, 10]) {
      const d = afterCut(before);
      expect(summary(d)).toEqual({ kind: 'scale', reason: 'saturated', from: 10, to: 15, direction: 'up' });
      expect(d.message).toBe('outbound 9.6 Mbps is 96% of 10 Mbps (target 70%, saturated): 10 → 15 Mbps');
    }
  });

  it('the link’s own saturated points are no evidence (no change known: all points are this link’s)', () => {
    const d = decide(
      input({
        group: group({ bandwidth: bandwidthPolicy({ ...POLICY, targetUtilization: 0.5, saturationThreshold: 0.9 }) }),
        metrics: { bandwidthOutBps: series([9.6, 9.6], [10.4, 10.4]), cpuPercent: [] },
      }),
      T0,
    );
    // ceil(9.6 / 0.5) = 20 from the observation; this link's in-minute maximum of 10.4 is not evidence (it would say 21).
    expect(summary(d)).toMatchObject({ reason: 'saturated', to: 20 });
  });

  it('still bounded by maxMbps and step limits', () => {
    expect(summary(afterCut(90, { policy: { maxMbps: 40 } }))).toMatchObject({ to: 40 });
    expect(summary(afterCut(90, { policy: { maxStepUpMbps: 20 } }))).toMatchObject({ to: 30 });
  });

  it('the forecast counts as evidence too (mode on), and is only audited in forecast-only', () => {
    const withForecast = (mode: 'on' | 'forecast-only') =>
      decide(
        input({
          group: group({ bandwidth: bandwidthPolicy({ ...POLICY, forecast: { mode, leadSec: 900, margin: 0.1 } }) }),
          metrics: { bandwidthOutBps: flat(9.6, 5, T0), cpuPercent: [] },
          forecast: forecastProfile(() => 30, { builtAtMs: T0 - HOUR }),
        }),
        T0,
      );
    const on = withForecast('on');
    expect(summary(on)).toMatchObject({ reason: 'saturated', to: 43 });
    expect(on.message).toMatch(
      /the full link hides the demand, but forecast: peak 30 Mbps .*: ceil\(30 Mbps ÷ 70%\) = 43 Mbps instead of 15 Mbps \(×1\.5\): 10 → 43 Mbps$/,
    );
    const audited = withForecast('forecast-only');
    expect(summary(audited)).toMatchObject({ reason: 'saturated', to: 15 });
    expect(audited.message).toMatch(/: 10 → 15 Mbps; forecast-only, would do instead: .*: 10 → 43 Mbps$/);
  });
});

/** Points with distinct average and maximum, one a minute, newest a minute before T0. */
function series(avg: number[], max: number[]): MetricPoint[] {
  return avg.map((a, i) => ({
    timestampMs: T0 - (avg.length - i) * MIN,
    average: a * 1e6,
    maximum: (max[i] as number) * 1e6,
    minimum: a * 1e6,
  }));
}

describe('saturated link: recovery in fewer steps', () => {
  /**
   * A demand of 50 Mbps on a link cut to 10 Mbps; every 3 minutes the autoscaler decides on what the link served
   * since its last change. Returns the bandwidth after each saturated step.
   */
  function recover(before: MetricPoint[]): number[] {
    let mbps = 10;
    let changedMs = T0 - 20 * MIN;
    let nowMs = T0;
    const steps = [mbps];
    for (let i = 0; i < 10; i++) {
      const served = flat(Math.min(50, mbps), (nowMs - changedMs) / MIN, nowMs);
      const d = decide(
        input({
          instance: instance({ bandwidthOutMbps: mbps }),
          group: group({ bandwidth: bandwidthPolicy(POLICY) }),
          metrics: { bandwidthOutBps: [...before, ...served], cpuPercent: [] },
          state: state({ lastChange: { bandwidthUpMs: changedMs } }),
        }),
        nowMs,
      );
      if (d.kind !== 'scale' || d.reason !== 'saturated') return steps;
      mbps = (d.action as { toMbps: number }).toMbps;
      steps.push(mbps);
      changedMs = nowMs;
      nowMs += 3 * MIN;
    }
    return steps;
  }

  it('one step with 45 Mbps seen on the larger link before the cut, four by ×1.5 without', () => {
    expect(recover(flat(45, 30, T0 - 30 * MIN))).toEqual([10, 65]);
    expect(recover(flat(9, 30, T0 - 30 * MIN))).toEqual([10, 15, 23, 35, 53]);
  });
});
