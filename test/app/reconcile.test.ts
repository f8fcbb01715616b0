import { describe, expect, it } from 'vitest';
import { handleSignal } from '../../src/app/handleSignal.js';
import { runOrchestration } from '../../src/app/orchestration/run.js';
import { reconcile, timerSignal } from '../../src/app/reconcile.js';
import type { DecisionInput } from '../../src/core/decide/index.js';
import type { Decision } from '../../src/core/types.js';
import * as b from './builders.js';
import { harness } from './fakes.js';

const web = b.group({ bandwidth: b.bandwidthPolicy() });
const batch = b.group({
  name: 'batch',
  match: { instanceIds: ['i-batch1'], tags: {} },
  instanceType: b.typePolicy(),
});
const cfg = b.config([web, batch]);
const fleet = [
  b.instance({ instanceId: 'i-web1' }),
  b.instance({ instanceId: 'i-web2' }),
  b.instance({ instanceId: 'i-batch1', tags: {} }),
  b.instance({ instanceId: 'i-other', tags: { team: 'x' } }),
];

describe('reconcile', () => {
  it('evaluates every managed instance once per tick slot with a timer signal, metrics fetched in bulk', async () => {
    const seen: DecisionInput[] = [];
    const h = harness(cfg, fleet, {
      decide: (input: DecisionInput) => {
        seen.push(input);
        return { kind: 'skip', reason: 'within-tolerance', message: 'ok' } as Decision;
      },
    });
    const summary = await reconcile(h.deps);
    expect(summary).toMatchObject({ evaluated: 3, byStatus: { skipped: 3 }, resumed: 0, errors: [] });
    expect(seen.map((i) => `${i.instance.instanceId}:${i.group.name}`).sort()).toEqual([
      'i-batch1:batch',
      'i-web1:web',
      'i-web2:web',
    ]);
    expect(seen[0]?.signal).toEqual(timerSignal(seen[0]?.instance.instanceId ?? '', b.T0));
    expect(h.metrics.calls.map((c) => `${c.metric}:${c.instanceIds.join(',')}`).sort()).toEqual([
      'CPUUtilization:i-batch1',
      'VPC_PublicIP_InternetOutRate:i-web1,i-web2',
    ]);
    const again = await reconcile(h.deps);
    expect(again.byStatus).toEqual({ duplicate: 3 });
    h.clock.ms += 60_000;
    expect((await reconcile(h.deps)).byStatus).toEqual({ skipped: 3 });
  });

  it('restricts the tick to the requested instances', async () => {
    const h = harness(cfg, fleet, { decide: b.skipWith('within-tolerance') });
    const summary = await reconcile(h.deps, { instanceIds: ['i-web2'] });
    expect(summary.evaluated).toBe(1);
    expect(h.logger.decisions().map((l) => l.instanceId)).toEqual(['i-web2']);
  });

  it('one failing instance is logged and counted; the others are still evaluated', async () => {
    const h = harness(cfg, fleet, {
      decide: (input: DecisionInput) => {
        if (input.instance.instanceId === 'i-web2') throw new Error('boom');
        return { kind: 'skip', reason: 'within-tolerance', message: 'ok' };
      },
    });
    const summary = await reconcile(h.deps);
    expect(summary.errors).toEqual([{ instanceId: 'i-web2', error: 'Error: boom' }]);
    expect(summary.byStatus).toEqual({ skipped: 2 });
    expect(h.logger.lines.some((l) => l.msg === 'reconcile: instance failed' && l.instanceId === 'i-web2')).toBe(true);
  });

  it('a slow instance does not hold back the others and concurrency stays bounded', async () => {
    const many = Array.from({ length: 20 }, (_, i) => b.instance({ instanceId: `i-w${String(i).padStart(2, '0')}` }));
    let inFlight = 0;
    let peak = 0;
    const order: string[] = [];
    const h = harness(b.config([web]), many, { decide: b.skipWith('within-tolerance') });
    h.store.getInstanceState = (async (id: string) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      if (id === 'i-w00') for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
      inFlight--;
      order.push(id);
      return { instanceId: id, version: 0, lastChange: {}, downgradesMs: [], platformDowngrades: 0, paused: false };
    }) as typeof h.store.getInstanceState;
    const summary = await reconcile(h.deps, { concurrency: 4 });
    expect(summary.evaluated).toBe(20);
    expect(peak).toBeLessThanOrEqual(4);
    expect(order.at(-1)).toBe('i-w00');
  });

  it('a bulk metric failure falls back to per-instance fetches', async () => {
    const h = harness(cfg, fleet, { decide: b.skipWith('within-tolerance') });
    h.metrics.failWith = new Error('cms down');
    h.metrics.failures = 2;
    const summary = await reconcile(h.deps);
    expect(summary).toMatchObject({ errors: [], byStatus: { skipped: 3 } });
    expect(h.metrics.calls).toHaveLength(5);
    expect(h.logger.lines.some((l) => l.msg === 'reconcile: bulk metric fetch failed')).toBe(true);
  });

  it('dispatches an orchestration whose lease expired to the worker (never runs it in the tick), leaves a live one alone', async () => {
    const h = harness(cfg, fleet, {
      decide: b.scaleWith(b.typeAction({ instanceId: 'i-batch1', actionKey: 'type-b1' })),
    });
    expect((await handleSignal(h.deps, b.signal({ instanceId: 'i-batch1' }))).status).toBe('dispatched');
    h.deps.decide = b.skipWith('within-tolerance');
    expect((await reconcile(h.deps)).resumed).toBe(0);
    h.clock.ms += 1_800_000;
    const { version } = (await h.store.getOrchestration('type-b1')) as { version: number };
    const summary = await reconcile(h.deps);
    expect(summary.resumed).toBe(1);
    expect(summary.dispatched).toEqual([{ taskId: `type-b1-resume-${version}`, instances: 1, status: 'queued' }]);
    expect(h.dispatcher.tasks.at(-1)).toEqual({
      kind: 'orchestrate',
      actionKey: 'type-b1',
      instanceId: 'i-batch1',
      resume: version,
    });
    // Nothing ran inside the tick: the orchestration is still planned, no ECS change was made.
    expect(await h.store.getOrchestration('type-b1')).toMatchObject({ step: 'planned' });
    expect(h.ecs.changeCount()).toBe(0);
    // A second tick in the same state builds the same task id: FC refuses it (already-queued).
    expect((await reconcile(h.deps)).dispatched?.[0]?.status).toBe('already-queued');
    expect(await runOrchestration(h.deps, 'type-b1')).toMatchObject({ status: 'done', step: 'verified' });
    expect(h.ecs.changeCount('ModifyInstanceSpec')).toBe(1);
  });

  it('fans a fleet larger than inlineMax out to the worker in batches with the tick time', async () => {
    const h = harness(cfg, fleet, { decide: b.skipWith('within-tolerance') });
    const summary = await reconcile(h.deps, { inlineMax: 1, batchSize: 2 });
    expect(summary.evaluated).toBe(0);
    const tasks = h.dispatcher.tasks.filter((t) => t.kind === 'reconcile');
    expect(tasks.map((t) => t.instanceIds)).toEqual([['i-batch1', 'i-web1'], ['i-web2']]);
    expect(
      tasks.every((t) => t.nowMs === b.T0 && t.batchKey.startsWith(`reconcile-${Math.floor(b.T0 / 60_000)}-`)),
    ).toBe(true);
    expect(summary.dispatched?.map((d) => d.status)).toEqual(['queued', 'queued']);
    // A worker batch evaluates exactly its ids, in the tick's slot: the tick's own timer dedupe keys.
    h.clock.ms += 30_000;
    const batch = tasks[0];
    const out = await reconcile(h.deps, { instanceIds: batch?.instanceIds, batch: { nowMs: b.T0 } });
    expect(out).toMatchObject({ evaluated: 2, errors: [] });
    expect(out.dispatched).toBeUndefined();
    const again = await reconcile(h.deps, { instanceIds: batch?.instanceIds, batch: { nowMs: b.T0 } });
    expect(again.byStatus).toEqual({ duplicate: 2 });
  });

  it('a batch that cannot be dispatched is an error per instance, never fatal', async () => {
    const h = harness(cfg, fleet, { decide: b.skipWith('within-tolerance') });
    h.dispatcher.failWith = new Error('FC down');
    const summary = await reconcile(h.deps, { inlineMax: 1, batchSize: 2 });
    expect(summary.errors.map((e) => e.instanceId).sort()).toEqual(['i-batch1', 'i-web1', 'i-web2']);
    expect(summary.dispatched?.map((d) => d.status)).toEqual(['failed', 'failed']);
  });

  it('propagates a store outage before anything is changed', async () => {
    const h = harness(cfg, fleet, { decide: b.scaleWith(b.bandwidthAction()) });
    h.store.failAll();
    await expect(reconcile(h.deps)).rejects.toThrow('injected store outage');
    expect(h.ecs.changeCount()).toBe(0);
  });
});
