import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BILLING_HOUR_MS,
  bandwidthCostPerHour,
  billedHourStartMs,
  HOURS_PER_MONTH,
  instanceCostPerHour,
  msToNextBillingHour,
  parsePriceTable,
  specCostPerHour,
  trafficGBPerHour,
} from '../../src/core/cost.js';
import { AutoscalerError, ConfigError } from '../../src/core/errors.js';

const root = resolve(import.meta.dirname, '../..');
const raw = JSON.parse(readFileSync(resolve(root, 'config/prices/cn-hangzhou.json'), 'utf8'));
const prices = parsePriceTable(raw, 'cn-hangzhou.json');

describe('price table', () => {
  it('parses the shared cn-hangzhou table', () => {
    expect(prices.region).toBe('cn-hangzhou');
    expect(prices.bandwidth.payByBandwidthPerMbpsHour).toEqual([
      { fromMbps: 0, toMbps: 5, price: 0.063 },
      { fromMbps: 5, toMbps: null, price: 0.248 },
    ]);
    expect(Object.keys(prices.instanceTypes)).toContain('ecs.g7.2xlarge');
  });

  it('lists every problem of a broken table', () => {
    const broken = structuredClone(raw);
    broken.bandwidth.payByBandwidthPerMbpsHour = [
      { fromMbps: 1, toMbps: 5, price: 0.1 },
      { fromMbps: 6, toMbps: null, price: 0.2 },
      { fromMbps: 6, toMbps: 4, price: 0.3 },
    ];
    broken.instanceTypes['g7.large'] = { vcpu: 2, memoryGiB: 8, perHour: -1 };
    delete broken.currency;
    let problems: unknown[] = [];
    try {
      parsePriceTable(broken, 'broken.json');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      problems = [...(err as ConfigError).problems];
    }
    expect(problems).toEqual([
      { path: 'currency', rule: 'is required' },
      { path: 'bandwidth.payByBandwidthPerMbpsHour[0].fromMbps', rule: 'must be 0', value: 1 },
      { path: 'bandwidth.payByBandwidthPerMbpsHour[1].fromMbps', rule: 'must be 5', value: 6 },
      { path: 'bandwidth.payByBandwidthPerMbpsHour[1].toMbps', rule: 'must be a number', value: null },
      { path: 'bandwidth.payByBandwidthPerMbpsHour[2].toMbps', rule: 'must be null (the last tier is open)', value: 4 },
      { path: 'instanceTypes["g7.large"]', rule: 'key must be an ECS instance type like ecs.g7.large' },
      { path: 'instanceTypes["g7.large"].perHour', rule: 'must be ≥ 0', value: -1 },
    ]);
  });

  it('bills pay-by-bandwidth per minute unless the table says hourlyPeak', () => {
    expect(prices.bandwidth.billing).toBe('perMinute');
    const hourly = structuredClone(raw);
    hourly.bandwidth.billing = 'hourlyPeak';
    expect(parsePriceTable(hourly, 'h').bandwidth.billing).toBe('hourlyPeak');
  });

  it('names the billing field when its value is unknown', () => {
    const table = structuredClone(raw);
    table.bandwidth.billing = 'perHour';
    let problems: unknown[] = [];
    try {
      parsePriceTable(table, 'bad.json');
    } catch (err) {
      problems = [...(err as ConfigError).problems];
    }
    expect(problems).toEqual([
      { path: 'bandwidth.billing', rule: "must be one of 'perMinute', 'hourlyPeak'", value: 'perHour' },
    ]);
  });

  it('parses the repository table with its documented billing mode (docs/simulator.md)', () => {
    const repo = JSON.parse(readFileSync(resolve(root, 'config/prices/cn-hangzhou.json'), 'utf8'));
    const table = parsePriceTable(repo, 'config/prices/cn-hangzhou.json');
    expect(table.bandwidth.billing).toBe('perMinute');
    expect(table.bandwidth.payByBandwidthPerMbpsHour).toEqual(prices.bandwidth.payByBandwidthPerMbpsHour);
  });

  it('rejects a tier that ends before it starts', () => {
    const table = structuredClone(raw);
    table.bandwidth.payByBandwidthPerMbpsHour = [
      { fromMbps: 0, toMbps: 0.5, price: 0.1 },
      { fromMbps: 0.5, toMbps: 0.5, price: 0.1 },
      { fromMbps: 0.5, toMbps: null, price: 0.2 },
    ];
    expect(() => parsePriceTable(table, 't')).toThrow(/\[1\]\.toMbps: must be > fromMbps \(0\.5\)/);
  });
});

