/**
 * The hook on the real decision path (handleSignal with the app's act → audit → commit): the `applied` message
 * leaves only once the commit is in the store, and a sink that never answers changes nothing for the decision.
 */
import { describe, expect, it } from 'vitest';
import { handleSignal } from '../../../src/app/handleSignal.js';
import { Notifier } from '../../../src/app/notify/notifier.js';
import { notifyingStore } from '../../../src/app/notify/notifyingStore.js';
import type { InstanceState } from '../../../src/core/types.js';
import type { DeliveryResult, NotificationMessage, NotificationSink } from '../../../src/ports/NotificationSink.js';
import * as b from '../builders.js';
import { harness } from '../fakes.js';

const cfg = b.config([b.group({ bandwidth: b.bandwidthPolicy() })]);
const POLICY = { maxPerMinute: 20, maxAttempts: 1, blockedRepeatSec: 3600, digestHourUtc: 1 };

describe('notifications on the decision path', () => {
  it('the applied message is sent after the commit: the store already shows the cooldown and no lease', async () => {
    const h = harness(cfg, [b.instance()], { decide: b.scaleWith(b.bandwidthAction()) });
    const seen: { m: NotificationMessage; state: InstanceState }[] = [];
    const sink: NotificationSink = {
      name: 'check',
      kind: 'fake',
      async send(m): Promise<DeliveryResult> {
        seen.push({ m, state: await h.store.getInstanceState('i-web1') });
        return { ok: true, status: 200 };
      },
    };
    const notifier = new Notifier({
      routes: [{ sink, events: ['applied'], groups: [] }],
      policy: POLICY,
      clock: h.clock,
      logger: h.logger,
    });
    const out = await handleSignal({ ...h.deps, store: notifyingStore(h.store, notifier) }, b.signal());
    expect(out.status).toBe('applied');
    await notifier.idle();
    expect(seen).toHaveLength(1);
    expect(seen[0]?.m.title).toBe('[autoscaler] i-web1 applied: 10 → 20 Mbps');
    expect(seen[0]?.state.lastChange.bandwidthUpMs).toBe(b.T0);
    expect(seen[0]?.state.lease).toBeUndefined();
  });

  it('a sink that never answers: the decision completes and commits as without notifications', async () => {
    const h = harness(cfg, [b.instance()], { decide: b.scaleWith(b.bandwidthAction()) });
    let started = 0;
    const hanging: NotificationSink = {
      name: 'hang',
      kind: 'fake',
      send: () => {
        started++;
        return new Promise(() => {});
      },
    };
    const notifier = new Notifier({
      routes: [{ sink: hanging, events: ['applied', 'failed'], groups: [] }],
      policy: POLICY,
      clock: h.clock,
      logger: h.logger,
    });
    const out = await handleSignal({ ...h.deps, store: notifyingStore(h.store, notifier) }, b.signal());
    expect(out).toMatchObject({ status: 'applied', actionKey: 'bw-i-web1-0001' });
    expect((await h.store.getInstanceState('i-web1')).lastChange.bandwidthUpMs).toBe(b.T0);
    expect(started).toBe(1);
  });
});
