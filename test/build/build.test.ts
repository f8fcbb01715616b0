import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuildResult, buildFunctions } from '../../scripts/build.js';
import { startColdCloud } from '../../src/bench/coldCloud.js';
import { runInvocation } from '../../src/bench/firstInvocation.js';

// One function built for real (esbuild, entry, code cache), then loaded by fresh `node` processes the way FC
// loads `index.handler`: CommonJS, from the function directory, with the flags of the case at hand.
describe('scripts/build.ts: a function directory', () => {
  let out: string;
  let built: BuildResult;
  const fnDir = () => join(out, 'worker');

  /** Run `code` in a fresh node in the function directory; stdout, or the failure. */
  function node(code: string, flags: string[] = []): { status: number | null; stdout: string; stderr: string } {
    const { NODE_OPTIONS: _ignored, ...env } = process.env;
    const run = spawnSync(process.execPath, [...flags, '-e', code], {
      cwd: fnDir(),
      env: { ...env, AUTOSCALER_OTS_INSTANCE: 'x' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { status: run.status, stdout: run.stdout.trim(), stderr: run.stderr };
  }

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'build-test-'));
    // A file of an earlier build must not survive the next one.
    writeFileSync(join(out, 'stale'), '');
    [built] = (await buildFunctions(out, undefined, { only: ['worker'] })) as [BuildResult];
  }, 180_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('holds the entry, the bundle with its map, the code cache and the side files, nothing stale', () => {
    expect(built.file).toBe(join(fnDir(), 'index.js'));
    expect(built.cacheBytes).toBeGreaterThan(0);
    expect(readdirSync(fnDir()).sort()).toEqual(
      ['autoscaler.yaml', 'bundle.cache', 'bundle.js', 'bundle.js.map', 'index.js', 'package.json'].sort(),
    );
    expect(existsSync(join(out, 'alarm'))).toBe(false);
  });

  it.each([
    ['no flags (as FC runs it)', 'used', []],
    ['a V8 flag the cache was not taken with', 'rejected', ['--max-old-space-size=300']],
    ['--enable-source-maps', 'source-maps', ['--enable-source-maps']],
  ])('loads index.handler with %s: code cache %s', (_name, status, flags) => {
    const r = node(`const m = require('./index.js'); console.log(typeof m.handler, m.codeCache);`, flags);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`function ${status}`);
  });

  it('keeps the error class names the logs print (keepNames)', () => {
    const r = node(`require('./index.js').handler(Buffer.from('not json'), { requestId: 'r',
      credentials: { accessKeyId: 'a', accessKeySecret: 'b' } }).catch((e) => console.log(e.name, e.message));`);
    expect(r.stdout).toBe('InvalidEventError worker event is not JSON');
  });

  it('evaluates no SDK client at load: warmUp() afterwards requires modules the load did not', () => {
    const r = node(`const Module = require('node:module');
      const seen = new Set(); const orig = Module.prototype.require;
      Module.prototype.require = function (id) { seen.add(id); return orig.apply(this, arguments); };
      const m = require('./index.js'); const atLoad = seen.size;
      m.warmUp().then(() => console.log(JSON.stringify({ atLoad, afterWarmUp: seen.size })));`);
    const counts = JSON.parse(r.stdout) as { atLoad: number; afterWarmUp: number };
    expect(counts.afterWarmUp).toBeGreaterThan(counts.atLoad);
  });

  it('answers its first invocation against the emulators (Tablestore and ECS through the bundled SDKs)', async () => {
    const cloud = await startColdCloud(1);
    try {
      const inv = await cloud.invocation('worker', 0);
      const { NODE_OPTIONS: _ignored, ...env } = process.env;
      const s = await runInvocation(built.file, fnDir(), { ...env, ...inv.env }, inv);
      expect(s).toMatchObject({ answer: 'done verified', codeCache: 'used' });
    } finally {
      await cloud.close();
    }
  }, 60_000);
});
