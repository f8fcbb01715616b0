import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../../src/cli/simulate.js';
import { SIM_JSON_KEYS } from './fixtures.js';

// The simulate command end to end: the whole product on the local cloud in virtual time, on the bundled demo traces.
const root = resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'simulate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function simulate(args: string[]): Promise<{ code: number; json: Record<string, unknown> }> {
  const out: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const code = await run(args);
    return { code, json: code === 0 && args.includes('--json') ? JSON.parse(out.join('')) : {} };
  } finally {
    write.mockRestore();
    err.mockRestore();
  }
}

const CONTRACT = SIM_JSON_KEYS;

type Baselines = Record<string, { costPerDay: number; unmetFraction: number; chargeType?: string }>;

describe('autoscaler simulate', () => {
  it('replays a bandwidth trace through the product and meets the JSON contract', async () => {
    const report = join(dir, 'r.html');
    const { code, json } = await simulate([
      '--trace',
      join(root, 'config/demo/web-outbound-mbps.csv'),
      '--days',
      '0.5',
      '--json',
      '--report',
      report,
    ]);
    expect(code).toBe(0);
    expect(Object.keys(json)).toEqual(CONTRACT);
    expect(json).toMatchObject({
      series: 'bandwidth',
      intervals: 144,
      duplicateApiCalls: 0,
      cooldownViolations: 0,
      quotaViolations: 0,
    });
    const b = json.baselines as Baselines;
    expect(Object.keys(b).sort()).toEqual(['lowerBound', 'naiveReactive', 'optimum', 'payByTraffic', 'staticPeak']);
    // The baselines are priced pay-by-bandwidth and say so; the new one is pay-by-traffic.
    expect(Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v.chargeType]))).toEqual({
      lowerBound: 'PayByBandwidth',
      staticPeak: 'PayByBandwidth',
      naiveReactive: 'PayByBandwidth',
      optimum: 'PayByBandwidth',
      payByTraffic: 'PayByTraffic',
    });
    // The default setup is the recommended hands-off one: with no history yet, the first evaluation moves the
    // pay-as-you-go link to pay-by-traffic at the cap (one switch), and half a day is too little for a backtest.
    expect(json).toMatchObject({
      initialChargeType: 'PayByBandwidth',
      chargeTypeChanges: 1,
      finalChargeType: 'PayByTraffic',
    });
    expect((json.chargeTypeSwitches as { to: string }[]).map((s) => s.to)).toEqual(['PayByTraffic']);
    // The physical limit is a lower bound on every strategy's cost, the product's included.
    expect(json.costPerDay as number).toBeGreaterThanOrEqual((b.lowerBound?.costPerDay ?? 0) * 0.999);
    expect(b.optimum?.costPerDay).toBeGreaterThanOrEqual((b.lowerBound?.costPerDay ?? 0) * 0.999);
    expect(json.apiCalls).toBe((json.changes as number) + (json.chargeTypeChanges as number));
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('replays a CPU trace: type changes run through the worker orchestration', async () => {
    const { code, json } = await simulate([
      '--trace',
      join(root, 'config/demo/batch-cpu-vcpu.csv'),
      '--series',
      'cpu',
      '--days',
      '0.25',
      '--json',
    ]);
    expect(code).toBe(0);
    expect(json).toMatchObject({
      series: 'cpu',
      intervals: 72,
      duplicateApiCalls: 0,
      cooldownViolations: 0,
      quotaViolations: 0,
    });
    expect(Object.keys(json.baselines as Baselines).sort()).toEqual([
      'lowerBound',
      'naiveReactive',
      'optimum',
      'staticPeak',
    ]);
  });

  it('--charge-type PayByTraffic: the instance starts pay-by-traffic and every served GB is billed', async () => {
    const { code, json } = await simulate([
      '--trace',
      join(root, 'config/demo/web-outbound-mbps.csv'),
      '--days',
      '0.5',
      '--charge-type',
      'PayByTraffic',
      '--json',
    ]);
    expect(code).toBe(0);
    expect(json).toMatchObject({
      initialChargeType: 'PayByTraffic',
      chargeTypeChanges: 0,
      finalChargeType: 'PayByTraffic',
      duplicateApiCalls: 0,
    });
    // Pay-by-traffic bills the served GB only: the product serves (1 − unmet) of the demand, the baseline
    // (the same billing, capped at 100 Mbps) serves (1 − its unmet), at the same price per GB.
    const b = (json.baselines as Baselines).payByTraffic as Baselines[string];
    const served = (1 - (json.unmetFraction as number)) / (1 - b.unmetFraction);
    expect(json.costPerDay as number).toBeGreaterThan(0);
    expect(json.costPerDay as number).toBeCloseTo(b.costPerDay * served, 6);
  });

  it('--link eip: the same trace replayed against a pay-as-you-go EIP, with the EIP prices', async () => {
    const args = ['--trace', join(root, 'config/demo/web-outbound-mbps.csv'), '--days', '0.5', '--json'];
    const own = await simulate(args);
    const eip = await simulate([...args, '--link', 'eip']);
    expect([own.code, eip.code]).toEqual([0, 0]);
    expect([own.json.link, eip.json.link]).toEqual(['publicIp', 'eip']);
    expect(eip.json).toMatchObject({ duplicateApiCalls: 0, cooldownViolations: 0, quotaViolations: 0 });
    // A routed EIP keeps its metering method; the recommended setup moves the public IP to pay-by-traffic.
    expect(eip.json.chargeTypeChanges).toBe(0);
    expect(eip.json.changes as number).toBeGreaterThan(0);
  });

  it.each([
    [['--trace', 'x.csv', '--link', 'nat'], /--link must be publicIp or eip \(got nat\)/],
    [['--trace', 'x.csv', '--series', 'cpu', '--link', 'eip'], /--link eip applies to --series bandwidth only/],
    [['--days', '1'], /--trace FILE is required/],
    [['--trace', 'x.csv', '--series', 'disk'], /--series must be bandwidth or cpu/],
    [['--trace', 'no/such.csv'], /cannot read trace file no\/such.csv/],
    [
      ['--trace', 'x.csv', '--charge-type', 'PayByGB'],
      /--charge-type must be PayByBandwidth or PayByTraffic \(got PayByGB\)/,
    ],
    [
      ['--trace', 'x.csv', '--series', 'cpu', '--charge-type', 'PayByTraffic'],
      /--charge-type applies to --series bandwidth only/,
    ],
  ])('exits 2 naming the input: %j', async (args, message) => {
    const errors: string[] = [];
    const err = vi.spyOn(process.stderr, 'write').mockImplementation((c) => {
      errors.push(String(c));
      return true;
    });
    try {
      expect(await run(args)).toBe(2);
    } finally {
      err.mockRestore();
    }
    expect(errors.join('')).toMatch(message);
  });
});
