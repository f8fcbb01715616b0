import { describe, expect, it } from 'vitest';
import { round, summarise } from '../../src/bench/stats.js';

describe('summarise', () => {
  it.each([
    [[], { n: 0, median: 0, p99: 0, mean: 0, min: 0, max: 0 }],
    [[5], { n: 1, median: 5, p99: 5, mean: 5, min: 5, max: 5 }],
    [[3, 1, 2], { n: 3, median: 2, p99: 2.98, mean: 2, min: 1, max: 3 }],
    [Array.from({ length: 101 }, (_, i) => i), { n: 101, median: 50, p99: 99, mean: 50, min: 0, max: 100 }],
  ])('%j', (samples, expected) => {
    const s = summarise(samples);
    for (const [k, v] of Object.entries(expected)) expect(s[k as keyof typeof s]).toBeCloseTo(v, 9);
  });
});

describe('round', () => {
  it.each([
    [1.23456, 3, 1.235],
    [1.23456, 1, 1.2],
    [1234.5, 0, 1235],
  ])('round(%d, %d) = %d', (x, digits, expected) => {
    expect(round(x, digits)).toBe(expected);
  });
});
