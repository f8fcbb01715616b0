import { describe, expect, it } from 'vitest';
import { handleSignal } from '../../src/app/handleSignal.js';
import type { DecisionInput } from '../../src/core/decide/index.js';
import { StateUnavailableError } from '../../src/core/errors.js';
import type { Decision } from '../../src/core/types.js';
import * as b from './builders.js';
import { apiError } from '../../src/testing/index.js';
import { harness } from './fakes.js';

const web = b.group({ bandwidth: b.bandwidthPolicy() });
const cfg = b.config([web]);

function setup(decide: (input: DecisionInput, nowMs: number) => Decision, over = {}) {
  return harness(cfg, [b.instance()], { decide, ...over });
}

describe('handleSignal: dedupe, observe, decide', () => {
  it('a repeated delivery is a duplicate that calls nothing and still logs one decision line', async () => {
    const h = setup(b.scaleWith(b.bandwidthAction()));
    const first = await handleSignal(h.deps, b.signal());
    const second = await handleSignal(h.deps, b.signal());
    expect(first.status).toBe('applied');
    expect(second).toMatchObject({ status: 'duplicate', reason: 'duplicate' });
    expect(h.ecs.changeCount('ModifyInstanceNetworkSpec')).toBe(1);
    expect(h.logger.decisions()).toHaveLength(2);
  });

  it.each([
    ['unknown-instance', b.signal({ instanceId: 'i-gone' }), []],
    ['not-managed', b.signal(), [b.instance({ tags: { team: 'other' } })]],
  ])('an instance that is %s is ignored and audited with why', async (reason, sig, fleet) => {
    const h = harness(cfg, fleet, { decide: b.scaleWith(b.bandwidthAction()) });
    const out = await handleSignal(h.deps, sig);
    expect(out).toMatchObject({ status: 'ignored', reason });
    const audit = await h.store.listAudit(sig.instanceId, { limit: 5 });
    expect(audit[0]).toMatchObject({ result: 'ignored', reason });
    expect(h.ecs.changeCount()).toBe(0);
  });

  it.each(['cooldown', 'quota', 'within-tolerance', 'maintenance-window'] as const)(
    'a %s skip is audited with its reason and changes nothing',
    async (reason) => {
      const h = setup(b.skipWith(reason, `because ${reason}`));
      const out = await handleSignal(h.deps, b.signal());
      expect(out).toMatchObject({ status: 'skipped', reason, message: `because ${reason}` });
      const [entry] = await h.store.listAudit('i-web1', { limit: 5 });
      expect(entry).toMatchObject({ decision: 'skip', reason, result: 'skipped', group: 'web' });
      expect(entry?.before).toEqual({
        bandwidthOutMbps: 10,
        instanceType: 'ecs.g7.large',
        internetChargeType: 'PayByBandwidth',
      });
      expect(h.ecs.changeCount()).toBe(0);
    },
  );

  it('hands decide the observed inputs: metrics over the lookback, controls, pause and kill switch', async () => {
    const seen: DecisionInput[] = [];
    const h = setup((input) => {
      seen.push(input);
      return { kind: 'skip', reason: 'paused', message: 'x' };
    });
    h.metrics.set('VPC_PublicIP_InternetOutRate', 'i-web1', [
      { timestampMs: b.T0 - 7_200_000, average: 1, maximum: 1, minimum: 1 },
      { timestampMs: b.T0 - 60_000, average: 2, maximum: 2, minimum: 2 },
    ]);
    await h.store.setControls({ killSwitch: true, pausedGroups: ['web'] });
    await h.store.setPaused('i-web1', true);
    await handleSignal(h.deps, b.signal());
    const input = seen[0] as DecisionInput;
    expect(input.metrics.bandwidthOutBps.map((p) => p.average)).toEqual([2]);
    expect(input.metrics.cpuPercent).toEqual([]);
    expect(input).toMatchObject({
      killSwitch: true,
      paused: true,
      dryRun: false,
      periodSec: 60,
      inMaintenanceWindow: false,
    });
    expect(input.state.paused).toBe(true);
    expect(h.metrics.calls).toMatchObject([
      { metric: 'VPC_PublicIP_InternetOutRate', instanceIds: ['i-web1'], startMs: b.T0 - 3_600_000, endMs: b.T0 },
    ]);
  });

  it.each([
    ['config kill switch', b.config([web], { killSwitch: true }), false],
    ['group paused', b.config([b.group({ paused: true })]), true],
  ])('%s reaches decide', async (_name, c, paused) => {
    const seen: DecisionInput[] = [];
    const h = harness(c, [b.instance()], {
      decide: (input: DecisionInput) => {
        seen.push(input);
        return { kind: 'skip', reason: 'paused', message: 'x' } as Decision;
      },
    });
    await handleSignal(h.deps, b.signal());
    expect(seen[0]?.paused).toBe(paused);
    expect(seen[0]?.killSwitch).toBe(!paused);
  });
});

