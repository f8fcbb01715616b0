// Billing of EIPs and shared bandwidth packages, and the refusal to act where billing is not documented.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePriceTable } from '../../src/core/cost.js';
import { AutoscalerError, ConfigError } from '../../src/core/errors.js';
import {
  eipCostPerHour,
  enhanced95BilledMbps,
  linkPriceTable,
  type PackageFacts,
  packageCost,
  packageRefusal,
} from '../../src/core/linkCost.js';

const root = resolve(import.meta.dirname, '../..');
const raw = JSON.parse(readFileSync(resolve(root, 'config/prices/cn-hangzhou.json'), 'utf8'));
const table = parsePriceTable(raw, 'cn-hangzhou.json');

const pkg = (over: Partial<PackageFacts> = {}): PackageFacts => ({
  bandwidthPackageId: 'cbwp-1',
  bandwidthMbps: 200,
  internetChargeType: 'PayByBandwidth',
  chargeType: 'PostPaid',
  ...over,
});

describe('the price table’s EIP and package sections', () => {
  it('the cn-hangzhou table prices EIPs (hourly peak) and leaves packages unpriced', () => {
    expect(table.eip).toMatchObject({ payByTrafficPerGB: 0.8, billing: 'hourlyPeak' });
    expect(table.eip?.source).toMatch(/billing-faq/);
    expect(table.bandwidthPackage).toMatchObject({ payByBandwidthPerMbpsHour: null, payBy95PerMbpsMonth: null });
  });

  it('checks the EIP tiers like the instance tiers, and both sections are optional', () => {
    const broken = structuredClone(raw);
    broken.eip.payByBandwidthPerMbpsHour = [{ fromMbps: 1, toMbps: null, price: 0.1 }];
    expect(() => parsePriceTable(broken, 't')).toThrow(ConfigError);
    const { eip: _e, bandwidthPackage: _p, ...bare } = structuredClone(raw);
    expect(parsePriceTable(bare, 't').eip).toBeUndefined();
  });
});

describe('EIP cost', () => {
  it('a routed instance is billed at the EIP prices, any other at the instance prices', () => {
    const custom = { ...table, eip: { ...table.eip!, payByTrafficPerGB: 1.5 } };
    expect(linkPriceTable(custom, { eipBound: false, eipAllocationId: 'eip-1' }).bandwidth.payByTrafficPerGB).toBe(1.5);
    expect(linkPriceTable(custom, { eipBound: false, eipAllocationId: 'eip-1' }).bandwidth.billing).toBe('hourlyPeak');
    expect(linkPriceTable(custom, { eipBound: true, eipAllocationId: 'eip-1' })).toBe(custom);
    expect(linkPriceTable(custom, { eipBound: false })).toBe(custom);
    const { eip: _none, ...noEip } = custom;
    expect(linkPriceTable(noEip, { eipBound: false, eipAllocationId: 'eip-1' })).toBe(noEip);
  });

  it('pay-by-bandwidth by tier, pay-by-traffic per GB', () => {
    expect(eipCostPerHour(table, 'PayByBandwidth', 10)).toBeCloseTo(5 * 0.063 + 5 * 0.248, 10);
    expect(eipCostPerHour(table, 'PayByTraffic', 10, 4.5)).toBeCloseTo(3.6, 10);
    expect(() => eipCostPerHour(table, 'PayByTraffic', 10)).toThrow(AutoscalerError);
  });
});

describe('shared bandwidth packages', () => {
  it('enhanced 95th percentile: the top 5 % of the 5-minute peaks dropped, at least 20 % of the cap', () => {
    const peaks = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100 Mbps
    expect(enhanced95BilledMbps(peaks, 200)).toBe(95);
    expect(enhanced95BilledMbps(peaks, 1000)).toBe(200);
    expect(enhanced95BilledMbps(peaks, 1000, 5)).toBe(95);
    expect(enhanced95BilledMbps([3, Number.NaN], 10)).toBe(3);
    expect(() => enhanced95BilledMbps([], 100)).toThrow(/empty/);
    expect(() => enhanced95BilledMbps([1], 0)).toThrow(/cap must be > 0/);
  });

  it('prices pay-by-bandwidth per hour and enhanced 95 per month when the table has the price', () => {
    const priced = { ...table, bandwidthPackage: { payByBandwidthPerMbpsHour: 0.1, payBy95PerMbpsMonth: 50 } };
    expect(packageCost(priced, pkg())).toEqual({ amount: 20, per: 'hour' });
    expect(packageCost(priced, pkg({ internetChargeType: 'PayBy95' }), 40)).toEqual({ amount: 2000, per: 'month' });
    expect(() => packageCost(priced, pkg({ internetChargeType: 'PayBy95' }))).toThrow(/needs the billed Mbps/);
    expect(() => packageCost(priced, pkg({ internetChargeType: 'PayByDominantTraffic' }))).toThrow(/not modelled/);
  });

  it('refuses to price what the table does not price', () => {
    expect(() => packageCost(table, pkg())).toThrow(/no pay-by-bandwidth price/);
    expect(() => packageCost(table, pkg({ internetChargeType: 'PayBy95' }), 40)).toThrow(/no enhanced 95th/);
    const { bandwidthPackage: _none, ...bare } = table;
    expect(() => packageCost(bare, pkg())).toThrow(/no pay-by-bandwidth price/);
    expect(() => packageCost(bare, pkg({ internetChargeType: 'PayBy95' }), 1)).toThrow(/no enhanced 95th/);
  });

  it('acts automatically only on a pay-as-you-go pay-by-bandwidth package, and says why not otherwise', () => {
    expect(packageRefusal(pkg())).toBeUndefined();
    expect(packageRefusal(pkg({ internetChargeType: 'PayBy95' }))).toMatch(
      /cbwp-1 is billed by enhanced 95th percentile.*at least 20 % of the cap.*cap changed during the period.*not documented/,
    );
    expect(packageRefusal(pkg({ internetChargeType: 'PayBy95', ratioPercent: 30 }))).toMatch(/at least 30 %/);
    expect(packageRefusal(pkg({ internetChargeType: 'PayByDominantTraffic' }))).toMatch(
      /dominant traffic.*not modelled/,
    );
    expect(packageRefusal(pkg({ internetChargeType: 'PayByMystery' }))).toMatch(/PayByMystery, unknown/);
    expect(packageRefusal(pkg({ internetChargeType: '' }))).toMatch(/\(none\), unknown/);
    expect(packageRefusal(pkg({ chargeType: 'PrePaid' }))).toMatch(
      /subscription: its bandwidth changes through an order/,
    );
  });
});
