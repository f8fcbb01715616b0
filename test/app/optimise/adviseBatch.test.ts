// The worker's `advise` task (app/optimise/adviseBatch.ts through runtime/worker.ts) on the memory store and the
// app fakes: the same advice as the inline sweep, what it reads, retries (FC at-least-once) and duplicate dispatches.
import { describe, expect, it } from 'vitest';
import { InProcessDispatcher } from '../../../src/adapters/inprocess/dispatcher.js';
import { type AdviceBatchResult, adviceBatches, optimise } from '../../../src/app/optimise/index.js';
import type { GroupPolicy } from '../../../src/core/config/types.js';
import { StateUnavailableError } from '../../../src/core/errors.js';
import type { AuditEntry, InstanceSnapshot } from '../../../src/core/types.js';
import type { AdviseTask } from '../../../src/ports/Dispatcher.js';
import { runWorkerTask } from '../../../src/runtime/worker.js';
import { config, instance, T0, typePolicy } from '../builders.js';
import { type Harness, harness } from '../fakes.js';
import { shippedPrices } from './emulators.js';
import { DAY_MS, history, optimisedGroup, typeGroup } from './fixtures.js';

const prices = shippedPrices();
const M = 'VPC_PublicIP_InternetOutRate';

function adviceGroup(over: Partial<GroupPolicy> = {}): GroupPolicy {
  const base = optimisedGroup(over, { apply: false, billingMethod: false });
  const strategy = { ...base.optimisation.strategy, mode: 'apply' as const, historyDays: 2 };
  return { ...base, optimisation: { ...base.optimisation, strategy } };
}

const dailyCurve = () =>
  history(3, (_i, t) => (20 + 30 * Math.max(0, Math.sin(((t % DAY_MS) / DAY_MS) * 2 * Math.PI))) * 1e6);
const flat = (mbps: number) => history(3, () => mbps * 1e6);

const WEB = ['i-web1', 'i-web2', 'i-web3'];

/** Three instances of a bandwidth group with distinct histories, and the harness's prices. */
function setup(groups: GroupPolicy[] = [adviceGroup()], extra: InstanceSnapshot[] = []): Harness {
  const h = harness(config(groups), [...WEB.map((id) => instance({ instanceId: id })), ...extra], { prices });
  h.metrics.set(M, 'i-web1', dailyCurve());
  h.metrics.set(M, 'i-web2', flat(40));
  h.metrics.set(M, 'i-web3', flat(8));
  return h;
}

const task = (instanceIds = WEB): AdviseTask =>
  adviceBatches(instanceIds, { nowMs: T0, historyDays: 14, batchSize: 100 })[0] as AdviseTask;

async function strategyEntries(h: Harness, id: string): Promise<AuditEntry[]> {
  return (await h.store.listAudit(id, { limit: 50 })).filter((e) => e.reason === 'strategy');
}

/** What a run left per instance: the stored advice and the strategy entries' words. */
async function outcome(h: Harness) {
  const out: Record<string, unknown> = {};
  for (const id of WEB) {
    const s = await h.store.getInstanceState(id);
    const entries = await strategyEntries(h, id);
    out[id] = {
      forecast: s.forecast,
      strategy: s.strategy,
      audit: entries.map((e) => [e.result, e.message, e.signal.dedupeKey]),
    };
  }
  return out;
}

