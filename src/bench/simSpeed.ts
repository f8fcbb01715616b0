/**
 * Benchmark (d): simulation speed. `instances` web instances replay phase-shifted real traces for `days` of
 * virtual time; measured: the wall time of the replay.
 *
 * - `engine: 'fast'` (default): each instance through the in-process backtest engine (simSpeedFast.ts), what
 *   `simulate` and the optimiser run;
 * - `engine: 'full'`: a multi-instance variant of src/local/sim/drive.ts, the oracle: the whole local cloud on one
 *   VirtualClock (CMS samples what each link serves and raises the provisioned alarms, the hosted alarm and tick
 *   functions decide and call the ECS emulator through the official SDKs, state in the memory store), one
 *   virtual minute at a time with no wall-clock sleeps. Minutes per virtual month, not seconds.
 */
import { MemoryStateStore } from '../adapters/memory/stateStore.js';
import { loadConfigText } from '../adapters/config/file.js';
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';
import { provisionLocalAlarms } from '../local/cloud/alarms.js';
import { type LocalCloud, startLocalCloud } from '../local/cloud/index.js';
import { settle } from '../local/cloud/settle.js';
import { type FleetFile, MUTATING_ACTIONS } from '@ecs-autoscaler/local-cloud/ecs/index.js';
import { BENCH_REGION, fleetInstance } from './fleet.js';
import { type DemandFn, defaultTraceFiles, fleetDemand } from './simDemand.js';
import { pumpUntil } from '../testing/pump.js';
import { defaultThreads, prepareFastFleet, replayFastFleet, startPool } from './simSpeedFast.js';
import { round } from './stats.js';

export interface SimSpeedOptions {
  /** Virtual days. Default 30. */
  days?: number;
  /** Default 10. */
  instances?: number;
  /** Trace files (default: vendor/traces/bitbrains/*.csv, else the demo trace). */
  traces?: string[];
  /** Each trace is rescaled so its p99 is this, Mbps. Default 50. */
  peakMbps?: number;
  /** `fast` (default): the in-process backtest engine; `full`: the whole local cloud (the oracle, ~40× slower). */
  engine?: 'fast' | 'full';
  /** Fast engine: worker threads the instances are spread over (default: one per core); 1 = in process. */
  threads?: number;
  /** Called after every simulated hour. */
  onProgress?: (doneMinutes: number, totalMinutes: number) => void;
}

export interface SimSpeedResult {
  /** Which engine replayed the fleet (absent in reports written before there were two: the full one). */
  engine?: 'fast' | 'full';
  /** Fast engine: the threads it ran on (1 = in process). */
  threads?: number;
  days: number;
  instances: number;
  traces: string[];
  virtualMinutes: number;
  setupSec: number;
  wallSec: number;
  /** Virtual time ÷ wall time. */
  speedup: number;
  /** Alarm callbacks CMS delivered, mutating ECS calls and applied changes: the work the product did. */
  alarms: number;
  mutatingCalls: number;
  changes: number;
  /** Σ max(0, demand − capacity) ÷ Σ demand over every instance-minute. */
  unmetFraction: number;
}

const MINUTE = 60_000;
const START_MS = Date.UTC(2025, 0, 6, 0, 0);

/** The product's bandwidth defaults with the platform bounds, for every generated instance (group by tag). */
const SIM_CONFIG_YAML = `
version: 1
regionId: ${BENCH_REGION}
groups:
  - name: web
    match: { tags: { autoscaler-group: web } }
    bandwidth: { minMbps: 1, maxMbps: 100 }
`;

/** Starting bandwidth: what serves the first minute's demand at the 70 % target, within 1–100 Mbps. */
function initialMbps(d: DemandFn): number {
  return Math.min(100, Math.max(1, Math.ceil(d(START_MS) / 0.7)));
}

function simFleet(demand: readonly DemandFn[]): FleetFile {
  const instances = demand.map((d, i) => fleetInstance(i + 1, initialMbps(d)));
  return { regionId: BENCH_REGION, instances, stock: [] };
}

/** Demand and capacity of every instance for the minute starting now. */
function account(cloud: LocalCloud, ids: readonly string[], demand: readonly DemandFn[], nowMs: number, acc: number[]) {
  ids.forEach((id, i) => {
    const v = cloud.ecs.state.get(id);
    const capacity = v?.status === 'Running' ? v.effectiveBandwidthOutMbps : 0;
    const d = (demand[i] as DemandFn)(nowMs);
    acc[0] = (acc[0] ?? 0) + d;
    acc[1] = (acc[1] ?? 0) + Math.max(0, d - capacity);
  });
}

interface SimWorld {
  cloud: LocalCloud;
  clock: VirtualClock;
  ids: string[];
  demand: DemandFn[];
  traceNames: string[];
}

