/**
 * CMS flow control: the metric-data APIs allow 50 calls per second per account (shared by its RAM users);
 * beyond that the call fails with `Throttling.User`. Counted on the emulator clock so that tests and the
 * simulator see the same behaviour at any replay speed.
 */
import type { Clock } from '../types.js';

export class CallRateLimiter {
  private readonly stamps: number[] = [];

  /** @param maxCallsPerSec calls allowed in any 1 s window; Infinity or ≤ 0 disables the limit. */
  constructor(
    private readonly clock: Clock,
    readonly maxCallsPerSec: number,
  ) {}

  /** Counts the call and returns true, or returns false (not counted) when the window is full. */
  tryAcquire(): boolean {
    if (!(this.maxCallsPerSec > 0) || !Number.isFinite(this.maxCallsPerSec)) return true;
    const nowMs = this.clock.now();
    while (this.stamps.length > 0 && (this.stamps[0] as number) <= nowMs - 1000) this.stamps.shift();
    if (this.stamps.length >= this.maxCallsPerSec) return false;
    this.stamps.push(nowMs);
    return true;
  }
}
