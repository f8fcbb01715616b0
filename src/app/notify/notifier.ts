/**
 * The notifier: turns committed audit entries into messages and delivers them in the background. Nothing here
 * is awaited by a decision: `observe` returns at once and never throws; delivery failures are logged (sink name,
 * kind and error only: never the URL or the secret) and dropped after `maxAttempts`. Per sink: one message in
 * flight, a bounded queue, at most `maxPerMinute` sends per minute of wall time (the rest are dropped and the
 * next message says how many). A blocked instance is reported once per block kind and `blockedRepeatSec`, across
 * every container, by a dedupe key in the state store; the daily digest once per day the same way, by the first
 * evaluation in the 6 hours after `digestHourUtc`.
 */
import type { NotificationEvent, NotificationsConfig } from '../../core/config/types.js';
import type { AuditEntry } from '../../core/types.js';
import type { Clock } from '../../ports/Clock.js';
import type { Logger } from '../../ports/Logger.js';
import type { NotificationMessage, NotificationSink } from '../../ports/NotificationSink.js';
import type { StateStore } from '../../ports/StateStore.js';
import { classify, entryMessage } from './messages.js';

export interface SinkRoute {
  sink: NotificationSink;
  events: readonly NotificationEvent[];
  /** Empty: every group. */
  groups: readonly string[];
}

export interface NotifierOptions {
  routes: SinkRoute[];
  policy: Pick<NotificationsConfig, 'maxPerMinute' | 'maxAttempts' | 'blockedRepeatSec' | 'digestHourUtc'>;
  /** The app's clock: audit times, block windows, the digest's day. */
  clock: Clock;
  logger: Logger;
  /** For the cross-container dedupe of blocks and digests (the raw store, not a notifying one). */
  store?: StateStore;
  /** Builds the daily digest ending at `nowMs` (digest.ts); absent = no digest. */
  digest?: (nowMs: number) => Promise<NotificationMessage>;
  /** Wall clock for the rate limit (platform limits are in real time). Default Date.now. */
  wallNow?: () => number;
  /** Backoff between attempts. Default: real timers (500 ms, 1 s, 2 s …). */
  sleep?: (ms: number) => Promise<void>;
  /** Messages waiting per sink at most; more are dropped and counted. Default 200. */
  maxQueue?: number;
}

interface Lane {
  route: SinkRoute;
  queue: NotificationMessage[];
  busy: boolean;
  sentAt: number[];
  dropped: number;
}

export interface NotifierStats {
  sent: number;
  failed: number;
  dropped: number;
}

const DAY_MS = 86_400_000;
/** The digest is sent by the first evaluation within this long after `digestHourUtc`. */
const DIGEST_WINDOW_MS = 6 * 3_600_000;
const realSleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms).unref());

export class Notifier {
  readonly stats: NotifierStats = { sent: 0, failed: 0, dropped: 0 };
  private readonly lanes: Lane[];
  private readonly pending = new Set<Promise<unknown>>();
  private readonly blockSeen = new Set<string>();
  private digestDoneDay = Number.NEGATIVE_INFINITY;

  constructor(private readonly o: NotifierOptions) {
    this.lanes = o.routes.map((route) => ({ route, queue: [], busy: false, sentAt: [], dropped: 0 }));
  }

  get enabled(): boolean {
    return this.lanes.length > 0;
  }

  /** An audit entry was committed: send what it is worth. Returns at once; never throws. */
  observe(entry: AuditEntry): void {
    if (!this.enabled) return;
    try {
      const c = classify(entry);
      if (c?.block) this.track(this.blockThenSend(entry, c.block, entryMessage(entry, c)));
      else if (c) this.send(entryMessage(entry, c));
      this.maybeDigest();
    } catch (err) {
      this.o.logger.log('warn', 'notification skipped', { error: err instanceof Error ? err.message : String(err) });
    }
  }

  /** Queue a message for every sink that wants its event and group. */
  send(m: NotificationMessage): void {
    for (const lane of this.lanes) {
      const { events, groups } = lane.route;
      if (!events.includes(m.event as NotificationEvent)) continue;
      if (m.group !== undefined && groups.length > 0 && !groups.includes(m.group)) continue;
      if (lane.queue.length >= (this.o.maxQueue ?? 200)) {
        lane.dropped++;
        this.stats.dropped++;
        continue;
      }
      lane.queue.push(m);
      if (!lane.busy) this.track(this.drain(lane));
    }
  }

