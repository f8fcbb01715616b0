/**
 * Scenario 1, the duplicate and concurrent delivery storm: one real-format CMS callback per instance, each
 * delivered `copies` times, shuffled, `inFlight` at once, over HTTP to the alarm function hosted by the local
 * FC runtime, while reconcile ticks run through the hosted tick function at the same time. What must happen
 * is computed from the demand alone (saturated link → exactly one step up; link at target → nothing).
 */
import { mulberry32 } from '@ecs-autoscaler/local-cloud/faults.js';
import { alarmBody } from '../../../src/testing/callbacks.js';
import { type CmsDelivery, deliverLikeCms, startTestCloud, type TestCloud } from '../../support/cloud.js';
import { reliabilityConfig, SATURATING_DEMAND_MBPS, STEADY_DEMAND_MBPS } from '../../support/config.js';
import type { FleetFile } from '@ecs-autoscaler/local-cloud/ecs/index.js';
import { FixedWorkload, generateFleet, webId } from '../../support/fleet.js';
import { boundedAll, pumpUntil, shuffled } from '../../../src/testing/pump.js';

export interface StormOptions {
  instances: number;
  copies: number;
  inFlight: number;
  /** Reconcile ticks invoked while the storm runs. */
  ticks: number;
  seed: number;
}

export interface StormFigures {
  deliveries: number;
  instances: number;
  needed: number;
  actions: number;
  apiCalls: number;
  duplicates: number;
  lost: number;
  spurious: number;
  viaAlarm: number;
  viaTick: number;
  healedByLaterTick: number;
  /** Alarm evaluations that reached a decision (not `duplicate`, not a fail-closed `error`): one per distinct alarm. */
  alarmEvaluations: number;
  tickEvaluations: number;
  /** Extra attempts CMS-style delivery needed (a 5xx or a 5 s timeout is retried, as CMS does). */
  cmsRetries: number;
  /** Deliveries still not answered 200 after CMS's retries. */
  failedDeliveries: number;
  /**
   * The failed deliveries by their last attempt's status: `0` = CMS's 5 s client timeout or a connection error
   * (the handler did not answer in time: load), anything else = what the alarm function answered (a 5xx is a
   * fail-closed error in the product's path). JSON, `{}` when none failed.
   */
  failedStatuses: string;
  wallMs: number;
}

/** 03:00:30 UTC: four CMS samples exist by 03:04:10, and the 03:05 reconcile timer is not crossed. */
const START_MS = Date.UTC(2025, 0, 6, 3, 0, 30);
const STORM_AT_MS = Date.UTC(2025, 0, 6, 3, 4, 10);
const HORIZON_MS = Date.UTC(2025, 0, 6, 3, 4, 55);

/** Every third instance sits at its target; the others are saturated and need exactly one step up. */
function needsChange(n: number): boolean {
  return n % 3 !== 0;
}

/** The fleet, its demand, and which instances need a change (computed from the demand alone). */
function stormFleet(instances: number) {
  const fleet = generateFleet({ web: instances, webMbps: 10 });
  const workload = new FixedWorkload();
  const needed = new Set<string>();
  for (let n = 1; n <= instances; n++) {
    const id = webId(n);
    workload.outboundMbps.set(id, needsChange(n) ? SATURATING_DEMAND_MBPS(10) : STEADY_DEMAND_MBPS(10));
    if (needsChange(n)) needed.add(id);
  }
  return { fleet, workload, needed };
}

/** One real-format alarm per instance (value = what CMS measures: demand capped by the link), each `copies` times, shuffled. */
function stormDeliveries(o: StormOptions, fleet: FleetFile, workload: FixedWorkload) {
  const alarms = fleet.instances.map((inst, i) =>
    alarmBody({
      instanceId: inst.instanceId,
      value: Math.min(workload.outboundMbps.get(inst.instanceId) ?? 0, inst.bandwidthOutMbps) * 1e6,
      transId: `storm-${o.seed}-${i}`,
      timestampMs: STORM_AT_MS - 1000,
      publicIp: inst.publicIp ?? '',
    }),
  );
  const copies = alarms.flatMap((body) => Array.from({ length: o.copies }, () => body));
  return { alarms, deliveries: shuffled(copies, mulberry32(o.seed)) };
}