describe("the worker's advise task", () => {
  it('advises its batch exactly as the inline sweep does: the same advice stored, one audit entry each', async () => {
    const inline = setup();
    await optimise(inline.deps, { prices });
    const worker = setup();
    const result = (await runWorkerTask(worker.deps, task())) as AdviceBatchResult;
    expect(result).toMatchObject({ instances: 3, skipped: [], errors: [], retryable: [] });
    expect(result.strategies.map((s) => [s.instanceId, s.changed])).toEqual(WEB.map((id) => [id, true]));
    const expected = await outcome(inline);
    expect(await outcome(worker)).toEqual(expected);
    // Not vacuous: the daily curve got a profile, and each instance one applied strategy entry.
    expect((await worker.store.getInstanceState('i-web1')).forecast).toMatchObject({ kind: 'profile' });
    for (const id of WEB) expect((await strategyEntries(worker, id)).map((e) => e.result)).toEqual(['applied']);
    expect(worker.logger.lines.find((l) => l.msg === 'advice batch finished')).toMatchObject({
      level: 'info',
      batchKey: task().batchKey,
      advised: 3,
      retry: false,
    });
  });

  it('reads bandwidth history only, over the window ending at the sweep time; skips ids gone or not advised', async () => {
    const both = adviceGroup({ name: 'both', instanceType: typePolicy() });
    const off = optimisedGroup({ name: 'off', match: { instanceIds: ['i-off'], tags: {} } }, { enabled: false });
    const batch = typeGroup({ match: { instanceIds: ['i-batch'], tags: {} } });
    const h = setup(
      [both, off, batch],
      [instance({ instanceId: 'i-off', tags: {} }), instance({ instanceId: 'i-batch', tags: {} })],
    );
    h.clock.ms = T0 + 20 * 60_000; // the worker runs 20 minutes after the sweep
    const ids = [...WEB, 'i-gone', 'i-off', 'i-batch'];
    const result = (await runWorkerTask(h.deps, task(ids))) as AdviceBatchResult;
    expect(result.skipped).toEqual(['i-batch', 'i-gone', 'i-off']);
    expect(result.strategies.map((s) => s.instanceId)).toEqual(WEB);
    expect(h.metrics.calls).toMatchObject([
      { metric: M, instanceIds: WEB, startMs: T0 - 14 * DAY_MS - 600_000, endMs: T0 },
    ]);
    // The audit's hour slot is the sweep's, not the worker's.
    const [entry] = await strategyEntries(h, 'i-web2');
    expect(entry?.signal.dedupeKey).toBe(`optimise:i-web2:strategy:${Math.floor(T0 / 3_600_000)}`);
  });

  it('a batch retried after a retryable failure rewrites the advice and writes no second audit entry', async () => {
    const h = setup();
    const dispatcher = new InProcessDispatcher({ maxRetries: 3 });
    dispatcher.setWorker((t) => runWorkerTask(h.deps, t));
    // The store fails i-web2's write once: the batch is thrown back (FC retries), the others were already done.
    let calls = 0;
    const setAdvice = h.store.setAdvice.bind(h.store);
    h.store.setAdvice = async (id, advice) => {
      calls++;
      if (id === 'i-web2' && calls === 2) throw new StateUnavailableError('Tablestore unavailable');
      return setAdvice(id, advice);
    };
    expect(await dispatcher.dispatch(task())).toBe('queued');
    await dispatcher.drain();
    expect(dispatcher.tasks().map((t) => [t.status, t.attempts])).toEqual([['succeeded', 2]]);
    const failed = h.logger.lines.find((l) => l.msg === 'advice batch finished' && l.retry === true);
    expect(failed).toMatchObject({ level: 'warn', errors: 1 });
    for (const id of WEB) {
      expect((await h.store.getInstanceState(id)).strategy?.name).toBeDefined();
      expect(await strategyEntries(h, id)).toHaveLength(1);
    }
    // FC delivers at least once: a third run of the finished batch changes nothing either.
    const before = await outcome(h);
    await runWorkerTask(h.deps, task());
    expect(await outcome(h)).toEqual(before);
  });

  it('a non-retryable failure is reported and the batch is not retried', async () => {
    const h = setup();
    h.store.failNext('setAdvice', new Error('row too large'));
    const result = (await runWorkerTask(h.deps, task())) as AdviceBatchResult;
    expect(result.errors).toEqual([{ instanceId: 'i-web1', error: 'row too large' }]);
    expect(result.retryable).toEqual([]);
    expect(result.strategies.map((s) => s.instanceId)).toEqual(['i-web2', 'i-web3']);
    expect(h.logger.lines.find((l) => l.msg === 'advice batch finished')).toMatchObject({
      level: 'warn',
      retry: false,
    });
  });

  it('a failure before the advice (the store unreadable) is thrown for FC to retry, nothing written', async () => {
    const h = setup();
    h.store.failNext('getInstanceState');
    await expect(runWorkerTask(h.deps, task())).rejects.toThrow(StateUnavailableError);
    for (const id of WEB) expect(await strategyEntries(h, id)).toEqual([]);
  });

  it('a duplicate dispatch of a sweep is already-queued: each batch runs once, each instance is audited once', async () => {
    const h = setup();
    const dispatcher = new InProcessDispatcher();
    const deps = { ...h.deps, dispatcher };
    dispatcher.setWorker((t) => runWorkerTask(deps, t));
    const advice = { inlineMax: 1, batchSize: 2 };
    const first = await optimise(deps, { prices, advice });
    const second = await optimise(deps, { prices, advice });
    expect(first.dispatched?.map((d) => d.status)).toEqual(['queued', 'queued']);
    expect(second.dispatched?.map((d) => d.status)).toEqual(['already-queued', 'already-queued']);
    await dispatcher.drain();
    expect(dispatcher.tasks().map((t) => [t.status, t.attempts])).toEqual([
      ['succeeded', 1],
      ['succeeded', 1],
    ]);
    for (const id of WEB) expect((await strategyEntries(h, id)).map((e) => e.result)).toEqual(['applied']);
  });
});