describe('bandwidth cost (checked by hand: 0.063 per Mbps-hour up to 5 Mbps, 0.248 above)', () => {
  it.each([
    [0, 0],
    [1, 0.063],
    [2.5, 0.1575],
    [5, 0.315], // 5 × 0.063
    [6, 0.563], // 0.315 + 1 × 0.248
    [10, 1.555], // 0.315 + 5 × 0.248
    [100, 23.875], // 0.315 + 95 × 0.248
    [200, 48.675], // 0.315 + 195 × 0.248
  ])('PayByBandwidth %d Mbps → %d per hour', (mbps, perHour) => {
    expect(bandwidthCostPerHour(prices, 'PayByBandwidth', mbps)).toBeCloseTo(perHour, 10);
  });

  it.each([
    [0, 0],
    [1, 0.8],
    [4.5, 3.6],
  ])('PayByTraffic %d GB → %d (the bandwidth cap itself is free)', (gb, cost) => {
    expect(bandwidthCostPerHour(prices, 'PayByTraffic', 100, gb)).toBeCloseTo(cost, 10);
  });

  it('converts a steady rate to GB per hour (decimal units)', () => {
    expect(trafficGBPerHour(10)).toBeCloseTo(4.5, 10); // 10e6 bit/s × 3600 s / 8 / 1e9
    expect(HOURS_PER_MONTH).toBe(730);
  });

  it.each([
    ['PayByTraffic without GB', () => bandwidthCostPerHour(prices, 'PayByTraffic', 10), /needs the GB sent/],
    ['negative GB', () => bandwidthCostPerHour(prices, 'PayByTraffic', 10, -1), /trafficGB ≥ 0\), got -1/],
    ['negative Mbps', () => bandwidthCostPerHour(prices, 'PayByBandwidth', -1), /must be ≥ 0 Mbps, got -1/],
    ['NaN Mbps', () => bandwidthCostPerHour(prices, 'PayByBandwidth', Number.NaN), /got NaN/],
  ])('refuses %s', (_label, call, message) => {
    expect(call).toThrow(AutoscalerError);
    expect(call).toThrow(message);
  });
});

describe('billing hours: clock hours, UTC (Asia/Shanghai is UTC+8, so the same boundaries)', () => {
  const T10 = Date.UTC(2024, 4, 1, 10); // 18:00 in Shanghai
  it.each([
    ['on the hour', T10, T10, BILLING_HOUR_MS],
    ['a millisecond later', T10 + 1, T10, BILLING_HOUR_MS - 1],
    ['half past', T10 + 1_800_000, T10, 1_800_000],
    ['the last millisecond of the hour', T10 + BILLING_HOUR_MS - 1, T10, 1],
  ])('%s', (_label, nowMs, start, toNext) => {
    expect(billedHourStartMs(nowMs)).toBe(start);
    expect(msToNextBillingHour(nowMs)).toBe(toNext);
  });
});

describe('instance and spec cost', () => {
  it.each([
    ['ecs.g7.large', 0.47],
    ['ecs.g7.2xlarge', 1.88],
    ['ecs.c7.4xlarge', 3.12],
  ])('%s costs %d per hour', (type, perHour) => {
    expect(instanceCostPerHour(prices, type)).toBe(perHour);
  });

  it('names the unknown type and the table', () => {
    expect(() => instanceCostPerHour(prices, 'ecs.r7.large')).toThrow(
      /no price for instance type 'ecs.r7.large' in the cn-hangzhou price table \(known: ecs.g7.large, /,
    );
  });

  it.each([
    [{ instanceType: 'ecs.g7.xlarge', internetChargeType: 'PayByBandwidth', bandwidthMbps: 10 }, 2.495], // 0.94 + 1.555
    [{ instanceType: 'ecs.g7.large', internetChargeType: 'PayByTraffic', bandwidthMbps: 100, trafficGB: 4.5 }, 4.07], // 0.47 + 3.6
    [{ instanceType: 'ecs.c7.large', internetChargeType: 'PayByBandwidth', bandwidthMbps: 0 }, 0.39],
  ] as const)('spec %j costs %d per hour', (spec, perHour) => {
    expect(specCostPerHour(prices, spec)).toBeCloseTo(perHour, 10);
  });
});
