/**
 * Scenario 7 (issue 14, findings 4 and 5), in virtual time against the ECS emulator through the official SDK:
 *
 * - **Stopped time.** A type change's driver is killed at every point of the stop → modify → start machine (after
 *   each persisted step, after each ECS call). What production does next runs on the same virtual clock: the
 *   driver's short heartbeat lease lapses, the FC timer fires a reconcile tick every 5 minutes, the tick hands the
 *   stalled orchestration to the worker (never runs it itself), and the worker finishes it. Measured per point:
 *   how long the instance stayed stopped (StopInstance → StartInstance) beyond an uninterrupted change.
 * - **Fenced takeovers.** A holder's lease expires while its ECS call is in flight (or before it calls) and a
 *   second actor takes the instance over: on the inline path (two actions under one lease) and in an
 *   orchestration (a run stalled before its modify). Counted: mutating calls of the first actor after the second
 *   one's first mutating call (`doubleMutations`, must be 0).
 *
 * A killed invocation is frozen as after SIGKILL: the point never returns and every later port call of it hangs
 * (nothing of it runs again); the real SIGKILL of a child process is scenario 3 (crash.ts).
 */
import { handleSignal } from '../../../src/app/handleSignal.js';
import { runOrchestration } from '../../../src/app/orchestration/run.js';
import { reconcile } from '../../../src/app/reconcile.js';
import type { AppDeps } from '../../../src/app/types.js';
import type { Orchestration } from '../../../src/core/types.js';
import type { EcsApi } from '../../../src/ports/EcsApi.js';
import { runWorkerTask } from '../../../src/runtime/worker.js';
import * as b from '../../app/builders.js';
import { appConfig, fleet, fleetInstance, type LocalApp, startLocalApp } from '../../integration/app/harness.js';

/** The product's defaults: a 120 s heartbeat lease, a reconcile tick every 5 minutes. */
const TICK_MS = 300_000;
const CONFIG = appConfig({
  evaluation: { lookbackSec: 3600, periodSec: 60, leaseTtlSec: 120, orchestrationLeaseTtlSec: 120 },
});

export const KILL_POINTS = [
  'after-step:stopping',
  'after-ecs:StopInstance',
  'after-step:stopped',
  'after-step:modifying',
  'after-ecs:ModifyInstanceSpec',
  'after-step:modified',
  'after-step:starting',
  'after-ecs:StartInstance',
  'after-step:running',
] as const;

const never = () => new Promise<never>(() => {});

const MUTATING = [
  'stopInstance',
  'startInstance',
  'modifyInstanceSpec',
  'modifyPrepayInstanceSpec',
  'modifyInstanceNetworkSpec',
] as const;
const API: Record<(typeof MUTATING)[number], string> = {
  stopInstance: 'StopInstance',
  startInstance: 'StartInstance',
  modifyInstanceSpec: 'ModifyInstanceSpec',
  modifyPrepayInstanceSpec: 'ModifyPrepayInstanceSpec',
  modifyInstanceNetworkSpec: 'ModifyInstanceNetworkSpec',
};

