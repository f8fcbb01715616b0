// The shipped price table and how the optimiser finds it.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultPricePaths, loadPriceTable, resolvePriceTable } from '../../../src/app/optimise/index.js';
import { ConfigError } from '../../../src/core/errors.js';
import { ROOT } from './emulators.js';

describe('price tables', () => {
  it('config/prices/cn-hangzhou.json is the vendored default table (the shared set’s prices, billed per minute)', async () => {
    // Vendored so that a clone needs nothing beside it; the prices are the shared set's (README, docs/simulator.md).
    const table = await loadPriceTable(resolve(ROOT, 'config/prices/cn-hangzhou.json'));
    expect(table.currency).toBe('CNY');
    expect(table.bandwidth).toMatchObject({
      billing: 'perMinute',
      payByTrafficPerGB: 0.8,
      payByBandwidthPerMbpsHour: [
        { fromMbps: 0, toMbps: 5, price: 0.063 },
        { fromMbps: 5, toMbps: null, price: 0.248 },
      ],
    });
    expect(table.instanceTypes['ecs.g7.large']).toEqual({ vcpu: 2, memoryGiB: 8, perHour: 0.47 });
  });

  it.each([
    ['next to the code (FC)', 'prices/cn-hangzhou.json'],
    ['in the repository', 'config/prices/cn-hangzhou.json'],
  ])('found by default %s', async (_label, rel) => {
    const dir = mkdtempSync(join(tmpdir(), 'prices-'));
    const target = join(dir, rel);
    mkdirSync(resolve(target, '..'), { recursive: true });
    writeFileSync(target, readFileSync(resolve(ROOT, 'config/prices/cn-hangzhou.json')));
    expect((await resolvePriceTable('cn-hangzhou', undefined, dir)).region).toBe('cn-hangzhou');
    expect(defaultPricePaths('cn-hangzhou')).toContain(rel);
  });

  it('a region without a table names every place searched', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prices-'));
    const err = await resolvePriceTable('eu-central-1', undefined, dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain(join(dir, 'prices/eu-central-1.json'));
    expect((err as Error).message).toContain(join(dir, 'config/prices/eu-central-1.json'));
  });

  it.each([
    ['not JSON', '{ nope', 'price table is not JSON'],
    ['a broken table', JSON.stringify({ region: 'x', currency: 'CNY', bandwidth: {}, instanceTypes: {} }), 'bandwidth'],
  ])('%s → ConfigError naming the file', async (_label, text, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'prices-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, text);
    const err = await resolvePriceTable('cn-hangzhou', file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain(file);
    expect((err as Error).message).toContain(message);
  });
});
