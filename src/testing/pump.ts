/**
 * Moving virtual time while real I/O is in flight, and running that work with bounded concurrency, for the tests
 * and the bench. The product sleeps on its Clock (SDK retry backoff, the CMS token bucket, orchestration polls);
 * a VirtualClock only moves when told. `pumpUntil` advances it to due timers, never past `horizonMs`, so a
 * scenario can keep time short of the next reconcile tick or lease expiry while its requests run; `pacedUntil`
 * lets time pass as it would for a busy system. Every loop here is bounded in wall time.
 */
import type { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface PumpOptions {
  /** Never advance past this virtual time (epoch ms). Default: unbounded. */
  horizonMs?: number;
  /**
   * Jump at once only to timers at most this far ahead, ms. A farther timer is reached only when `progress` has
   * not moved for `idleJumpMs` of wall time, so a storm does not burn its virtual horizon while its requests are
   * busy on real I/O (the bench passes 1000). Default: every due timer at once.
   */
  lookaheadMs?: number;
  /** Default 1000. */
  idleJumpMs?: number;
  /** A counter of finished work items (default: never moves, so far timers wait `idleJumpMs` each). */
  progress?: () => number;
  /** Give up (throw) after this much wall time, ms. Default 120,000. */
  wallTimeoutMs?: number;
  /** Wall wait when no timer is due, ms. Default 2. */
  idleMs?: number;
}

/** Settle `work`, advancing `clock` to due timers (up to the horizon) whenever the work waits on it. */
export async function pumpUntil<T>(clock: VirtualClock, work: Promise<T>, o: PumpOptions = {}): Promise<T> {
  let settled = false;
  const done = work.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  const horizonMs = o.horizonMs ?? Number.POSITIVE_INFINITY;
  const lookaheadMs = o.lookaheadMs ?? Number.POSITIVE_INFINITY;
  const wallTimeoutMs = o.wallTimeoutMs ?? 120_000;
  const deadline = Date.now() + wallTimeoutMs;
  let idleSince = Date.now();
  let lastProgress = o.progress?.() ?? 0;
  while (!settled) {
    if (Date.now() > deadline) {
      const at = new Date(clock.now()).toISOString();
      const horizon = Number.isFinite(horizonMs) ? new Date(horizonMs).toISOString() : 'none';
      throw new Error(
        `pumpUntil: work still pending after ${wallTimeoutMs} ms of wall time (virtual time ${at}; horizon ${horizon})`,
      );
    }
    const progress = o.progress?.() ?? 0;
    if (progress !== lastProgress) [lastProgress, idleSince] = [progress, Date.now()];
    const next = clock.nextTimerAtMs();
    const near = next !== undefined && next <= clock.now() + lookaheadMs;
    const stalled = Date.now() - idleSince > (o.idleJumpMs ?? 1000);
    if (next !== undefined && next <= horizonMs && (near || stalled)) {
      await clock.advanceTo(next);
      idleSince = Date.now();
    } else {
      await Promise.race([done, realSleep(o.idleMs ?? 2)]);
    }
  }
  return work;
}

/** Run `fn` over `items` with at most `limit` in flight; results keep input order; rejections are kept. */
export async function boundedAll<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  const out: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        out[i] = { status: 'fulfilled', value: await fn(items[i] as T, i) };
      } catch (reason) {
        out[i] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

/** Seeded Fisher–Yates shuffle (a copy). */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a;
}

export interface PacedOptions {
  /** Stop when virtual time reaches this (epoch ms). */
  untilMs: number;
  /** True while work is in flight (an invocation running, a delivery pending). */
  busy: () => boolean;
  /** Stop early once this returns true (e.g. the deliveries being paced have all been answered). */
  done?: () => boolean;
  /** Virtual ms per wall ms while busy. Default 100. */
  speed?: number;
  /** Give up (throw) after this much wall time. Default 120 s. */
  wallTimeoutMs?: number;
}

/**
 * Move virtual time to `untilMs` the way it would pass for a busy system: while work is in flight, at
 * `speed` × wall time (so a 120 s lease outlives any call that takes less than 1.2 s of wall time at 100×);
 * while nothing is in flight, straight to the next timer (a tick, a sample, an FC retry).
 */
export async function pacedUntil(clock: VirtualClock, o: PacedOptions): Promise<void> {
  const speed = o.speed ?? 100;
  const deadline = Date.now() + (o.wallTimeoutMs ?? 120_000);
  let lastWall = Date.now();
  while (clock.now() < o.untilMs && !o.done?.()) {
    if (Date.now() > deadline) throw new Error(`pacedUntil: ${new Date(o.untilMs).toISOString()} not reached in time`);
    if (!o.busy()) {
      const next = clock.nextTimerAtMs();
      await clock.advanceTo(next === undefined ? o.untilMs : Math.min(next, o.untilMs));
      // Let what the timer started register as busy before deciding again.
      await new Promise((r) => setTimeout(r, 2));
      lastWall = Date.now();
      continue;
    }
    await new Promise((r) => setTimeout(r, 5));
    const now = Date.now();
    await clock.advanceTo(Math.min(o.untilMs, clock.now() + (now - lastWall) * speed));
    lastWall = now;
  }
}
