/**
 * Clocks for the local cloud. Emulators and the simulator take a `TimerClock` so that the same code runs
 * against wall time (`RealClock`) or against a `VirtualClock` that the simulator advances by hand, which is
 * how days of traffic replay in seconds.
 */
import type { Clock } from './types.js';

/** A timer callback; a returned promise is awaited by `VirtualClock.advance` before time moves on. */
export type TimerFn = () => void | Promise<void>;

/** A Clock that can also schedule work. `cancel()` is idempotent. */
export interface TimerClock extends Clock {
  /** Run `fn` once when the clock reaches `atMs` (epoch ms). Past times fire on the next advance / tick. */
  setTimer(atMs: number, fn: TimerFn): () => void;
  /** Run `fn` every `periodMs` (> 0), first at now + periodMs. */
  setInterval(periodMs: number, fn: TimerFn): () => void;
}

interface PendingTimer {
  atMs: number;
  /** Insertion order: timers due at the same instant run in the order they were set. */
  seq: number;
  fn: TimerFn;
}

/** Let promise continuations (and sleepers woken by a timer) run before the next timer is picked. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Virtual time. Nothing happens until `advance`/`advanceTo` is called; then due timers run in time order
 * (ties in insertion order), `now()` equals each timer's due time while it runs, and each callback's promise
 * is awaited before the next one starts. Concurrent `advance` calls are serialised.
 */
export class VirtualClock implements TimerClock {
  private nowMs: number;
  private seq = 0;
  private readonly timers = new Map<number, PendingTimer>();
  private queue: Promise<void> = Promise.resolve();
  private readonly onTimerError: ((err: unknown) => void) | undefined;

  /**
   * @param startMs initial epoch ms (default 2025-01-01T00:00:00Z).
   * @param opts.onTimerError called when a timer callback throws; by default the first error is rethrown by
   *   the `advance` call after time has reached its target, so a failing timer never freezes time.
   */
  constructor(startMs = Date.UTC(2025, 0, 1), opts: { onTimerError?: (err: unknown) => void } = {}) {
    if (!Number.isFinite(startMs))
      throw new RangeError(`VirtualClock startMs must be a finite number (got ${startMs})`);
    this.nowMs = startMs;
    this.onTimerError = opts.onTimerError;
  }

  now(): number {
    return this.nowMs;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.setTimer(this.nowMs + Math.max(0, ms), resolve);
    });
  }

  setTimer(atMs: number, fn: TimerFn): () => void {
    if (!Number.isFinite(atMs)) throw new RangeError(`setTimer atMs must be a finite number (got ${atMs})`);
    const seq = this.seq++;
    this.timers.set(seq, { atMs, seq, fn });
    return () => {
      this.timers.delete(seq);
    };
  }

  setInterval(periodMs: number, fn: TimerFn): () => void {
    if (!(periodMs > 0) || !Number.isFinite(periodMs)) {
      throw new RangeError(`setInterval periodMs must be a finite number > 0 (got ${periodMs})`);
    }
    let cancelCurrent: () => void = () => {};
    let cancelled = false;
    const schedule = (atMs: number): void => {
      cancelCurrent = this.setTimer(atMs, async () => {
        // Re-arm first so a slow callback cannot shift the schedule.
        if (!cancelled) schedule(atMs + periodMs);
        await fn();
      });
    };
    schedule(this.nowMs + periodMs);
    return () => {
      cancelled = true;
      cancelCurrent();
    };
  }

  /** Number of pending timers (for tests and leak checks). */
  pendingTimers(): number {
    return this.timers.size;
  }

  /** Due time of the earliest pending timer, or undefined when none is pending. */
  nextTimerAtMs(): number | undefined {
    return this.earliest()?.atMs;
  }

  /** Move time forward by `ms` (≥ 0), running every timer that falls due on the way. */
  advance(ms: number): Promise<void> {
    if (!(ms >= 0)) return Promise.reject(new RangeError(`advance ms must be ≥ 0 (got ${ms})`));
    // Resolve the target when this advance starts, not when it is queued.
    return this.enqueue(() => this.runUntil(this.nowMs + ms));
  }

  /** Move time forward to `targetMs`; a target in the past only runs timers that are already due. */
  advanceTo(targetMs: number): Promise<void> {
    if (!Number.isFinite(targetMs)) return Promise.reject(new RangeError(`advanceTo targetMs must be finite`));
    return this.enqueue(() => this.runUntil(Math.max(targetMs, this.nowMs)));
  }

  private enqueue(job: () => Promise<void>): Promise<void> {
    const run = this.queue.then(job);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private earliest(): PendingTimer | undefined {
    let best: PendingTimer | undefined;
    for (const t of this.timers.values()) {
      if (!best || t.atMs < best.atMs || (t.atMs === best.atMs && t.seq < best.seq)) best = t;
    }
    return best;
  }

  private async runUntil(targetMs: number): Promise<void> {
    let firstError: { err: unknown } | undefined;
    // Let code that was just woken (or just called advance) register its timers first.
    await yieldToEventLoop();
    for (let next = this.earliest(); next && next.atMs <= targetMs; next = this.earliest()) {
      this.timers.delete(next.seq);
      this.nowMs = Math.max(this.nowMs, next.atMs);
      try {
        await next.fn();
      } catch (err) {
        if (this.onTimerError) this.onTimerError(err);
        else firstError ??= { err };
      }
      await yieldToEventLoop();
    }
    this.nowMs = targetMs;
    if (firstError) throw firstError.err;
  }
}

/** Longest delay Node's setTimeout accepts; longer waits are chained. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** Wall time. Timers are unref'd so a pending emulator timer never keeps a process alive on its own. */
export class RealClock implements TimerClock {
  now(): number {
    return Date.now();
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
  }

  setTimer(atMs: number, fn: TimerFn): () => void {
    let handle: NodeJS.Timeout | undefined;
    let cancelled = false;
    const arm = (): void => {
      const delayMs = atMs - Date.now();
      if (delayMs > MAX_TIMEOUT_MS) {
        handle = setTimeout(arm, MAX_TIMEOUT_MS);
      } else {
        handle = setTimeout(
          () => {
            if (!cancelled) void Promise.resolve().then(fn).catch(reportTimerError);
          },
          Math.max(0, delayMs),
        );
      }
      handle.unref();
    };
    arm();
    return () => {
      cancelled = true;
      if (handle) clearTimeout(handle);
    };
  }

  setInterval(periodMs: number, fn: TimerFn): () => void {
    if (!(periodMs > 0) || !Number.isFinite(periodMs)) {
      throw new RangeError(`setInterval periodMs must be a finite number > 0 (got ${periodMs})`);
    }
    const handle = setInterval(() => void Promise.resolve().then(fn).catch(reportTimerError), periodMs);
    handle.unref();
    return () => clearInterval(handle);
  }
}

function reportTimerError(err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(
    `${JSON.stringify({ level: 'error', ts: new Date().toISOString(), msg: 'timer failed', error: message })}\n`,
  );
}
