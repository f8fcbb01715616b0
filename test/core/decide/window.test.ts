import { describe, expect, it } from 'vitest';
import { freshPoints, staleAfterMs, windowOf } from '../../../src/core/decide/window.js';
import type { MetricPoint } from '../../../src/core/types.js';
import { MIN, series, T0 } from '../builders.js';

describe('freshPoints', () => {
  it.each([
    ['no points', [], undefined, false, 'no metric points'],
    ['all before the last change', series([1, 2]), T0, false, 'no metric points since the last change'],
    [
      'newest too old',
      series([1, 2], { newestMs: T0 - 6 * MIN }),
      undefined,
      false,
      'newest metric point is 360 s old',
    ],
    ['recent enough', series([1, 2], { newestMs: T0 - 5 * MIN }), undefined, true, ''],
  ])('%s', (_name, points, sinceMs, ok, why) => {
    const fresh = freshPoints(points, sinceMs, T0, 60);
    expect(fresh.ok).toBe(ok);
    if (!fresh.ok) expect(fresh.why).toBe(why);
  });

  it('drops points before the change and in the future, and sorts', () => {
    const pts = series([1, 2, 3, 4, 5], { newestMs: T0 + MIN });
    const fresh = freshPoints([...pts].reverse(), T0 - 2 * MIN, T0, 60);
    expect(fresh.ok && fresh.points.map((p) => p.average)).toEqual([2, 3, 4]);
  });

  it.each([
    [60, 300_000],
    [300, 900_000],
  ])('period %i s is stale after %i ms', (periodSec, ms) => {
    expect(staleAfterMs(periodSec)).toBe(ms);
  });
});

describe('windowOf', () => {
  const pts = (n: number): MetricPoint[] => series(Array.from({ length: n }, (_, i) => i));
  it.each([
    ['one period window holds the newest only', 5, 60, [4], true],
    ['five periods, exactly covered', 5, 300, [0, 1, 2, 3, 4], true],
    ['ten periods, not covered yet', 5, 600, [0, 1, 2, 3, 4], false],
    ['a partial period rounds up', 5, 61, [3, 4], true],
    ['a zero window is one period', 1, 0, [0], true],
  ])('%s', (_name, n, windowSec, values, covered) => {
    const w = windowOf(pts(n), windowSec, 60);
    expect(w.points.map((p) => p.average)).toEqual(values);
    expect(w.covered).toBe(covered);
  });
});
