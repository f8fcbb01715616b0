// Audit + commit (src/app/commit.ts): the write order (ECS call → audit `applied` → commit) and what each store failure leaves.
import { describe, expect, it } from 'vitest';
import { handleSignal } from '../../src/app/handleSignal.js';
import { StateUnavailableError } from '../../src/core/errors.js';
import * as b from './builders.js';
import { harness } from './fakes.js';

const web = b.group({ bandwidth: b.bandwidthPolicy() });
const cfg = b.config([web]); // leaseTtlSec 120
const EXPIRY = b.T0 + 120_000;
const down = b.bandwidthAction({ direction: 'down', fromMbps: 10, toMbps: 5, actionKey: 'bw-d', clientToken: 'tok-d' });

/**
 * A harness whose store records the order of audit writes and commits; `failAudit` lists which audit
 * writes (1-based) of the first invocation throw, and `failCommit` makes its commit throw.
 */
function traced(o: { failAudit?: number[]; failCommit?: boolean } = {}) {
  const h = harness(cfg, [b.instance()], { decide: b.scaleWith(down) });
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

describe('audit + commit: the `applied` entry is written before the commit', () => {
  it('applied → audit, then commit (cooldown, budget, lease released)', async () => {
    const { h, order } = traced();
    const out = await handleSignal(h.deps, b.signal());
    expect(out).toMatchObject({ status: 'applied', actionKey: 'bw-d' });
    expect(order).toEqual(['audit:applied:bw-d', 'commit']);
    const state = await h.store.getInstanceState('i-web1');
    expect(state).toMatchObject({ lastChange: { bandwidthDownMs: b.T0 }, downgradesMs: [b.T0] });
    expect(state.lease).toBeUndefined();
  });
});

describe('audit + commit: a store failure around the audit and the commit, then the next evaluation', () => {
  it.each<[string, { failAudit?: number[]; failCommit?: boolean }, number | undefined, string[], boolean]>([
    // label, faults, recorded at (undefined: by recovery at the expiry), applied entries, lost-entry log
    [
      'the commit fails after the entry → recovery records, writes none',
      { failCommit: true },
      undefined,
      ['bw-d'],
      false,
    ],
    [
      'the audit write fails, the commit is still made → recorded now, the entry lost (logged)',
      { failAudit: [1] },
      b.T0,
      [],
      true,
    ],
    [
      'the audit and the commit fail → recovery records and writes the entry',
      { failAudit: [1], failCommit: true },
      undefined,
      ['bw-d (recovered)'],
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
    expect(state).toMatchObject({ lastChange: { bandwidthDownMs: atMs }, downgradesMs: [atMs] });
    expect(state.lease).toBeUndefined();
    expect(await appliedKeys(h)).toEqual(applied);
    const lost = h.logger.lines.filter((l) => l.msg.startsWith('applied audit entry lost'));
    expect(lost).toHaveLength(lostLogged ? 1 : 0);
    expect(h.ecs.changeCount()).toBe(1);
  });
});
