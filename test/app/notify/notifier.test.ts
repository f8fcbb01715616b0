/**
 * The notifier: which entries become messages, held until their commit, blocks reported once per window across
 * containers, a rate limit that drops and counts, bounded retries, nothing awaited by the caller, the digest once a
 * day, and no URL or secret in any log line.
 */
import { describe, expect, it } from 'vitest';
import { MemoryStateStore } from '../../../src/adapters/memory/stateStore.js';
import { Notifier, type SinkRoute } from '../../../src/app/notify/notifier.js';
import { notifyingStore } from '../../../src/app/notify/notifyingStore.js';
import { classify } from '../../../src/app/notify/messages.js';
import type { NotificationEvent } from '../../../src/core/config/types.js';
import type { AuditEntry } from '../../../src/core/types.js';
import { auditEntry } from '../../../src/testing/builders.js';
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';
import type { LogFields, Logger } from '../../../src/ports/Logger.js';
import type { DeliveryResult, NotificationMessage, NotificationSink } from '../../../src/ports/NotificationSink.js';

const T0 = Date.UTC(2026, 11, 7, 10);
const ALL: NotificationEvent[] = [
  'applied',
  'failed',
  'rolled-back',
  'switched',
  'blocked',
  'kill-switch',
  'paused',
  'digest',
];
const POLICY = { maxPerMinute: 20, maxAttempts: 3, blockedRepeatSec: 3600, digestHourUtc: 1 };

/** An audit entry at T0 (the builder's applied 10 → 15 Mbps change unless overridden), with the seq each test gives. */
const entry = (seq: string, over: Partial<AuditEntry> = {}): AuditEntry => auditEntry({ atMs: T0, ...over, seq });

class FakeSink implements NotificationSink {
  readonly kind = 'fake';
  got: NotificationMessage[] = [];
  calls = 0;
  answers: DeliveryResult[] = [];
  constructor(readonly name = 'fake') {}
  async send(m: NotificationMessage): Promise<DeliveryResult> {
    this.calls++;
    const a = this.answers.shift() ?? { ok: true, status: 200 };
    if (a.ok) this.got.push(m);
    return a;
  }
}

function logs(): Logger & { lines: { level: string; msg: string; fields: LogFields }[] } {
  const lines: { level: string; msg: string; fields: LogFields }[] = [];
  return { lines, log: (level, msg, fields = {}) => void lines.push({ level, msg, fields }) };
}

function notifier(
  sink: NotificationSink,
  o: Partial<ConstructorParameters<typeof Notifier>[0]> = {},
  route: Partial<SinkRoute> = {},
) {
  const clock = new VirtualClock(T0);
  return new Notifier({
    routes: [{ sink, events: ALL, groups: [], ...route }],
    policy: POLICY,
    clock,
    logger: logs(),
    sleep: async () => {},
    ...o,
  });
}

describe('classify', () => {
  it('maps results and reasons to events', () => {
    expect(classify(entry('0'))).toEqual({ event: 'applied' });
    expect(classify(entry('1', { result: 'failed' }))).toEqual({ event: 'failed' });
    expect(classify(entry('2', { result: 'rolled-back' }))).toEqual({ event: 'rolled-back' });
    expect(classify(entry('3', { reason: 'strategy', decision: 'skip' }))).toEqual({ event: 'switched' });
    expect(
      classify(
        entry('4', {
          reason: 'billing-method',
          before: { internetChargeType: 'PayByBandwidth' },
          after: { internetChargeType: 'PayByTraffic' },
        }),
      ),
    ).toEqual({ event: 'switched' });
    expect(classify(entry('5', { result: 'skipped', reason: 'quota' }))).toEqual({ event: 'blocked', block: 'quota' });
    expect(classify(entry('6', { result: 'skipped', reason: 'security-locked' }))).toEqual({
      event: 'blocked',
      block: 'security-lock',
    });
    expect(classify(entry('7', { result: 'skipped', reason: 'eip-bound' }))).toEqual({
      event: 'blocked',
      block: 'eip-bound',
    });
    // Not blocks: a type off the ladder (`unsupported`), a subscription's upgrade that reverts by itself.
    expect(
      classify(entry('8', { result: 'skipped', reason: 'unsupported', message: 'not on the ladder' })),
    ).toBeUndefined();
    expect(classify(entry('9', { result: 'skipped', reason: 'no-permanent-downgrade' }))).toBeUndefined();
    expect(classify(entry('10', { result: 'applied', reason: 'kill-switch-on', decision: 'skip' }))).toEqual({
      event: 'kill-switch',
    });
    expect(classify(entry('11', { result: 'applied', reason: 'pause', decision: 'skip' }))).toEqual({
      event: 'paused',
    });
    expect(classify(entry('12', { result: 'skipped', reason: 'cooldown' }))).toBeUndefined();
    expect(classify(entry('13', { result: 'would-do' }))).toBeUndefined();
  });
});