/** Deps of one invocation that freezes (as after SIGKILL) when it reaches `point`; `killed` resolves then. */
function killable(base: AppDeps, holderId: string, point: string) {
  let dead = false;
  let markKilled: () => void = () => {};
  const killed = new Promise<void>((r) => {
    markKilled = r;
  });
  const at = async (p: string) => {
    if (dead || p !== point) return;
    dead = true;
    markKilled();
    await never();
  };
  const hang = <T extends object>(port: T): T =>
    new Proxy(port, {
      get(target, key, receiver) {
        const v = Reflect.get(target, key, receiver);
        if (typeof v !== 'function') return v;
        return async (...args: unknown[]) => {
          if (dead) return never();
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  const ecs = Object.create(hang(base.ecs)) as EcsApi;
  for (const name of MUTATING) {
    const call = (base.ecs[name] as (r: unknown) => Promise<unknown>).bind(base.ecs);
    (ecs as unknown as Record<string, unknown>)[name] = async (req: unknown) => {
      if (dead) return never();
      const r = await call(req);
      await at(`after-ecs:${API[name]}`);
      return r;
    };
  }
  const deps: AppDeps = {
    ...base,
    holderId,
    ecs,
    store: hang(base.store),
    hooks: { afterOrchestrationStep: (o: Orchestration) => at(`after-step:${o.step}`) },
  };
  return { deps, killed };
}

async function planTypeChange(app: LocalApp, instanceId: string): Promise<string> {
  app.load(instanceId, 'cpuPercent', 95);
  const out = await app.drive(
    handleSignal(app.deps, b.signal({ instanceId, dedupeKey: `cpu-${instanceId}`, atMs: app.clock.now() })),
  );
  if (out.status !== 'dispatched' || !out.actionKey) throw new Error(`${instanceId}: ${JSON.stringify(out)}`);
  return out.actionKey;
}

/** StopInstance → StartInstance of the instance, ms (the first of each in the emulator's change log). */
function stoppedMs(app: LocalApp, instanceId: string): number | undefined {
  const log = app.emulator.state.changes({ instanceId }).filter((c) => Object.keys(c.params).length > 0);
  const stop = log.find((c) => c.action === 'StopInstance');
  const start = log.find((c) => c.action === 'StartInstance' && stop && c.atMs >= stop.atMs);
  return stop && start ? start.atMs - stop.atMs : undefined;
}

export interface StoppedPoint {
  point: string;
  stoppedSec: number;
  beyondSec: number;
  ticks: number;
  step: string;
  stops: number;
  modifies: number;
  starts: number;
}

/**
 * Where the change starts within the 5-minute tick period (seconds after a tick): the kill lands early, in the
 * middle, or late in a period, so the lease lapses before the next tick or just after it.
 */
export const PHASES_SEC = [0, 100, 200, 280] as const;

/**
 * One uninterrupted change (the plan), then one change killed at each point for each phase, each on a fresh
 * local cloud.
 */
export async function runStoppedTime(points: readonly string[] = KILL_POINTS, phases: readonly number[] = PHASES_SEC) {
  const started = Date.now();
  const baseline = await oneChange(undefined, 0);
  const results: StoppedPoint[] = [];
  for (const phase of phases) {
    for (const point of points) {
      const r = await oneChange(point, phase * 1000);
      results.push({ ...r, point: `${point}@+${phase}s`, beyondSec: Math.max(0, r.stoppedSec - baseline.stoppedSec) });
    }
  }
  return { baselineSec: baseline.stoppedSec, results, wallMs: Date.now() - started };
}

const ID = 'i-batch-1';

async function oneChange(point: string | undefined, phaseMs: number) {
  const app = await startLocalApp({ fleet: fleet([fleetInstance(ID, { tags: { app: 'batch' } })]), config: CONFIG });
  try {
    await app.drive(app.clock.advanceTo(b.T0 + phaseMs));
    // The dispatched task is run by the (killable) worker below; resumes go through the in-process dispatcher.
    let runs = 0;
    app.dispatcher.setWorker((task) => runWorkerTask({ ...app.deps, holderId: `worker-${++runs}` }, task));
    app.deps.dispatcher = { dispatch: async () => 'queued' };
    const key = await planTypeChange(app, ID);
    app.deps.dispatcher = app.dispatcher;
    const worker = killable(app.deps, 'worker-first', point ?? 'none');
    const run = runOrchestration(worker.deps, key);
    await app.drive(Promise.race([run, worker.killed]));
    let ticks = 0;
    let o = await app.store.getOrchestration(key);
    // The FC timer: a tick every 5 minutes until the change ended (bounded: 24 ticks = 2 hours).
    for (; ticks < 24 && o && !['verified', 'rolled-back', 'failed'].includes(o.step); ticks++) {
      const next = Math.ceil((app.clock.now() + 1) / TICK_MS) * TICK_MS;
      await app.drive(app.clock.advanceTo(next));
      await app.drive(reconcile({ ...app.deps, holderId: `tick-${ticks}` }));
      await app.drive(app.dispatcher.drain());
      o = await app.store.getOrchestration(key);
    }
    const count = (action: string) =>
      app.emulator.state.changes({ instanceId: ID, action }).filter((c) => Object.keys(c.params).length > 0).length;
    return {
      stoppedSec: (stoppedMs(app, ID) ?? Number.POSITIVE_INFINITY) / 1000,
      ticks,
      step: o?.step ?? 'missing',
      stops: count('StopInstance'),
      modifies: count('ModifyInstanceSpec'),
      starts: count('StartInstance'),
    };
  } finally {
    await app.close();
  }
}

/** Deps of an actor whose mutating ECS calls are logged as `<holderId>:<api>`. */
function logged(base: AppDeps, holderId: string, log: string[]): AppDeps {
  const ecs = Object.create(base.ecs) as EcsApi;
  for (const name of MUTATING) {
    const call = (base.ecs[name] as (r: unknown) => Promise<unknown>).bind(base.ecs);
    (ecs as unknown as Record<string, unknown>)[name] = async (req: unknown) => {
      log.push(`${holderId}:${API[name]}`);
      return call(req);
    };
  }
  return { ...base, ecs, holderId };
}

/** Mutating calls of `first` after the first mutating call of `second`. */
function doubleMutations(log: string[], first: string, second: string): number {
  const takeover = log.findIndex((c) => c.startsWith(`${second}:`));
  return takeover < 0 ? 0 : log.slice(takeover).filter((c) => c.startsWith(`${first}:`)).length;
}

/** Inline: A's claim answers after its lease expired; B takes the instance over and acts before A's call. */
async function inlineTakeover(n: number) {
  const id = `i-web-${n}`;
  const app = await startLocalApp({ fleet: fleet([fleetInstance(id)]), config: CONFIG });
  try {
    const down = b.bandwidthAction({
      instanceId: id,
      direction: 'down',
      fromMbps: 10,
      toMbps: 5,
      actionKey: `bw-${n}`,
      clientToken: `tok-bw-${n}`,
    });
    const log: string[] = [];
    const base = { ...app.deps, decide: b.scaleWith(down) };
    const a = logged(base, 'A', log);
    const rival = logged(base, 'B', log);
    const claim = app.store.claimLease.bind(app.store);
    a.store = Object.create(app.store) as typeof app.store;
    a.store.claimLease = async (req) => {
      const r = await claim(req);
      await app.clock.advance(121_000);
      await handleSignal(rival, b.signal({ instanceId: id, dedupeKey: `b-${n}`, atMs: app.clock.now() }));
      return r;
    };
    const out = await app.drive(
      handleSignal(a, b.signal({ instanceId: id, dedupeKey: `a-${n}`, atMs: app.clock.now() })),
    );
    return {
      doubles: doubleMutations(log, 'A', 'B'),
      took: log.some((c) => c.startsWith('B:')),
      refused: out.reason === 'LeaseLost',
    };
  } finally {
    await app.close();
  }
}

/** Orchestration: run A stalls past its lease right before its modify; run B (a tick's resume) finishes. */
async function orchestrationTakeover(n: number) {
  const id = `i-batch-${n}`;
  const app = await startLocalApp({ fleet: fleet([fleetInstance(id, { tags: { app: 'batch' } })]), config: CONFIG });
  try {
    app.deps.dispatcher = { dispatch: async () => 'queued' };
    const key = await planTypeChange(app, id);
    const log: string[] = [];
    const a = logged(app.deps, 'A', log);
    const rival = logged(app.deps, 'B', log);
    const describe = a.ecs.describeInstances.bind(a.ecs);
    let took = false;
    a.ecs.describeInstances = async (ids) => {
      const seen = await describe(ids);
      if (!took && seen[0]?.status === 'Stopped') {
        took = true;
        await app.clock.advance(121_000);
        await runOrchestration(rival, key);
      }
      return seen;
    };
    await app.drive(runOrchestration(a, key));
    const o = await app.store.getOrchestration(key);
    return { doubles: doubleMutations(log, 'A', 'B'), took, verified: o?.step === 'verified' };
  } finally {
    await app.close();
  }
}

/** `n` inline and `n` orchestration takeovers. */
export async function runFencedTakeovers(n: number) {
  const started = Date.now();
  let doubles = 0;
  let takeovers = 0;
  let refused = 0;
  let verified = 0;
  for (let i = 1; i <= n; i++) {
    const x = await inlineTakeover(i);
    const y = await orchestrationTakeover(i);
    doubles += x.doubles + y.doubles;
    takeovers += Number(x.took) + Number(y.took);
    refused += Number(x.refused);
    verified += Number(y.verified);
  }
  return {
    takeovers,
    doubleMutations: doubles,
    inlineRefused: refused,
    orchestrationsVerified: verified,
    wallMs: Date.now() - started,
  };
}
