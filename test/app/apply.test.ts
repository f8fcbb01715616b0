import { describe, expect, it } from 'vitest';
import { applyDecision } from '../../src/app/apply.js';
import type { Action, Decision } from '../../src/core/types.js';
import * as b from './builders.js';
import { harness } from './fakes.js';

const web = b.group({ bandwidth: b.bandwidthPolicy() });
const scale = (action: Action, dryRun = false): Extract<Decision, { kind: 'scale' }> => ({
  kind: 'scale',
  reason: 'rightsizing',
  message: 'p95 3 Mbps: 10 → 5 Mbps',
  actions: [action],
  dryRun,
});
const optimiserSignal = b.signal({
  source: 'timer',
  dedupeKey: 'optimise:i-web1:2025-01-06',
  metric: undefined,
  value: undefined,
  state: undefined,
});

describe('applyDecision (the optimiser reuses the execution path)', () => {
  it.each([
    [
      'a bandwidth downgrade is applied and recorded against the budget',
      b.bandwidthAction({ direction: 'down', toMbps: 5 }),
      false,
      'applied',
    ],
    [
      'a type change is orchestrated',
      b.typeAction({ direction: 'down', fromType: 'ecs.g7.xlarge', toType: 'ecs.g7.large' }),
      false,
      'dispatched',
    ],
    ['a dry-run decision is only audited', b.bandwidthAction({ direction: 'down', toMbps: 5 }), true, 'dry-run'],
  ] as const)('%s', async (_name, action, dryRun, status) => {
    const h = harness(b.config([web]), [b.instance()]);
    const out = await applyDecision(h.deps, {
      signal: optimiserSignal,
      instance: b.instance(),
      group: web,
      decision: scale(action, dryRun),
    });
    expect(out.status).toBe(status);
    const [entry] = await h.store.listAudit('i-web1', { limit: 1 });
    expect(entry).toMatchObject({
      reason: 'rightsizing',
      signal: { source: 'timer', dedupeKey: 'optimise:i-web1:2025-01-06' },
    });
    const state = await h.store.getInstanceState('i-web1');
    expect(state.downgradesMs).toEqual(status === 'applied' ? [b.T0] : []);
    expect(h.ecs.changeCount()).toBe(status === 'applied' ? 1 : 0);
  });

  it('respects a lease held by another action', async () => {
    const h = harness(b.config([web]), [b.instance()]);
    await h.store.claimLease({
      instanceId: 'i-web1',
      expectedVersion: 0,
      holder: 'x',
      actionKey: 'bw-x',
      nowMs: b.T0,
      ttlMs: 60_000,
    });
    const out = await applyDecision(h.deps, {
      signal: optimiserSignal,
      instance: b.instance(),
      group: web,
      decision: scale(b.bandwidthAction()),
    });
    expect(out).toMatchObject({ status: 'skipped', reason: 'in-progress' });
    expect(h.ecs.changeCount()).toBe(0);
  });
});
