import { describe, expect, it } from 'vitest';
import { pendingChanges } from '../../src/app/claim.js';
import { evaluateSignal, handleSignal } from '../../src/app/handleSignal.js';
import { appliedPrefix } from '../../src/app/recover.js';
import type { DecisionInput } from '../../src/core/decide/index.js';
import type { AuditEntry, BillingMethodAction, Decision, InstanceState, PendingChange } from '../../src/core/types.js';
import * as b from './builders.js';
import { harness } from './fakes.js';

const web = b.group({ bandwidth: b.bandwidthPolicy() });
const cfg = b.config([web]); // leaseTtlSec 120
const TTL_MS = 120_000;
const EXPIRY = b.T0 + TTL_MS;
const down = b.bandwidthAction({ direction: 'down', fromMbps: 10, toMbps: 5, actionKey: 'bw-d', clientToken: 'tok-d' });
const billing = b.billingAction();

/** A harness whose decide records the state it is shown and then skips (so nothing else acts). */
function observing() {
  const seen: InstanceState[] = [];
  const decide = (input: DecisionInput): Decision => {
    seen.push(input.state);
    return { kind: 'skip', reason: 'within-tolerance', message: 'observed' };
  };
  const h = harness(cfg, [b.instance()], { decide });
  const commits: string[] = [];
  const commit = h.store.commit.bind(h.store);
  h.store.commit = async (req) => {
    const r = await commit(req);
    commits.push(`${req.holder}/${req.actionKey}:${r.ok}`);
    return r;
  };
  return { h, seen, commits };
}

/**
 * A dead holder's claim with these actions written ahead (as claim.ts writes each one), at T0. A claim writes
 * one; the store's list may hold several, which recovery reads in order.
 */
async function deadClaim(h: ReturnType<typeof observing>['h'], actions: (typeof down | BillingMethodAction)[]) {
  const state = await h.store.getInstanceState('i-web1');
  const ctx = { instance: b.instance(), state, group: web };
  const pending = actions.flatMap((a) => pendingChanges(ctx, 'target-tracking', a, EXPIRY));
  const claimed = await h.store.claimLease({
    instanceId: 'i-web1',
    expectedVersion: state.version,
    holder: 'dead-1',
    actionKey: actions[0]?.actionKey ?? '',
    nowMs: b.T0,
    ttlMs: TTL_MS,
    pending,
  });
  expect(claimed.ok).toBe(true);
  return pending;
}

const recoveredAudit = async (h: ReturnType<typeof observing>['h']) =>
  (await h.store.listAudit('i-web1', { limit: 20 })).filter((e) => e.message.startsWith('recovered'));

