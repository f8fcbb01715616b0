/**
 * Scenario 2, faults: ECS answers ~20 % of calls with throttling, 5xx, conflicts, timeouts or dropped
 * connections (including drop-after: applied, answer lost); Tablestore with 5xx and timeouts (applied,
 * answer withheld); CloudMonitor with errors. Alarms arrive as CMS delivers them (3 retries), the reconcile
 * timer fires every 5 minutes, the worker runs type changes through FC async. Then the faults stop and the
 * timer runs on: every planned action must be applied exactly once or recorded as failed with its reason,
 * and nothing may stay stuck (no live lease, no unfinished type change).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deliver } from '@ecs-autoscaler/local-cloud/cms/callback.js';
import { FaultInjector, type FaultRule } from '@ecs-autoscaler/local-cloud/faults.js';
import { faultDecider, type TablestoreFaults } from '@ecs-autoscaler/local-cloud/tablestore/faults.js';
import { alarmBody } from '../../../src/testing/callbacks.js';
import { loadConfigText } from '../../../src/adapters/config/file.js';
import { HOT_CPU_VCPU, RELIABILITY_CONFIG_YAML, SATURATING_DEMAND_MBPS } from '../../support/config.js';
import { type FaultCloud, startFaultCloud } from '../../support/faultCloud.js';
import { batchId, FixedWorkload, generateFleet, LADDER, webId } from '../../support/fleet.js';
import { boundedAll, pacedUntil } from '../../../src/testing/pump.js';

/** About one ECS call in five fails: each rule is tried in order, the first error/drop that fires wins. */
export const ECS_FAULT_RULES: FaultRule[] = [
  { action: '*', kind: 'Throttling', probability: 0.04 },
  { action: '*', kind: 'InternalError', probability: 0.03 },
  { action: '*', kind: 'ServiceUnavailable', probability: 0.03 },
  { action: '*', kind: 'TaskConflict', probability: 0.02 },
  { action: '*', kind: 'drop', probability: 0.03 },
  { action: '*', kind: 'drop-after', probability: 0.03 },
  // 400 ms of latency against the adapter's 250 ms read timeout: a timeout (the request still runs).
  { action: '*', kind: 'latency', latencyMs: 400, probability: 0.03 },
];
const CMS_FAULT_RULES: FaultRule[] = [
  { action: '*', kind: 'InternalError', probability: 0.1 },
  { action: '*', kind: 'Throttling', probability: 0.05 },
];

/** A 300 s orchestration lease: a type change a fault interrupted is resumed within a few ticks. */
const FAULTS_CONFIG = RELIABILITY_CONFIG_YAML.replace('orchestrationLeaseTtlSec: 600', 'orchestrationLeaseTtlSec: 300');
const START_MS = Date.UTC(2025, 0, 6, 3, 0, 30);
const READY_MS = Date.UTC(2025, 0, 6, 3, 4, 10);
const TICK_MS = 5 * 60_000;
/**
 * Virtual time runs this many times wall time while anything is in flight. At 25×, a 120 s lease outlives a call
 * of 4.8 s of wall time and a metric stays fresh (300 s) for 12 s of wall time while a reconcile batch of 100
 * instances is evaluated: a loaded machine (or a hosted function's cold SDK load) never ages a decision's
 * inputs. At 100× a 3 s stall did: alarms turned stale and tick batches skipped their later instances.
 */
const PACE = 25;
const TABLE_OPS = new Set(['CreateTable', 'DescribeTable', 'ListTable', 'DeleteTable', 'UpdateTable']);

export interface FaultFigures {
  instances: number;
  planned: number;
  ecsCalls: number;
  ecsFaults: number;
  otsRequests: number;
  otsFaults: number;
  cmsFaults: number;
  applied: number;
  failedRecorded: number;
  duplicates: number;
  lost: number;
  stuck: number;
  unexplainedFailures: number;
}

/** Faults Tablestore injected: replay its seeded decider over the data-plane requests it served. */
function otsFaultCount(stats: { byOperation: Record<string, number> }, f: TablestoreFaults): number {
  const requests = Object.entries(stats.byOperation)
    .filter(([op]) => !TABLE_OPS.has(op))
    .reduce((a, [, n]) => a + n, 0);
  const next = faultDecider(f);
  let count = 0;
  for (let i = 0; i < requests; i++) if (next()) count++;
  return count;
}

