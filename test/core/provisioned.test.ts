import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bandwidthCostPerHour, parsePriceTable } from '../../src/core/cost.js';
import {
  type BandwidthChange,
  type BandwidthSegment,
  provisionedCostPerHour,
  provisionedSegments,
} from '../../src/core/provisioned.js';

const root = resolve(import.meta.dirname, '../..');
const prices = parsePriceTable(
  JSON.parse(readFileSync(resolve(root, 'config/prices/cn-hangzhou.json'), 'utf8')),
  'cn-hangzhou.json',
);
const H = 3_600_000;
const END = 100 * H;
const START = END - 48 * H;

describe('provisionedSegments', () => {
  it.each<[string, number, BandwidthChange[], BandwidthSegment[]]>([
    ['no changes: the current bandwidth over the whole window', 20, [], [{ startMs: START, endMs: END, mbps: 20 }]],
    [
      'several changes: walked back from the current bandwidth',
      30,
      [
        { atMs: END - 2 * H, beforeMbps: 10 },
        { atMs: END - 12 * H, beforeMbps: 50 },
      ],
      [
        { startMs: START, endMs: END - 12 * H, mbps: 50 },
        { startMs: END - 12 * H, endMs: END - 2 * H, mbps: 10 },
        { startMs: END - 2 * H, endMs: END, mbps: 30 },
      ],
    ],
    [
      'changes older than the window end the walk; the level before the oldest in-window change reaches back',
      30,
      [
        { atMs: END - 10 * H, beforeMbps: 8 },
        { atMs: START, beforeMbps: 99 },
        { atMs: START - 5 * H, beforeMbps: 77 },
      ],
      [
        { startMs: START, endMs: END - 10 * H, mbps: 8 },
        { startMs: END - 10 * H, endMs: END, mbps: 30 },
      ],
    ],
    [
      'unsorted, with a duplicate and two changes in one millisecond',
      30,
      [
        { atMs: END - 30 * H, beforeMbps: 5 },
        { atMs: END - 10 * H, beforeMbps: 12 },
        { atMs: END - 30 * H, beforeMbps: 5 },
        { atMs: END - 10 * H, beforeMbps: 20 },
      ],
      // At END − 10 h: 12 → 20 → 30 or 20 → 12 → 30 in the same ms; the level before the pair is the other one.
      [
        { startMs: START, endMs: END - 30 * H, mbps: 5 },
        { startMs: END - 30 * H, endMs: END - 10 * H, mbps: 20 },
        { startMs: END - 10 * H, endMs: END, mbps: 30 },
      ],
    ],
    [
      'a change after the window end is already in the current bandwidth: walked through, no segment',
      40,
      [
        { atMs: END + H, beforeMbps: 25 },
        { atMs: END - 24 * H, beforeMbps: 60 },
      ],
      [
        { startMs: START, endMs: END - 24 * H, mbps: 60 },
        { startMs: END - 24 * H, endMs: END, mbps: 25 },
      ],
    ],
  ])('%s', (_label, currentMbps, changes, expected) => {
    expect(provisionedSegments({ currentMbps, changes, startMs: START, endMs: END })).toEqual(expected);
  });

  it('an empty window has no segments', () => {
    expect(provisionedSegments({ currentMbps: 10, changes: [], startMs: END, endMs: END })).toEqual([]);
  });
});

describe('provisionedCostPerHour', () => {
  const hour = (mbps: number) => bandwidthCostPerHour(prices, 'PayByBandwidth', mbps);

  it.each<[string, BandwidthSegment[], number | undefined]>([
    ['one segment: its tier price', [{ startMs: 0, endMs: 5 * H, mbps: 10 }], hour(10)],
    [
      // 2 Mbps for 18 h and 40 Mbps for 6 h: 0.75 × 0.126 + 0.25 × (5 × 0.063 + 35 × 0.248) = 2.34875 CNY/h
      'time-weighted across tiers',
      [
        { startMs: 0, endMs: 18 * H, mbps: 2 },
        { startMs: 18 * H, endMs: 24 * H, mbps: 40 },
      ],
      0.75 * 2 * 0.063 + 0.25 * (5 * 0.063 + 35 * 0.248),
    ],
    [
      'a segment of no (or negative) duration weighs nothing',
      [
        { startMs: 0, endMs: H, mbps: 3 },
        { startMs: H, endMs: H, mbps: 100 },
        { startMs: 2 * H, endMs: H, mbps: 100 },
      ],
      hour(3),
    ],
    ['no duration at all: undefined', [], undefined],
  ])('%s', (_label, segments, expected) => {
    const got = provisionedCostPerHour(segments, prices);
    if (expected === undefined) expect(got).toBeUndefined();
    else expect(got).toBeCloseTo(expected, 10);
  });

  it('an autoscaled day costs less than the static price at its peak and more than at its trough', () => {
    const segments = provisionedSegments({
      currentMbps: 5,
      changes: [
        { atMs: END - 4 * H, beforeMbps: 45 },
        { atMs: END - 10 * H, beforeMbps: 5 },
      ],
      startMs: END - 24 * H,
      endMs: END,
    });
    const cost = provisionedCostPerHour(segments, prices) as number;
    expect(cost).toBeCloseTo((18 * hour(5) + 6 * hour(45)) / 24, 10);
    expect(cost).toBeLessThan(hour(45));
    expect(cost).toBeGreaterThan(hour(5));
  });
});
