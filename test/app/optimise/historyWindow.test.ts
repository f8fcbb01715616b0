// The sweep's history window and price lookup at their edges: days clamped to what CMS keeps (7–30, 14 when the
// option is not a number), the 900 s period beyond 14 days, a relative price path read against the working
// directory, and a corrupt default table reported rather than skipped for the next location.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clampHistoryDays, historyPeriodSec } from '../../../src/app/optimise/history.js';
import { resolvePriceTable } from '../../../src/app/optimise/prices.js';
import { ConfigError } from '../../../src/core/errors.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const dirs: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('history window', () => {
  it.each([
    [Number.NaN, 14],
    [Number.POSITIVE_INFINITY, 14],
    [3, 7],
    [45, 30],
    [10.6, 11],
  ])('clamps %s days to %s', (days, expected) => {
    expect(clampHistoryDays(days)).toBe(expected);
  });

  it('reads 300 s points up to 14 days and 900 s points beyond', () => {
    expect(historyPeriodSec(14)).toBe(300);
    expect(historyPeriodSec(15)).toBe(900);
  });
});

describe('resolvePriceTable edges', () => {
  it('reads a relative path against the given working directory', async () => {
    const dir = tempDir('prices-rel-');
    writeFileSync(join(dir, 'mine.json'), readFileSync(resolve(ROOT, 'config/prices/cn-hangzhou.json')));
    expect((await resolvePriceTable('cn-hangzhou', 'mine.json', dir)).currency).toBe('CNY');
  });

  it('reports a corrupt table in the first default location instead of falling back to the next', async () => {
    const dir = tempDir('prices-bad-');
    mkdirSync(join(dir, 'prices'));
    writeFileSync(join(dir, 'prices/cn-hangzhou.json'), '{ nope');
    mkdirSync(join(dir, 'config/prices'), { recursive: true });
    writeFileSync(
      join(dir, 'config/prices/cn-hangzhou.json'),
      readFileSync(resolve(ROOT, 'config/prices/cn-hangzhou.json')),
    );
    const err = await resolvePriceTable('cn-hangzhou', undefined, dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain('price table is not JSON');
  });

  it('names the reason a table cannot be read', async () => {
    const dir = tempDir('prices-dir-');
    const err = await resolvePriceTable('cn-hangzhou', dir).catch((e: unknown) => e);
    expect((err as Error).message).toContain('cannot read the price table (EISDIR)');
  });
});
