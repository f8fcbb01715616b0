import type { AuditEntry } from '../../../src/core/types.js';
// The optimiser on real traces (vendor/traces/bitbrains), end to end through the official SDKs: the CMS
// emulator derives a week of metrics from the trace demand on a virtual clock, the sweep reads them back with
// DescribeMetricList and acts on the ECS emulator. Expected values are computed here from the trace itself.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStateStore } from '../../../src/adapters/memory/stateStore.js';
import { type OptimiseSummary, optimise } from '../../../src/app/optimise/index.js';
import type { AppDeps } from '../../../src/app/types.js';
import { bandwidthCostPerHour, HOURS_PER_MONTH } from '../../../src/core/cost.js';
import { parseRecommendation } from '../../../src/dashboard/recommendations.js';
import { config } from '../builders.js';
import { CaptureLogger, FakeDispatcher } from '../../../src/testing/index.js';
import { type Emulators, fleetInstance, ROOT, shippedPrices, startEmulators } from './emulators.js';
import { optimisedGroup } from './fixtures.js';

/** The trail without the sweep's `strategy` entries (test/app/optimise/advise.test.ts covers those). */
function withoutStrategy(entries: AuditEntry[]): AuditEntry[] {
  return entries.filter((e) => e.reason !== 'strategy');
}

/** Monday 2025-01-13 03:00 UTC, inside the nightly 02:00–05:00 UTC window. */
const NOW = Date.UTC(2025, 0, 13, 3, 0, 0);
const STEP_MS = 300_000;
/** History starts a week and an hour before NOW, on a 5-minute boundary (one trace row per CMS period). */
const START = NOW - 7 * 86_400_000 - 3_600_000;
const TARGET = 0.7;

/** Outbound Mbps per 300 s row: transmitted KB/s × 8 / 1000 (the project's mapping, traces/README.md). */
function traceMbps(name: string): number[] {
  const text = readFileSync(resolve(ROOT, 'vendor/traces/bitbrains', name), 'utf8');
  return text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => (Number(line.split(';').at(-1)?.trim()) * 8) / 1000);
}

const TRACE_384 = traceMbps('384.csv');
const TRACE_392 = traceMbps('392.csv');
const demandOf = (trace: number[], tMs: number) => trace[Math.floor((tMs - START) / STEP_MS) % trace.length] ?? 0;

/** R-7 percentile, as documented for the optimiser. */
function p(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const rank = (q / 100) * (s.length - 1);
  const lo = Math.floor(rank);
  return (s[lo] as number) + ((s[Math.min(lo + 1, s.length - 1)] as number) - (s[lo] as number)) * (rank - lo);
}

/** What the sweep should recommend, from the trace: served rates of the week's 5-minute periods. */
function expectedMbps(trace: number[], provisionedMbps: number): number {
  const periods: number[] = [];
  for (let t = NOW - STEP_MS; t > NOW - 7 * 86_400_000 - 2 * STEP_MS; t -= STEP_MS) {
    periods.unshift(Math.min(demandOf(trace, t), provisionedMbps));
  }
  const peak = Math.max(...periods.slice(-12));
  const sized = Math.max(p(periods, 95) * Math.max(1.2, 1 / TARGET), peak);
  return Math.min(100, Math.max(1, Math.ceil(Math.round(sized * 1e6) / 1e6)));
}

const FLEET = { 'i-f100': 100, 'i-f90': 90, 'i-f80': 80, 'i-f70': 70, 'i-f60': 60 };
const web = optimisedGroup(
  { name: 'web', match: { instanceIds: ['i-trace'], tags: {} } },
  { apply: false, billingMethod: false },
);
const fleetGroup = optimisedGroup(
  {
    name: 'fleet',
    match: { instanceIds: Object.keys(FLEET), tags: {} },
    downgradeBudget: { maxDowngrades: 1, windowSec: 86_400, reserve: 0, minIntervalSec: 300 },
  },
  { billingMethod: false },
);

let emu: Emulators;
let deps: AppDeps;
let summary: OptimiseSummary;
const prices = shippedPrices();

