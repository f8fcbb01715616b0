// The whole product switches the billing method inside a simulation: with config/sim/optimise.yaml the tick
// function's daily `optimise` timer (03:30 Asia/Shanghai, from s.yaml) runs the sweep on the local cloud, which
// applies PayByBandwidth → PayByTraffic on a spiky, mostly idle link; the simulator then bills every minute by
// the charge type the ECS emulator reports. The cost is recomputed here from the demand and the recorded
// capacity and charge type, with the price table's own numbers.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTrace } from '../../../src/local/sim/index.js';
import { renderReport } from '../../../src/local/sim/report.js';
import type { SimulationResult } from '../../../src/local/sim/result.js';
import { runSimulation } from '../../../src/local/sim/run.js';
import { simConfig } from '../../../src/local/sim/simConfig.js';
import { sharedPrices } from './fixtures.js';

const root = resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'sim-billing-'));
const prices = sharedPrices();
const START_S = Date.UTC(2024, 0, 1, 19, 0) / 1000;
const STEP_S = 300;
const INTERVALS = 2 * 288;
const DAY_MS = 86_400_000;

/** 1 Mbps, with a 40 Mbps spike of 10 minutes every hour: p95 40 Mbps, mean 7.5 Mbps. */
const demandAt = (i: number) => (i % 12 === 6 || i % 12 === 7 ? 40 : 1);

let result: SimulationResult;

beforeAll(async () => {
  const lines = ['timestamp,value'];
  for (let i = 0; i < INTERVALS; i++) lines.push(`${START_S + i * STEP_S},${demandAt(i)}`);
  const file = join(dir, 'spiky.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  result = await runSimulation({
    trace: loadTrace(file, { series: 'bandwidth' }),
    series: 'bandwidth',
    config: await simConfig('bandwidth', join(root, 'config/sim/optimise.yaml')),
    prices,
    optimumCooldownMin: 10,
  });
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Tier price per hour of a pay-by-bandwidth link, from the price table's tiers. */
function tierPerHour(mbps: number): number {
  return prices.bandwidth.payByBandwidthPerMbpsHour.reduce(
    (sum, t) => sum + Math.max(0, Math.min(mbps, t.toMbps ?? Number.POSITIVE_INFINITY) - t.fromMbps) * t.price,
    0,
  );
}

/** Cost of one virtual minute from first principles: tier price, or served Mbit → GB at the per-GB price. */
function minuteCost(m: number): number {
  const minutes = result.minutes as NonNullable<SimulationResult['minutes']>;
  const cap = minutes.capacity[m] as number;
  if (minutes.chargeType[m] === 'PayByBandwidth') return tierPerHour(cap) / 60;
  const served = minutes.offline[m] ? 0 : Math.min(demandAt(Math.floor(m / 5)), cap);
  return ((served * 60) / 8 / 1000) * prices.bandwidth.payByTrafficPerGB;
}

describe('simulate with the optimiser applying a billing switch', () => {
  it('the daily optimise sweep switches the instance to PayByTraffic', () => {
    expect(result.initialChargeType).toBe('PayByBandwidth');
    expect(result.chargeTypeChanges).toBeGreaterThanOrEqual(1);
    const first = result.chargeTypeSwitches[0];
    expect(first).toMatchObject({ from: 'PayByBandwidth', to: 'PayByTraffic' });
    // The sweep runs at 03:30 Asia/Shanghai (19:30 UTC); the first with a full day of history is the second.
    const atMs = Date.parse(first?.at ?? '');
    expect(first?.at).toMatch(/T19:3\d:00Z$/);
    expect(atMs).toBeGreaterThanOrEqual(START_S * 1000 + DAY_MS);
    const action = result.actions?.find((a) => a.kind === 'billingMethod');
    expect(action).toMatchObject({ reason: 'billing-method', from: 'PayByBandwidth', to: 'PayByTraffic' });
    expect(action?.atMs).toBe(atMs);
    expect(result.finalChargeType).toBe(result.chargeTypeSwitches.at(-1)?.to);
  });

  it('keeps the product invariants; each switch is one ECS call apart from the capacity changes', () => {
    expect(result).toMatchObject({ duplicateApiCalls: 0, cooldownViolations: 0, quotaViolations: 0 });
    expect(result.apiCalls).toBe(result.changes + result.chargeTypeChanges);
  });

  it('bills the intervals after the switch as served GB × price per GB', () => {
    const minutes = result.minutes as NonNullable<SimulationResult['minutes']>;
    const switchMin = minutes.chargeType.indexOf('PayByTraffic');
    const nextSwitch = minutes.chargeType.indexOf('PayByBandwidth', switchMin);
    const from = Math.ceil(switchMin / 5);
    const to = nextSwitch < 0 ? INTERVALS : Math.floor(nextSwitch / 5);
    expect(to - from).toBeGreaterThanOrEqual(12 * 12); // at least 12 hours billed per GB
    const cum = result.chart?.product.cumulativeCost as readonly number[];
    const product = (cum[to - 1] as number) - (cum[from - 1] as number);
    let expected = 0;
    for (let m = from * 5; m < to * 5; m++) {
      expect(minutes.chargeType[m]).toBe('PayByTraffic');
      expected += minuteCost(m);
    }
    expect(expected).toBeGreaterThan(0);
    expect(product).toBeCloseTo(expected, 9);
  });

  it('bills the whole run minute by minute by the charge type the instance had', () => {
    let expected = 0;
    for (let m = 0; m < INTERVALS * 5; m++) expected += minuteCost(m);
    expect(result.costPerDay * result.days).toBeCloseTo(expected, 9);
  });

  it('reports the pay-by-traffic baseline and marks the switch in the report', () => {
    // All demand served at the 100 Mbps cap: mean 7.5 Mbps for 2 days = 162 GB × 0.8 over 2 days.
    const meanMbps = (10 * 1 + 2 * 40) / 12;
    const gbPerDay = (meanMbps * 86_400) / 8 / 1000;
    expect(result.baselines.payByTraffic?.costPerDay).toBeCloseTo(gbPerDay * prices.bandwidth.payByTrafficPerGB, 9);
    expect(result.baselines.payByTraffic?.chargeType).toBe('PayByTraffic');
    expect(result.baselines.optimum.chargeType).toBe('PayByBandwidth');
    const html = renderReport(result);
    expect(html).toMatch(/<line [^>]*><title>[^<]*PayByBandwidth → PayByTraffic \(billing-method\)/);
    expect(html).toContain('<th scope="row">pay by traffic</th>');
  });
});

describe('the sweep decides on the prices the run is billed with (--prices)', () => {
  it('with pay-by-traffic at 100× the price it never switches', async () => {
    const dear = {
      ...prices,
      bandwidth: { ...prices.bandwidth, payByTrafficPerGB: prices.bandwidth.payByTrafficPerGB * 100 },
    };
    const lines = ['timestamp,value'];
    for (let i = 0; i < INTERVALS; i++) lines.push(`${START_S + i * STEP_S},${demandAt(i)}`);
    const file = join(dir, 'spiky-dear.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const dearRun = await runSimulation({
      trace: loadTrace(file, { series: 'bandwidth' }),
      series: 'bandwidth',
      config: await simConfig('bandwidth', join(root, 'config/sim/optimise.yaml')),
      prices: dear,
      optimumCooldownMin: 10,
    });
    // With the shared prices the same run switches (above); the sweep must have priced with `dear`.
    expect(dearRun.chargeTypeChanges).toBe(0);
    expect(dearRun.finalChargeType).toBe('PayByBandwidth');
  }, 120_000);
});
