// The inline path's write order (ECS call → audit `applied` → commit) and what each store failure leaves.
import { describe, expect, it } from 'vitest';
import { handleSignal } from '../../src/app/handleSignal.js';
import { CloudApiError, StateUnavailableError } from '../../src/core/errors.js';
import type { BandwidthAction, BillingMethodAction, Decision } from '../../src/core/types.js';
import * as b from './builders.js';
import { harness } from './fakes.js';

const web = b.group({ bandwidth: b.bandwidthPolicy() });
const cfg = b.config([web]); // leaseTtlSec 120
const EXPIRY = b.T0 + 120_000;
const down = b.bandwidthAction({ direction: 'down', fromMbps: 10, toMbps: 5, actionKey: 'bw-d', clientToken: 'tok-d' });
const billing = b.billingAction();
const scale =
  (...actions: (BandwidthAction | BillingMethodAction)[]) =>
  (): Decision => ({ kind: 'scale', reason: 'billing-method', message: 'test scale', actions, dryRun: false });

/**
 * A harness whose store records the order of audit writes and commits; `failAudit` lists which audit
 * writes (1-based) of the first invocation throw, and `failCommit` makes its commit throw.
 */
function traced(o: { failAudit?: number[]; failCommit?: boolean } = {}) {
  const h = harness(cfg, [b.instance()], { decide: scale(down, billing) });
  const order: string[] = [];
  let audits = 0;
  let armed = true;
  const appendAudit = h.store.appendAudit.bind(h.store);
  h.store.appendAudit = async (e) => {
    order.push(`audit:${e.result}:${e.actionKey}`);
    if (armed && o.failAudit?.includes(++audits)) throw new StateUnavailableError('injected fault in appendAudit');
    return appendAudit(e);
  };
  const commit = h.store.commit.bind(h.store);
  h.store.commit = async (req) => {
    order.push('commit');
    if (armed && o.failCommit) throw new StateUnavailableError('injected fault in commit');
    return commit(req);
  };
  const disarm = () => {
    armed = false;
  };
  return { h, order, disarm };
}

const appliedKeys = async (h: ReturnType<typeof traced>['h']) =>
  (await h.store.listAudit('i-web1', { limit: 50 }))
    .filter((e) => e.result === 'applied')
    .map((e) => `${e.actionKey}${e.message.startsWith('recovered') ? ' (recovered)' : ''}`)
    .sort();

describe('applyInline: the `applied` entries are written before the commit', () => {
  it('both actions applied → audit, audit, commit', async () => {
    const { h, order } = traced();
    const out = await handleSignal(h.deps, b.signal());
    expect(out).toMatchObject({ status: 'applied', actionKey: 'bw-d' });
    expect(order).toEqual(['audit:applied:bw-d', 'audit:applied:bill-1', 'commit']);
    expect(await h.store.getInstanceState('i-web1')).toMatchObject({
      lastChange: { bandwidthDownMs: b.T0, billingMs: b.T0 },
    });
    expect((await h.store.getInstanceState('i-web1')).lease).toBeUndefined();
  });

  it('the second ECS call fails → the first is audited and committed, then the failure is audited', async () => {
    const { h, order } = traced();
    const call = h.ecs.modifyInstanceNetworkSpec.bind(h.ecs);
    h.ecs.modifyInstanceNetworkSpec = async (req) => {
      if (req.networkChargeType) throw new CloudApiError({ code: 'InvalidParameter', message: 'no', retryable: false });
      return call(req);
    };
    const out = await handleSignal(h.deps, b.signal());
    expect(out).toMatchObject({ status: 'failed', reason: 'InvalidParameter' });
    expect(order).toEqual(['audit:applied:bw-d', 'commit', 'audit:failed:bill-1']);
    expect((await h.store.getInstanceState('i-web1')).lastChange).toEqual({ bandwidthDownMs: b.T0 });
  });
});

describe('applyInline: a store failure around the audit and the commit, then the next evaluation', () => {
  it.each<[string, { failAudit?: number[]; failCommit?: boolean }, number | undefined, string[], boolean]>([
    // label, faults, recorded at (undefined: by recovery at the expiry), applied entries, lost-entry log
    [
      'the commit fails after both entries → recovery records, writes none',
      { failCommit: true },
      undefined,
      ['bill-1', 'bw-d'],
      false,
    ],
    [
      'the first audit write fails, the commit is still made → recorded now, both entries lost (logged)',
      { failAudit: [1] },
      b.T0,
      [],
      true,
    ],
    [
      'the second audit write fails, the commit is made → recorded now, one entry lost (logged)',
      { failAudit: [2] },
      b.T0,
      ['bw-d'],
      true,
    ],
    [
      'the audit and the commit fail → recovery records and writes both entries',
      { failAudit: [1], failCommit: true },
      undefined,
      ['bill-1 (recovered)', 'bw-d (recovered)'],
      false,
    ],
    [
      'the second audit write and the commit fail → recovery writes the missing one only',
      { failAudit: [2], failCommit: true },
      undefined,
      ['bill-1 (recovered)', 'bw-d'],
      false,
    ],
  ])('%s', async (_label, faults, recordedAtMs, applied, lostLogged) => {
    const { h, order, disarm } = traced(faults);
    await expect(handleSignal(h.deps, b.signal())).rejects.toBeInstanceOf(StateUnavailableError);
    // A failing audit write never stops the commit attempt.
    expect(order.at(-1)).toBe('commit');
    disarm();
    h.clock.ms = EXPIRY + 1;
    h.deps.decide = b.skipWith('within-tolerance');
    await handleSignal(h.deps, b.signal({ dedupeKey: 'cms:next' }));
    const atMs = recordedAtMs ?? EXPIRY;
    const state = await h.store.getInstanceState('i-web1');
    expect(state).toMatchObject({ lastChange: { bandwidthDownMs: atMs, billingMs: atMs }, downgradesMs: [atMs] });
    expect(state.lease).toBeUndefined();
    expect(await appliedKeys(h)).toEqual(applied);
    const lost = h.logger.lines.filter((l) => l.msg.startsWith('applied audit entry lost'));
    expect(lost).toHaveLength(lostLogged ? 1 : 0);
    expect(h.ecs.changeCount()).toBe(2);
  });
});
