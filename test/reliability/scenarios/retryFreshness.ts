/**
 * Issue 14, findings 1–3, over HTTP through the local cloud and the official SDKs:
 * - retried after 503: Tablestore refuses the instance-state read (after the dedupe key was claimed), every
 *   alarm is answered 503 with no ECS call; CMS's retry of the same delivery is then PROCESSED (applied), not
 *   answered `duplicate`; a further copy is a duplicate.
 * - fresh-only: callbacks stamped 2001, 1970, 2100, 6 minutes ago, or naming another region are answered 200
 *   `ignored` with the reason and change nothing; the fresh one acts once; replays of it with new timestamps
 *   (same hour) are duplicates; a replay of its exact body after the window is stale.
 * - refused-call log: 50 forged calls give at most 10 log lines, and the count of the rest is logged once the
 *   minute has passed (one limiter per container, not per invocation).
 */
import { startLocalCloud } from '../../../src/local/cloud/index.js';
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';
import { encodeForm } from '@ecs-autoscaler/local-cloud/cms/callback.js';
import { TablestoreFaultInjector } from '@ecs-autoscaler/local-cloud/tablestore/index.js';
import { alarmFields } from '../../../src/testing/callbacks.js';
import { postAlarm } from '../../support/cloud.js';
import { reliabilityConfig, SATURATING_DEMAND_MBPS } from '../../support/config.js';
import { FixedWorkload, generateFleet } from '../../support/fleet.js';
import { LogCapture } from '../../support/logs.js';
import { pumpUntil } from '../../../src/testing/pump.js';

const START_MS = Date.UTC(2025, 0, 6, 3, 0, 30);
const READY_MS = Date.UTC(2025, 0, 6, 3, 4, 10);
const MUTATING = (action: string) => !action.startsWith('Describe');

