/**
 * Scenario 3, crash points: a real child process runs one invocation of the app and is killed with SIGKILL
 * at a named point of the alarm path or of the stop → modify → start orchestration. Then what production
 * would do next runs in the parent: CMS retries the delivery, the lease lapses, a reconcile tick runs.
 * Each point uses its own instance, so all points of a phase run at once and one tick heals them all.
 */
import { reconcile } from '../../../src/app/index.js';
import { runWorkerTask } from '../../../src/runtime/worker.js';
import type { Orchestration } from '../../../src/core/types.js';
import type { OrchestrateTask } from '../../../src/ports/Dispatcher.js';
import { receiveAlarm } from '../../../src/runtime/alarm.js';
import { type AppEnv, buildAppEnv } from '../../support/appEnv.js';
import { alarmBody, httpTriggerEvent } from '../../../src/testing/callbacks.js';
import { childBundle, spawnAppChild } from '../../support/childRunner.js';
import { CRASH_LEASE_SEC, type CrashEnv, startCrashEnv, waitVirtual } from '../../support/crashEnv.js';
import { HOT_CPU_VCPU, SATURATING_DEMAND_MBPS } from '../../support/config.js';
import { batchId, FixedWorkload, generateFleet, LADDER, webId, ZONE } from '../../support/fleet.js';
import { LogCapture } from '../../support/logs.js';
import { boundedAll } from '../../../src/testing/pump.js';

export interface CrashPointResult {
  point: string;
  instanceId: string;
  killedBy: string | null;
  /** What the CMS retry of the same delivery got (alarm path only). */
  retry?: string;
  changes: Record<string, number>;
  finalBandwidthMbps?: number;
  finalType?: string;
  finalStatus?: string;
  step?: string;
  leaseFree: boolean;
  /** The store recorded a change (a cooldown start) for the instance. */
  recorded: boolean;
  audit: string[];
}

export interface CrashWorld {
  env: CrashEnv;
  parent: AppEnv;
  logs: LogCapture;
  childLines: string[];
}

export async function startCrashWorld(o: { web: number; batch: number }): Promise<CrashWorld> {
  const fleet = generateFleet({ web: o.web, batch: o.batch });
  const workload = new FixedWorkload();
  for (let n = 1; n <= o.web; n++) workload.outboundMbps.set(webId(n), SATURATING_DEMAND_MBPS(10));
  for (let n = 1; n <= o.batch; n++) workload.cpuVcpu.set(batchId(n), HOT_CPU_VCPU);
  const env = await startCrashEnv({ fleet, workload });
  const logs = new LogCapture([env.spec.token], () => env.clock.now());
  const parent = buildAppEnv(env.spec, { logger: logs.logger });
  // Three closed one-minute periods of metrics before anything is decided (the bundle builds meanwhile).
  await Promise.all([waitVirtual(3.5 * 60_000), childBundle(), warmUp(parent)]);
  return { env, parent, logs, childLines: [] };
}

/**
 * Load the parent's lazily imported adapters (SDK modules) now: a first load takes wall seconds, hundreds of
 * virtual seconds at the scaled clock's speed, and must not fall inside an evaluation (its metrics would age).
 */
async function warmUp(parent: AppEnv): Promise<void> {
  const d = parent.deps('warm-up');
  await Promise.all([
    d.ecs.describeInstances([webId(1)]),
    d.store.getControls(),
    d.metrics.getLast({ instanceIds: [webId(1)], metric: 'CPUUtilization', periodSec: 60 }),
  ]);
}

function bodyFor(w: CrashWorld, instanceId: string, metric: 'bw' | 'cpu'): string {
  return alarmBody({
    instanceId,
    value: metric === 'bw' ? 10e6 : 90,
    metricName: metric === 'bw' ? 'VPC_PublicIP_InternetOutRate' : 'CPUUtilization',
    transId: `crash-${instanceId}`,
    timestampMs: w.env.clock.now(),
  });
}

