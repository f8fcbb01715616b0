/**
 * Moving virtual time while real HTTP work is in flight, and running that work with bounded concurrency.
 * The product sleeps on its Clock (the CMS token bucket, SDK retry backoff); a VirtualClock only moves when
 * told, so `pumpUntil` advances it to each due timer, never past a horizon. Every loop is bounded in wall time.
 */
import type { VirtualClock } from '../local/clock.js';

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface PumpOptions {
  /** Never advance past this virtual time (epoch ms). */
  horizonMs: number;
  /**
   * Jump at once only to timers at most this far ahead, ms (token-bucket waits, short backoffs). A farther timer
   * (the next CMS sample) is reached only when `progress` has not moved for `idleJumpMs` of wall time, so a
   * storm does not burn its virtual horizon while its requests are busy on real I/O. Default 1000.
   */
  lookaheadMs?: number;
  /** Default 1000. */
  idleJumpMs?: number;
  /** A counter of finished work items (default: never moves, so far timers wait `idleJumpMs` each). */
  progress?: () => number;
  /** Give up after this much wall time, ms. Default 600,000. */
  wallTimeoutMs?: number;
}

/** Settle `work`, advancing `clock` to due timers (up to the horizon) whenever the work waits on it. */
export async function pumpUntil<T>(clock: VirtualClock, work: Promise<T>, o: PumpOptions): Promise<T> {
  let settled = false;
  const done = work.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  const wallTimeoutMs = o.wallTimeoutMs ?? 600_000;
  const deadline = Date.now() + wallTimeoutMs;
  let idleSince = Date.now();
  let lastProgress = o.progress?.() ?? 0;
  while (!settled) {
    if (Date.now() > deadline) {
      const at = new Date(clock.now()).toISOString();
      throw new Error(
        `work still pending after ${wallTimeoutMs} ms of wall time (virtual time ${at}; horizon ${new Date(o.horizonMs).toISOString()}): use a smaller size`,
      );
    }
    const progress = o.progress?.() ?? 0;
    if (progress !== lastProgress) [lastProgress, idleSince] = [progress, Date.now()];
    const next = clock.nextTimerAtMs();
    const near = next !== undefined && next <= clock.now() + (o.lookaheadMs ?? 1000);
    const stalled = Date.now() - idleSince > (o.idleJumpMs ?? 1000);
    if (next !== undefined && next <= o.horizonMs && (near || stalled)) {
      await clock.advanceTo(next);
      idleSince = Date.now();
    } else {
      await Promise.race([done, realSleep(2)]);
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