describe('Notifier', () => {
  it('sends an applied entry with the change, reason and time; filtered by event and group', async () => {
    const sink = new FakeSink();
    const other = new FakeSink('other');
    const n = new Notifier({
      routes: [
        { sink, events: ALL, groups: [] },
        { sink: other, events: ['failed'], groups: ['db'] },
      ],
      policy: POLICY,
      clock: new VirtualClock(T0),
      logger: logs(),
    });
    n.observe(entry('0'));
    await n.idle();
    expect(sink.got).toHaveLength(1);
    expect(sink.got[0]?.title).toBe('[autoscaler] i-web1 applied: 10 → 15 Mbps');
    expect(sink.got[0]?.text).toContain('saturated: outbound 10 Mbps');
    expect(sink.got[0]?.text).toContain('2026-12-07T10:00:00Z');
    expect(other.got).toHaveLength(0);
  });

  it('observe returns before any send starts; a sink that never answers blocks nothing', async () => {
    let calls = 0;
    const hanging: NotificationSink = {
      name: 'h',
      kind: 'fake',
      send: () => {
        calls++;
        return new Promise(() => {});
      },
    };
    const n = notifier(hanging);
    for (let i = 0; i < 50; i++) expect(n.observe(entry(String(i)))).toBeUndefined();
    // Nothing of the delivery ran in the caller's turn.
    expect(calls).toBe(0);
    await new Promise((r) => setImmediate(r));
    // Then the first send is in flight and unanswered; the rest wait in the sink's queue, not in the caller.
    expect(calls).toBe(1);
  });

  it('idle(maxMs) gives up waiting and says something is left', async () => {
    const hanging: NotificationSink = { name: 'h', kind: 'fake', send: () => new Promise(() => {}) };
    const n = notifier(hanging);
    n.observe(entry('0'));
    expect(await n.idle(20)).toBe(false);
    const done = notifier(new FakeSink());
    done.observe(entry('1'));
    expect(await done.idle(1000)).toBe(true);
  });

  it('retries a retryable failure, at most maxAttempts times; a final refusal is not retried', async () => {
    const sink = new FakeSink();
    const log = logs();
    sink.answers = [
      { ok: false, retryable: true, error: 'HTTP 503' },
      { ok: false, retryable: true, error: 'HTTP 503' },
      { ok: false, retryable: true, error: 'HTTP 503' },
      { ok: false, retryable: false, error: 'refused' },
    ];
    const n = notifier(sink, { logger: log });
    n.observe(entry('0'));
    await n.idle();
    expect(sink.calls).toBe(3);
    n.observe(entry('1', { result: 'failed' }));
    await n.idle();
    expect(sink.calls).toBe(4);
    expect(n.stats).toMatchObject({ sent: 0, failed: 2 });
    expect(log.lines.filter((l) => l.msg === 'notification not delivered')).toHaveLength(2);
  });

  it('rate limit: at most maxPerMinute per sink; the next message says how many were dropped', async () => {
    let wall = 0;
    const sink = new FakeSink();
    const n = notifier(sink, { policy: { ...POLICY, maxPerMinute: 3 }, wallNow: () => wall });
    for (let i = 0; i < 10; i++) n.observe(entry(String(i)));
    await n.idle();
    expect(sink.got).toHaveLength(3);
    expect(n.stats.dropped).toBe(7);
    wall = 60_001;
    n.observe(entry('10', { result: 'failed' }));
    await n.idle();
    expect(sink.got).toHaveLength(4);
    expect(sink.got[3]?.text).toContain('7 earlier message(s) dropped by the rate limit');
  });

  it('a block is reported once per kind and window, across two notifiers sharing the store', async () => {
    const store = new MemoryStateStore();
    const a = new FakeSink('a');
    const b = new FakeSink('b');
    const na = notifier(a, { store });
    const nb = notifier(b, { store });
    const quota = (seq: string) => entry(seq, { result: 'skipped', reason: 'quota', decision: 'skip' });
    na.observe(quota('0'));
    nb.observe(quota('1'));
    na.observe(quota('2'));
    await Promise.all([na.idle(), nb.idle()]);
    expect(a.got.length + b.got.length).toBe(1);
    na.observe(entry('3', { result: 'skipped', reason: 'security-locked', decision: 'skip' }));
    na.observe(entry('4', { result: 'skipped', reason: 'quota', decision: 'skip', atMs: T0 + 3_600_000 }));
    await na.idle();
    expect(a.got.length + b.got.length).toBe(3);
    expect(a.got.at(-2)?.title).toContain('BLOCKED (security-lock)');
  });

  it('the digest goes out once a day, in the hours after digestHourUtc, across notifiers', async () => {
    const store = new MemoryStateStore();
    const sink = new FakeSink();
    const clock = new VirtualClock(Date.UTC(2026, 11, 7, 0, 30));
    let built = 0;
    const digest = async (nowMs: number): Promise<NotificationMessage> => {
      built++;
      return { event: 'digest', title: 'digest', text: String(nowMs), atMs: nowMs, data: {} };
    };
    const make = () => notifier(sink, { store, clock, digest });
    const n1 = make();
    const n2 = make();
    const skip = (seq: string) => entry(seq, { result: 'skipped', reason: 'cooldown' });
    // 00:30: before today's digest hour (01:00), and yesterday's window closed at 07:00.
    n1.observe(skip('0'));
    await n1.idle();
    expect(built).toBe(0);
    await clock.advanceTo(Date.UTC(2026, 11, 7, 1, 5));
    n1.observe(skip('1'));
    n2.observe(skip('2'));
    await Promise.all([n1.idle(), n2.idle()]);
    expect(sink.got.filter((m) => m.event === 'digest')).toHaveLength(1);
    await clock.advanceTo(Date.UTC(2026, 11, 7, 9));
    n2.observe(skip('3'));
    await n2.idle();
    expect(sink.got.filter((m) => m.event === 'digest')).toHaveLength(1);
    await clock.advanceTo(Date.UTC(2026, 11, 8, 1, 0, 1));
    n2.observe(skip('4'));
    await n2.idle();
    expect(sink.got.filter((m) => m.event === 'digest')).toHaveLength(2);
  });
});

