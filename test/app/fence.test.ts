/**
 * Issue 14, finding 4: every mutating ECS call is fenced by a conditional renew of the lease (ours AND live).
 * Each test expires the lease around or during a call and lets a second actor take over: the first actor makes
 * no mutating call after that, so no two actors mutate the instance after a takeover.
 */
import { describe, expect, it } from 'vitest';
import { handleSignal } from '../../src/app/handleSignal.js';
import { runOrchestration } from '../../src/app/orchestration/run.js';
import type { AppDeps } from '../../src/app/types.js';
import type { Orchestration } from '../../src/core/types.js';
import type { EcsApi } from '../../src/ports/EcsApi.js';
import * as b from './builders.js';
import { harness } from './fakes.js';

const MUTATING = [
  'modifyInstanceNetworkSpec',
  'stopInstance',
  'startInstance',
  'modifyInstanceSpec',
  'modifyPrepayInstanceSpec',
] as const;

/** Deps of a second actor sharing the harness's cloud and store; its mutating calls are logged as `actor`. */
function actor(base: AppDeps, holderId: string, log: string[], over: Partial<AppDeps> = {}): AppDeps {
  const ecs = Object.create(base.ecs) as EcsApi;
  for (const name of MUTATING) {
    const call = (base.ecs[name] as (req: unknown) => Promise<unknown>).bind(base.ecs);
    (ecs as unknown as Record<string, unknown>)[name] = async (req: unknown) => {
      log.push(`${holderId}:${name}`);
      return call(req);
    };
  }
  return { ...base, ...over, ecs, holderId };
}

describe('inline actions: the fence', () => {
  const web = b.group({ bandwidth: b.bandwidthPolicy() });
  const cfg = b.config([web]); // leaseTtlSec 120
  const down = b.bandwidthAction({
    direction: 'down',
    fromMbps: 10,
    toMbps: 5,
    actionKey: 'bw-d',
    clientToken: 'tok-d',
  });

  it('the lease expires mid-call and another actor takes over: the first neither calls nor records after it', async () => {
    const h = harness(cfg, [b.instance()], { decide: b.scaleWith(down) });
    const log: string[] = [];
    const a = actor(h.deps, 'inv-a', log);
    const rival = actor(h.deps, 'inv-b', log);
    const inner = a.ecs.modifyInstanceNetworkSpec.bind(a.ecs);
    a.ecs.modifyInstanceNetworkSpec = async (req) => {
      const r = await inner(req);
      // The answer is slow: the lease expires while A waits for it, and B evaluates the instance meanwhile.
      h.clock.ms += 121_000;
      await handleSignal(rival, b.signal({ dedupeKey: 'second-delivery' }));
      return r;
    };
    const commits: string[] = [];
    const commit = h.store.commit.bind(h.store);
    h.store.commit = async (req) => {
      const r = await commit(req);
      commits.push(`${req.holder}:${r.ok}`);
      return r;
    };
    const out = await handleSignal(a, b.signal());
    expect(out).toMatchObject({ status: 'applied', actionKey: 'bw-d' });
    expect(log.filter((c) => c.startsWith('inv-a'))).toEqual(['inv-a:modifyInstanceNetworkSpec']);
    // B recorded A's change in A's name (recovery), then A's own commit was refused: recorded once.
    expect(commits.at(-1)).toBe('inv-a:false');
    expect(commits.filter((c) => c.startsWith('inv-a') && c.endsWith('true'))).toHaveLength(1);
    const lost = h.logger.lines.filter((l) => l.msg.startsWith('commit lost') && l.requestId === 'inv-a');
    expect(lost).toHaveLength(1);
  });

  it('the lease expired before the first call (a slow claim): no call at all, the lease is released', async () => {
    const h = harness(cfg, [b.instance()], { decide: b.scaleWith(down) });
    const log: string[] = [];
    const a = actor(h.deps, 'inv-a', log);
    const claim = h.store.claimLease.bind(h.store);
    a.store = Object.create(h.store);
    a.store.claimLease = async (req) => {
      const r = await claim(req);
      h.clock.ms += 120_000;
      return r;
    };
    const out = await handleSignal(a, b.signal());
    expect(out).toMatchObject({ status: 'failed', reason: 'LeaseLost' });
    expect(log).toEqual([]);
    expect(h.ecs.changeCount()).toBe(0);
  });
});

