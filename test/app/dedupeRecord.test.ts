// The dedupe key as an idempotency record (issue 14, finding 1): claimed in progress, completed on any
// answer the sender takes as success, released when the evaluation fails closed, so that the sender's retry
// is processed instead of being answered `duplicate`.
import { describe, expect, it } from 'vitest';
import { evaluateSignal, handleSignal } from '../../src/app/handleSignal.js';
import { CloudApiError, StateUnavailableError } from '../../src/core/errors.js';
import * as b from './builders.js';
import { harness } from './fakes.js';

const cfg = b.config([b.group({ bandwidth: b.bandwidthPolicy() })]);
const setup = () => harness(cfg, [b.instance()], { decide: b.scaleWith(b.bandwidthAction()) });

describe('dedupe record: a delivery that fails closed is processed when retried', () => {
  it.each(['getInstanceState', 'getControls', 'listActiveOrchestrations', 'claimLease'] as const)(
    'the store fails in %s → the error propagates; the retry is applied, not duplicate',
    async (op) => {
      const h = setup();
      h.store.failNext(op);
      await expect(handleSignal(h.deps, b.signal())).rejects.toBeInstanceOf(StateUnavailableError);
      expect(h.ecs.changeCount()).toBe(0);
      const retry = await handleSignal(h.deps, b.signal());
      expect(retry).toMatchObject({ status: 'applied' });
      expect(h.ecs.changeCount('ModifyInstanceNetworkSpec')).toBe(1);
      // Once processed, the key is completed: a further copy is a duplicate that calls nothing.
      expect(await handleSignal(h.deps, b.signal())).toMatchObject({ status: 'duplicate', reason: 'duplicate' });
      expect(h.ecs.changeCount()).toBe(1);
    },
  );

  it('a retryable cloud error (CMS down) is released too: the retry decides on fresh metrics', async () => {
    const h = setup();
    h.metrics.failWith = new CloudApiError({ code: 'ServiceUnavailable', message: 'down', retryable: true });
    h.metrics.failures = 1;
    await expect(handleSignal(h.deps, b.signal())).rejects.toBeInstanceOf(CloudApiError);
    expect(await handleSignal(h.deps, b.signal())).toMatchObject({ status: 'applied' });
  });

  it('the commit fails after the ECS call: the retry is processed, finds the live lease, changes nothing', async () => {
    const h = setup();
    h.store.failNext('commit');
    await expect(handleSignal(h.deps, b.signal())).rejects.toBeInstanceOf(StateUnavailableError);
    expect(h.ecs.changeCount()).toBe(1);
    const retry = await handleSignal(h.deps, b.signal());
    expect(retry).toMatchObject({ status: 'skipped', reason: 'in-progress' });
    expect(h.ecs.changeCount()).toBe(1);
  });

  it('when the release fails as well, the claim lapses after leaseTtlSec and the retry is then processed', async () => {
    const h = setup();
    h.store.failNext('getInstanceState');
    h.store.failNext('releaseDedupe');
    await expect(handleSignal(h.deps, b.signal())).rejects.toBeInstanceOf(StateUnavailableError);
    expect(h.logger.lines.some((l) => l.msg.startsWith('dedupe release failed'))).toBe(true);
    const early = await handleSignal(h.deps, b.signal());
    expect(early).toMatchObject({ status: 'duplicate', message: expect.stringMatching(/being handled/) });
    h.clock.ms += cfg.evaluation.leaseTtlSec * 1000;
    expect(await handleSignal(h.deps, b.signal())).toMatchObject({ status: 'applied' });
  });
});

describe('dedupe record: a claim whose answer was lost', () => {
  it('the claim write applied, its answer lost (a timeout): released anyway, so the retry is processed', async () => {
    const h = setup();
    const claim = h.store.claimDedupe.bind(h.store);
    h.store.claimDedupe = async (req) => {
      h.store.claimDedupe = claim;
      await claim(req);
      throw new StateUnavailableError('Tablestore PutRow timed out');
    };
    await expect(handleSignal(h.deps, b.signal())).rejects.toBeInstanceOf(StateUnavailableError);
    expect(await handleSignal(h.deps, b.signal())).toMatchObject({ status: 'applied' });
  });

  it('a claim that failed before writing: the release finds nothing of ours and changes nothing', async () => {
    const h = setup();
    await handleSignal(h.deps, b.signal({ dedupeKey: 'other' }));
    h.store.failNext('claimDedupe');
    await expect(handleSignal(h.deps, b.signal({ dedupeKey: 'other' }))).rejects.toThrow();
    expect(await handleSignal(h.deps, b.signal({ dedupeKey: 'other' }))).toMatchObject({ status: 'duplicate' });
  });
});

describe('dedupe record: one evaluation per key', () => {
  it('20 concurrent deliveries of one callback: one evaluation and one change, 19 duplicates', async () => {
    const h = setup();
    const outs = await Promise.all(Array.from({ length: 20 }, () => handleSignal(h.deps, b.signal())));
    expect(outs.filter((o) => o.status === 'applied')).toHaveLength(1);
    expect(outs.filter((o) => o.status === 'duplicate')).toHaveLength(19);
    expect(h.ecs.changeCount()).toBe(1);
    expect(h.logger.decisions()).toHaveLength(20);
  });

  it.each([
    ['skipped', b.skipWith('cooldown', 'cooling down')],
    ['applied', b.scaleWith(b.bandwidthAction())],
  ])('an evaluation that ends %s completes the key: a repeat is a duplicate', async (status, decide) => {
    const h = harness(cfg, [b.instance()], { decide });
    expect(await handleSignal(h.deps, b.signal())).toMatchObject({ status });
    expect(await handleSignal(h.deps, b.signal())).toMatchObject({ status: 'duplicate', reason: 'duplicate' });
  });

  it('a final ECS error is an answer (200, audited): the key completes and a repeat is a duplicate', async () => {
    const h = setup();
    h.ecs.failNext(
      'ModifyInstanceNetworkSpec',
      new CloudApiError({ code: 'InvalidParameter', message: 'x', retryable: false }),
    );
    expect(await handleSignal(h.deps, b.signal())).toMatchObject({ status: 'failed' });
    expect(await handleSignal(h.deps, b.signal())).toMatchObject({ status: 'duplicate' });
  });

  it('a completion that fails is logged; the outcome stands and the key stays in progress until it lapses', async () => {
    const h = setup();
    h.store.failNext('completeDedupe');
    expect(await handleSignal(h.deps, b.signal())).toMatchObject({ status: 'applied' });
    expect(h.logger.lines.some((l) => l.msg.startsWith('dedupe completion failed'))).toBe(true);
    expect(await handleSignal(h.deps, b.signal())).toMatchObject({ status: 'duplicate' });
    h.clock.ms += cfg.evaluation.leaseTtlSec * 1000;
    // Lapsed: evaluated again, and the cooldown the first evaluation recorded keeps it from acting twice.
    const again = await handleSignal(h.deps, b.signal());
    expect(again.status).not.toBe('duplicate');
    expect(h.ecs.changeCount()).toBe(1);
  });

  it('a completed key is remembered DEDUPE_TTL_SEC (2 days), far longer than the freshness window', async () => {
    const h = setup();
    await evaluateSignal(h.deps, b.signal());
    h.clock.ms += 2 * 86_400_000 - 1;
    expect(await evaluateSignal(h.deps, b.signal())).toMatchObject({ status: 'duplicate' });
  });
});
