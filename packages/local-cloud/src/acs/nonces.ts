/**
 * Replay protection: a signature nonce may be used once within the accepted time window. Entries older than
 * the window are forgotten (a replay that old is already refused by the timestamp check).
 */
export class NonceCache {
  private readonly seen = new Map<string, number>();
  private lastPruneMs = 0;

  /** @param windowMs how long a nonce is remembered (the allowed clock skew). */
  constructor(
    private readonly windowMs: number,
    private readonly maxEntries = 1_000_000,
  ) {}

  /** True the first time `key` is seen within the window; false for a replay. */
  claim(key: string, nowMs: number): boolean {
    this.prune(nowMs);
    const at = this.seen.get(key);
    if (at !== undefined && nowMs - at <= this.windowMs) return false;
    this.seen.delete(key); // re-insert at the end to keep the map in time order
    this.seen.set(key, nowMs);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  private prune(nowMs: number): void {
    if (nowMs - this.lastPruneMs < 10_000 && this.seen.size < this.maxEntries) return;
    this.lastPruneMs = nowMs;
    // Map iteration is insertion order, so the oldest entries come first.
    for (const [key, at] of this.seen) {
      if (nowMs - at <= this.windowMs && this.seen.size < this.maxEntries) break;
      this.seen.delete(key);
    }
  }
}
