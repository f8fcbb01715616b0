// The sweep's fan-out of the advice (app/optimise/fanout.ts) on the app fakes: the batches (deterministic keys,
// sizes), when the sweep dispatches instead of advising inline, a re-run answered already-queued, failed dispatches.
import { describe, expect, it } from 'vitest';
import { fcTaskId } from '../../../src/adapters/aliyun/fcDispatcher.js';
import { ADVICE_BATCH_SIZE, ADVICE_INLINE_MAX, adviceBatches, optimise } from '../../../src/app/optimise/index.js';
import { ASSESS_CHUNK } from '../../../src/app/optimise/sweep.js';
import type { GroupPolicy } from '../../../src/core/config/types.js';
import type { InstanceSnapshot } from '../../../src/core/types.js';
import type { Dispatcher, WorkerTask } from '../../../src/ports/Dispatcher.js';
import { config, instance, T0 } from '../builders.js';
import { type Harness, harness } from '../fakes.js';
import { shippedPrices } from './emulators.js';
import { history, optimisedGroup, typeGroup } from './fixtures.js';

const prices = shippedPrices();
const SLOT = Math.floor(T0 / 3_600_000);

/** A group that records its rightsizing and advises with strategies applied (2 days replayed: quick backtests). */
function adviceGroup(over: Partial<GroupPolicy> = {}): GroupPolicy {
  const base = optimisedGroup(over, { apply: false, billingMethod: false });
  const strategy = { ...base.optimisation.strategy, mode: 'apply' as const, historyDays: 2 };
  return { ...base, optimisation: { ...base.optimisation, strategy } };
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `i-web${String(i + 1).padStart(3, '0')}`);

function fleet(n: number, groups: GroupPolicy[] = [adviceGroup()], extra: InstanceSnapshot[] = []): Harness {
  const h = harness(config(groups), [...ids(n).map((id) => instance({ instanceId: id })), ...extra]);
  for (const id of ids(n))
    h.metrics.set(
      'VPC_PublicIP_InternetOutRate',
      id,
      history(3, () => 40e6),
    );
  return h;
}

async function strategyEntries(h: Harness, id: string) {
  return (await h.store.listAudit(id, { limit: 50 })).filter((e) => e.reason === 'strategy');
}

describe('adviceBatches', () => {
  it('cuts the sorted, unique ids into batches of the size, keyed by hour slot, index and a hash of the ids', () => {
    const all = Array.from({ length: 250 }, (_, i) => `i-${String(i).padStart(3, '0')}`);
    const shuffled = [...all].reverse();
    const tasks = adviceBatches([...shuffled, 'i-007'], { nowMs: T0, historyDays: 14, batchSize: 100 });
    expect(tasks.map((t) => t.instanceIds.length)).toEqual([100, 100, 50]);
    expect(tasks.flatMap((t) => t.instanceIds)).toEqual(all);
    tasks.forEach((t, i) => {
      expect(t).toMatchObject({ kind: 'advise', nowMs: T0, historyDays: 14 });
      expect(t.batchKey).toMatch(new RegExp(`^advise-${SLOT}-${i}-[0-9a-f]{12}$`));
      // Already a valid FC task id: used as is, readable in the console.
      expect(fcTaskId(t.batchKey)).toBe(t.batchKey);
    });
    expect(new Set(tasks.map((t) => t.batchKey)).size).toBe(3);
  });

  it('is deterministic within the hour, and changes with the hour or the ids of a batch', () => {
    const keys = (list: string[], nowMs = T0) =>
      adviceBatches(list, { nowMs, historyDays: 14, batchSize: 2 }).map((t) => t.batchKey);
    const first = keys(['i-a', 'i-b', 'i-c']);
    expect(keys(['i-c', 'i-a', 'i-b'], T0 + 59 * 60_000)).toEqual(first);
    const nextHour = keys(['i-a', 'i-b', 'i-c'], T0 + 3_600_000);
    expect(nextHour.map((k) => k.replace(String(SLOT + 1), String(SLOT)))).toEqual(first);
    const changed = keys(['i-a', 'i-b', 'i-d']);
    expect(changed[0]).toBe(first[0]);
    expect(changed[1]).not.toBe(first[1]);
    expect(changed[1]?.startsWith(`advise-${SLOT}-1-`)).toBe(true);
  });

  it('defaults to batches of ADVICE_BATCH_SIZE; nothing to advise makes no batch', () => {
    const tasks = adviceBatches(ids(ADVICE_BATCH_SIZE + 1), { nowMs: T0, historyDays: 14 });
    expect(tasks.map((t) => t.instanceIds.length)).toEqual([ADVICE_BATCH_SIZE, 1]);
    expect(adviceBatches([], { nowMs: T0, historyDays: 14 })).toEqual([]);
    expect(ADVICE_INLINE_MAX).toBeLessThan(ADVICE_BATCH_SIZE);
  });
});

