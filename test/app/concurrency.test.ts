import { describe, expect, it } from 'vitest';
import { mapBounded } from '../../src/app/concurrency.js';

describe('mapBounded', () => {
  it.each([1, 3, 16])('keeps order, captures failures, never exceeds a limit of %i', async (limit) => {
    let inFlight = 0;
    let peak = 0;
    const items = Array.from({ length: 10 }, (_, i) => i);
    const results = await mapBounded(items, limit, async (i) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, (10 - i) % 3));
      inFlight--;
      if (i === 4) throw new Error('four');
      return i * 2;
    });
    expect(peak).toBeLessThanOrEqual(limit);
    expect(results.map((r) => (r.ok ? r.value : (r.error as Error).message))).toEqual([
      0,
      2,
      4,
      6,
      'four',
      10,
      12,
      14,
      16,
      18,
    ]);
  });

  it('handles no items', async () => {
    expect(await mapBounded([], 8, async () => 1)).toEqual([]);
  });
});
