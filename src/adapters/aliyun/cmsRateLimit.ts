/**
 * A token bucket on the injected Clock that keeps the CMS adapter under the account's flow-control limit
 * (50 calls/s shared by every caller of DescribeMetricList/Last/Data/Top). Callers wait their turn in FIFO
 * order; waiting uses `clock.sleep`, so a simulator on a virtual clock never waits for real.
 */
import type { Clock } from '../../ports/Clock.js';

export class TokenBucket {
  private tokens: number;
  private lastRefillMs: number;
  private queue: Promise<void> = Promise.resolve();

  /**
   * @param ratePerSec tokens added per second (the sustained call rate)
   * @param burst bucket size (calls allowed at once after a quiet period), default ratePerSec ÷ 4 (≥ 1).
   *   The server counts calls in any 1 s window and a bucket of size B lets up to B + ratePerSec calls into
   *   one window, so the default 40/s stays within the account's 50. A burst > 1 also matters on a virtual
   *   clock that is frozen while a handler runs: a few calls can then proceed without waiting for time.
   */
  constructor(
    private readonly clock: Clock,
    readonly ratePerSec: number,
    readonly burst = Math.max(1, Math.floor(ratePerSec / 4)),
  ) {
    if (!(ratePerSec > 0) || !(burst >= 1)) {
      throw new RangeError(`TokenBucket needs ratePerSec > 0 and burst ≥ 1 (got ${ratePerSec}, ${burst})`);
    }
    this.tokens = burst;
    this.lastRefillMs = clock.now();
  }

  /** Resolves when the caller may make one call. */
  acquire(): Promise<void> {
    const turn = this.queue.then(() => this.take());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async take(): Promise<void> {
    // Bounded: after one sleep of the computed wait a token is always available.
    for (let i = 0; i < 3; i++) {
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.clock.sleep(Math.ceil(((1 - this.tokens) * 1000) / this.ratePerSec));
    }
    this.refill();
    this.tokens = Math.max(0, this.tokens - 1);
  }

  private refill(): void {
    const nowMs = this.clock.now();
    const elapsedMs = Math.max(0, nowMs - this.lastRefillMs);
    this.tokens = Math.min(this.burst, this.tokens + (elapsedMs * this.ratePerSec) / 1000);
    this.lastRefillMs = nowMs;
  }
}