describe('handleSignal: act, commit, audit', () => {
  it('applies a bandwidth action with its ClientToken, starts the cooldown and audits before → after', async () => {
    const h = setup(b.scaleWith(b.bandwidthAction()));
    const out = await handleSignal(h.deps, b.signal());
    expect(out).toMatchObject({ status: 'applied', actionKey: 'bw-i-web1-0001', requestIds: ['req-2'] });
    expect(h.ecs.calls.find((c) => c.action === 'ModifyInstanceNetworkSpec')?.params).toEqual({
      instanceId: 'i-web1',
      bandwidthOutMbps: 20,
      clientToken: 'as-token-bw-1',
    });
    const state = await h.store.getInstanceState('i-web1');
    expect(state.lastChange.bandwidthUpMs).toBe(b.T0);
    expect(state.lease).toBeUndefined();
    const [entry] = await h.store.listAudit('i-web1', { limit: 5 });
    expect(entry).toMatchObject({
      result: 'applied',
      before: { bandwidthOutMbps: 10 },
      after: { bandwidthOutMbps: 20 },
      clientToken: 'as-token-bw-1',
      requestIds: ['req-2'],
      signal: { source: 'cms-alarm', metric: 'VPC_PublicIP_InternetOutRate', value: 9_600_000, state: 'ALERT' },
    });
  });

  it('a temporary upgrade and a PrePaid downgrade record what the budget needs', async () => {
    const temporary = { startTime: '2025-01-06T03:01Z', endTime: '2025-01-06T07:00Z' };
    const h = harness(cfg, [b.instance({ instanceChargeType: 'PrePaid' })], {
      decide: b.scaleWith(b.bandwidthAction({ temporary })),
    });
    await handleSignal(h.deps, b.signal());
    let state = await h.store.getInstanceState('i-web1');
    expect(state.temporaryUpgrade).toEqual({
      baselineMbps: 10,
      upgradedMbps: 20,
      endMs: Date.UTC(2025, 0, 6, 7),
      actionKey: 'bw-i-web1-0001',
    });
    expect(h.ecs.calls.at(-1)?.params).toMatchObject({ startTime: temporary.startTime, endTime: temporary.endTime });
    h.deps.decide = b.scaleWith(
      b.bandwidthAction({ direction: 'down', fromMbps: 20, toMbps: 5, actionKey: 'bw-2', clientToken: 'tok-2' }),
    );
    h.clock.ms += 1000;
    await handleSignal(h.deps, b.signal({ dedupeKey: 'other' }));
    state = await h.store.getInstanceState('i-web1');
    expect(state).toMatchObject({
      downgradesMs: [b.T0 + 1000],
      platformDowngrades: 1,
      lastChange: { bandwidthDownMs: b.T0 + 1000 },
    });
  });

  it.each([
    ['a final ECS error', apiError('InvalidBandwidth.ValueNotSupported'), false],
    ['retries exhausted on throttling', apiError('Throttling', true), true],
  ])('%s: audited with the code, lease released, cooldown NOT started', async (_n, error, retryable) => {
    const h = setup(b.scaleWith(b.bandwidthAction()));
    h.ecs.failNext('ModifyInstanceNetworkSpec', error);
    const out = await handleSignal(h.deps, b.signal());
    expect(out).toMatchObject({
      status: 'failed',
      reason: error.code,
      retryable,
      requestIds: [`req-err-${error.code}`],
    });
    const state = await h.store.getInstanceState('i-web1');
    expect(state.lease).toBeUndefined();
    expect(state.lastChange).toEqual({});
    const [entry] = await h.store.listAudit('i-web1', { limit: 5 });
    expect(entry).toMatchObject({ result: 'failed', error: { code: error.code }, clientToken: 'as-token-bw-1' });
  });

  it('a ClientToken mismatch is logged at error level as a bug and never retried with a new token', async () => {
    const h = setup(b.scaleWith(b.bandwidthAction()));
    h.ecs.failNext('ModifyInstanceNetworkSpec', apiError('IdempotentParameterMismatch'));
    const out = await handleSignal(h.deps, b.signal());
    expect(out).toMatchObject({ status: 'failed', reason: 'IdempotentParameterMismatch' });
    expect(h.ecs.count('ModifyInstanceNetworkSpec')).toBe(1);
    expect(h.logger.lines.filter((l) => l.level === 'error' && l.msg.startsWith('BUG'))).toHaveLength(1);
  });

  it('a lease held by another action is a skip in-progress, audited', async () => {
    const h = setup(b.scaleWith(b.bandwidthAction()));
    await h.store.claimLease({
      instanceId: 'i-web1',
      expectedVersion: 0,
      holder: 'other',
      actionKey: 'bw-x',
      nowMs: b.T0,
      ttlMs: 60_000,
    });
    const out = await handleSignal(h.deps, b.signal());
    expect(out).toMatchObject({ status: 'skipped', reason: 'in-progress' });
    expect(out.message).toContain('bw-x');
    expect((await h.store.listAudit('i-web1', { limit: 1 }))[0]).toMatchObject({
      reason: 'in-progress',
      result: 'skipped',
    });
    expect(h.ecs.changeCount()).toBe(0);
  });

  it('dry run audits "would-do" and calls nothing', async () => {
    const h = harness(b.config([web], { dryRun: true }), [b.instance()], { decide: b.scaleWith(b.bandwidthAction()) });
    const out = await handleSignal(h.deps, b.signal());
    expect(out).toMatchObject({ status: 'dry-run', actionKey: 'bw-i-web1-0001' });
    expect(h.ecs.changeCount()).toBe(0);
    expect((await h.store.getInstanceState('i-web1')).version).toBe(0);
    expect((await h.store.listAudit('i-web1', { limit: 5 }))[0]).toMatchObject({
      result: 'would-do',
      after: { bandwidthOutMbps: 20 },
    });
  });

  it.each(['claimDedupe', 'getInstanceState', 'getControls', 'claimLease'] as const)(
    'the store failing in %s fails closed: the error propagates and ECS is not changed',
    async (op) => {
      const h = setup(b.scaleWith(b.bandwidthAction()));
      h.store.failNext(op);
      await expect(handleSignal(h.deps, b.signal())).rejects.toBeInstanceOf(StateUnavailableError);
      expect(h.ecs.changeCount()).toBe(0);
      expect(h.logger.decisions()).toEqual([
        expect.objectContaining({ level: 'error', decision: 'error', reason: 'StateUnavailableError' }),
      ]);
    },
  );

  it('logs exactly one decision line with the fixed keys', async () => {
    const h = setup(b.scaleWith(b.bandwidthAction()));
    h.clock.sleep = async () => {};
    await handleSignal(h.deps, b.signal());
    const lines = h.logger.decisions();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'info',
      requestId: 'inv-1',
      instanceId: 'i-web1',
      actionKey: 'bw-i-web1-0001',
      decision: 'applied',
      reason: 'target-tracking',
      durationMs: 0,
    });
  });
});

