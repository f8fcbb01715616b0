/**
 * Scenario 4, store unavailable → fail closed. Over HTTP: the Tablestore emulator is stopped under the
 * local cloud; every alarm is answered 503 (so CMS and FC retry) and ECS sees no mutating call; the emulator
 * restarts on the same port and data file and the retried deliveries act once. In process: each store
 * operation on the alarm path fails in turn; no ECS change is made without a live claim held by the caller.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StateStoreOp } from '../../../src/adapters/memory/stateStore.js';
import { reconcile } from '../../../src/app/index.js';
import { startTablestoreEmulator } from '@ecs-autoscaler/local-cloud/tablestore/index.js';
import { receiveAlarm } from '../../../src/runtime/alarm.js';
import { alarmBody, httpTriggerEvent } from '../../../src/testing/callbacks.js';
import { postAlarm, startTestCloud } from '../../support/cloud.js';
import { reliabilityConfig, SATURATING_DEMAND_MBPS } from '../../support/config.js';
import { FixedWorkload, generateFleet, webId } from '../../support/fleet.js';
import { pumpUntil } from '../../../src/testing/pump.js';
import { createWorld, WORLD_T0 } from '../../support/world.js';

const START_MS = Date.UTC(2025, 0, 6, 3, 0, 30);
const READY_MS = Date.UTC(2025, 0, 6, 3, 4, 10);

/** Deliveries during an outage, then the same deliveries again after the store is back. */
export async function runStoreOutage(o: { instances: number }) {
  const started = Date.now();
  const dataDir = await mkdtemp(join(tmpdir(), 'reliability-outage-'));
  const fleet = generateFleet({ web: o.instances });
  const workload = new FixedWorkload();
  for (const i of fleet.instances) workload.outboundMbps.set(i.instanceId, SATURATING_DEMAND_MBPS(10));
  const t = await startTestCloud({ startMs: START_MS, config: reliabilityConfig(), fleet, workload, dataDir });
  let restarted: Awaited<ReturnType<typeof startTablestoreEmulator>> | undefined;
  try {
    await t.clock.advanceTo(READY_MS);
    const bodies = fleet.instances.map((i, n) =>
      alarmBody({ instanceId: i.instanceId, value: 10e6, transId: `outage-${n}`, timestampMs: READY_MS - 1000 }),
    );
    await t.cloud.tablestore.close();
    const during = await Promise.all(bodies.map((b) => postAlarm(t.cloud.alarmWebhook, b)));
    const mutatingDuring = t.cloud.ecs.state.apiCalls().filter((c) => !c.action.startsWith('Describe')).length;
    restarted = await startTablestoreEmulator({
      clock: t.clock,
      credentials: t.cloud.credentials,
      instanceName: t.cloud.otsInstanceName,
      port: Number(new URL(t.cloud.tablestore.url).port),
      dataFile: join(dataDir, 'tablestore.json'),
    });
    // The app sleeps on the clock (the CMS adapter's rate limit): move it, but never near a lease expiry.
    const deliverAll = () => Promise.all(bodies.map((b) => postAlarm(t.cloud.alarmWebhook, b)));
    const after = await pumpUntil(t.clock, deliverAll(), { horizonMs: t.clock.now() + 30_000 });
    const again = await pumpUntil(t.clock, deliverAll(), { horizonMs: t.clock.now() + 30_000 });
    return {
      during: during.map((r) => r.status),
      mutatingDuring,
      after: after.map((r) => String(r.json.status)),
      again: again.map((r) => String(r.json.status)),
      changes: t.cloud.ecs.state.changes().map((c) => c.instanceId),
      expected: fleet.instances.map((i) => i.instanceId),
      leaks: t.logs.leaks([t.cloud.webhookToken, t.cloud.credentials.accessKeySecret]),
      wallMs: Date.now() - started,
    };
  } finally {
    await t.close();
    await restarted?.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export interface StoreFailureCase {
  op: StateStoreOp;
  /** ECS changes right after the failed delivery (1 when the failure comes after the ECS call). */
  changesAfterFailure: number;
  /**
   * Outcome of the CMS retry of the same delivery: the failed delivery released its dedupe claim, so the retry
   * is processed (never `duplicate`): applied, or skipped when the first delivery's change is already made
   * (its lease is still live after a failed commit; its cooldown is recorded after a failed audit write).
   */
  retry: 'applied' | 'skipped';
}

/** Each store operation of the alarm path, failing once, in path order. */
export const STORE_FAILURES: StoreFailureCase[] = [
  { op: 'claimDedupe', changesAfterFailure: 0, retry: 'applied' },
  { op: 'getInstanceState', changesAfterFailure: 0, retry: 'applied' },
  { op: 'getControls', changesAfterFailure: 0, retry: 'applied' },
  { op: 'listActiveOrchestrations', changesAfterFailure: 0, retry: 'applied' },
  { op: 'claimLease', changesAfterFailure: 0, retry: 'applied' },
  { op: 'commit', changesAfterFailure: 1, retry: 'skipped' },
  { op: 'appendAudit', changesAfterFailure: 1, retry: 'skipped' },
];

const TOKEN = 'whk-FailClosed-5a4b3c2d1e0f';

/** One store failure: the answer, the changes, the retry, then a reconcile tick after the lease lapsed. */
export async function runStoreFailure(c: StoreFailureCase) {
  const id = webId(1);
  const w = createWorld({ token: TOKEN, instances: [{ id, group: 'web', demandMbps: SATURATING_DEMAND_MBPS(10) }] });
  const unclaimed: string[] = [];
  // Fail closed, checked where it matters: at each mutating call, the instance's lease is live.
  w.ecs.observer = async (instanceId, api) => {
    const { lease } = await w.store.getInstanceState(instanceId);
    if (!lease || lease.expiresAtMs <= w.clock.now()) unclaimed.push(`${api} on ${instanceId} without a live claim`);
  };
  const body = alarmBody({ instanceId: id, value: 10e6, transId: `fail-${c.op}`, timestampMs: WORLD_T0 - 1000 });
  const event = httpTriggerEvent({ body, query: { token: TOKEN } });
  w.store.failNext(c.op);
  const first = await receiveAlarm(w.endpoint, event, 'first');
  const changesAfterFailure = w.ecs.changes.length;
  w.store.heal();
  const retry = await receiveAlarm(w.endpoint, event, 'retry');
  w.clock.advance(180_000);
  const tick = await reconcile(w.deps());
  return {
    firstStatus: first.statusCode,
    changesAfterFailure,
    retry: JSON.parse(retry.body).status as string,
    tickErrors: tick.errors.length,
    changes: w.ecs.changes.length,
    unclaimed,
  };
}