/** Run one child invocation and SIGKILL it at `point` (for `instanceId`). */
async function killAt(
  w: CrashWorld,
  point: string,
  instanceId: string,
  command: Parameters<typeof spawnAppChild>[0]['command'],
) {
  const child = spawnAppChild({ ...w.env.spec, command, crashAt: point, crashDetail: instanceId });
  try {
    await child.waitFor([`AT ${point}`], 60_000);
    return await child.kill();
  } finally {
    await child.kill();
    w.childLines.push(...child.stderr);
  }
}

async function observe(
  w: CrashWorld,
  point: string,
  instanceId: string,
  killedBy: string | null,
): Promise<CrashPointResult> {
  const changes: Record<string, number> = {};
  for (const c of w.env.ecs.state.changes({ instanceId })) {
    if (c.params && Object.keys(c.params).length > 0) changes[c.action] = (changes[c.action] ?? 0) + 1;
  }
  const inst = w.env.ecs.state.get(instanceId);
  const store = w.parent.deps('observer').store;
  const state = await store.getInstanceState(instanceId);
  const audit = (await store.listAudit(instanceId, { limit: 50 })).map((e) => e.result).reverse();
  return {
    point,
    instanceId,
    killedBy,
    changes,
    finalBandwidthMbps: inst?.bandwidthOutMbps,
    finalType: inst?.instanceType,
    finalStatus: inst?.status,
    leaseFree: !state.lease || state.lease.expiresAtMs <= w.env.clock.now(),
    recorded: Object.values(state.lastChange).some((ms) => ms !== undefined),
    audit,
  };
}

/**
 * One reconcile tick for the points' instances, then what FC does with the tasks it dispatched: the worker runs
 * each stalled orchestration the tick handed over (a resume task; the tick never runs one itself). Only the
 * resumes of these instances: the two phases tick at about the same time in one parent and share its dispatch
 * list, so a slice of it can hold the other phase's resume, and running that one here would let the other phase
 * observe its instance while this run drives it (stopped, leased, not modified yet). Each run is awaited.
 */
async function tickAndWorker(w: CrashWorld, points: { instanceId: string }[]): Promise<void> {
  const ids = new Set(points.map((p) => p.instanceId));
  const before = w.parent.dispatched.length;
  await reconcile(w.parent.deps('tick-after-crash'), { instanceIds: [...ids] });
  const resumes = w.parent.dispatched
    .slice(before)
    .filter((t): t is OrchestrateTask => t.kind === 'orchestrate' && ids.has(t.instanceId));
  await Promise.all(resumes.map((t) => runWorkerTask(w.parent.deps(`worker-resume-${t.instanceId}`), t)));
}

/**
 * Let the killed invocations' leases lapse, on the virtual clock: the lease TTL and a margin past the kill, and
 * then, whatever the wall clock did meanwhile, until the store shows no live lease on any point's instance (the
 * expiry it holds is the killed child's last renewal). So the tick that follows always finds them lapsed, as
 * production's next tick would, however long this process was stalled.
 */
async function leasesLapse(w: CrashWorld, points: { instanceId: string }[]): Promise<void> {
  await waitVirtual(CRASH_LEASE_SEC * 1000 + 10_000);
  const store = w.parent.deps('lease-watch').store;
  for (let round = 0; round < 10; round++) {
    const states = await Promise.all(points.map((p) => store.getInstanceState(p.instanceId)));
    const untilMs = Math.max(...states.map((s) => s.lease?.expiresAtMs ?? 0)) + 1_000;
    const nowMs = w.env.clock.now();
    if (untilMs <= nowMs) return;
    await waitVirtual(untilMs - nowMs);
  }
  throw new Error('a lease of a killed invocation was still live after ten waits for its expiry');
}