export interface FaultRunOptions {
  web: number;
  batch: number;
  seed: number;
  /** Reconcile periods (5 min) with faults on, then periods after they stopped. */
  faultyTicks: number;
  healTicks: number;
}

/** The fleet (every instance needs exactly one change), its demand, the fault sources, the cloud. */
async function setUp(o: FaultRunOptions, dataDir: string) {
  const fleet = generateFleet({ web: o.web, batch: o.batch });
  const workload = new FixedWorkload();
  for (let n = 1; n <= o.web; n++) workload.outboundMbps.set(webId(n), SATURATING_DEMAND_MBPS(10));
  for (let n = 1; n <= o.batch; n++) workload.cpuVcpu.set(batchId(n), HOT_CPU_VCPU);
  const ecsFaults = new FaultInjector({ seed: o.seed, rules: ECS_FAULT_RULES });
  const cmsFaults = new FaultInjector({ seed: o.seed + 1, rules: CMS_FAULT_RULES });
  const kinds: TablestoreFaults['kinds'] = ['OTSServerBusy', 'OTSInternalServerError', 'timeout'];
  const otsFaults: TablestoreFaults = { rate: 0.05, seed: o.seed + 2, kinds };
  const config = loadConfigText(FAULTS_CONFIG, 'faults.yaml');
  const c = await startFaultCloud({
    startMs: START_MS,
    config,
    fleet,
    workload,
    dataDir,
    ecsFaults,
    cmsFaults,
    otsFaults,
  });
  return { c, ecsFaults, cmsFaults, otsFaults };
}

/** One alarm per instance, as CMS delivers: a POST with a 5 s timeout, retried up to 3 times on non-2xx. */
function deliverAlarms(c: FaultCloud, o: FaultRunOptions, inFlight: { n: number }) {
  const alarms = [
    ...Array.from({ length: o.web }, (_, i) => ({
      id: webId(i + 1),
      metric: 'VPC_PublicIP_InternetOutRate' as const,
      value: 10e6,
    })),
    ...Array.from({ length: o.batch }, (_, i) => ({
      id: batchId(i + 1),
      metric: 'CPUUtilization' as const,
      value: 90,
    })),
  ];
  const answers = boundedAll(alarms, 8, async (a, i) => {
    inFlight.n++;
    try {
      const body = alarmBody({
        instanceId: a.id,
        value: a.value,
        metricName: a.metric,
        transId: `fault-${i}`,
        timestampMs: READY_MS - 1000,
      });
      return await deliver(c.alarmWebhook, body, { timeoutMs: 5000, retries: 3 });
    } finally {
      inFlight.n--;
    }
  });
  return { ids: alarms.map((a) => a.id), answers };
}

