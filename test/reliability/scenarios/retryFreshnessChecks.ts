/** The assertions of the retry-after-503 and fresh-only scenarios, shared by the fast and the full suite. */
import { expect } from 'vitest';
import type { runFreshOnly, runRetryAfter503 } from './retryFreshness.js';

/** "retried after 503: processed, not duplicate". */
export function assertRetryAfter503(r: Awaited<ReturnType<typeof runRetryAfter503>>): void {
  const f = r.figures;
  const n = r.instances;
  expect({ answered503: f.answered503, ecsCallsDuring503: f.ecsCallsDuring503 }).toEqual({
    answered503: n,
    ecsCallsDuring503: 0,
  });
  expect(f.storeFaults).toBeGreaterThan(0);
  expect({ processed: f.retriedProcessed, applied: f.retriedApplied, duplicate: f.retriedDuplicate }).toEqual({
    processed: n,
    applied: n,
    duplicate: 0,
  });
  expect({ thirdCopyDuplicate: f.thirdCopyDuplicate, changes: f.changes, duplicates: f.duplicates }).toEqual({
    thirdCopyDuplicate: n,
    changes: n,
    duplicates: 0,
  });
  expect(r.leaks).toEqual([]);
  process.stdout.write(
    `retried after 503: processed, not duplicate (${f.retriedApplied} of ${n} applied on the retry)\n`,
  );
}

/** "fresh-only: 0 stale actions", and the refused-call log bound. */
export function assertFreshOnly(r: Awaited<ReturnType<typeof runFreshOnly>>): void {
  const f = r.figures;
  const n = r.instances;
  expect(f).toMatchObject({
    ignored_y2001: n,
    ignored_y1970: n,
    ignored_y2100: n,
    ignored_sixMinutesOld: n,
    ignored_cnBeijing: n,
    staleActions: 0,
    non200: 0,
    applied: n,
    replayDuplicates: 2 * n,
    lateStale: n,
    changes: n,
    duplicates: 0,
  });
  expect(r.forged.refused401).toBe(r.forged.calls);
  expect(r.forged.logged).toBe(10);
  expect(r.forged.suppressedReported).toBe(r.forged.calls - 10);
  expect(r.leaks).toEqual([]);
  process.stdout.write(`fresh-only: ${f.staleActions} stale actions\n`);
}
