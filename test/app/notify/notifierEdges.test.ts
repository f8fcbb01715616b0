// The notifier where things go wrong or are left out: no sinks at all, a sink that throws instead of answering,
// a sink too slow for its queue, a digest that cannot be built, an entry that cannot be formatted, and routing by
// group. In every case `observe` returns and never throws, and what was lost is counted or logged.
// The message text itself: every kind of change named, '?' for a before value the entry lacks.
import { describe, expect, it } from 'vitest';
import { classify, entryMessage } from '../../../src/app/notify/messages.js';
import { Notifier, type SinkRoute } from '../../../src/app/notify/notifier.js';
import { notifyingStore } from '../../../src/app/notify/notifyingStore.js';
import { MemoryStateStore } from '../../../src/adapters/memory/stateStore.js';
import type { NotificationEvent } from '../../../src/core/config/types.js';
import type { AuditEntry } from '../../../src/core/types.js';
import { auditEntry } from '../../../src/testing/builders.js';
import type { LogFields, Logger } from '../../../src/ports/Logger.js';
import type { DeliveryResult, NotificationMessage, NotificationSink } from '../../../src/ports/NotificationSink.js';
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';

const T0 = Date.UTC(2026, 11, 7, 10);
const ALL: NotificationEvent[] = ['applied', 'failed', 'rolled-back', 'switched', 'blocked', 'kill-switch', 'paused'];
const POLICY = { maxPerMinute: 100, maxAttempts: 3, blockedRepeatSec: 3600, digestHourUtc: 10 };

/** An audit entry at T0 (the builder's applied 10 → 15 Mbps change unless overridden), with the seq each test gives. */
const entry = (seq: string, over: Partial<AuditEntry> = {}): AuditEntry => auditEntry({ atMs: T0, ...over, seq });

class Sink implements NotificationSink {
  readonly kind = 'test';
  got: NotificationMessage[] = [];
  calls = 0;
  constructor(
    readonly name = 'sink',
    private readonly answer: (m: NotificationMessage) => Promise<DeliveryResult> = async () => ({
      ok: true,
      status: 200,
    }),
  ) {}
  async send(m: NotificationMessage): Promise<DeliveryResult> {
    this.calls++;
    const r = await this.answer(m);
    if (r.ok) this.got.push(m);
    return r;
  }
}

function logger(): Logger & { lines: { level: string; msg: string; fields: LogFields }[] } {
  const lines: { level: string; msg: string; fields: LogFields }[] = [];
  return { lines, log: (level, msg, fields = {}) => void lines.push({ level, msg, fields }) };
}

function notifier(routes: SinkRoute[], o: Partial<ConstructorParameters<typeof Notifier>[0]> = {}) {
  const log = logger();
  const n = new Notifier({
    routes,
    policy: POLICY,
    clock: new VirtualClock(T0),
    logger: log,
    sleep: async () => {},
    ...o,
  });
  return { n, log };
}

describe('Notifier edges', () => {
  it('without sinks it is disabled: nothing is classified, built or sent', async () => {
    let digests = 0;
    const { n, log } = notifier([], {
      digest: async () => {
        digests++;
        return { event: 'digest', title: 't', text: '', atMs: T0, data: {} };
      },
    });
    expect(n.enabled).toBe(false);
    n.observe(entry('0'));
    expect(await n.idle()).toBe(true);
    expect(n.stats).toEqual({ sent: 0, failed: 0, dropped: 0 });
    expect(digests).toBe(0);
    expect(log.lines).toEqual([]);
  });

  it('retries a sink that throws as a retryable failure, then logs the thrown text once given up', async () => {
    const sink = new Sink('robot', async () => {
      throw 'connection refused';
    });
    const { n, log } = notifier([{ sink, events: ALL, groups: [] }]);
    n.observe(entry('0'));
    await n.idle();
    expect(sink.calls).toBe(POLICY.maxAttempts);
    expect(n.stats).toMatchObject({ sent: 0, failed: 1 });
    expect(log.lines).toEqual([
      expect.objectContaining({
        msg: 'notification not delivered',
        fields: expect.objectContaining({ sink: 'robot', attempts: 3, error: 'connection refused' }),
      }),
    ]);
  });

  it('drops and counts what does not fit the queue of a sink that is still busy', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const sink = new Sink('slow', async () => {
      await gate;
      return { ok: true, status: 200 };
    });
    const { n } = notifier([{ sink, events: ALL, groups: [] }], { maxQueue: 2 });
    for (let i = 0; i < 5; i++) n.observe(entry(String(i), { message: `m${i}` }));
    expect(n.stats.dropped).toBe(2);
    release();
    await n.idle();
    expect(sink.got.map((m) => m.text.split('\n')[0])).toEqual(['saturated: m0', 'saturated: m1', 'saturated: m2']);
  });

  it('a message given up on after rate-limit drops says in the log how many were dropped before it', async () => {
    let wall = 0;
    const answers: DeliveryResult[] = [
      { ok: true, status: 200 },
      { ok: false, retryable: false, error: 'bad key' },
    ];
    const sink = new Sink('robot', async () => answers.shift() ?? { ok: true, status: 200 });
    const { n, log } = notifier([{ sink, events: ALL, groups: [] }], {
      policy: { ...POLICY, maxPerMinute: 1 },
      wallNow: () => wall,
    });
    n.observe(entry('0', { message: 'sent' }));
    await n.idle();
    n.observe(entry('1', { message: 'dropped' }));
    await n.idle();
    wall += 61_000;
    n.observe(entry('2', { message: 'refused' }));
    await n.idle();
    expect(n.stats).toEqual({ sent: 1, failed: 1, dropped: 1 });
    expect(log.lines.at(-1)).toMatchObject({
      msg: 'notification not delivered',
      fields: { error: 'bad key', attempts: 1, droppedBefore: 1 },
    });
  });

  it('sends to a route only the groups it names; a message without a group goes to every route', async () => {
    const web = new Sink('web');
    const db = new Sink('db');
    const { n } = notifier([
      { sink: web, events: ALL, groups: ['web'] },
      { sink: db, events: ALL, groups: ['db'] },
    ]);
    n.observe(entry('0', { group: 'web' }));
    n.observe(entry('1', { group: undefined, instanceId: 'controls', reason: 'kill-switch-on', decision: 'skip' }));
    await n.idle();
    expect(web.got.map((m) => m.event)).toEqual(['applied', 'kill-switch']);
    expect(db.got.map((m) => m.event)).toEqual(['kill-switch']);
  });

  it('logs a digest that cannot be built, and an entry that cannot be formatted, without throwing', async () => {
    const sink = new Sink();
    const { n, log } = notifier([{ sink, events: [...ALL, 'digest'], groups: [] }], {
      digest: async () => {
        throw new Error('store down');
      },
    });
    expect(() => n.observe(entry('0', { atMs: Number.NaN }))).not.toThrow();
    n.observe(entry('1'));
    await n.idle();
    expect(log.lines.map((l) => [l.msg, l.fields.error])).toEqual([
      ['notification skipped', 'Invalid time value'],
      ['notification failed', 'store down'],
    ]);
    expect(sink.got.map((m) => m.event)).toEqual(['applied']);
  });
});

