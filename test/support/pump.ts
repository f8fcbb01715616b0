/**
 * Moving virtual time while real I/O is in flight. The app sleeps on the clock (SDK retry backoff, the CMS
 * token bucket, orchestration polls); a VirtualClock only moves when told. `pumpUntil` advances it to each
 * pending timer, but never past `horizonMs`, so a scenario can keep time short of the next reconcile tick or
 * lease expiry while its requests run. Every loop here is bounded in wall time.
 */
import type { VirtualClock } from '../../src/local/clock.js';

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface PumpOptions {
  /** Never advance past this virtual time (epoch ms). Default: unbounded. */
  horizonMs?: number;
  /** Give up (throw) after this much wall time. Default 120 s. */
  wallTimeoutMs?: number;
  /** Wall wait when no timer is due within the horizon. Default 2 ms. */
  idleMs?: number;
}

/** Settle `work`, advancing `clock` to due timers (within the horizon) whenever the work waits on it. */
export async function pumpUntil<T>(clock: VirtualClock, work: Promise<T>, opts: PumpOptions = {}): Promise<T> {
  let settled = false;
  const done = work.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  const horizon = opts.horizonMs ?? Number.POSITIVE_INFINITY;
  const deadline = Date.now() + (opts.wallTimeoutMs ?? 120_000);
  while (!settled) {
    if (Date.now() > deadline)
      throw new Error(`pumpUntil: work still pending after ${opts.wallTimeoutMs ?? 120_000} ms`);
    const next = clock.nextTimerAtMs();
    if (next !== undefined && next <= horizon) await clock.advanceTo(next);
    else await Promise.race([done, realSleep(opts.idleMs ?? 2)]);
  }
  return work;
}

// One implementation of bounded concurrency and the seeded shuffle, shared with the benchmarks.
export { boundedAll, shuffled } from '../../src/bench/pump.js';

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