describe('the sweep fans the advice out above the inline limit', () => {
  it('dispatches batches instead of advising inline, does the rest as before, and a re-run is already-queued', async () => {
    const h = fleet(5, [adviceGroup(), typeGroup()], [instance({ instanceId: 'i-batch', tags: {} })]);
    h.deps.config.groups[1]?.match.instanceIds.push('i-batch');
    const advice = { inlineMax: 2, batchSize: 2 };
    const summary = await optimise(h.deps, { prices, advice });
    // Only instances of a bandwidth group are advised: the type-only instance is in no batch.
    expect(h.dispatcher.tasks.map((t) => (t.kind === 'advise' ? t.instanceIds : []))).toEqual([
      ['i-web001', 'i-web002'],
      ['i-web003', 'i-web004'],
      ['i-web005'],
    ]);
    expect(h.dispatcher.tasks).toEqual(adviceBatches(ids(5), { nowMs: T0, historyDays: 14, batchSize: 2 }));
    expect(summary.dispatched).toEqual(
      h.dispatcher.tasks.map((t) => ({
        batchKey: (t as Extract<WorkerTask, { kind: 'advise' }>).batchKey,
        instances: (t as Extract<WorkerTask, { kind: 'advise' }>).instanceIds.length,
        status: 'queued',
      })),
    );
    // The tick advised nothing itself: no strategy written or audited, none reported.
    expect(summary.strategies).toEqual([]);
    for (const id of ids(5)) {
      expect(await strategyEntries(h, id)).toEqual([]);
      expect((await h.store.getInstanceState(id)).strategy).toBeUndefined();
    }
    // Everything else is as before: every instance assessed, its rightsizing recorded.
    expect(summary.assessed).toBe(6);
    const rightsizing = await h.store.listAudit('i-web001', { limit: 10 });
    expect(rightsizing.map((e) => e.reason)).toContain('rightsizing');
    expect(h.logger.lines.find((l) => l.msg === 'optimise finished')).toMatchObject({ adviceBatches: 3 });

    const again = await optimise(h.deps, { prices, advice });
    expect(again.dispatched?.map((d) => d.batchKey)).toEqual(summary.dispatched?.map((d) => d.batchKey));
    expect(again.dispatched?.map((d) => d.status)).toEqual(['already-queued', 'already-queued', 'already-queued']);
  });

  it('advises inline up to the limit and in read-only runs, dispatching nothing', async () => {
    const h = fleet(3);
    const atLimit = await optimise(h.deps, { prices, advice: { inlineMax: 3, batchSize: 1 } });
    expect(atLimit.dispatched).toBeUndefined();
    expect(atLimit.strategies?.map((s) => s.instanceId)).toEqual(ids(3));
    expect(await strategyEntries(h, 'i-web003')).toHaveLength(1);

    const r = fleet(3);
    const readOnly = await optimise(r.deps, { prices, readOnly: true, advice: { inlineMax: 1, batchSize: 1 } });
    expect(readOnly.dispatched).toBeUndefined();
    expect(readOnly.strategies).toHaveLength(3);
    expect(r.dispatcher.tasks).toEqual([]);
    expect(h.dispatcher.tasks).toEqual([]);
  });

  it('a failed dispatch is reported for its instances; the other batches still go and the sweep finishes', async () => {
    const h = fleet(3);
    const sent: WorkerTask[] = [];
    const flaky: Dispatcher = {
      async dispatch(task) {
        sent.push(task);
        if (sent.length === 1) throw new Error('FC unavailable');
        return 'queued';
      },
    };
    const summary = await optimise(
      { ...h.deps, dispatcher: flaky },
      { prices, advice: { inlineMax: 1, batchSize: 2 } },
    );
    expect(summary.dispatched?.map((d) => [d.instances, d.status])).toEqual([
      [2, 'failed'],
      [1, 'queued'],
    ]);
    expect(summary.dispatched?.[0]?.error).toBe('Error: FC unavailable');
    expect(summary.errors).toEqual([
      { instanceId: 'i-web001', error: 'advice not dispatched: Error: FC unavailable' },
      { instanceId: 'i-web002', error: 'advice not dispatched: Error: FC unavailable' },
    ]);
    expect(h.logger.lines.filter((l) => l.msg === 'advice batch not dispatched')).toHaveLength(1);
  });
});

describe('the sweep reads history in chunks (bounded memory on a large fleet)', () => {
  const n = 2 * ASSESS_CHUNK + 50;

  it('reads and assesses ASSESS_CHUNK instances at a time, in fleet order', async () => {
    const h = fleet(n);
    const summary = await optimise(h.deps, { prices });
    const reads = h.metrics.calls.filter((c) => c.metric === 'VPC_PublicIP_InternetOutRate');
    expect(reads.map((c) => c.instanceIds.length)).toEqual([ASSESS_CHUNK, ASSESS_CHUNK, 50]);
    expect(reads.flatMap((c) => c.instanceIds)).toEqual(ids(n));
    expect(summary.instances.map((r) => r.instanceId)).toEqual(ids(n));
    expect(summary.instances.every((r) => r.recommended.bandwidthOutMbps === 58)).toBe(true);
    expect(summary.dispatched?.map((d) => d.instances)).toEqual([100, 100, 50]);
  });

  it('a failed read fails the sweep before anything is written', async () => {
    const h = fleet(n);
    h.metrics.failWith = new Error('CMS unavailable');
    h.metrics.failures = 1;
    await expect(optimise(h.deps, { prices })).rejects.toThrow('CMS unavailable');
    expect(await h.store.listRecentAudit({ sinceMs: 0, limit: 10 })).toEqual([]);
    expect(h.dispatcher.tasks).toEqual([]);
  });
});