async function saturatedCloud(instances: number, tablestoreFaults?: TablestoreFaultInjector) {
  const clock = new VirtualClock(START_MS);
  const token = `whk-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
  const logs = new LogCapture([token], () => clock.now());
  const fleet = generateFleet({ web: instances });
  const workload = new FixedWorkload();
  for (const i of fleet.instances) workload.outboundMbps.set(i.instanceId, SATURATING_DEMAND_MBPS(10));
  const cloud = await startLocalCloud({
    clock,
    config: reliabilityConfig(),
    fleet,
    workload,
    webhookToken: token,
    logger: logs.logger,
    ...(tablestoreFaults ? { tablestoreFaults } : {}),
  });
  const ids = fleet.instances.map((i) => i.instanceId);
  const mutating = () => cloud.ecs.state.apiCalls().filter((c) => MUTATING(c.action)).length;
  const changes = () => cloud.ecs.state.changes().map((c) => c.instanceId);
  /** Post bodies concurrently while virtual time follows the app's sleeps (never near a lease expiry). */
  const deliver = (bodies: string[], url = cloud.alarmWebhook) =>
    pumpUntil(clock, Promise.all(bodies.map((b) => postAlarm(url, b))), { horizonMs: clock.now() + 30_000 });
  return { clock, cloud, logs, ids, token, mutating, changes, deliver };
}

function body(instanceId: string, transId: string, timestampMs: number, regionId = 'cn-hangzhou'): string {
  const fields = alarmFields({ instanceId, value: 10e6, transId, timestampMs });
  return encodeForm({ ...fields, regionId });
}

export async function runRetryAfter503(o: { instances: number }) {
  const started = Date.now();
  const faults = new TablestoreFaultInjector({ seed: 1 });
  const t = await saturatedCloud(o.instances, faults);
  try {
    await t.clock.advanceTo(READY_MS);
    const bodies = t.ids.map((id, n) => body(id, `retry-503-${n}`, READY_MS - 1000));
    // The store fails after the dedupe claim: its GetRow of the instance state is refused.
    faults.set([{ operation: 'GetRow', kind: 'unavailable' }]);
    const failing = await t.deliver(bodies);
    const mutatingDuringFault = t.mutating();
    faults.set([]);
    const retried = await t.deliver(bodies);
    const again = await t.deliver(bodies);
    const changes = t.changes();
    return {
      figures: {
        deliveries: bodies.length * 3,
        answered503: failing.filter((r) => r.status === 503).length,
        ecsCallsDuring503: mutatingDuringFault,
        retriedProcessed: retried.filter((r) => r.status === 200 && r.json.status !== 'duplicate').length,
        retriedApplied: retried.filter((r) => r.json.status === 'applied').length,
        retriedDuplicate: retried.filter((r) => r.json.status === 'duplicate').length,
        thirdCopyDuplicate: again.filter((r) => r.json.status === 'duplicate').length,
        changes: changes.length,
        duplicates: changes.length - new Set(changes).size,
        storeFaults: faults.history().length,
      },
      instances: t.ids.length,
      leaks: t.logs.leaks([t.token, t.cloud.credentials.accessKeySecret]),
      wallMs: Date.now() - started,
    };
  } finally {
    await t.cloud.close();
  }
}

/** Callbacks that must never be acted on, by label → (instance, index) → body. */
const REFUSED: Record<string, { reason: string; make: (id: string, n: number, nowMs: number) => string }> = {
  y2001: { reason: 'stale', make: (id, n) => body(id, `y2001-${n}`, Date.UTC(2001, 0, 1)) },
  y1970: { reason: 'stale', make: (id, n) => body(id, `y1970-${n}`, 1000) },
  y2100: { reason: 'future', make: (id, n) => body(id, `y2100-${n}`, Date.UTC(2100, 0, 1)) },
  sixMinutesOld: { reason: 'stale', make: (id, n, now) => body(id, `old-${n}`, now - 360_000) },
  cnBeijing: { reason: 'wrong-region', make: (id, n, now) => body(id, `bj-${n}`, now - 1000, 'cn-beijing') },
};

export async function runFreshOnly(o: { instances: number; forged: number }) {
  const started = Date.now();
  const t = await saturatedCloud(o.instances);
  try {
    // The forged calls first, at the start: the minute they need passes before the first reconcile tick.
    const forged = await forgedCalls(t, o.forged);
    await t.clock.advanceTo(READY_MS);
    const now = t.clock.now();
    const ignored: Record<string, number> = {};
    let unexpected = 0;
    for (const [label, spec] of Object.entries(REFUSED)) {
      const answers = await t.deliver(t.ids.map((id, n) => spec.make(id, n, now)));
      ignored[label] = answers.filter((r) => r.json.status === 'ignored' && r.json.reason === spec.reason).length;
      unexpected += answers.filter((r) => r.status !== 200).length;
    }
    const staleActions = t.mutating();
    const fresh = t.ids.map((id, n) => body(id, `fresh-${n}`, now - 1000));
    const applied = (await t.deliver(fresh)).filter((r) => r.json.status === 'applied').length;
    // A captured callback replayed with new timestamps inside the window (same alarm, same hour): the same key.
    const replays = await t.deliver(
      t.ids.flatMap((id, n) => [body(id, `fresh-${n}`, now + 1000), body(id, `fresh-${n}`, now - 200_000)]),
    );
    // The same alarm arriving after the freshness window (its timestamp 301 s before now): stale.
    const late = await t.deliver(t.ids.map((id, n) => body(id, `fresh-${n}`, now - 301_000)));
    const changes = t.changes();
    return {
      figures: {
        deliveries: t.ids.length * (Object.keys(REFUSED).length + 4),
        ...Object.fromEntries(Object.entries(ignored).map(([k, v]) => [`ignored_${k}`, v])),
        staleActions,
        applied,
        replayDuplicates: replays.filter((r) => r.json.status === 'duplicate').length,
        lateStale: late.filter((r) => r.json.status === 'ignored' && r.json.reason === 'stale').length,
        changes: changes.length,
        duplicates: changes.length - new Set(changes).size,
        non200: unexpected,
      },
      forged,
      instances: t.ids.length,
      leaks: t.logs.leaks([t.token, t.cloud.credentials.accessKeySecret]),
      wallMs: Date.now() - started,
    };
  } finally {
    await t.cloud.close();
  }
}

/** `n` calls with a forged token, one by one (each its own FC invocation), then one more after the minute. */
async function forgedCalls(t: Awaited<ReturnType<typeof saturatedCloud>>, n: number) {
  const url = t.cloud.alarmWebhook.replace(/token=[^&]+/, 'token=forged-token-0000');
  const lines = () => t.logs.parsed();
  const before = lines().length;
  const statuses: number[] = [];
  for (let i = 0; i < n; i++)
    statuses.push((await postAlarm(url, body(t.ids[0] as string, `forged-${i}`, t.clock.now()))).status);
  const logged = lines()
    .slice(before)
    .filter((l) => l.msg === 'webhook call refused').length;
  await t.clock.advance(60_000);
  await postAlarm(url, body(t.ids[0] as string, 'forged-after', t.clock.now()));
  const summary = lines()
    .slice(before)
    .find((l) => l.msg === 'webhook calls refused and not logged');
  return {
    calls: n,
    refused401: statuses.filter((s) => s === 401).length,
    logged,
    suppressedReported: Number(summary?.suppressed ?? 0),
  };
}
