import { describe, expect, it } from 'vitest';
import type { BandwidthPolicy } from '../../../src/core/config/types.js';
import { type DecisionInput, decide } from '../../../src/core/decide/index.js';
import { DEFAULT_MIN_SCALE_DOWN_FRACTION } from '../../../src/core/decide/peakHold.js';
import type { InstanceSnapshot, InstanceState, MetricPoint } from '../../../src/core/types.js';
import { bandwidthPolicy, budget, group, input, instance, MIN, mbpsSeries, series, state, T0 } from '../builders.js';
import { type Summary, summary } from './summary.js';

/** 10 Mbps link, target 70 %, tolerance 10 %, 5-minute scale-down window unless overridden. */
interface Case {
  points: MetricPoint[];
  policy?: Partial<BandwidthPolicy>;
  inst?: Partial<InstanceSnapshot>;
  st?: Partial<InstanceState>;
  reserve?: number;
}

function build(c: Case): DecisionInput {
  return input({
    instance: instance(c.inst),
    group: group({
      bandwidth: bandwidthPolicy(c.policy),
      downgradeBudget: budget(c.reserve === undefined ? {} : { reserve: c.reserve }),
    }),
    metrics: { bandwidthOutBps: c.points, cpuPercent: [] },
    state: state(c.st),
  });
}

const down = (to: number): Summary => ({ kind: 'scale', reason: 'target-tracking', from: 10, to, direction: 'down' });
const skipped = (reason: string): Summary => ({ kind: 'skip', reason });
const mbps = (values: number[]) => mbpsSeries(values);
/** Maximum differs from the average: a burst inside the minute. */
const bursty = (avg: number[], max: number[]) =>
  series(
    avg.map((v) => v * 1e6),
    { max: max.map((v) => v * 1e6) },
  );

describe('decide: scale-down by peak hold', () => {
  it.each<[string, Case, Summary]>([
    ['down to what the peak of the window needs', { points: mbps([1, 4, 1, 1, 1]) }, down(6)],
    ['the peak counts the in-minute maximum', { points: bursty([1, 1, 1, 1, 1], [1, 1, 4.2, 1, 1]) }, down(6)],
    [
      'a burst above the band holds the link',
      { points: bursty([3, 3, 3, 3, 3], [3, 8, 3, 3, 3]) },
      skipped('stabilizing'),
    ],
    ['window not yet covered', { points: mbps([3, 3, 3, 3]) }, skipped('stabilizing')],
    [
      'points before the last change count (served ≤ demand on any link)',
      { points: mbps([9, 3, 3, 3, 3]), st: { lastChange: { bandwidthUpMs: T0 - 4 * MIN - 30_000 } } },
      skipped('stabilizing'),
    ],
    [
      'and fill a window the link has not held that long',
      {
        points: mbps(Array.from({ length: 16 }, () => 3)),
        st: { lastChange: { bandwidthUpMs: T0 - 11 * MIN } },
        policy: { scaleDownStabilizationSec: 900 },
      },
      down(5),
    ],
    ['a cut of 20 % is not worth a downgrade', { points: mbps([5.6, 5, 5, 5, 5]) }, skipped('cut-too-small')],
    [
      'unless minScaleDownFraction allows it',
      { points: mbps([5.6, 5, 5, 5, 5]), policy: { minScaleDownFraction: 0.2 } },
      down(8),
    ],
    ['a cut of exactly the fraction goes ahead', { points: mbps([4.9, 4, 4, 4, 4]) }, down(7)],
    ['points out of order are read in order', { points: mbps([1, 4, 1, 1, 1]).reverse() }, down(6)],
    [
      'a point stamped after now is not read',
      { points: [...mbps([1, 4, 1, 1, 1]), { timestampMs: T0 + MIN, average: 9e6, maximum: 9e6, minimum: 9e6 }] },
      down(6),
    ],
  ])('%s', (_name, c, expected) => {
    expect(summary(decide(build(c), T0))).toEqual(expected);
  });

  it('the default minimum cut is 30 %', () => {
    expect(DEFAULT_MIN_SCALE_DOWN_FRACTION).toBe(0.3);
  });

  it.each([
    [
      'a planned cut',
      { points: mbps([1, 4, 1, 1, 1]) },
      'peak outbound 4 Mbps over 300 s is 40% of 10 Mbps (target 70%): 10 → 6 Mbps',
    ],
    [
      'a cut too small',
      { points: mbps([5.6, 5, 5, 5, 5]) },
      'peak outbound 5.6 Mbps over 300 s is 56% of 10 Mbps (target 70%); a cut to 8 Mbps saves 20%, less than minScaleDownFraction 30%: not worth a downgrade',
    ],
    [
      'a peak too high',
      { points: mbps([6.9, 3, 3, 3, 3]) },
      'peak outbound 6.9 Mbps over 300 s is 69% of 10 Mbps (target 70%), not low enough to scale down',
    ],
    [
      'a short history',
      { points: mbps([3, 3]) },
      'peak outbound 3 Mbps over 300 s is 30% of 10 Mbps (target 70%), waiting for enough data',
    ],
  ])('explains %s', (_name, c, message) => {
    expect(decide(build(c), T0).message).toBe(message);
  });
});

describe('decide: the last lifetime downgrade of a subscription instance', () => {
  const prepaid: Case = {
    points: mbps([3, 3, 3, 3, 3]),
    inst: { instanceChargeType: 'PrePaid' },
    policy: { temporaryUpgrade: 'never' },
    reserve: 0,
  };
  it.each<[string, Partial<Case>, Summary]>([
    ['is kept even with no configured reserve', { st: { platformDowngrades: 2 } }, skipped('quota')],
    ['the second may still go', { st: { platformDowngrades: 1 } }, down(5)],
    ['pay-as-you-go has no lifetime limit', { inst: {}, st: { platformDowngrades: 2 } }, down(5)],
  ])('%s', (_name, over, expected) => {
    expect(summary(decide(build({ ...prepaid, ...over }), T0))).toEqual(expected);
  });

  it('says why', () => {
    expect(decide(build({ ...prepaid, st: { platformDowngrades: 2 } }), T0).message).toMatch(
      /subscription downgrade limit: 2 of 3 used, the last one is kept for the optimiser or an operator$/,
    );
  });
});