describe('notifyingStore', () => {
  it('holds an applied entry until its commit; entries after a commit go at once', async () => {
    const inner = new MemoryStateStore();
    const sink = new FakeSink();
    const n = notifier(sink);
    const store = notifyingStore(inner, n);
    await store.appendAudit(entry('0', { actionKey: 'ak1' }));
    await n.idle();
    expect(sink.got).toHaveLength(0);
    await store.commit({ instanceId: 'i-web1', holder: 'h', actionKey: 'ak1', update: {} }).catch(() => undefined);
    await n.idle();
    expect(sink.got).toHaveLength(1);
    await store.appendAudit(entry('1', { actionKey: 'ak1', result: 'applied' }));
    await store.appendAudit(entry('2', { result: 'failed', actionKey: 'ak2' }));
    await n.idle();
    expect(sink.got).toHaveLength(3);
    // Everything else is the inner store's.
    expect((await store.listAudit('i-web1', { limit: 10 })).length).toBe(3);
  });

  it('an applied entry whose commit never comes is released after holdMs', async () => {
    const sink = new FakeSink();
    const n = notifier(sink);
    const store = notifyingStore(new MemoryStateStore(), n, { holdMs: 10 });
    await store.appendAudit(entry('0', { actionKey: 'lost' }));
    await new Promise((r) => setTimeout(r, 30));
    await n.idle();
    expect(sink.got).toHaveLength(1);
  });

  it('without routes the store is returned as is', () => {
    const inner = new MemoryStateStore();
    const n = new Notifier({ routes: [], policy: POLICY, clock: new VirtualClock(T0), logger: logs() });
    expect(notifyingStore(inner, n)).toBe(inner);
  });
});