describe('recovery of a change whose commit was lost', () => {
  it('the commit fails after the ECS call and the audit → the next evaluation records it once, at the lease expiry, without a second entry', async () => {
    const { h, seen, commits } = observing();
    h.deps.decide = b.scaleWith(down);
    h.store.failNext('commit');
    await expect(handleSignal(h.deps, b.signal())).rejects.toThrow(/injected fault in commit/);
    expect(h.ecs.changeCount('ModifyInstanceNetworkSpec')).toBe(1);
    const stranded = await h.store.getInstanceState('i-web1');
    expect(stranded.lease?.pending?.map((p) => p.actionKey)).toEqual(['bw-d']);
    expect(stranded.lastChange).toEqual({});

    h.clock.ms = EXPIRY + 5_000;
    h.deps.decide = (input) => {
      seen.push(input.state);
      return { kind: 'skip', reason: 'cooldown', message: 'observed' };
    };
    await handleSignal(h.deps, b.signal({ dedupeKey: 'cms:next' }));
    expect(commits).toEqual(['inv-1/bw-d:true']);
    const recorded = { lastChange: { bandwidthDownMs: EXPIRY }, downgradesMs: [EXPIRY] };
    // decide sees the recorded cooldown and budget entry (the latest the change can have happened).
    expect(seen[0]).toMatchObject(recorded);
    expect(seen[0]?.lease).toBeUndefined();
    expect(await h.store.getInstanceState('i-web1')).toMatchObject(recorded);
    // The holder audited before its commit failed: that entry stays the only `applied` one.
    expect(await recoveredAudit(h)).toEqual([]);
    const applied = (await h.store.listAudit('i-web1', { limit: 20 })).filter((e) => e.result === 'applied');
    expect(applied).toEqual([
      expect.objectContaining({ actionKey: 'bw-d', clientToken: 'tok-d', atMs: b.T0, message: 'test scale' }),
    ]);
    const warned = h.logger.lines.filter((l) => l.level === 'warn' && l.msg.startsWith('recovered'));
    expect(warned).toEqual([expect.objectContaining({ recovered: ['bw-d'], alreadyAudited: ['bw-d'] })]);
    expect(h.ecs.changeCount()).toBe(1);
  });

  it('nothing was applied → nothing recorded; the next claim replaces the stale lease', async () => {
    const { h, seen, commits } = observing();
    await deadClaim(h, [down]);
    h.clock.ms = EXPIRY;
    await handleSignal(h.deps, b.signal());
    expect(commits).toEqual([]);
    expect(await recoveredAudit(h)).toEqual([]);
    expect(seen[0]).toMatchObject({ version: 1, lastChange: {}, downgradesMs: [], lease: { holder: 'dead-1' } });
    h.deps.decide = b.scaleWith(b.bandwidthAction());
    await handleSignal(h.deps, b.signal({ dedupeKey: 'cms:next' }));
    const state = await h.store.getInstanceState('i-web1');
    expect(state).toMatchObject({ lastChange: { bandwidthUpMs: EXPIRY }, downgradesMs: [] });
    expect(state.lease).toBeUndefined();
  });

  it('a partly applied multi-action claim records only the applied prefix', async () => {
    const { h, seen, commits } = observing();
    await deadClaim(h, [down, billing]);
    // The dead holder's first call landed; the second never ran.
    const inst = h.ecs.instances.get('i-web1');
    if (inst) inst.bandwidthOutMbps = 5;
    h.clock.ms = EXPIRY + 1;
    await handleSignal(h.deps, b.signal());
    expect(commits).toEqual(['dead-1/bw-d:true']);
    expect(seen[0]).toMatchObject({ lastChange: { bandwidthDownMs: EXPIRY }, downgradesMs: [EXPIRY] });
    expect(seen[0]?.lastChange.billingMs).toBeUndefined();
    const [entry, ...rest] = await recoveredAudit(h);
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      result: 'applied',
      decision: 'scale',
      reason: 'target-tracking',
      actionKey: 'bw-d',
      clientToken: 'tok-d',
      before: { bandwidthOutMbps: 10 },
      after: { bandwidthOutMbps: 5 },
    });
    expect(entry?.message).toContain('applied by dead-1 whose commit was lost');
  });

  it('both applied → both recorded in one commit, each audited', async () => {
    const { h, seen } = observing();
    await deadClaim(h, [down, billing]);
    const inst = h.ecs.instances.get('i-web1');
    if (inst) Object.assign(inst, { bandwidthOutMbps: 5, internetChargeType: 'PayByTraffic' });
    h.clock.ms = EXPIRY + 1;
    await handleSignal(h.deps, b.signal());
    expect(seen[0]?.lastChange).toEqual({ bandwidthDownMs: EXPIRY, billingMs: EXPIRY });
    expect((await recoveredAudit(h)).map((e) => e.actionKey).sort()).toEqual(['bill-1', 'bw-d']);
  });

  it('two evaluations race to recover: one commit wins, the change is recorded and audited once', async () => {
    const { h, seen, commits } = observing();
    await deadClaim(h, [down]);
    const inst = h.ecs.instances.get('i-web1');
    if (inst) inst.bandwidthOutMbps = 5;
    h.clock.ms = EXPIRY + 1;
    await Promise.all([1, 2, 3].map((n) => handleSignal(h.deps, b.signal({ dedupeKey: `cms:${n}` }))));
    expect(commits.sort()).toEqual(['dead-1/bw-d:false', 'dead-1/bw-d:false', 'dead-1/bw-d:true']);
    expect((await h.store.getInstanceState('i-web1')).downgradesMs).toEqual([EXPIRY]);
    expect(await recoveredAudit(h)).toHaveLength(1);
    // The losers re-read: every evaluation decided on the recorded state.
    for (const s of seen) expect(s).toMatchObject({ downgradesMs: [EXPIRY] });
  });

  it('a live lease is left alone, even when the instance already shows the change', async () => {
    const { h, seen, commits } = observing();
    await deadClaim(h, [down]);
    const inst = h.ecs.instances.get('i-web1');
    if (inst) inst.bandwidthOutMbps = 5;
    h.clock.ms = EXPIRY - 1;
    await handleSignal(h.deps, b.signal());
    expect(commits).toEqual([]);
    expect(seen[0]?.lease).toMatchObject({ holder: 'dead-1', expiresAtMs: EXPIRY });
    expect(await recoveredAudit(h)).toEqual([]);
  });

  it.each([
    [
      'preloaded by reconcile (taken at an unknown time) and stale: described again → recorded',
      true,
      ['dead-1/bw-d:true'],
    ],
    ['described by this evaluation after the expiry: trusted, not described again → nothing', false, []],
  ])('a snapshot that does not show the change, %s', async (_label, preload, expected) => {
    const { h, commits } = observing();
    await deadClaim(h, [down]);
    h.clock.ms = EXPIRY + 1;
    if (preload) {
      const inst = h.ecs.instances.get('i-web1');
      if (inst) inst.bandwidthOutMbps = 5;
      await evaluateSignal(h.deps, b.signal(), { instance: b.instance(), group: web });
    } else {
      await handleSignal(h.deps, b.signal());
    }
    expect(commits).toEqual(expected);
    expect(h.ecs.count('DescribeInstances')).toBe(1);
    expect(h.ecs.changeCount()).toBe(0);
  });
});

