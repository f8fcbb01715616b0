import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundlesIn, measure, requireProbe, timeNode } from '../../src/bench/coldStart.js';

// A fake dist/ of tiny CommonJS bundles: the measuring code runs for real without an esbuild build.
describe('benchmark (c): cold start', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bench-cold-'));
    const bundle = (name: string, code: string) => {
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, 'index.js'), code);
    };
    bundle('good', 'exports.handler = async () => 1;');
    bundle('nohandler', 'exports.other = 1;');
    bundle('broken', 'throw new Error("boom at load");');
    mkdirSync(join(dir, 'not-a-bundle'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds every <fn>/index.js', () => {
    expect(bundlesIn(dir).map((b) => b.name)).toEqual(['broken', 'good', 'nohandler']);
  });

  it('times the floor and each loadable bundle, and reports the ones that fail to load', () => {
    const r = measure(dir, 2);
    expect(r.runs).toBe(2);
    expect(r.baselineMs.n).toBe(2);
    const byName = Object.fromEntries(r.handlers.map((h) => [h.name, h]));
    expect(byName.good?.importMs.n).toBe(2);
    expect(byName.good?.error).toBeUndefined();
    expect(byName.good?.bundleBytes).toBe('exports.handler = async () => 1;'.length);
    expect(byName.good?.ratio).toBeGreaterThan(0);
    expect(byName.nohandler?.error).toContain('exited 3');
    expect(byName.broken?.error).toContain('boom at load');
    expect(byName.broken?.importMs.n).toBe(0);
  });

  it.each([
    ['', true],
    [requireProbe('./missing.js'), false],
  ])('timeNode(%j) succeeds: %s', (code, ok) => {
    if (ok) expect(timeNode(code, dir)).toBeGreaterThan(0);
    else expect(() => timeNode(code, dir)).toThrow(/exited 1/);
  });

  it('names the directory when there is nothing to measure', () => {
    expect(() => measure(join(dir, 'not-a-bundle'), 1)).toThrow(/no <function>\/index.js bundle under .*not-a-bundle/);
  });
});