/** Deliver everything, `inFlight` at once; ticks start in the first quarter, while most alarms are to come. */
async function deliverStorm(t: TestCloud, deliveries: string[], o: StormOptions) {
  const tickAt = new Set(
    Array.from({ length: o.ticks }, (_, k) => Math.floor(((k + 0.5) * deliveries.length) / (4 * o.ticks))),
  );
  const ticks: Promise<unknown>[] = [];
  const storm = boundedAll(deliveries, o.inFlight, async (body, i) => {
    if (tickAt.has(i)) ticks.push(t.tick());
    return deliverLikeCms(t.cloud.alarmWebhook, body);
  });
  const answers = await pumpUntil(t.clock, storm, { horizonMs: HORIZON_MS, wallTimeoutMs: 600_000 });
  await pumpUntil(t.clock, Promise.all(ticks), { horizonMs: HORIZON_MS, wallTimeoutMs: 300_000 });
  // A tick of 1,000 instances fans its evaluations out to the worker (FC async): wait until they ran.
  await pumpUntil(t.clock, t.cloud.fc.drain({ timeoutMs: 600_000 }), { horizonMs: HORIZON_MS, wallTimeoutMs: 600_000 });
  return answers;
}

export async function runStorm(o: StormOptions) {
  const wallStart = Date.now();
  const { fleet, workload, needed } = stormFleet(o.instances);
  const t = await startTestCloud({ startMs: START_MS, config: reliabilityConfig(), fleet, workload });
  try {
    await t.clock.advanceTo(STORM_AT_MS);
    const { alarms, deliveries } = stormDeliveries(o, fleet, workload);
    const answers = await deliverStorm(t, deliveries, o);
    const changed = new Set(t.cloud.ecs.state.changes().map((c) => c.instanceId));
    const lostBefore = [...needed].filter((id) => !changed.has(id));
    // A loss would be healed by the next reconcile tick (level-triggered): run one and count what it fixed.
    if (lostBefore.length > 0) {
      await pumpUntil(t.clock, t.tick(), { horizonMs: HORIZON_MS, wallTimeoutMs: 300_000 });
      await pumpUntil(t.clock, t.cloud.fc.drain({ timeoutMs: 600_000 }), {
        horizonMs: HORIZON_MS,
        wallTimeoutMs: 600_000,
      });
    }
    const figures = await stormFigures(t, { needed, deliveries: deliveries.length, answers, lostBefore, o, wallStart });
    return {
      figures,
      bandwidths: [...needed].map((id) => t.cloud.ecs.state.get(id)?.bandwidthOutMbps),
      alarms: alarms.length,
      leaks: t.logs.leaks([t.cloud.webhookToken, t.cloud.credentials.accessKeySecret]),
    };
  } finally {
    await t.close();
  }
}

async function stormFigures(
  t: TestCloud,
  r: {
    needed: Set<string>;
    deliveries: number;
    answers: PromiseSettledResult<CmsDelivery>[];
    lostBefore: string[];
    o: StormOptions;
    wallStart: number;
  },
): Promise<StormFigures> {
  const changes = t.cloud.ecs.state.changes();
  const perInstance = new Map<string, number>();
  for (const c of changes) perInstance.set(c.instanceId, (perInstance.get(c.instanceId) ?? 0) + 1);
  const delivered = r.answers.map((a) => (a.status === 'fulfilled' ? a.value : { status: 0, attempts: 0, json: {} }));
  const decisions = t.logs.parsed().filter((l) => l.msg === 'decision');
  const sources = await appliedSources(t, [...r.needed]);
  return {
    deliveries: r.deliveries,
    instances: r.o.instances,
    needed: r.needed.size,
    actions: changes.length,
    apiCalls: t.cloud.ecs.state.apiCalls().filter((c) => !c.action.startsWith('Describe')).length,
    duplicates: [...perInstance.values()].filter((n) => n > 1).length,
    lost: [...r.needed].filter((id) => !perInstance.has(id)).length,
    spurious: [...perInstance.keys()].filter((id) => !r.needed.has(id)).length,
    viaAlarm: sources.alarm,
    viaTick: sources.timer,
    healedByLaterTick: r.lostBefore.length,
    alarmEvaluations: decisions.filter(
      (l) => l.source === 'cms-alarm' && !['duplicate', 'error'].includes(String(l.decision)),
    ).length,
    tickEvaluations: decisions.filter((l) => l.source === 'timer').length,
    cmsRetries: delivered.reduce((n, d) => n + Math.max(0, d.attempts - 1), 0),
    failedDeliveries: delivered.filter((d) => d.status !== 200).length,
    failedStatuses: JSON.stringify(countStatuses(delivered.filter((d) => d.status !== 200))),
    wallMs: Date.now() - r.wallStart,
  };
}

function countStatuses(failed: CmsDelivery[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of failed) {
    const key = d.status === 0 ? `0:${String(d.json.error ?? 'no answer')}` : String(d.status);
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

/** Which path applied each instance's change, from the audit trail (`applied` entries' signal source). */
async function appliedSources(t: TestCloud, ids: string[]) {
  const counts = { alarm: 0, timer: 0 };
  await boundedAll(ids, 16, async (id) => {
    const entries = await t.cloud.store.listAudit(id, { limit: 50 });
    for (const e of entries.filter((x) => x.result === 'applied')) {
      if (e.signal.source === 'timer') counts.timer++;
      else counts.alarm++;
    }
  });
  return counts;
}
