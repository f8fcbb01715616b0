/**
 * Benchmark (b): an alarm storm. Every instance of a generated fleet is saturated (15 Mbps pulled through a
 * 10 Mbps link) and needs exactly one step up. One real-format CMS callback per instance is delivered `copies`
 * times, shuffled, `concurrency` at once, over HTTP to the alarm function hosted by the local FC runtime, which
 * runs the product against the ECS, CloudMonitor and Tablestore emulators through the official SDKs.
 * Counted: mutating ECS calls (must equal the actions needed), throughput and per-callback latency. Then the
 * next 5-minute reconcile timer runs once, as it would in the cloud: a delivery that failed after its dedupe key
 * was recorded is healed there (its copies are duplicates by design), and nothing may be changed twice.
 */
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';
import { type LocalCloud, startLocalCloud } from '../local/cloud/index.js';
import { mulberry32 } from '@ecs-autoscaler/local-cloud/faults.js';
import { createJsonLogger } from '../runtime/logger.js';
import { alarmBody, postCallback } from '../testing/callbacks.js';
import { benchConfig, benchFleet, SATURATING_MBPS } from './fleet.js';
import { boundedAll, pumpUntil, shuffled } from '../testing/pump.js';
import { round, summarise } from './stats.js';
import { countCalls, type StormBenchResult, tally } from './stormCount.js';

export type { StormBenchResult } from './stormCount.js';

export interface StormBenchOptions {
  /** Default 1000. */
  instances?: number;
  /** Deliveries of each callback. Default 10. */
  copies?: number;
  /** Callbacks in flight at once. Default 64. */
  concurrency?: number;
  seed?: number;
  /** Give up after this much wall time, ms. Default 600,000. */
  wallTimeoutMs?: number;
}

/** Before the first 5-minute reconcile timer (03:05), so only the callbacks act. */
const START_MS = Date.UTC(2025, 0, 6, 3, 0, 30);
/** Two CMS samples (03:01, 03:02) exist: enough for a 60 s stabilisation window. */
const STORM_AT_MS = Date.UTC(2025, 0, 6, 3, 2, 10);
const HORIZON_MS = Date.UTC(2025, 0, 6, 3, 4, 55);
/** The first reconcile timer (s.yaml: every 5 minutes), and how far its run may move virtual time. */
const TICK_AT_MS = Date.UTC(2025, 0, 6, 3, 5, 0);
const TICK_HORIZON_MS = Date.UTC(2025, 0, 6, 3, 9, 55);

/** What the app logged that the storm reports: `decision` lines and the reasons of failed deliveries. */
interface LogTally {
  decision: number;
  failures: string[];
}
function deliveriesFor(o: Required<Pick<StormBenchOptions, 'instances' | 'copies' | 'seed'>>): string[] {
  const fleet = benchFleet(o.instances);
  const bodies = fleet.instances.map((inst, i) =>
    alarmBody({
      instanceId: inst.instanceId,
      publicIp: inst.publicIp ?? '',
      value: Math.min(SATURATING_MBPS, inst.bandwidthOutMbps) * 1e6,
      transId: `storm-${o.seed}-${i}`,
      timestampMs: STORM_AT_MS - 1000,
    }),
  );
  return shuffled(
    bodies.flatMap((b) => Array.from({ length: o.copies }, () => b)),
    mulberry32(o.seed),
  );
}

function noteLine(line: string, lines: LogTally): void {
  if (line.includes('"msg":"decision"')) lines.decision++;
  if (line.includes('"msg":"alarm handling failed"') && lines.failures.length < 50) {
    lines.failures.push(String((JSON.parse(line) as { error?: unknown }).error));
  }
}

/** The local cloud with the saturated fleet; `lines` tallies what the app logs. */
async function stormCloud(clock: VirtualClock, instances: number, lines: LogTally): Promise<LocalCloud> {
  return startLocalCloud({
    clock,
    config: benchConfig(),
    fleet: benchFleet(instances),
    workload: { demandAt: () => ({ outboundMbps: SATURATING_MBPS }) },
    logger: createJsonLogger({
      write: (line) => noteLine(line, lines),
      now: () => clock.now(),
    }),
  });
}

/** Deliver every callback, `concurrency` at once, moving virtual time for the product's paced calls. */
async function deliverAll(cloud: LocalCloud, clock: VirtualClock, deliveries: string[], o: StormBenchOptions) {
  let answered = 0;
  const storm = boundedAll(deliveries, o.concurrency ?? 64, (body) =>
    postCallback(cloud.alarmWebhook, body).finally(() => void answered++),
  );
  return pumpUntil(clock, storm, {
    horizonMs: HORIZON_MS,
    lookaheadMs: 1000,
    wallTimeoutMs: o.wallTimeoutMs ?? 600_000,
    progress: () => answered,
  });
}

/** Let the 03:05 reconcile timer fire and wait until its run (and anything it queued) has finished. */
async function reconcileOnce(cloud: LocalCloud, clock: VirtualClock, o: StormBenchOptions): Promise<number> {
  const started = performance.now();
  await clock.advanceTo(TICK_AT_MS);
  await pumpUntil(clock, cloud.fc.drain({ timeoutMs: o.wallTimeoutMs ?? 600_000 }), {
    horizonMs: TICK_HORIZON_MS,
    lookaheadMs: 1000,
    wallTimeoutMs: o.wallTimeoutMs ?? 600_000,
  });
  return (performance.now() - started) / 1000;
}

/** Run benchmark (b). */
export async function benchStorm(o: StormBenchOptions = {}): Promise<StormBenchResult> {
  const instances = o.instances ?? 1000;
  const copies = o.copies ?? 10;
  const clock = new VirtualClock(START_MS);
  const lines: LogTally = { decision: 0, failures: [] };
  const cloud = await stormCloud(clock, instances, lines);
  try {
    await clock.advanceTo(STORM_AT_MS);
    const deliveries = deliveriesFor({ instances, copies, seed: o.seed ?? 1 });
    const started = performance.now();
    const t = tally(await deliverAll(cloud, clock, deliveries, o));
    const wallSec = (performance.now() - started) / 1000;
    const virtualSec = (clock.now() - STORM_AT_MS) / 1000;
    const [storm, decisionLines] = [countCalls(cloud, instances), lines.decision];
    const tickWallSec = await reconcileOnce(cloud, clock, o);
    const tickEvaluations = lines.decision - decisionLines;
    const after = countCalls(cloud, instances);
    const ok = after.mutatingCalls === instances && after.changes === instances && after.notScaledUp === 0;
    return {
      instances,
      copies,
      concurrency: o.concurrency ?? 64,
      deliveries: deliveries.length,
      actionsNeeded: instances,
      stormMutatingCalls: storm.mutatingCalls,
      missedByStorm: storm.unchanged,
      ...after,
      healedByTick: storm.unchanged - after.unchanged,
      tickWallSec: round(tickWallSec),
      tickEvaluations,
      answers: t.answers,
      errors: t.errors,
      failures: [...new Set(lines.failures)].slice(0, 5),
      decisionLines,
      wallSec: round(wallSec),
      virtualSec: round(virtualSec),
      callbacksPerSec: round(deliveries.length / wallSec, 1),
      latencyMs: summarise(t.latencies),
      ok: ok && after.instancesChangedTwice === 0 && decisionLines === deliveries.length,
    };
  } finally {
    await cloud.close();
  }
}
