/**
 * Virtual time that runs `speed` times faster than the wall clock, for `npm start`: a demo replays an
 * evening's traffic in a minute while every emulator, the CMS alarm evaluator, the FC timers and the app
 * share one clock. It drives a VirtualClock from a real interval, so timers still run in time order and
 * each callback is awaited before time moves on (a slow callback delays virtual time; it never reorders it).
 */
import { type TimerClock, type TimerFn, VirtualClock } from './clock.js';

export interface AcceleratedClockOptions {
  /** Virtual milliseconds per real millisecond (e.g. 60: one virtual minute per real second). */
  speed: number;
  /** Virtual start time, epoch ms. */
  startMs: number;
  /** Real interval between advances, ms. Default 50. */
  tickMs?: number;
  onTimerError?: (err: unknown) => void;
}

export class AcceleratedClock implements TimerClock {
  private readonly virtual: VirtualClock;
  private readonly speed: number;
  private readonly tickMs: number;
  private handle: NodeJS.Timeout | undefined;
  private advancing = false;
  private lastRealMs = 0;

  constructor(opts: AcceleratedClockOptions) {
    if (!(opts.speed > 0)) throw new RangeError(`AcceleratedClock speed must be > 0 (got ${opts.speed})`);
    this.virtual = new VirtualClock(opts.startMs, { onTimerError: opts.onTimerError ?? (() => undefined) });
    this.speed = opts.speed;
    this.tickMs = opts.tickMs ?? 50;
  }

  /** Start moving time. Idempotent. */
  start(): void {
    if (this.handle) return;
    this.lastRealMs = Date.now();
    this.handle = setInterval(() => void this.tick(), this.tickMs);
    this.handle.unref();
  }

  stop(): void {
    if (this.handle) clearInterval(this.handle);
    this.handle = undefined;
  }

  private async tick(): Promise<void> {
    if (this.advancing) return;
    this.advancing = true;
    try {
      const real = Date.now();
      const step = (real - this.lastRealMs) * this.speed;
      this.lastRealMs = real;
      await this.virtual.advance(step);
    } finally {
      this.advancing = false;
    }
  }

  now(): number {
    return this.virtual.now();
  }

  sleep(ms: number): Promise<void> {
    return this.virtual.sleep(ms);
  }

  setTimer(atMs: number, fn: TimerFn): () => void {
    return this.virtual.setTimer(atMs, fn);
  }

  setInterval(periodMs: number, fn: TimerFn): () => void {
    return this.virtual.setInterval(periodMs, fn);
  }
}