/** Alarm-path points: kill during the first delivery, CMS retries it, the lease lapses, a tick runs. */
export async function crashAlarmPath(w: CrashWorld, points: { point: string; instanceId: string }[]) {
  const killed = await boundedAll(points, 3, (p) =>
    killAt(w, p.point, p.instanceId, { kind: 'alarm', body: bodyFor(w, p.instanceId, 'bw') }),
  );
  const retries = await Promise.all(
    points.map(async (p) => {
      const res = await receiveAlarm(
        w.parent.endpoint,
        httpTriggerEvent({ body: bodyFor(w, p.instanceId, 'bw'), query: { token: w.env.spec.token } }),
        'cms-retry',
      );
      return JSON.parse(res.body).status as string;
    }),
  );
  await leasesLapse(w, points);
  await tickAndWorker(w, points);
  return Promise.all(
    points.map(async (p, i) => {
      const k = killed[i];
      const r = await observe(
        w,
        p.point,
        p.instanceId,
        k?.status === 'fulfilled' ? k.value : `error: ${String(k?.status === 'rejected' ? k.reason : '')}`,
      );
      return { ...r, retry: retries[i] };
    }),
  );
}

/** Start a type change through the alarm path in the parent; returns its action key. */
async function planTypeChange(w: CrashWorld, instanceId: string): Promise<string> {
  const res = await receiveAlarm(
    w.parent.endpoint,
    httpTriggerEvent({ body: bodyFor(w, instanceId, 'cpu'), query: { token: w.env.spec.token } }),
    'plan',
  );
  const out = JSON.parse(res.body) as { status: string; actionKey?: string };
  if (out.status !== 'dispatched' || !out.actionKey)
    throw new Error(`${instanceId}: expected a dispatched type change, got ${res.body}`);
  return out.actionKey;
}

/**
 * Orchestration points: plan in the parent, run the worker in a child killed at the point, optionally make
 * the target type unavailable, wait for the orchestration lease to lapse, then one reconcile tick resumes it.
 */
export async function crashOrchestration(
  w: CrashWorld,
  points: { point: string; instanceId: string }[],
  o: { soldOutBeforeResume?: boolean } = {},
) {
  const keys: string[] = [];
  for (const p of points) keys.push(await planTypeChange(w, p.instanceId));
  const killed = await boundedAll(points, 3, (p, i) =>
    killAt(w, p.point, p.instanceId, { kind: 'worker', actionKey: keys[i] as string }),
  );
  if (o.soldOutBeforeResume) w.env.ecs.state.setStock(LADDER[1], ZONE, 0);
  await leasesLapse(w, points);
  await tickAndWorker(w, points);
  const store = w.parent.deps('observer').store;
  return Promise.all(
    points.map(async (p, i) => {
      const k = killed[i];
      const r = await observe(
        w,
        p.point,
        p.instanceId,
        k?.status === 'fulfilled' ? k.value : `error: ${String(k?.status === 'rejected' ? k.reason : '')}`,
      );
      const o8n: Orchestration | undefined = await store.getOrchestration(keys[i] as string);
      return { ...r, step: o8n?.step };
    }),
  );
}

const MODIFY_APIS = ['ModifyInstanceNetworkSpec', 'ModifyInstanceSpec', 'ModifyPrepayInstanceSpec'];

/** How many `applied` audit entries the point's instance has (one change each: exactly one expected). */
export const appliedEntries = (r: CrashPointResult) => r.audit.filter((a) => a === 'applied').length;

/** One line of figures for a set of crash points. */
export function crashFigures(results: CrashPointResult[]) {
  const modified = (r: CrashPointResult) => MODIFY_APIS.some((a) => (r.changes[a] ?? 0) > 0);
  return {
    points: results.length,
    killed: results.filter((r) => r.killedBy === 'SIGKILL').length,
    duplicates: results.filter((r) => Object.values(r.changes).some((n) => n > 1)).length,
    lost: results.filter((r) => !modified(r) && r.step !== 'rolled-back').length,
    rolledBack: results.filter((r) => r.step === 'rolled-back').length,
    stuckLeases: results.filter((r) => !r.leaseFree).length,
    unrecorded: results.filter((r) => modified(r) && r.step !== 'rolled-back' && !r.recorded).length,
    auditGaps: results.filter((r) => modified(r) && !r.audit.includes('applied')).length,
    auditDuplicates: results.filter((r) => appliedEntries(r) > 1).length,
  };
}
