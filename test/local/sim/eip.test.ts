// `simulate --link eip`: a trace replayed against an EIP-bound instance gives the same bandwidth trajectory as
// against the instance's own public IP with the same billing method, and its cost is billed at the price table's
// EIP fields (here made distinct from the instance public bandwidth prices), recomputed from first principles.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PriceTable } from '../../../src/core/cost.js';
import { loadTrace } from '../../../src/local/sim/index.js';
import type { SimulationResult } from '../../../src/local/sim/result.js';
import { linkPrices, runSimulation } from '../../../src/local/sim/run.js';
import { simConfig } from '../../../src/local/sim/simConfig.js';
import type { Trace } from '../../../src/local/sim/types.js';
import { sharedPrices } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'sim-eip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const START_S = Date.UTC(2024, 0, 1, 0, 0) / 1000;
const STEP_S = 300;
const INTERVALS = 12 * 12; // 12 hours

/** A ramp from 2 to 40 Mbps over 6 hours and back: the policy must scale up, then down. */
const demandAt = (i: number) => (i < 72 ? 2 + (38 * i) / 72 : 40 - (38 * (i - 72)) / 72);

/** The shared table with EIP prices of their own: dearer tiers and traffic, billed per minute like the instance. */
const base = sharedPrices();
const prices: PriceTable = {
  ...base,
  eip: {
    payByBandwidthPerMbpsHour: [
      { fromMbps: 0, toMbps: 5, price: 0.1 },
      { fromMbps: 5, toMbps: null, price: 0.5 },
    ],
    payByTrafficPerGB: 1.25,
    billing: 'perMinute',
  },
};

let trace: Trace;
const runs: Record<string, SimulationResult> = {};