export async function runFaults(o: FaultRunOptions) {
  const started = Date.now();
  const dataDir = await mkdtemp(join(tmpdir(), 'reliability-faults-'));
  const { c, ecsFaults, cmsFaults, otsFaults } = await setUp(o, dataDir);
  const inFlight = { n: 0 };
  const busy = () =>
    inFlight.n > 0 || c.fc.invocations().some((i) => i.status === 'running' || i.status === 'enqueued');
  try {
    await c.clock.advanceTo(READY_MS);
    const { ids, answers } = deliverAlarms(c, o, inFlight);
    let answered = false;
    void answers.finally(() => {
      answered = true;
    });
    await pacedUntil(c.clock, {
      untilMs: READY_MS + 3_600_000,
      busy,
      done: () => answered,
      speed: PACE,
      wallTimeoutMs: 300_000,
    });
    const firstTickMs = Math.ceil((c.clock.now() + 1) / TICK_MS) * TICK_MS;
    await pacedUntil(c.clock, {
      untilMs: firstTickMs + o.faultyTicks * TICK_MS - 1000,
      busy,
      speed: PACE,
      wallTimeoutMs: 600_000,
    });
    const otsStats = c.ots.stats();
    // The faults end: ECS and CMS answer normally, Tablestore restarts clean. The timer keeps ticking.
    ecsFaults.clear();
    cmsFaults.clear();
    await c.healTablestore();
    const endMs = firstTickMs + (o.faultyTicks + o.healTicks) * TICK_MS - 1000;
    await pacedUntil(c.clock, { untilMs: endMs, busy, speed: PACE, wallTimeoutMs: 600_000 });
    await c.fc.drain({ timeoutMs: 60_000 });
    const injected = {
      ecsFaults: ecsFaults.history().length,
      cmsFaults: cmsFaults.history().length,
      otsFaults: otsFaultCount(otsStats, otsFaults),
      otsRequests: otsStats.requests,
    };
    const verdict = await judge(c, ids, injected);
    return {
      ...verdict,
      deliveryFailures: (await answers).filter((a) => a.status !== 'fulfilled' || !a.value.ok).length,
      faultKinds: countBy(ecsFaults.history().map((f) => f.kind)),
      leaks: c.logs.leaks([c.token, c.accessKeySecret]),
      wallMs: Date.now() - started,
    };
  } finally {
    await c.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

function countBy(xs: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[x] = (out[x] ?? 0) + 1;
  return out;
}

const MODIFY = new Set(['ModifyInstanceNetworkSpec', 'ModifyInstanceSpec', 'ModifyPrepayInstanceSpec']);

type Verdict = { figures: FaultFigures; notes: string[]; failureCodes: Record<string, number> };

/** Where the demand says an instance ends: changed (20 Mbps / one rung up) or, after a failure, unchanged. */
function endsRight(
  i: { instanceId: string; status: string; instanceType: string; bandwidthOutMbps: number },
  changed: boolean,
): boolean {
  if (i.instanceId.startsWith('i-web')) return i.bandwidthOutMbps === (changed ? 20 : 10);
  return i.status === 'Running' && i.instanceType === LADDER[changed ? 1 : 0];
}

/** One instance: applied once, or failed with a recorded reason; never twice; no live lease. */
async function judgeInstance(c: FaultCloud, id: string, v: Verdict): Promise<void> {
  const f = v.figures;
  const modifies = c.ecs.state.changes({ instanceId: id }).filter((x) => MODIFY.has(x.action)).length;
  const failures = (await c.store.listAudit(id, { limit: 500 })).filter(
    (e) => e.result === 'failed' || e.result === 'rolled-back',
  );
  if (modifies > 1) f.duplicates++;
  if (modifies === 1) f.applied++;
  else if (failures[0]) {
    f.failedRecorded++;
    const code = `${failures[0].result}:${failures[0].error?.code ?? '?'}`;
    v.failureCodes[code] = (v.failureCodes[code] ?? 0) + 1;
  } else f.lost++;
  for (const e of failures.filter((x) => !x.error?.code)) {
    f.unexplainedFailures++;
    v.notes.push(`${id}: ${e.result} without an error code: ${e.message}`);
  }
  const inst = c.ecs.state.get(id);
  if (inst && !endsRight(inst, modifies > 0)) {
    f.unexplainedFailures++;
    v.notes.push(`${id}: ended ${inst.status} ${inst.instanceType} ${inst.bandwidthOutMbps} Mbps`);
  }
  const { lease } = await c.store.getInstanceState(id);
  if (lease && lease.expiresAtMs > c.clock.now()) {
    f.stuck++;
    v.notes.push(`${id}: lease ${lease.holder}/${lease.actionKey} until ${new Date(lease.expiresAtMs).toISOString()}`);
  }
}

async function judge(
  c: FaultCloud,
  ids: string[],
  injected: Pick<FaultFigures, 'ecsFaults' | 'cmsFaults' | 'otsFaults' | 'otsRequests'>,
): Promise<Verdict> {
  const figures: FaultFigures = {
    instances: ids.length,
    planned: ids.length,
    ecsCalls: c.ecs.state.apiCallCount(),
    ...injected,
    applied: 0,
    failedRecorded: 0,
    duplicates: 0,
    lost: 0,
    stuck: 0,
    unexplainedFailures: 0,
  };
  const v: Verdict = { figures, notes: [], failureCodes: {} };
  for (const id of ids) await judgeInstance(c, id, v);
  for (const o of await c.store.listActiveOrchestrations()) {
    figures.stuck++;
    v.notes.push(
      `${o.instanceId}: type change ${o.actionKey} at ${o.step} (attempts ${o.attempts}, ${o.error?.code ?? 'no error'})`,
    );
  }
  return v;
}