beforeAll(async () => {
  emu = await startEmulators({
    startMs: START,
    instances: [
      fleetInstance({ instanceId: 'i-trace', bandwidthOutMbps: 100 }),
      ...Object.entries(FLEET).map(([id, mbps]) => fleetInstance({ instanceId: id, bandwidthOutMbps: mbps })),
    ],
    workload: {
      demandAt: (id, tMs) => ({ outboundMbps: demandOf(id === 'i-trace' ? TRACE_384 : TRACE_392, tMs) }),
    },
  });
  await emu.clock.advanceTo(NOW);
  deps = {
    config: config([web, fleetGroup]),
    ecs: emu.ecsApi,
    metrics: emu.metrics,
    store: new MemoryStateStore(),
    dispatcher: new FakeDispatcher(),
    clock: emu.clock,
    logger: new CaptureLogger(),
    holderId: 'sweep-1',
  };
  summary = await optimise(deps, { historyDays: 7, prices });
}, 60_000);

afterAll(async () => {
  await emu?.close();
});

describe('optimiser on bitbrains/384 (p95 ≈ 30 Mbps on a 100 Mbps link)', () => {
  it('recommends p95 / target from a week of CMS history, and records it (apply off)', async () => {
    const expected = expectedMbps(TRACE_384, 100);
    // The trace's week has p95 ≈ 30 Mbps: the recommendation is near 30 / 0.7, far below the 100 provisioned.
    expect(expected).toBeGreaterThan(30 / TARGET - 3);
    expect(expected).toBeLessThan(30 / TARGET + 3);
    const report = summary.instances.find((r) => r.instanceId === 'i-trace');
    expect(report?.recommended.bandwidthOutMbps).toBeGreaterThanOrEqual(expected - 1);
    expect(report?.recommended.bandwidthOutMbps).toBeLessThanOrEqual(expected + 1);
    expect(report?.confidence).toBe(1);
    const [entry] = withoutStrategy(await deps.store.listAudit('i-trace', { limit: 10 }));
    expect(entry).toMatchObject({ reason: 'rightsizing', result: 'would-do', before: { bandwidthOutMbps: 100 } });
    const rec = parseRecommendation(entry as NonNullable<typeof entry>);
    const got = rec?.recommendedMbps as number;
    const saving =
      (bandwidthCostPerHour(prices, 'PayByBandwidth', 100) - bandwidthCostPerHour(prices, 'PayByBandwidth', got)) *
      HOURS_PER_MONTH;
    expect(rec?.monthlySaving).toBeCloseTo(saving, 2);
    expect(emu.ecs.state.get('i-trace')?.bandwidthOutMbps).toBe(100);
  });
});

describe('optimiser on a fleet of five over-provisioned instances (bitbrains/392) with a budget of 1', () => {
  it('applies exactly one downgrade, the largest saving, on the ECS emulator; records the other four', async () => {
    const after = Object.fromEntries(Object.keys(FLEET).map((id) => [id, emu.ecs.state.get(id)?.bandwidthOutMbps]));
    const expected = expectedMbps(TRACE_392, 60);
    expect(after['i-f100']).toBeGreaterThanOrEqual(expected - 1);
    expect(after['i-f100']).toBeLessThanOrEqual(expected + 1);
    expect({ ...after, 'i-f100': 'changed' }).toEqual({
      'i-f100': 'changed',
      'i-f90': 90,
      'i-f80': 80,
      'i-f70': 70,
      'i-f60': 60,
    });
    for (const id of ['i-f90', 'i-f80', 'i-f70', 'i-f60']) {
      const [entry] = withoutStrategy(await deps.store.listAudit(id, { limit: 5 }));
      expect(entry?.result).toBe('would-do');
      expect(entry?.message).toContain('downgrade budget of group fleet is spent');
    }
    const [applied] = withoutStrategy(await deps.store.listAudit('i-f100', { limit: 5 }));
    expect(applied).toMatchObject({ reason: 'rightsizing', result: 'applied', before: { bandwidthOutMbps: 100 } });
    expect(applied?.requestIds?.length).toBe(1);
  });
});
