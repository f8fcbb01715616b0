import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import {
  type BuildResult,
  buildFunctions,
  EXAMPLE_CONFIG_FILE,
  omitFc2Uploads,
  parseBuildArgs,
  resolveBuildConfig,
} from '../../scripts/build.js';
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
    [built] = (await buildFunctions(out, EXAMPLE_CONFIG_FILE, { only: ['worker'] })) as [BuildResult];
  }, 180_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('holds the entry, the bundle, the code cache and the side files, no source map, nothing stale', () => {
    expect(built.file).toBe(join(fnDir(), 'index.js'));
    expect(built.cacheBytes).toBeGreaterThan(0);
    expect(built.mapBytes).toBe(0);
    expect(readdirSync(fnDir()).sort()).toEqual(
      ['autoscaler.yaml', 'bundle.cache', 'bundle.js', 'index.js', 'package.json'].sort(),
    );
    expect(built.dirBytes).toBeGreaterThan(built.bytes + built.cacheBytes);
    expect(built.compressedBytes).toBeLessThan(built.dirBytes);
    expect(existsSync(join(out, 'alarm'))).toBe(false);
  });

  it('writes the source map only when asked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'build-maps-'));
    try {
      const [r] = await buildFunctions(dir, EXAMPLE_CONFIG_FILE, {
        only: ['worker'],
        sourceMaps: true,
        codeCache: false,
      });
      expect(r?.mapBytes).toBeGreaterThan(0);
      expect(existsSync(join(dir, 'worker', 'bundle.js.map'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

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

describe('scripts/build.ts: which config is bundled', () => {
  it('refuses without config/autoscaler.yaml unless the example is asked for, and prefers it', () => {
    const base = mkdtempSync(join(tmpdir(), 'build-config-'));
    try {
      expect(() => resolveBuildConfig(undefined, false, base)).toThrow(
        /^build: config\/autoscaler\.yaml does not exist: copy config\/autoscaler\.recommended\.yaml there .*only with --example\)$/,
      );
      expect(resolveBuildConfig(undefined, true, base)).toBe(join(base, 'config/autoscaler.example.yaml'));
      mkdirSync(join(base, 'config'));
      writeFileSync(join(base, 'config/autoscaler.yaml'), 'version: 1\n');
      expect(resolveBuildConfig(undefined, true, base)).toBe(join(base, 'config/autoscaler.yaml'));
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('refuses a --config file that does not exist', () => {
    expect(() => resolveBuildConfig('/nonexistent/autoscaler.yaml')).toThrow(
      'build: --config /nonexistent/autoscaler.yaml: no such file',
    );
  });

  it.each([
    [['--example', '--source-maps'], { example: true, sourceMaps: true }],
    [['--config', 'a.yaml'], { example: false, sourceMaps: false }],
  ])('parses %j', (args, expected) => {
    expect(parseBuildArgs(args)).toMatchObject(expected);
  });

  it.each([
    [['--bogus'], /build: Unknown option '--bogus'[\s\S]*usage: npm run build/],
    [['--config', 'a.yaml', '--example'], /--config and --example exclude each other/],
  ])('refuses %j with the usage', (args, message) => {
    expect(() => parseBuildArgs(args)).toThrow(message);
  });
});

describe('scripts/build.ts: fc2 without its upload modules', () => {
  it('still invokes a function (the stubs of ali-oss, axios and ws are never called)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'build-fc2-'));
    try {
      const dispatcher = join(import.meta.dirname, '../../src/adapters/aliyun/fcDispatcher.ts');
      const contents = `const { createServer } = require('node:http');
        const { createFcDispatcher } = require(${JSON.stringify(dispatcher)});
        const server = createServer((req, res) => {
          let body = ''; req.on('data', (c) => { body += c; });
          req.on('end', () => { process.stdout.write(req.headers['x-fc-invocation-type'] + ' ' + body + '\\n');
            res.writeHead(202, { 'x-fc-request-id': 'r1' }); res.end(); });
        });
        server.listen(0, '127.0.0.1', async () => {
          const d = createFcDispatcher({ accountId: '1', region: 'cn-hangzhou',
            endpoint: 'http://127.0.0.1:' + server.address().port,
            credentials: { accessKeyId: 'a', accessKeySecret: 'b' }, serviceName: 's', functionName: 'f' });
          process.stdout.write((await d.dispatch({ kind: 'orchestrate', actionKey: 'k1', instanceId: 'i-1' })) + '\\n');
          server.close();
        });`;
      const file = join(dir, 'smoke.cjs');
      const result = await build({
        stdin: { contents, resolveDir: dir },
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        outfile: file,
        logLevel: 'silent',
        metafile: true,
        plugins: [omitFc2Uploads()],
      });
      const inputs = Object.keys(result.metafile.inputs).join('\n');
      expect(inputs).not.toMatch(/node_modules\/(ali-oss|axios|ws|iconv-lite)\//);
      const run = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 30_000 });
      expect(run.stderr).toBe('');
      expect(run.stdout).toBe('Async {"kind":"orchestrate","actionKey":"k1","instanceId":"i-1"}\nqueued\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
