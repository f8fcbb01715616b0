/**
 * How an FC function loads its bundle with a V8 code cache. The build writes, per function directory:
 * `bundle.js` (esbuild, CommonJS), `bundle.cache` (V8 code cache taken after a warm-up load) and a tiny
 * `index.js` that calls `loadBundle(__dirname)`, so FC's nodejs20 runtime still loads `index.handler` with no
 * flags. Compiling the 6.6 MiB bundle and lazily compiling the SDK clients' functions is most of a cold start;
 * with the cache V8 deserialises the compiled code instead.
 *
 * V8 accepts a cache only from the same V8 version with the same V8 flags (a `--max-old-space-size` is
 * enough to reject it). A rejected, missing or unreadable cache costs one file read: the bundle is then
 * compiled as usual. With `--enable-source-maps` the bundle is `require`d instead, because Node 20 maps stack
 * traces only for modules it compiles itself.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';

export const BUNDLE_FILE = 'bundle.js';
export const CACHE_FILE = 'bundle.cache';

/** What happened to the code cache: used, rejected by V8, absent (no or unreadable file), or not tried. */
export type CodeCacheStatus = 'used' | 'rejected' | 'absent' | 'source-maps';

export interface LoadedBundle {
  exports: Record<string, unknown>;
  codeCache: CodeCacheStatus;
}

interface CjsModule {
  exports: Record<string, unknown>;
}

/** Node's CommonJS wrapper: the bundle sees exports, require, module, __filename, __dirname. */
const WRAPPER = ['(function (exports, require, module, __filename, __dirname) { ', '\n});'] as const;

function readCache(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Compile the bundle the one way both the loader and the cache producer do (the cache must match). */
function compile(file: string, cachedData?: Buffer): Script {
  const source = readFileSync(file, 'utf8');
  return new Script(`${WRAPPER[0]}${source}${WRAPPER[1]}`, {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
}

/** Run the compiled bundle as the CommonJS module `file`; returns its exports. */
function run(script: Script, file: string, dir: string): Record<string, unknown> {
  const mod: CjsModule = { exports: {} };
  const fn = script.runInThisContext() as (...args: unknown[]) => void;
  fn.call(mod.exports, mod.exports, createRequire(file), mod, file, dir);
  return mod.exports;
}

/** Load `dir`/bundle.js, with `dir`/bundle.cache when V8 accepts it. */
export function loadBundle(dir: string): LoadedBundle {
  const file = join(dir, BUNDLE_FILE);
  if (process.sourceMapsEnabled) {
    return { exports: createRequire(file)(file) as Record<string, unknown>, codeCache: 'source-maps' };
  }
  const cachedData = readCache(join(dir, CACHE_FILE));
  const script = compile(file, cachedData);
  const codeCache: CodeCacheStatus = !cachedData ? 'absent' : script.cachedDataRejected ? 'rejected' : 'used';
  return { exports: run(script, file, dir), codeCache };
}

/** The entry's exports: the bundle's, plus a non-enumerable `codeCache` status (the cold-start bench reads it). */
export function bundleExports(dir: string): Record<string, unknown> {
  const { exports, codeCache } = loadBundle(dir);
  Object.defineProperty(exports, 'codeCache', { value: codeCache, enumerable: false, configurable: true });
  return exports;
}

/**
 * Build time, in a fresh `node` without flags: load `dir`/bundle.js, await its `warmUp()` export (loads the
 * lazily imported SDK clients, so their compiled functions are in the cache too), then write
 * `dir`/bundle.cache. Returns the cache size in bytes.
 */
export async function produceCodeCache(dir: string): Promise<number> {
  const file = join(dir, BUNDLE_FILE);
  const script = compile(file);
  const exported = run(script, file, dir);
  if (typeof exported.warmUp === 'function') await (exported.warmUp as () => Promise<unknown>)();
  const data = script.createCachedData();
  writeFileSync(join(dir, CACHE_FILE), data);
  return data.length;
}
