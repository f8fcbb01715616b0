/**
 * `autoscaler recommend` against the ECS and CMS emulators. The command reads history up to the wall-clock now,
 * so the CMS emulator's virtual clock replays the week before now (steady 30 Mbps on a 100 Mbps link).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { OptimiseSummary } from '../../src/app/optimise/index.js';
import { run } from '../../src/cli/recommend.js';
import { type Emulators, fleetInstance, startEmulators } from '../app/optimise/emulators.js';

const STEP_MS = 300_000;
const DEMAND_MBPS = 30;
const dir = mkdtempSync(join(tmpdir(), 'recommend-'));
const configPath = join(dir, 'autoscaler.yaml');
writeFileSync(
  configPath,
  `version: 1
regionId: cn-hangzhou
groups:
  - name: web
    match: { instanceIds: [i-web1] }
    bandwidth: { minMbps: 1, maxMbps: 100, targetUtilization: 0.7 }
    optimisation: { minHistoryDays: 7 }
`,
);

let emu: Emulators;
let out: string[];
let err: string[];

function capture(): void {
  out = [];
  err = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => err.push(String(chunk)) > 0);
}

beforeAll(async () => {
  const alignedNow = Math.floor(Date.now() / STEP_MS) * STEP_MS;
  emu = await startEmulators({
    startMs: alignedNow - 7 * 86_400_000 - 3_600_000,
    instances: [fleetInstance({ instanceId: 'i-web1', bandwidthOutMbps: 100 })],
    workload: { demandAt: () => ({ outboundMbps: DEMAND_MBPS }) },
  });
  await emu.clock.advanceTo(alignedNow);
}, 60_000);
afterAll(async () => {
  await emu?.close();
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('autoscaler recommend', () => {
  it('--json prints one document: current, recommended, saving, confidence; nothing is changed', async () => {
    capture();
    expect(await run(['--json', '--days', '7', '--config', configPath], emu.env)).toBe(0);
    const doc = JSON.parse(out.join('')) as OptimiseSummary & { stateStore: string };
    expect(doc.stateStore).toBe('none');
    const [report] = doc.instances;
    expect(report).toMatchObject({
      instanceId: 'i-web1',
      current: { bandwidthOutMbps: 100, internetChargeType: 'PayByBandwidth', instanceType: 'ecs.g7.large' },
      // Steady 30 Mbps at a 0.7 target → ceil(30 / 0.7) = 43 Mbps; 70 % of 43 Mbps is above the billing break-even.
      recommended: { bandwidthOutMbps: Math.ceil(DEMAND_MBPS / 0.7), internetChargeType: 'PayByBandwidth' },
      confidence: 1,
      currency: 'CNY',
    });
    expect(report?.monthlySaving).toBeGreaterThan(0);
    expect(report?.changes.every((c) => c.outcome === 'reported')).toBe(true);
    expect(emu.ecs.state.get('i-web1')?.bandwidthOutMbps).toBe(100);
  });

  it('prints a table per instance with the saving at list prices and why', async () => {
    capture();
    expect(await run(['--days', '7', '--config', configPath], emu.env)).toBe(0);
    const text = out.join('');
    expect(text).toContain('i-web1 (group web)');
    expect(text).toMatch(/current\s+100 Mbps PayByBandwidth ecs\.g7\.large/);
    expect(text).toMatch(/recommended\s+43 Mbps PayByBandwidth ecs\.g7\.large/);
    expect(text).toContain('billing method: keep PayByBandwidth');
    expect(text).toMatch(/saving\s+\d+\.\d\d CNY\/month at list prices/);
    expect(text).toMatch(/confidence\s+1\.00/);
    expect(text).toContain('p95 30.0 Mbps');
    expect(text).toContain('no state store configured');
  });

  it.each<[string, string[], number, string]>([
    ['too few days', ['--days', '3'], 2, '--days must be an integer 7-30 (got 3)'],
    ['a missing price table', ['--prices', '/nonexistent/prices.json'], 1, 'cannot read the price table (ENOENT)'],
    ['a missing config file', ['--config', '/nonexistent/autoscaler.yaml'], 1, 'cannot read the file'],
  ])('%s → exit %s naming the input', async (_label, args, code, message) => {
    capture();
    expect(await run(['--config', configPath, ...args], emu.env)).toBe(code);
    expect(err.join('')).toContain(message);
  });
});