describe('handleSignal: instance-type changes are dispatched', () => {
  it('creates the orchestration under the orchestration lease and dispatches it once', async () => {
    const h = setup(b.scaleWith(b.typeAction()));
    const out = await handleSignal(h.deps, b.signal());
    expect(out).toMatchObject({ status: 'dispatched', actionKey: 'type-i-web1-0001' });
    expect(h.dispatcher.tasks).toEqual([{ kind: 'orchestrate', actionKey: 'type-i-web1-0001', instanceId: 'i-web1' }]);
    expect(await h.store.getOrchestration('type-i-web1-0001')).toMatchObject({ step: 'planned', attempts: 0 });
    const state = await h.store.getInstanceState('i-web1');
    expect(state.lease).toEqual({
      holder: 'orchestration:type-i-web1-0001',
      actionKey: 'type-i-web1-0001',
      expiresAtMs: b.T0 + 1_800_000,
    });
    expect((await h.store.listAudit('i-web1', { limit: 1 }))[0]).toMatchObject({
      result: 'in-progress',
      after: { instanceType: 'ecs.g7.xlarge' },
    });
    expect(h.ecs.changeCount()).toBe(0);
  });

  it('an active orchestration blocks any other action on the instance', async () => {
    const h = setup(b.scaleWith(b.typeAction()));
    await handleSignal(h.deps, b.signal());
    await h.store.releaseLease({
      instanceId: 'i-web1',
      holder: 'orchestration:type-i-web1-0001',
      actionKey: 'type-i-web1-0001',
    });
    h.deps.decide = b.scaleWith(b.bandwidthAction());
    const out = await handleSignal(h.deps, b.signal({ dedupeKey: 'second' }));
    expect(out).toMatchObject({ status: 'skipped', reason: 'in-progress' });
    expect(out.message).toContain('is at step planned');
  });

  it('a failed dispatch frees the lease so that reconcile resumes the orchestration', async () => {
    const h = setup(b.scaleWith(b.typeAction()));
    h.dispatcher.failWith = new Error('fc down');
    const out = await handleSignal(h.deps, b.signal());
    expect(out).toMatchObject({ status: 'failed', reason: 'DispatchFailed', retryable: true });
    expect((await h.store.getInstanceState('i-web1')).lease).toBeUndefined();
    expect(await h.store.listActiveOrchestrations()).toHaveLength(1);
  });

  it('the same type decision after that change ended is not repeated', async () => {
    const h = setup(b.scaleWith(b.typeAction()));
    await handleSignal(h.deps, b.signal());
    const o = await h.store.getOrchestration('type-i-web1-0001');
    await h.store.advanceOrchestration('type-i-web1-0001', o?.version ?? 0, { step: 'rolled-back' });
    await h.store.releaseLease({
      instanceId: 'i-web1',
      holder: 'orchestration:type-i-web1-0001',
      actionKey: 'type-i-web1-0001',
    });
    const out = await handleSignal(h.deps, b.signal({ dedupeKey: 'again' }));
    expect(out).toMatchObject({ status: 'skipped', reason: 'already-attempted' });
    expect((await h.store.getInstanceState('i-web1')).lease).toBeUndefined();
    expect(h.dispatcher.tasks).toHaveLength(1);
  });
});

describe('handleSignal: store failure while planning a type change', () => {
  it('frees the lease when the orchestration cannot be persisted, and propagates the error', async () => {
    const h = harness(cfg, [b.instance()], { decide: b.scaleWith(b.typeAction()) });
    h.store.failNext('createOrchestration');
    await expect(handleSignal(h.deps, b.signal())).rejects.toBeInstanceOf(StateUnavailableError);
    expect((await h.store.getInstanceState('i-web1')).lease).toBeUndefined();
    expect(h.dispatcher.tasks).toEqual([]);
  });
});
