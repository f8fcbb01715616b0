// The sweep's fan-out through the local cloud: the sweep dispatches advice batches with the official @alicloud/fc2
// client to the FC emulator, which runs the hosted worker function (as s.yaml deploys it) on them; the worker reads
// ECS, CMS and Tablestore through the official SDKs and the emulators. A re-run of the same sweep is refused by FC
// (409, already-queued) and writes nothing twice. The inline limit and batch size are lowered to keep it small.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfigText } from '../../../src/adapters/config/file.js';
import { type OptimiseSummary, optimise } from '../../../src/app/optimise/index.js';
import type { FleetFile } from '@ecs-autoscaler/local-cloud/ecs/index.js';
import { startTestCloud, type TestCloud } from '../../support/cloud.js';
import { fleetInstance } from './emulators.js';

const START = Date.UTC(2025, 0, 6, 1, 0);
const IDS = ['i-fan1', 'i-fan2', 'i-fan3', 'i-fan4', 'i-fan5'];
const WORKER = 'ecs-autoscaler-worker';

const CONFIG = `
version: 1
regionId: cn-hangzhou
groups:
  - name: web
    match: { tags: { autoscaler-group: web } }
    bandwidth: { minMbps: 5, maxMbps: 100, targetUtilization: 0.7 }
    optimisation:
      enabled: true
      apply: false
      billingMethod: false
      strategy: { mode: apply, historyDays: 1 }
`;

const fleet: FleetFile = {
  regionId: 'cn-hangzhou',
  instances: IDS.map((instanceId) => fleetInstance({ instanceId, bandwidthOutMbps: 50 })),
  stock: [],
};

let t: TestCloud;
let first: OptimiseSummary;
const advice = { inlineMax: 2, batchSize: 2 };

const workerRuns = () => t.cloud.fc.invocations().filter((i) => i.functionName === WORKER);
const strategyEntries = async (id: string) =>
  (await t.cloud.store.listAudit(id, { limit: 100 })).filter((e) => e.reason === 'strategy');

beforeAll(async () => {
  t = await startTestCloud({
    startMs: START,
    config: loadConfigText(CONFIG, 'fanout.yaml'),
    fleet,
    workload: { demandAt: (_id, tMs) => ({ outboundMbps: 20 + 10 * Math.sin(tMs / 3_600_000) }) },
  });
  // Two hours of CMS samples (and the reconcile ticks that run meanwhile).
  await t.clock.advanceTo(START + 2 * 3_600_000);
  await t.cloud.fc.drain();
  first = await optimise(t.cloud.container.deps('sweep-1'), { advice });
  await t.cloud.fc.drain({ timeoutMs: 120_000 });
}, 180_000);

afterAll(async () => {
  await t?.close();
});

describe('the optimiser sweep fans its advice out to the hosted worker (local cloud)', () => {
  it('dispatches 3 batches over FC; the worker completes each and audits every instance once', async () => {
    expect(first.dispatched?.map((d) => [d.instances, d.status])).toEqual([
      [2, 'queued'],
      [2, 'queued'],
      [1, 'queued'],
    ]);
    expect(first.strategies).toEqual([]);
    const runs = workerRuns();
    expect(runs.map((r) => r.taskId).sort()).toEqual(first.dispatched?.map((d) => d.batchKey).sort());
    expect(runs.map((r) => [r.trigger, r.status, r.attempts])).toEqual(runs.map(() => ['async', 'succeeded', 1]));
    const finished = t.logs.parsed().filter((l) => l.msg === 'advice batch finished');
    expect(finished.map((l) => l.advised).sort()).toEqual([1, 2, 2]);
    expect(finished.every((l) => l.errors === 0)).toBe(true);
    const slot = Math.floor((START + 2 * 3_600_000) / 3_600_000);
    for (const id of IDS) {
      const entries = await strategyEntries(id);
      expect(entries.map((e) => e.signal.dedupeKey)).toEqual([`optimise:${id}:strategy:${slot}`]);
      // The worker read the two hours of CMS history (through DescribeMetricList): too little for a backtest yet.
      expect(entries[0]?.message).toMatch(/^strategy \(apply\): only 0\.08 days of history, at least 1 needed/);
    }
  });

  it('a re-run of the same sweep is refused by FC (409 → already-queued): no second run, no second entry', async () => {
    const again = await optimise(t.cloud.container.deps('sweep-2'), { advice });
    await t.cloud.fc.drain({ timeoutMs: 120_000 });
    expect(again.dispatched?.map((d) => d.batchKey)).toEqual(first.dispatched?.map((d) => d.batchKey));
    expect(again.dispatched?.map((d) => d.status)).toEqual(['already-queued', 'already-queued', 'already-queued']);
    expect(workerRuns()).toHaveLength(3);
    for (const id of IDS) expect(await strategyEntries(id)).toHaveLength(1);
  });
});
