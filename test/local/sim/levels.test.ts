// Ladders from the shared price table, level lookup with float slack, and timelines with type-change downtime.
import { describe, expect, it } from 'vitest';
import {
  bandwidthLadder,
  cpuLadder,
  DEFAULT_TYPE_CHANGE_DOWNTIME_SEC,
  levelFor,
  levelIndexOf,
  timelineFromLevels,
} from '../../../src/local/sim/levels.js';
import { ladderOf, sharedPrices } from './fixtures.js';

const prices = sharedPrices();

describe('bandwidthLadder', () => {
  it.each([
    ['PostPaid', 'PayByBandwidth', 100],
    ['PrePaid', 'PayByBandwidth', 200],
    ['PrePaid', 'PayByTraffic', 100],
  ] as const)('%s %s tops out at %d Mbps', (instanceChargeType, internetChargeType, top) => {
    const ladder = bandwidthLadder(prices, { instanceChargeType, internetChargeType });
    expect(ladder.topCapacity).toBe(top);
    expect(ladder.levels).toHaveLength(top);
    expect(ladder.levels[0]?.capacity).toBe(1);
  });

  it.each([
    [1, 0.063],
    [5, 5 * 0.063],
    [7, 5 * 0.063 + 2 * 0.248],
    [100, 5 * 0.063 + 95 * 0.248],
  ])('PayByBandwidth %d Mbps costs %d per hour (tiered)', (mbps, perHour) => {
    const ladder = bandwidthLadder(prices);
    expect(ladder.levels[levelIndexOf(ladder, mbps)]?.costPerHour).toBeCloseTo(perHour, 12);
  });

  it('PayByTraffic levels cost nothing per hour; the GB price is carried instead', () => {
    const ladder = bandwidthLadder(prices, { internetChargeType: 'PayByTraffic' });
    expect(ladder.levels.every((l) => l.costPerHour === 0)).toBe(true);
    expect(ladder.trafficPricePerGB).toBe(0.8);
  });

  it('starts at minMbps and rejects a bad one', () => {
    expect(bandwidthLadder(prices, { minMbps: 0 }).levels[0]).toEqual({ label: '0', capacity: 0, costPerHour: 0 });
    expect(() => bandwidthLadder(prices, { minMbps: 101 })).toThrow(
      /minMbps must be a whole number within 0–100, got 101/,
    );
  });
});

describe('cpuLadder', () => {
  it('takes vCPU and hourly price from the table; downtime defaults to the emulator stop + start', () => {
    const ladder = cpuLadder(prices, { types: ['ecs.c7.large', 'ecs.c7.xlarge'] });
    expect(ladder.levels).toEqual([
      { label: 'ecs.c7.large', capacity: 2, costPerHour: 0.39 },
      { label: 'ecs.c7.xlarge', capacity: 4, costPerHour: 0.78 },
    ]);
    expect(ladder.topCapacity).toBe(4);
    expect(ladder.changeDowntimeSec).toBe(DEFAULT_TYPE_CHANGE_DOWNTIME_SEC);
    expect(DEFAULT_TYPE_CHANGE_DOWNTIME_SEC).toBe(35);
  });

  it.each([
    [['ecs.g7.xlarge', 'ecs.g7.large'], /must grow in vCPU: ecs.g7.large \(2\) follows ecs.g7.xlarge \(4\)/],
    [['ecs.g7.large', 'ecs.x9.huge'], /no price for instance type 'ecs.x9.huge'/],
    [[], /at least one instance type/],
  ])('rejects %j', (types, message) => {
    expect(() => cpuLadder(prices, { types })).toThrow(message);
  });
});

describe('levelFor', () => {
  const ladder = ladderOf([2, 4, 8]);
  it.each([
    [0, 0],
    [2, 0],
    [2.0001, 1],
    [4, 1],
    [7.9, 2],
    [8, 2],
    [50, 2],
  ])('demand %d → level %d', (demand, index) => {
    expect(levelFor(ladder, demand)).toBe(index);
  });

  it('treats float noise as a fit (6 / 0.6 is 10.000000000000002 in floating point)', () => {
    expect(levelFor(ladderOf([9, 10, 11]), 6 / 0.6)).toBe(1);
  });
});

describe('timelineFromLevels', () => {
  it('puts the downtime in the interval of every change when the ladder has one', () => {
    const ladder = ladderOf([2, 4], [1, 2], 35);
    expect(timelineFromLevels(ladder, [0, 0, 1, 1, 0])).toEqual({
      capacity: [2, 2, 4, 4, 2],
      costPerHour: [1, 1, 2, 2, 1],
      offlineSec: [0, 0, 35, 0, 35],
    });
    expect(timelineFromLevels(ladder, [0, 1], { downtime: false })).toEqual({ capacity: [2, 4], costPerHour: [1, 2] });
  });

  it('rejects an index outside the ladder', () => {
    expect(() => timelineFromLevels(ladderOf([1]), [0, 3])).toThrow(/level index 3 at interval 1 is outside/);
  });

  it('levelIndexOf names the missing level', () => {
    expect(() => levelIndexOf(ladderOf([1, 2]), 7)).toThrow(/7 is not a level of the bandwidth ladder \(1…2\)/);
  });
});