/** An audit entry of i-web1 at `atMs` (the holder's own `applied` entry unless overridden). */
function written(atMs: number, over: Partial<AuditEntry> = {}): AuditEntry {
  return {
    instanceId: 'i-web1',
    atMs,
    seq: `s${atMs}`,
    signal: { source: 'cms-alarm', dedupeKey: 'cms:holder' },
    decision: 'scale',
    reason: 'target-tracking',
    message: 'by the holder',
    result: 'applied',
    actionKey: 'bw-d',
    clientToken: 'tok-d',
    ...over,
  };
}

const skipsAfter = (fromMs: number, n: number) =>
  Array.from({ length: n }, (_, i) =>
    written(fromMs + 1 + i, { decision: 'skip', result: 'skipped', reason: 'in-progress', actionKey: 'other' }),
  );

describe('recovery writes no second `applied` entry for a change its holder audited (claimed at T0)', () => {
  it.each<[string, AuditEntry[], number]>([
    ['the holder’s entry, after the claim → none', [written(b.T0 + 1_000)], 0],
    ['the holder’s entry at the claim instant → none', [written(b.T0)], 0],
    ['an entry with the action key and no ClientToken → none', [written(b.T0 + 1, { clientToken: undefined })], 0],
    ['the entry under 60 later skips (third page) → none', [written(b.T0 + 1), ...skipsAfter(b.T0 + 1, 60)], 0],
    ['an entry of the same key before the claim (an earlier change) → one', [written(b.T0 - 1)], 1],
    ['the same key with another ClientToken → one', [written(b.T0 + 1, { clientToken: 'tok-other' })], 1],
    ['the same key, but `failed` → one', [written(b.T0 + 1, { result: 'failed' })], 1],
    ['another action key → one', [written(b.T0 + 1, { actionKey: 'bw-other' })], 1],
    ['no entry → one', [], 1],
  ])('%s', async (_label, entries, expected) => {
    const { h, commits } = observing();
    await deadClaim(h, [down]);
    for (const e of entries) await h.store.appendAudit(e);
    const inst = h.ecs.instances.get('i-web1');
    if (inst) inst.bandwidthOutMbps = 5;
    h.clock.ms = EXPIRY + 1;
    await handleSignal(h.deps, b.signal());
    // The commit is made either way: the audit only decides whether recovery writes an entry.
    expect(commits).toEqual(['dead-1/bw-d:true']);
    expect(await recoveredAudit(h)).toHaveLength(expected);
  });

  it('two changes, only the first audited before the holder died → the second alone is audited on recovery', async () => {
    const { h } = observing();
    await deadClaim(h, [down, billing]);
    await h.store.appendAudit(written(b.T0 + 1));
    const inst = h.ecs.instances.get('i-web1');
    if (inst) Object.assign(inst, { bandwidthOutMbps: 5, internetChargeType: 'PayByTraffic' });
    h.clock.ms = EXPIRY + 1;
    await handleSignal(h.deps, b.signal());
    expect((await recoveredAudit(h)).map((e) => e.actionKey)).toEqual(['bill-1']);
    expect((await h.store.getInstanceState('i-web1')).lastChange).toEqual({
      bandwidthDownMs: EXPIRY,
      billingMs: EXPIRY,
    });
  });
});

