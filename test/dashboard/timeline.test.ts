import { describe, expect, it } from 'vitest';
import { buildTimeline, changeLabel, periodForHours } from '../../src/dashboard/timeline.js';
import { applied, entry, MIN, T0 } from './fakes.js';

const FROM = T0 - 60 * MIN;

describe('buildTimeline: provisioned capacity from the audit trail', () => {
  it('steps through applied changes and ends at the current truth', () => {
    const entries = [
      applied(T0 - 40 * MIN, 10, 20),
      entry({ atMs: T0 - 30 * MIN }), // a skip: no step, no mark
      applied(T0 - 20 * MIN, 20, 35),
      applied(T0 - 10 * MIN, 35, 50, { result: 'failed', error: { code: 'Throttling', message: 'x' } }),
    ];
    const t = buildTimeline(entries, { bandwidthOutMbps: 35, instanceType: 'ecs.g7.large' }, FROM, T0);
    expect(t.bandwidthMbps).toEqual([
      { atMs: FROM, mbps: 10 },
      { atMs: T0 - 40 * MIN, mbps: 20 },
      { atMs: T0 - 20 * MIN, mbps: 35 },
      { atMs: T0, mbps: 35 },
    ]);
    expect(t.marks.map((m) => [m.atMs, m.result, m.label])).toEqual([
      [T0 - 40 * MIN, 'applied', '10 → 20 Mbps'],
      [T0 - 20 * MIN, 'applied', '20 → 35 Mbps'],
      [T0 - 10 * MIN, 'failed', '35 → 50 Mbps'],
    ]);
    expect(t.instanceType).toEqual([
      { atMs: FROM, instanceType: 'ecs.g7.large' },
      { atMs: T0, instanceType: 'ecs.g7.large' },
    ]);
  });

  it('with no change in the window the capacity is flat at the current value', () => {
    const t = buildTimeline(
      [applied(FROM - MIN, 5, 10)],
      { bandwidthOutMbps: 10, instanceType: 'ecs.g7.large' },
      FROM,
      T0,
    );
    expect(t.bandwidthMbps).toEqual([
      { atMs: FROM, mbps: 10 },
      { atMs: T0, mbps: 10 },
    ]);
    expect(t.marks).toEqual([]);
  });

  it('shows a change made outside the autoscaler as a step at the right edge', () => {
    const t = buildTimeline([applied(T0 - 5 * MIN, 10, 20)], { bandwidthOutMbps: 5, instanceType: 'x' }, FROM, T0);
    expect(t.bandwidthMbps.at(-1)).toEqual({ atMs: T0, mbps: 5 });
  });

  it('tracks instance-type changes', () => {
    const typeChange = entry({
      atMs: T0 - 15 * MIN,
      decision: 'scale',
      reason: 'cpu-high',
      result: 'applied',
      before: { instanceType: 'ecs.g7.large' },
      after: { instanceType: 'ecs.g7.xlarge' },
    });
    const t = buildTimeline([typeChange], { bandwidthOutMbps: 10, instanceType: 'ecs.g7.xlarge' }, FROM, T0);
    expect(t.instanceType.map((p) => p.instanceType)).toEqual(['ecs.g7.large', 'ecs.g7.xlarge', 'ecs.g7.xlarge']);
    expect(t.marks[0]?.label).toBe('ecs.g7.large → ecs.g7.xlarge');
  });
});

describe('helpers', () => {
  it.each([
    [1, 60],
    [6, 60],
    [7, 300],
    [48, 300],
    [49, 900],
    [168, 900],
  ])('%i h → period %i s', (hours, period) => {
    expect(periodForHours(hours)).toBe(period);
  });

  it.each([
    [
      {
        before: { internetChargeType: 'PayByBandwidth' as const },
        after: { internetChargeType: 'PayByTraffic' as const },
      },
      'PayByBandwidth → PayByTraffic',
    ],
    [{ after: { bandwidthOutMbps: 5 } }, '? → 5 Mbps'],
    [{ reason: 'cooldown' }, 'cooldown'],
  ])('changeLabel %#', (over, label) => {
    expect(changeLabel(entry(over))).toBe(label);
  });
});
