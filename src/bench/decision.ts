/**
 * Benchmark (a): the product's own cost per alarm, in process. `handleSignal` runs the whole alarm path
 * (dedupe → describe → state, controls, metrics → decide → claim → act → commit → audit → one JSON log line)
 * against the memory store and the in-memory fakes of the cloud ports (src/testing), one signal per distinct instance; then pure
 * `decide` alone. Two in three instances are saturated (a full action), the rest sit at the target (a skip).
 */
import { MemoryStateStore } from '../adapters/memory/stateStore.js';
import { type AppDeps, handleSignal } from '../app/index.js';
import { type DecisionInput, decide } from '../core/decide/index.js';
import type { GroupPolicy } from '../core/config/types.js';
import type { Signal } from '../core/types.js';
import { mulberry32 } from '@ecs-autoscaler/local-cloud/faults.js';
import { createJsonLogger } from '../runtime/logger.js';
import { FakeClock, FakeDispatcher, FakeEcs, FakeMetrics } from '../testing/index.js';
import { benchConfig, benchId, benchSnapshot, SATURATING_MBPS, STEADY_MBPS } from './fleet.js';
import { nowMs, round, type Summary, summarise } from './stats.js';

export interface DecisionBenchOptions {
  /** Signals measured, each for a distinct instance. Default 5000. */
  signals?: number;
  /** Calls of pure `decide` measured. Default 20000. */
  decideCalls?: number;
  /** Signals run first and not measured (JIT warm-up). Default min(500, signals / 10). */
  warmup?: number;
  seed?: number;
}

export interface DecisionBenchResult {
  signals: number;
  /** handleSignal wall time per signal, ms: all, and by outcome status. */
  handleSignalMs: Summary;
  byStatusMs: Record<string, Summary>;
  /** Pure decide wall time per call, µs. */
  decideUs: Summary;
  decideCalls: number;
  /** Saturated instances among the measured ones (each needs exactly one ModifyInstanceNetworkSpec). */
  actionsNeeded: number;
  mutatingCalls: number;
  /** Bytes of JSON log lines produced per signal (the logger serialises, the sink discards). */
  logBytesPerSignal: number;
}

const START_MS = Date.UTC(2025, 0, 6, 3, 0, 0);

function saturated(n: number): boolean {
  return n % 3 !== 0;
}

/**
 * CloudMonitor as the decision sees it: one point per period over the requested range. Bandwidth is what the
 * link serves, min(demand, provisioned) in bit/s; CPU is a flat 20 %.
 */
export function demandMetrics(ecs: FakeEcs, demandMbps: ReadonlyMap<string, number>): FakeMetrics {
  return new FakeMetrics({
    recordCalls: false,
    generate: (id, metric) =>
      metric === 'CPUUtilization'
        ? 20
        : Math.min(demandMbps.get(id) ?? 0, ecs.instances.get(id)?.bandwidthOutMbps ?? 0) * 1e6,
  });
}

function world(count: number) {
  const ecs = new FakeEcs(
    Array.from({ length: count }, (_, i) => benchSnapshot(i + 1)),
    { recordCalls: false },
  );
  const demand = new Map<string, number>();
  for (let n = 1; n <= count; n++) demand.set(benchId(n), saturated(n) ? SATURATING_MBPS : STEADY_MBPS);
  return { ecs, metrics: demandMetrics(ecs, demand) };
}

function alarmSignal(n: number, atMs: number, key: string): Signal {
  return {
    source: 'cms-alarm',
    instanceId: benchId(n),
    metric: 'VPC_PublicIP_InternetOutRate',
    value: (saturated(n) ? 10 : STEADY_MBPS) * 1e6,
    state: 'ALERT',
    level: 'CRITICAL',
    atMs,
    dedupeKey: key,
  };
}

