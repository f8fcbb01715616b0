// Fresh callbacks only (issue 14, finding 2): a signal stamped outside the freshness window, or naming
// another region, is answered `ignored` with the reason and never evaluated: no store access, no ECS call.
import { describe, expect, it } from 'vitest';
import { handleSignal } from '../../src/app/handleSignal.js';
import { reconcile } from '../../src/app/index.js';
import * as b from './builders.js';
import { harness } from './fakes.js';

const cfg = b.config([b.group({ bandwidth: b.bandwidthPolicy() })]);
const setup = (config = cfg) => harness(config, [b.instance()], { decide: b.scaleWith(b.bandwidthAction()) });

describe('handleSignal: freshness and region', () => {
  it.each([
    ['2001', Date.UTC(2001, 0, 1), 'stale'],
    ['1970', 1000, 'stale'],
    ['2100', Date.UTC(2100, 0, 1), 'future'],
    ['301 s old', b.T0 - 301_000, 'stale'],
    ['61 s ahead', b.T0 + 61_000, 'future'],
  ])('a callback stamped %s is ignored (%s): nothing stored, nothing called', async (_label, atMs, reason) => {
    const h = setup();
    const out = await handleSignal(h.deps, b.signal({ atMs }));
    expect(out).toMatchObject({ status: 'ignored', reason, message: expect.stringMatching(/not acted on/) });
    expect(h.ecs.calls).toEqual([]);
    expect(h.store.dedupeSize).toBe(0);
    expect(h.logger.decisions()).toEqual([expect.objectContaining({ decision: 'ignored', reason })]);
  });

  it.each([
    ['300 s old', b.T0 - 300_000],
    ['60 s ahead', b.T0 + 60_000],
    ['now', b.T0],
  ])('a callback stamped %s (inside the window) is acted on', async (_label, atMs) => {
    const h = setup();
    expect(await handleSignal(h.deps, b.signal({ atMs }))).toMatchObject({ status: 'applied' });
  });

  it('a callback naming another region is ignored (wrong-region); the config region or none is acted on', async () => {
    const h = setup();
    const beijing = await handleSignal(h.deps, b.signal({ regionId: 'cn-beijing', dedupeKey: 'k1' }));
    expect(beijing).toMatchObject({ status: 'ignored', reason: 'wrong-region' });
    expect(beijing.message).toMatch(/cn-beijing.*cn-hangzhou/);
    expect(h.ecs.changeCount()).toBe(0);
    expect(await handleSignal(h.deps, b.signal({ regionId: 'cn-hangzhou', dedupeKey: 'k2' }))).toMatchObject({
      status: 'applied',
    });
  });

  it('the window comes from config.freshness', async () => {
    const h = setup(b.config(cfg.groups, { freshness: { maxAgeSec: 30, maxAheadSec: 0 } }));
    expect(await handleSignal(h.deps, b.signal({ atMs: b.T0 - 31_000 }))).toMatchObject({ reason: 'stale' });
    expect(await handleSignal(h.deps, b.signal({ atMs: b.T0 + 1 }))).toMatchObject({ reason: 'future' });
    expect(await handleSignal(h.deps, b.signal({ atMs: b.T0 - 30_000 }))).toMatchObject({ status: 'applied' });
  });

  it('a stale callback is ignored even when its key was never seen: it cannot reach the store', async () => {
    const h = setup();
    h.store.failAll();
    expect(await handleSignal(h.deps, b.signal({ atMs: 0 + 1 }))).toMatchObject({ status: 'ignored' });
  });

  it('timer signals are the autoscaler own: reconcile evaluates whatever the signal time', async () => {
    const h = setup();
    h.clock.ms = Date.UTC(2100, 0, 1);
    const summary = await reconcile(h.deps);
    expect(summary.evaluated).toBe(1);
    expect(summary.byStatus.applied).toBe(1);
  });
});
