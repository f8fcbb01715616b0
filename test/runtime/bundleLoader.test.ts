import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  BUNDLE_FILE,
  bundleExports,
  CACHE_FILE,
  loadBundle,
  produceCodeCache,
} from '../../src/runtime/bundleLoader.js';

// A CommonJS "bundle" that records what the loader gave it, with a warmUp that compiles more code lazily.
const BUNDLE = `"use strict";
const path = require('node:path');
const self = this;
let warmed = false;
module.exports = {
  handler: async (event) => 'handled ' + event,
  warmUp: async () => { warmed = true; require('node:fs').writeFileSync(path.join(__dirname, 'warmed'), ''); },
  seen: () => ({ file: __filename, dir: __dirname, base: path.basename(__filename), thisIsExports: self === exports, warmed }),
};
`;

describe('bundleLoader', () => {
  let root: string;
  let n = 0;
  /** A fresh function directory holding the bundle (and, optionally, a cache file). */
  const fnDir = (source = BUNDLE): string => {
    const dir = join(root, `fn${n++}`);
    mkdirSync(dir);
    writeFileSync(join(dir, BUNDLE_FILE), source);
    return dir;
  };
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'bundle-loader-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  afterEach(() => process.setSourceMapsEnabled(false));

  it('runs the bundle as the CommonJS module dir/bundle.js (require, __filename, __dirname, this)', async () => {
    const dir = fnDir();
    const { exports, codeCache } = loadBundle(dir);
    expect(codeCache).toBe('absent');
    expect(existsSync(join(dir, 'warmed'))).toBe(false);
    expect(await (exports.handler as (e: string) => Promise<string>)('x')).toBe('handled x');
    expect((exports.seen as () => unknown)()).toEqual({
      file: join(dir, BUNDLE_FILE),
      dir,
      base: BUNDLE_FILE,
      thisIsExports: true,
      warmed: false,
    });
  });

  it('takes a cache after warmUp, and a later load uses it', async () => {
    const dir = fnDir();
    const bytes = await produceCodeCache(dir);
    expect(existsSync(join(dir, 'warmed'))).toBe(true);
    expect(bytes).toBe(readFileSync(join(dir, CACHE_FILE)).length);
    expect(bytes).toBeGreaterThan(0);
    const { exports, codeCache } = loadBundle(dir);
    expect(codeCache).toBe('used');
    expect(await (exports.handler as (e: string) => Promise<string>)('y')).toBe('handled y');
  });

  it.each([
    ['garbage bytes', () => Buffer.from('not a V8 code cache')],
    ['the cache of another source', () => readFileSync(join(root, 'other', CACHE_FILE))],
  ])('falls back silently to compiling when V8 rejects %s', async (_name, cache) => {
    const other = join(root, 'other');
    mkdirSync(other, { recursive: true });
    writeFileSync(join(other, BUNDLE_FILE), `${BUNDLE}\n// a different source\nmodule.exports.extra = 1;\n`);
    await produceCodeCache(other);
    const dir = fnDir();
    writeFileSync(join(dir, CACHE_FILE), cache());
    const { exports, codeCache } = loadBundle(dir);
    expect(codeCache).toBe('rejected');
    expect(typeof exports.handler).toBe('function');
  });

  it('requires the bundle instead when source maps are enabled (Node maps only what it compiles itself)', () => {
    const dir = fnDir();
    process.setSourceMapsEnabled(true);
    const { exports, codeCache } = loadBundle(dir);
    expect(codeCache).toBe('source-maps');
    expect((exports.seen as () => { file: string })().file).toBe(join(dir, BUNDLE_FILE));
  });

  it('bundleExports adds the cache status as a non-enumerable property, so FC sees only the handler', () => {
    const dir = fnDir('module.exports = { handler: async () => 1 };');
    const exports = bundleExports(dir);
    expect(Object.keys(exports)).toEqual(['handler']);
    expect(exports.codeCache).toBe('absent');
  });

  it('propagates an error the bundle throws at load, naming it', () => {
    const dir = fnDir('throw new Error("boom at load");');
    expect(() => loadBundle(dir)).toThrow('boom at load');
  });
});