/** Run handleSignal over `warmup + signals` distinct instances; returns per-signal timings of the measured ones. */
async function timeHandleSignal(signals: number, warmup: number, seed: number) {
  const total = warmup + signals;
  const { ecs, metrics } = world(total);
  const clock = new FakeClock(START_MS);
  let logBytes = 0;
  const write = (line: string) => {
    logBytes += line.length + 1;
  };
  const logger = createJsonLogger({ write, now: () => clock.now() });
  const deps: AppDeps = {
    config: benchConfig(),
    ecs,
    metrics,
    store: new MemoryStateStore(),
    // Type changes are not part of this benchmark: a dispatched orchestration is only recorded.
    dispatcher: new FakeDispatcher(),
    clock,
    logger,
    holderId: 'bench-invocation',
    random: mulberry32(seed),
  };
  const samples: { ms: number; status: string }[] = [];
  let callsAtStart = 0;
  let bytesAtStart = 0;
  for (let n = 1; n <= total; n++) {
    if (n === warmup + 1) [callsAtStart, bytesAtStart] = [ecs.mutatingCalls, logBytes];
    clock.advance(10);
    const signal = alarmSignal(n, clock.now() - 1000, `bench-${seed}-${n}`);
    const start = nowMs();
    const outcome = await handleSignal(deps, signal);
    const ms = nowMs() - start;
    if (n > warmup) samples.push({ ms, status: outcome.status });
  }
  return { samples, mutatingCalls: ecs.mutatingCalls - callsAtStart, logBytes: logBytes - bytesAtStart };
}

/** Decision inputs as the app would gather them, for `count` distinct instances. */
async function decisionInputs(count: number): Promise<DecisionInput[]> {
  const { ecs, metrics } = world(count);
  const config = benchConfig();
  const group = config.groups[0] as GroupPolicy;
  const store = new MemoryStateStore();
  const { lookbackSec, periodSec } = config.evaluation;
  const ids = Array.from({ length: count }, (_, i) => benchId(i + 1));
  const series = await metrics.getSeries({
    instanceIds: ids,
    metric: 'VPC_PublicIP_InternetOutRate',
    periodSec,
    startMs: START_MS - lookbackSec * 1000,
    endMs: START_MS,
  });
  const instances = await ecs.describeInstances(ids);
  return Promise.all(
    instances.map(async (instance, i) => ({
      instance,
      group,
      dryRun: false,
      killSwitch: false,
      paused: false,
      metrics: { bandwidthOutBps: series.get(instance.instanceId) ?? [], cpuPercent: [] },
      signal: alarmSignal(i + 1, START_MS - 1000, `decide-${i}`),
      state: await store.getInstanceState(instance.instanceId),
      inMaintenanceWindow: false,
      periodSec,
    })),
  );
}

/** Time `calls` pure decisions, round-robin over 300 prepared inputs (µs each). */
async function timeDecide(calls: number): Promise<number[]> {
  const inputs = await decisionInputs(Math.min(300, Math.max(1, calls)));
  const warm = Math.min(2000, calls);
  for (let i = 0; i < warm; i++) decide(inputs[i % inputs.length] as DecisionInput, START_MS);
  const out = new Array<number>(calls);
  for (let i = 0; i < calls; i++) {
    const input = inputs[i % inputs.length] as DecisionInput;
    const start = nowMs();
    decide(input, START_MS);
    out[i] = (nowMs() - start) * 1000;
  }
  return out;
}

/** Run benchmark (a). */
export async function benchDecision(o: DecisionBenchOptions = {}): Promise<DecisionBenchResult> {
  const signals = o.signals ?? 5000;
  const decideCalls = o.decideCalls ?? 20_000;
  const warmup = o.warmup ?? Math.min(500, Math.ceil(signals / 10));
  const seed = o.seed ?? 1;
  const run = await timeHandleSignal(signals, warmup, seed);
  const byStatus = new Map<string, number[]>();
  for (const s of run.samples) {
    const list = byStatus.get(s.status) ?? [];
    list.push(s.ms);
    byStatus.set(s.status, list);
  }
  let actionsNeeded = 0;
  for (let n = warmup + 1; n <= warmup + signals; n++) if (saturated(n)) actionsNeeded++;
  return {
    signals,
    handleSignalMs: summarise(run.samples.map((s) => s.ms)),
    byStatusMs: Object.fromEntries([...byStatus].map(([k, v]) => [k, summarise(v)])),
    decideUs: summarise(await timeDecide(decideCalls)),
    decideCalls,
    actionsNeeded,
    mutatingCalls: run.mutatingCalls,
    logBytesPerSignal: round(run.logBytes / Math.max(1, signals), 1),
  };
}
