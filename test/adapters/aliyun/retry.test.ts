import { describe, expect, it } from 'vitest';
import { backoffDelayMs, type RetryPolicy, withRetry } from '../../../src/adapters/aliyun/retry.js';
import { CloudApiError } from '../../../src/core/errors.js';

/** A clock whose sleep returns at once and moves time, recording every sleep. */
function fakeClock(startMs = 0) {
  let nowMs = startMs;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => nowMs,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      nowMs += ms;
    },
  };
}

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000, maxElapsedMs: 10_000 };
const retryable = (code = 'Throttling') => new CloudApiError({ code, message: 'm', retryable: true });
const final = () => new CloudApiError({ code: 'InvalidParameter', message: 'm', retryable: false });

describe('backoffDelayMs (full jitter)', () => {
  it.each([
    { attempt: 1, random: 0.5, expected: 50 },
    { attempt: 2, random: 0.5, expected: 100 },
    { attempt: 3, random: 0.999, expected: 399 },
    { attempt: 10, random: 0.5, expected: 500 }, // capped at maxDelayMs
    { attempt: 1, random: 0, expected: 0 },
  ])('attempt $attempt with random $random → $expected ms', ({ attempt, random, expected }) => {
    expect(backoffDelayMs(attempt, policy, () => random)).toBe(expected);
  });
});

describe('withRetry', () => {
  it('retries retryable errors until success, sleeping on the injected clock', async () => {
    const clock = fakeClock();
    const seen: number[] = [];
    const result = await withRetry(
      async (attempt) => {
        seen.push(attempt);
        if (attempt < 3) throw retryable();
        return 'ok';
      },
      policy,
      clock,
      () => 0.5,
    );
    expect(result).toBe('ok');
    expect(seen).toEqual([1, 2, 3]);
    expect(clock.sleeps).toEqual([50, 100]);
  });

  it.each([
    { name: 'a final error at once', error: final(), attempts: 1 },
    { name: 'a plain Error at once', error: new Error('bug'), attempts: 1 },
    { name: 'a retryable error after maxAttempts', error: retryable(), attempts: 4 },
  ])('gives up on $name', async ({ error, attempts }) => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw error;
        },
        policy,
        fakeClock(),
        () => 0.5,
      ),
    ).rejects.toBe(error);
    expect(calls).toBe(attempts);
  });

  it('stops when the next sleep would pass maxElapsedMs', async () => {
    const clock = fakeClock();
    let calls = 0;
    const tight: RetryPolicy = { maxAttempts: 10, baseDelayMs: 1_000, maxDelayMs: 1_000, maxElapsedMs: 2_500 };
    await expect(
      withRetry(
        async () => {
          calls++;
          throw retryable('ServiceUnavailable');
        },
        tight,
        clock,
        () => 0.99,
      ),
    ).rejects.toMatchObject({ code: 'ServiceUnavailable' });
    expect(calls).toBe(3);
    expect(clock.sleeps).toEqual([990, 990]);
  });
});
