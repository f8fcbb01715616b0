/**
 * Virtual time that two processes agree on without talking: `now = startMs + (wall − wallStartMs) × speed`.
 * The crash tests run the app in a child process against emulators served by the parent; both build a
 * ScaledClock from the same three numbers, so leases, cooldowns and the emulators' transitions line up, and
 * minutes of virtual time (lease expiry, Stopping → Stopped) pass in a fraction of a second.
 */
import type { TimerClock, TimerFn } from '@ecs-autoscaler/local-cloud/clock.js';

export interface ScaledClockSpec {
  startMs: number;
  wallStartMs: number;
  speed: number;
}

export class ScaledClock implements TimerClock {
  constructor(readonly spec: ScaledClockSpec) {
    if (!(spec.speed > 0)) throw new RangeError(`ScaledClock speed must be > 0 (got ${spec.speed})`);
  }

  now(): number {
    return Math.floor(this.spec.startMs + (Date.now() - this.spec.wallStartMs) * this.spec.speed);
  }

  /** Wall milliseconds until virtual time `atMs`. */
  private wallUntil(atMs: number): number {
    return Math.max(0, (atMs - this.now()) / this.spec.speed);
  }

  /** Not unref'd: a process whose only pending work is a sleep (an orchestration poll) must stay alive. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms) / this.spec.speed));
  }

  setTimer(atMs: number, fn: TimerFn): () => void {
    const handle = setTimeout(
      () =>
        void Promise.resolve()
          .then(fn)
          .catch(() => undefined),
      this.wallUntil(atMs),
    );
    handle.unref();
    return () => clearTimeout(handle);
  }

  setInterval(periodMs: number, fn: TimerFn): () => void {
    const handle = setInterval(
      () =>
        void Promise.resolve()
          .then(fn)
          .catch(() => undefined),
      periodMs / this.spec.speed,
    );
    handle.unref();
    return () => clearInterval(handle);
  }
}