describe('orchestration: per-run lease, fence and type re-read', () => {
  const KEY = 'type-i-web1-0001';
  const cfg = b.config([b.group({ bandwidth: undefined, instanceType: b.typePolicy() })], {
    evaluation: { lookbackSec: 3600, periodSec: 60, leaseTtlSec: 120, orchestrationLeaseTtlSec: 120 },
  });

  async function planned() {
    const h = harness(cfg, [b.instance()], { decide: b.scaleWith(b.typeAction()) });
    expect((await handleSignal(h.deps, b.signal())).status).toBe('dispatched');
    return h;
  }

  it('a run whose lease lapsed while another run took over makes no mutating call (fence before ModifyInstanceSpec)', async () => {
    const h = await planned();
    const log: string[] = [];
    const rival = actor(h.deps, 'inv-b', log);
    const a = actor(h.deps, 'inv-a', log);
    const describeA = a.ecs.describeInstances.bind(a.ecs);
    let took = false;
    a.ecs.describeInstances = async (ids) => {
      const seen = await describeA(ids);
      if (!took && seen[0]?.status === 'Stopped') {
        // A is about to modify; it stalls past its lease, and the tick's run B takes over and finishes.
        took = true;
        h.clock.ms += 121_000;
        expect(await runOrchestration(rival, KEY)).toMatchObject({ status: 'done', step: 'verified' });
      }
      return seen;
    };
    const out = await runOrchestration(a, KEY);
    expect(out.status).toBe('yielded');
    const afterTakeover = log.slice(log.findIndex((c) => c.startsWith('inv-b')));
    expect(afterTakeover.filter((c) => c.startsWith('inv-a'))).toEqual([]);
    expect(h.ecs.changes.map((c) => c.action)).toEqual(['StopInstance', 'ModifyInstanceSpec', 'StartInstance']);
    expect(h.ecs.count('ModifyInstanceSpec')).toBe(1);
  });

  it('a second run cannot renew under the first run’s lease: the lease names the run that drives', async () => {
    const h = await planned();
    h.deps.hooks = {
      afterOrchestrationStep: async (o: Orchestration) => {
        if (o.step !== 'stopped') return;
        const { lease } = await h.store.getInstanceState('i-web1');
        expect(lease?.holder).toBe(`orchestration:${KEY}@inv-1`);
        const other = { ...h.deps, holderId: 'inv-2', hooks: {} };
        expect(await runOrchestration(other, KEY)).toMatchObject({ status: 'yielded' });
      },
    };
    expect(await runOrchestration(h.deps, KEY)).toMatchObject({ status: 'done', step: 'verified' });
    expect(h.ecs.changeCount()).toBe(3);
  });

  it('the stopping step never stops an instance already on the target type (a stale step)', async () => {
    const h = await planned();
    const o = (await h.store.getOrchestration(KEY)) as Orchestration;
    const at = await h.store.advanceOrchestration(KEY, o.version, { step: 'stopping' });
    expect(at.ok).toBe(true);
    const i = h.ecs.instances.get('i-web1');
    if (i) i.instanceType = o.action.toType;
    expect(await runOrchestration(h.deps, KEY)).toMatchObject({ status: 'done', step: 'verified' });
    expect(h.ecs.count('StopInstance')).toBe(0);
    expect(h.ecs.changeCount()).toBe(0);
  });

  it('the stopping step fails an instance someone moved to a third type, without stopping it', async () => {
    const h = await planned();
    const o = (await h.store.getOrchestration(KEY)) as Orchestration;
    await h.store.advanceOrchestration(KEY, o.version, { step: 'stopping' });
    const i = h.ecs.instances.get('i-web1');
    if (i) i.instanceType = 'ecs.g7.4xlarge';
    expect(await runOrchestration(h.deps, KEY)).toMatchObject({ status: 'done', step: 'failed' });
    expect(h.ecs.count('StopInstance')).toBe(0);
  });
});