describe('the claim writes inline actions ahead, never a type change', () => {
  it.each([
    ['bandwidth', b.bandwidthAction(), ['bw-i-web1-0001']],
    ['instance type (recovers through its orchestration row)', b.typeAction(), undefined],
  ])('%s', async (_label, action, keys) => {
    const h = harness(cfg, [b.instance()], { decide: b.scaleWith(action) });
    const claims: (PendingChange[] | undefined)[] = [];
    const claimLease = h.store.claimLease.bind(h.store);
    h.store.claimLease = async (req) => {
      claims.push(req.pending);
      return claimLease(req);
    };
    await handleSignal(h.deps, b.signal());
    expect(claims).toHaveLength(1);
    expect(claims[0]?.map((p) => p.actionKey)).toEqual(keys);
    if (keys) expect(claims[0]?.[0]?.update).toEqual({ lastChange: { bandwidthUpMs: EXPIRY } });
  });
});

describe('pendingChanges / appliedPrefix', () => {
  const ctx = { instance: b.instance(), state: emptyState(), group: web };
  const pending = [down, billing].flatMap((a) => pendingChanges(ctx, 'billing-method', a, EXPIRY));

  it('writes each action ahead: expectation, audit spec and the update timed at the given instant', () => {
    expect(pending).toEqual<PendingChange[]>([
      {
        actionKey: 'bw-d',
        clientToken: 'tok-d',
        reason: 'billing-method',
        before: { bandwidthOutMbps: 10 },
        expect: { bandwidthOutMbps: 5 },
        update: {
          lastChange: { bandwidthDownMs: EXPIRY },
          addDowngradeAtMs: EXPIRY,
          trimDowngradesBeforeMs: EXPIRY - 86_400_000,
        },
      },
      {
        actionKey: 'bill-1',
        clientToken: 'tok-bill',
        reason: 'billing-method',
        before: { internetChargeType: 'PayByBandwidth' },
        expect: { internetChargeType: 'PayByTraffic' },
        update: { lastChange: { billingMs: EXPIRY } },
      },
    ]);
    expect(JSON.parse(JSON.stringify(pending))).toEqual(pending);
  });

  it.each([
    ['nothing applied', {}, []],
    ['the first applied', { bandwidthOutMbps: 5 }, ['bw-d']],
    ['both applied', { bandwidthOutMbps: 5, internetChargeType: 'PayByTraffic' as const }, ['bw-d', 'bill-1']],
    ['only the second (cannot follow a failed first): nothing', { internetChargeType: 'PayByTraffic' as const }, []],
  ])('%s', (_label, over, keys) => {
    expect(appliedPrefix(pending, b.instance(over)).map((p) => p.actionKey)).toEqual(keys);
  });
});

function emptyState(): InstanceState {
  return { instanceId: 'i-web1', version: 0, lastChange: {}, downgradesMs: [], platformDowngrades: 0, paused: false };
}
