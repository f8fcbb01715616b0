import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../../src/cli/simulate.js';

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

const CONTRACT = [
  'trace',
  'series',
  'days',
  'intervals',
  'costPerDay',
  'unmetFraction',
  'unavoidableUnmetFraction',
  'changes',
  'downgrades',
  'apiCalls',
  'duplicateApiCalls',
  'cooldownViolations',
  'quotaViolations',
  'baselines',
];

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
    const b = json.baselines as Record<string, { costPerDay: number; unmetFraction: number }>;
    expect(Object.keys(b).sort()).toEqual(['lowerBound', 'naiveReactive', 'optimum', 'staticPeak']);
    // The physical limit is a lower bound on every strategy's cost, the product's included.
    expect(json.costPerDay as number).toBeGreaterThanOrEqual((b.lowerBound?.costPerDay ?? 0) * 0.999);
    expect(b.optimum?.costPerDay).toBeGreaterThanOrEqual((b.lowerBound?.costPerDay ?? 0) * 0.999);
    expect(json.apiCalls).toBe(json.changes);
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
  });

  it.each([
    [['--days', '1'], /--trace FILE is required/],
    [['--trace', 'x.csv', '--series', 'disk'], /--series must be bandwidth or cpu/],
    [['--trace', 'no/such.csv'], /cannot read trace file no\/such.csv/],
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
