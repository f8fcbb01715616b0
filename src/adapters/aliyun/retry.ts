/**
 * Retries with full-jitter exponential backoff (delay = random × min(maxDelay, base × 2^(n-1))), bounded by
 * attempts and elapsed time, sleeping on the injected Clock (virtual in the simulator). The caller builds the
 * request once, so every attempt carries the same ClientToken: a retry after a lost reply is a replay.
 */
import { CloudApiError } from '../../core/errors.js';
import type { Clock } from '../../ports/Clock.js';

export interface RetryPolicy {
  /** Total attempts including the first (≥ 1). */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Give up when the next sleep would end later than this after the first attempt started. */
  maxElapsedMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  maxElapsedMs: 30_000,
};
export const NO_RETRY: RetryPolicy = { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0, maxElapsedMs: 0 };

/** Full-jitter delay before attempt `attempt + 1` (attempt counts from 1). */
export function backoffDelayMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  const capMs = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * capMs);
}

export interface RetryHooks {
  /** Default: `err instanceof CloudApiError && err.retryable`. */
  isRetryable?: (err: unknown) => boolean;
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
}

/** Run `fn` (given the 1-based attempt number) until it succeeds, fails finally, or the policy is spent. */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  clock: Clock,
  random: () => number,
  hooks: RetryHooks = {},
): Promise<T> {
  const isRetryable = hooks.isRetryable ?? ((e: unknown) => e instanceof CloudApiError && e.retryable);
  const startedMs = clock.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (!isRetryable(err) || attempt >= policy.maxAttempts) throw err;
      const delayMs = backoffDelayMs(attempt, policy, random);
      if (clock.now() + delayMs - startedMs > policy.maxElapsedMs) throw err;
      hooks.onRetry?.({ attempt, delayMs, error: err });
      await clock.sleep(delayMs);
    }
  }
}