/** The local cloud with the generated fleet, its demand, and the CMS rules the config implies. */
async function startSimWorld(o: SimSpeedOptions, instances: number): Promise<SimWorld> {
  const { demand, traceNames } = fleetDemand({
    files: o.traces ?? defaultTraceFiles(),
    instances,
    peakMbps: o.peakMbps ?? 50,
    startMs: START_MS,
  });
  const fleet = simFleet(demand);
  const ids = fleet.instances.map((i) => i.instanceId);
  const index = new Map(ids.map((id, i) => [id, i]));
  const clock = new VirtualClock(START_MS);
  const cloud = await startLocalCloud({
    clock,
    config: loadConfigText(SIM_CONFIG_YAML, 'bench-sim.yaml'),
    fleet,
    store: new MemoryStateStore(),
    awaitCallbacks: true,
    logger: { log: () => undefined },
    workload: { demandAt: (id, tMs) => ({ outboundMbps: demand[index.get(id) ?? -1]?.(tMs) ?? 0 }) },
  });
  try {
    // The CMS adapter paces its calls on the (virtual) clock: move time while the rules are written.
    await pumpUntil(clock, provisionLocalAlarms(cloud), {
      horizonMs: START_MS + 10 * MINUTE,
      lookaheadMs: 1000,
      wallTimeoutMs: 120_000,
    });
  } catch (err) {
    await cloud.close();
    throw err;
  }
  return { cloud, clock, ids, demand, traceNames };
}

/**
 * Callbacks raised after `sinceMs`. Counted every simulated hour because the CMS emulator keeps only its last
 * 10,000 callbacks, and a month of ten instances raises more.
 */
function callbacksSince(cloud: LocalCloud, sinceMs: number): number {
  return cloud.cms.callbacks().filter((c) => c.atMs > sinceMs).length;
}

/** Replay `totalMinutes` one virtual minute at a time; returns Σ demand, Σ unmet demand (Mbps·min) and alarms. */
async function replay(w: SimWorld, totalMinutes: number, onProgress: SimSpeedOptions['onProgress']) {
  const acc = [0, 0];
  let alarms = callbacksSince(w.cloud, Number.NEGATIVE_INFINITY);
  let countedMs = w.clock.now();
  for (let m = 0; m < totalMinutes; m++) {
    account(w.cloud, w.ids, w.demand, w.clock.now(), acc);
    await w.clock.advance(MINUTE);
    await settle(w.cloud);
    if ((m + 1) % 60 === 0 || m + 1 === totalMinutes) {
      alarms += callbacksSince(w.cloud, countedMs);
      countedMs = w.clock.now();
      onProgress?.(m + 1, totalMinutes);
    }
  }
  return { demand: acc[0] ?? 0, unmet: acc[1] ?? 0, alarms };
}

/** Benchmark (d) on the fast engine: the same fleet, demand and policy, replayed in process or in workers. */
async function benchFast(o: SimSpeedOptions, days: number, instances: number): Promise<SimSpeedResult> {
  const setupStart = performance.now();
  const { demand, traceNames } = fleetDemand({
    files: o.traces ?? defaultTraceFiles(),
    instances,
    peakMbps: o.peakMbps ?? 50,
    startMs: START_MS,
  });
  const totalMinutes = Math.max(1, Math.round(days * 1440));
  const fleet = await prepareFastFleet({
    config: loadConfigText(SIM_CONFIG_YAML, 'bench-sim.yaml'),
    demand,
    startMs: START_MS,
    totalMinutes,
    initialMbps: (i) => initialMbps(demand[i] as DemandFn),
  });
  const threads = o.threads ?? defaultThreads(instances);
  const pool = threads > 1 ? await startPool(threads) : undefined;
  try {
    const setupSec = (performance.now() - setupStart) / 1000;
    const started = performance.now();
    const sums = await replayFastFleet(fleet, pool, o.onProgress);
    const wallSec = (performance.now() - started) / 1000;
    return {
      engine: 'fast',
      threads,
      days,
      instances,
      traces: traceNames,
      virtualMinutes: totalMinutes,
      setupSec: round(setupSec, 2),
      wallSec: round(wallSec, 2),
      speedup: Math.round((totalMinutes * 60) / wallSec),
      alarms: sums.alarms,
      mutatingCalls: sums.mutatingCalls,
      changes: sums.changes,
      unmetFraction: round(sums.unmet / Math.max(1e-9, sums.demand), 4),
    };
  } finally {
    await pool?.close();
  }
}

/** Run benchmark (d). */
export async function benchSimSpeed(o: SimSpeedOptions = {}): Promise<SimSpeedResult> {
  const days = o.days ?? 30;
  const instances = o.instances ?? 10;
  if ((o.engine ?? 'fast') === 'fast') return benchFast(o, days, instances);
  const setupStart = performance.now();
  const w = await startSimWorld(o, instances);
  try {
    const setupSec = (performance.now() - setupStart) / 1000;
    const totalMinutes = Math.max(1, Math.round(days * 1440));
    const started = performance.now();
    const sums = await replay(w, totalMinutes, o.onProgress);
    const wallSec = (performance.now() - started) / 1000;
    const mutating = <T extends { action: string }>(list: T[]) =>
      list.filter((c) => MUTATING_ACTIONS.has(c.action)).length;
    return {
      engine: 'full',
      days,
      instances,
      traces: w.traceNames,
      virtualMinutes: totalMinutes,
      setupSec: round(setupSec, 2),
      wallSec: round(wallSec, 2),
      speedup: Math.round((totalMinutes * 60) / wallSec),
      alarms: sums.alarms,
      mutatingCalls: mutating(w.cloud.ecs.state.apiCalls()),
      changes: mutating(w.cloud.ecs.state.changes()),
      unmetFraction: round(sums.unmet / Math.max(1e-9, sums.demand), 4),
    };
  } finally {
    await w.cloud.close();
  }
}