  /**
   * Resolves once everything queued so far has been delivered or given up (tests, the CLI), or after `maxMs` real
   * ms when given (an FC handler that must answer in time: what is left continues in the background). True when
   * nothing is left.
   */
  async idle(maxMs?: number): Promise<boolean> {
    const drained = (async () => {
      while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
    })();
    if (maxMs === undefined) {
      await drained;
      return true;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((done) => {
      timer = setTimeout(done, maxMs);
    });
    await Promise.race([drained, timeout]);
    clearTimeout(timer);
    return this.pending.size === 0;
  }

  private track(p: Promise<unknown>): void {
    const guarded = p.catch((err: unknown) =>
      this.o.logger.log('warn', 'notification failed', { error: err instanceof Error ? err.message : String(err) }),
    );
    this.pending.add(guarded);
    void guarded.finally(() => this.pending.delete(guarded));
  }

  private async blockThenSend(e: AuditEntry, block: string, m: NotificationMessage): Promise<void> {
    const windowMs = this.o.policy.blockedRepeatSec * 1000;
    const key = `notify:blocked:${e.instanceId}:${block}:${Math.floor(e.atMs / windowMs)}`;
    if (this.blockSeen.has(key)) return;
    this.blockSeen.add(key);
    if (this.blockSeen.size > 10_000) this.blockSeen.clear();
    if (this.o.store) {
      const ttlSec = Math.min(604_800, Math.ceil(windowMs / 1000));
      if (!(await this.o.store.putDedupe(key, this.o.clock.now(), ttlSec))) return;
    }
    this.send(m);
  }

  private maybeDigest(): void {
    const build = this.o.digest;
    if (!build) return;
    const nowMs = this.o.clock.now();
    const sinceHour = nowMs - this.o.policy.digestHourUtc * 3_600_000;
    const day = Math.floor(sinceHour / DAY_MS);
    // Only in the hours after the digest hour: a deployment (or a demo) starting at 00:41 does not send
    // yesterday's digest at once; the 5-minute tick makes sure an evaluation falls inside the window.
    if (day <= this.digestDoneDay || sinceHour - day * DAY_MS >= DIGEST_WINDOW_MS) return;
    this.digestDoneDay = day;
    this.track(
      (async () => {
        const key = `notify:digest:${day}`;
        if (this.o.store && !(await this.o.store.putDedupe(key, nowMs, 2 * 86_400))) return;
        this.send(await build(nowMs));
      })(),
    );
  }

  private async drain(lane: Lane): Promise<void> {
    lane.busy = true;
    try {
      for (let m = lane.queue.shift(); m; m = lane.queue.shift()) await this.deliver(lane, m);
    } finally {
      lane.busy = false;
    }
  }

  private allowed(lane: Lane): boolean {
    const now = (this.o.wallNow ?? Date.now)();
    lane.sentAt = lane.sentAt.filter((t) => now - t < 60_000);
    if (lane.sentAt.length >= this.o.policy.maxPerMinute) return false;
    lane.sentAt.push(now);
    return true;
  }

  private async deliver(lane: Lane, message: NotificationMessage): Promise<void> {
    const { sink } = lane.route;
    if (!this.allowed(lane)) {
      lane.dropped++;
      this.stats.dropped++;
      return;
    }
    const m = lane.dropped > 0 ? withDropped(message, lane.dropped) : message;
    const dropped = lane.dropped;
    lane.dropped = 0;
    const sleep = this.o.sleep ?? realSleep;
    for (let attempt = 1; ; attempt++) {
      // Started on a later microtask: not even the request's building and signing runs in the caller's turn.
      const r = await Promise.resolve()
        .then(() => sink.send(m))
        .catch((err: unknown) => ({
          ok: false as const,
          retryable: true,
          error: err instanceof Error ? err.message : String(err),
        }));
      if (r.ok) {
        this.stats.sent++;
        return;
      }
      if (!r.retryable || attempt >= this.o.policy.maxAttempts) {
        this.stats.failed++;
        this.o.logger.log('warn', 'notification not delivered', {
          sink: sink.name,
          kind: sink.kind,
          event: m.event,
          attempts: attempt,
          error: r.error,
          ...(dropped > 0 ? { droppedBefore: dropped } : {}),
        });
        return;
      }
      await sleep(500 * 2 ** (attempt - 1));
    }
  }
}

function withDropped(m: NotificationMessage, n: number): NotificationMessage {
  return {
    ...m,
    text: `${m.text}\n(${n} earlier message(s) dropped by the rate limit)`,
    data: { ...m.data, dropped: n },
  };
}