beforeAll(async () => {
  const lines = ['timestamp,value'];
  for (let i = 0; i < INTERVALS; i++) lines.push(`${START_S + i * STEP_S},${demandAt(i).toFixed(3)}`);
  const file = join(dir, 'ramp.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  trace = loadTrace(file, { series: 'bandwidth' });
  // The reactive policy with the forecast, without the billing strategy: a routed EIP keeps its metering method
  // (docs/eip.md), so the public IP is held to the same billing (the recommended setup would move it to
  // pay-by-traffic at once).
  const configFile = join(dir, 'same-billing.yaml');
  writeFileSync(
    configFile,
    [
      'version: 1',
      'regionId: cn-hangzhou',
      'groups:',
      '  - name: web',
      '    match: { tags: { autoscaler-group: web } }',
      '    bandwidth: { minMbps: 1, maxMbps: 100, forecast: { mode: on } }',
      '    optimisation: { strategy: { mode: off } }',
      '',
    ].join('\n'),
  );
  const config = await simConfig('bandwidth', configFile);
  const run = (link: 'publicIp' | 'eip', table: PriceTable, engine: 'fast' | 'full' = 'fast') =>
    runSimulation({ trace, series: 'bandwidth', config, prices: table, optimumCooldownMin: 10, link, engine });
  runs.eip = await run('eip', prices);
  // The oracle: the whole local cloud, the hosted functions routing the instance to its EIP through the VPC
  // emulator (DescribeEipAddresses → ModifyEipAddressAttribute).
  runs.eipFull = await run('eip', prices, 'full');
  runs.publicIp = await run('publicIp', prices);
  // The instance's own public IP billed with the EIP's numbers: what the EIP run must cost.
  runs.publicIpAtEipPrices = await run('publicIp', {
    ...prices,
    bandwidth: linkPrices({ prices, link: 'eip' }).bandwidth,
  });
}, 300_000);

function tierPerHour(table: PriceTable['bandwidth'], mbps: number): number {
  return table.payByBandwidthPerMbpsHour.reduce(
    (sum, t) => sum + Math.max(0, Math.min(mbps, t.toMbps ?? Number.POSITIVE_INFINITY) - t.fromMbps) * t.price,
    0,
  );
}

describe('simulate against an EIP', () => {
  it('scales the EIP along the same bandwidth trajectory as the public IP with the same billing', () => {
    const eip = runs.eip?.minutes;
    const own = runs.publicIp?.minutes;
    expect(runs.eip?.changes).toBeGreaterThan(1); // not a vacuous comparison: the policy acts both ways
    expect(Math.max(...(eip?.capacity ?? []))).toBeGreaterThan(Math.min(...(eip?.capacity ?? [])));
    expect(eip?.capacity).toEqual(own?.capacity);
    expect(eip?.chargeType).toEqual(own?.chargeType);
    expect(runs.eip?.unmetFraction).toBe(runs.publicIp?.unmetFraction);
    expect(runs.eip?.notes).toContain(
      'Replayed against a pay-as-you-go EIP (eip-sim-0), billed at the EIP prices (perMinute).',
    );
  });

  it('the full engine (hosted functions, VPC emulator, alarms on the EIP) makes the same EIP changes at the same times', () => {
    // The routed instance's alarm rules watch the EIP's own percentage (docs/eip.md, Alarms), as the fast engine's
    // modelled percent alarms do: the steps match, each within one 60 s alarm period (measured: 0 s each; with the
    // earlier absolute-rate rules, which trailed the EIP's bandwidth, the next step waited for the 5-minute tick).
    const steps = (r: SimulationResult | undefined) =>
      (r?.actions ?? []).filter((a) => a.reason !== 'strategy').map((a) => ({ at: a.atMs, step: `${a.from}→${a.to}` }));
    const fast = steps(runs.eip);
    const full = steps(runs.eipFull);
    // The full engine also ticks at the trace's very last minute, which the fast engine's replay ends before.
    const endMs = trace.points.at(-1)?.tMs ?? 0;
    const extra = full.slice(fast.length);
    expect(extra.every((a) => a.at >= endMs)).toBe(true);
    expect(fast.length).toBeGreaterThan(10);
    expect(full.slice(0, fast.length).map((a) => a.step)).toEqual(fast.map((a) => a.step));
    full.slice(0, fast.length).forEach((a, i) => {
      const lagMs = a.at - (fast[i]?.at ?? Number.NaN);
      expect(Math.abs(lagMs)).toBeLessThanOrEqual(60_000);
    });
    const full_ = runs.eipFull as SimulationResult;
    expect(Math.abs(full_.costPerDay - (runs.eip?.costPerDay ?? 0)) / full_.costPerDay).toBeLessThanOrEqual(0.01);
    expect(Math.abs(full_.unmetFraction - (runs.eip?.unmetFraction ?? 0))).toBeLessThanOrEqual(0.001);
  });

  it("bills the EIP at the price table's eip fields, minute by minute", () => {
    const r = runs.eip as SimulationResult;
    const minutes = r.minutes as NonNullable<SimulationResult['minutes']>;
    let expected = 0;
    let atInstancePrices = 0;
    minutes.capacity.forEach((cap, m) => {
      expect(minutes.chargeType[m]).toBe('PayByBandwidth');
      expected += tierPerHour(prices.eip as PriceTable['bandwidth'], cap) / 60;
      atInstancePrices += tierPerHour(prices.bandwidth, cap) / 60;
    });
    expect(r.costPerDay * r.days).toBeCloseTo(expected, 9);
    expect(runs.publicIp?.costPerDay ?? 0).toBeCloseTo(atInstancePrices / (runs.publicIp?.days ?? 1), 9);
    expect(r.costPerDay).toBeGreaterThan((runs.publicIp?.costPerDay ?? 0) * 1.5);
    expect(r.costPerDay).toBeCloseTo(runs.publicIpAtEipPrices?.costPerDay ?? 0, 9);
    // The baselines are priced at the EIP's prices too (pay-by-traffic at its per-GB price).
    const meanMbps = trace.points.reduce((s, p) => s + p.value, 0) / trace.points.length;
    const gbPerDay = (meanMbps * 86_400) / 8 / 1000;
    expect(r.baselines.payByTraffic?.costPerDay).toBeCloseTo(gbPerDay * 1.25, 6);
  });

  it('a table without EIP prices bills the EIP at the instance public bandwidth prices', () => {
    const { eip: _none, ...withoutEip } = prices;
    expect(linkPrices({ prices: withoutEip, link: 'eip' })).toBe(withoutEip);
    expect(linkPrices({ prices, link: 'publicIp' })).toBe(prices);
  });
});
