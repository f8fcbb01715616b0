/** Shared setup of the recommendation tests: the default price table, a Bitbrains trace reader, sizing policy. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'vitest';
import { parsePriceTable } from '../../src/core/cost.js';

const root = resolve(import.meta.dirname, '../..');
export const prices = parsePriceTable(
  JSON.parse(readFileSync(resolve(root, 'config/prices/cn-hangzhou.json'), 'utf8')),
  'cn-hangzhou.json',
);

/** A Bitbrains trace: outbound Mbps (transmitted KB/s × 8 / 1000) and CPU %, 300 s steps. */
export function bitbrains(file: string): { mbps: number[]; cpu: number[] } {
  const text = readFileSync(resolve(root, 'vendor/traces/bitbrains', file), 'utf8');
  const rows = text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(';').map((cell) => Number(cell.trim())));
  return { mbps: rows.map((r) => ((r[10] as number) * 8) / 1000), cpu: rows.map((r) => r[4] as number) };
}

export const PERIOD = 300;
export const PER_DAY = 86_400 / PERIOD;
export const policy = { percentile: 95, headroom: 0.2, minHistoryDays: 7 };
export const bounds = { minMbps: 1, maxMbps: 100 };

export function asRecommendation<T extends { kind: string }>(r: T | { kind: 'none' }): T {
  expect(r.kind).toBe('recommendation');
  return r as T;
}