describe('entryMessage change text', () => {
  const message = (e: AuditEntry) => {
    const c = classify(e);
    if (!c) throw new Error('not notified');
    return entryMessage(e, c);
  };

  it('names a type change and a billing change, with ? for what the entry did not record before', () => {
    const m = message(
      entry('0', {
        before: { instanceType: 'ecs.g7.large' },
        after: { instanceType: 'ecs.g7.xlarge', bandwidthOutMbps: 20, internetChargeType: 'PayByTraffic' },
      }),
    );
    expect(m.title).toBe('[autoscaler] i-web1 applied: ? → 20 Mbps, ecs.g7.large → ecs.g7.xlarge, ? → PayByTraffic');
  });

  it('calls a billing change a switch even when its reason is not billing-method', () => {
    const m = message(
      entry('0', {
        reason: 'saturated',
        before: { internetChargeType: 'PayByBandwidth' },
        after: { internetChargeType: 'PayByTraffic' },
      }),
    );
    expect(m.event).toBe('switched');
    expect(m.title).toBe('[autoscaler] i-web1 switched: PayByBandwidth → PayByTraffic');
  });

  it('a fleet control has no instance, and a failure carries its error and request ids', () => {
    const control = message(
      entry('0', {
        instanceId: 'controls',
        group: undefined,
        reason: 'pause',
        decision: 'skip',
        before: {},
        after: {},
      }),
    );
    expect(control.title).toBe('[autoscaler] fleet pause');
    expect(control).not.toHaveProperty('instanceId');
    expect(control.text.split('\n')[1]).toBe('time 2026-12-07T10:00:00Z');
    const failed = message(
      entry('1', { result: 'failed', error: { code: 'Throttling', message: 'slow down' }, requestIds: ['r1', 'r2'] }),
    );
    expect(failed.text.split('\n').slice(-2)).toEqual(['error Throttling: slow down', 'request ids r1, r2']);
  });
});

describe('notifyingStore edges', () => {
  it('holds every applied entry of one action until its commit, and a commit with nothing held sends nothing', async () => {
    const sink = new Sink();
    const { n } = notifier([{ sink, events: ALL, groups: [] }]);
    const inner = new MemoryStateStore();
    const store = notifyingStore(inner, n);
    await store.commit({ instanceId: 'i-web1', holder: 'h', actionKey: 'other', update: {} }).catch(() => undefined);
    await store.appendAudit(entry('0', { actionKey: 'ak', message: 'first' }));
    await store.appendAudit(entry('1', { actionKey: 'ak', message: 'second' }));
    await n.idle();
    expect(sink.got).toEqual([]);
    await store.commit({ instanceId: 'i-web1', holder: 'h', actionKey: 'ak', update: {} }).catch(() => undefined);
    await n.idle();
    expect(sink.got.map((m) => m.text.split('\n')[0])).toEqual(['saturated: first', 'saturated: second']);
    // Properties that are not methods read through to the inner store.
    expect((store as MemoryStateStore).dedupeSize).toBe(inner.dedupeSize);
  });

  it('remembers only the latest 1000 commits: an applied entry of an older action is held again', async () => {
    const sink = new Sink();
    const { n } = notifier([{ sink, events: ALL, groups: [] }]);
    const store = notifyingStore(new MemoryStateStore(), n, { holdMs: 60_000 });
    for (let i = 0; i <= 1000; i++) {
      await store.commit({ instanceId: 'i-web1', holder: 'h', actionKey: `k${i}`, update: {} }).catch(() => undefined);
    }
    await store.appendAudit(entry('0', { actionKey: 'k1000', message: 'recent' }));
    await store.appendAudit(entry('1', { actionKey: 'k0', message: 'forgotten' }));
    await n.idle();
    expect(sink.got.map((m) => m.text.split('\n')[0])).toEqual(['saturated: recent']);
  });
});
