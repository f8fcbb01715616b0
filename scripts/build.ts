/**
 * `npm run build`: bundle each FC function with esbuild into dist/<name>/bundle.js (CommonJS, Node 20), write
 * the tiny entry dist/<name>/index.js that loads it with a V8 code cache (src/runtime/bundleLoader.ts), take
 * that cache (dist/<name>/bundle.cache) in a fresh `node`, copy the autoscaler config next to it, then check
 * that every function s.yaml names exists in the build and exports its handler. Prints one line per function.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { type BuildOptions as EsbuildOptions, build } from 'esbuild';
import { AutoscalerError } from '../src/core/errors.js';
import { renderSYaml } from '../src/local/syaml.js';
import { BUNDLE_FILE } from '../src/runtime/bundleLoader.js';
import { declareImplicitGlobals, IMPLICIT_GLOBALS, lazySdkModels } from './sdkPlugins.js';

const root = resolve(import.meta.dirname, '..');

export interface BuildResult {
  name: string;
  /** The entry FC loads (index.js). */
  file: string;
  /** Size of the bundle (bundle.js), bytes. */
  bytes: number;
  /** Size of the V8 code cache (bundle.cache), bytes; 0 when the build was asked not to take one. */
  cacheBytes: number;
}

export interface BuildFunctionsOptions {
  /** Take a V8 code cache for each bundle (default true). */
  codeCache?: boolean;
  /** Build only these functions (default: every functions/<name>). */
  only?: readonly string[];
}

const LOADER = join(root, 'src/runtime/bundleLoader.ts');

/** esbuild options shared by the bundles and the two tiny loader scripts. */
const NODE20: EsbuildOptions = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' };

/** The FC entry (index.js): the bundle's exports, loaded with the code cache when V8 accepts it. */
async function writeEntry(dir: string): Promise<void> {
  await build({
    ...NODE20,
    stdin: {
      contents: `module.exports = require(${JSON.stringify(LOADER)}).bundleExports(__dirname);`,
      resolveDir: root,
    },
    outfile: join(dir, 'index.js'),
    minify: true,
    legalComments: 'none',
  });
}

/** A script that takes the code cache of the bundle in its working directory (see produceCodeCache). */
async function writeCacheProducer(file: string): Promise<void> {
  const contents = `require(${JSON.stringify(LOADER)}).produceCodeCache(process.cwd()).then(
    (bytes) => process.stdout.write(String(bytes)),
    (err) => { process.stderr.write(String(err && err.stack || err)); process.exitCode = 1; });`;
  await build({ ...NODE20, stdin: { contents, resolveDir: root }, outfile: file });
}

/** The environment of a child: without NODE_OPTIONS, so the cache is taken with no V8 flags, as FC runs. */
function cleanEnv(): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _ignored, ...env } = process.env;
  return env;
}

/** Take the code cache in a fresh `node`; returns its size. @throws AutoscalerError when the bundle fails. */
function produceCache(producer: string, dir: string): number {
  const run = spawnSync(process.execPath, [producer], {
    cwd: dir,
    env: cleanEnv(),
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (run.status !== 0) {
    throw new AutoscalerError(`build: code cache for ${dir} failed (exit ${run.status}): ${run.stderr.slice(0, 600)}`);
  }
  return Number(run.stdout);
}

/** The functions to bundle: every functions/<name>/index.ts. */
export function functionNames(): string[] {
  const dir = join(root, 'functions');
  return readdirSync(dir).filter((n) => existsSync(join(dir, n, 'index.ts')));
}

/** Bundle one function into `dir`/bundle.js (+ .map). */
async function bundleFunction(name: string, dir: string): Promise<void> {
  const patched = new Set<string>();
  await build({
    ...NODE20,
    entryPoints: [join(root, 'functions', name, 'index.ts')],
    outfile: join(dir, BUNDLE_FILE),
    // The map without the sources' text: stack traces still map to file:line, and it is 5 MiB, not 19 MiB
    // (Node parses all of it at load when --enable-source-maps is on).
    sourcemap: 'linked',
    sourcesContent: false,
    minify: true,
    // Error classes keep their names (`InvalidEventError`, not `z6`): the logs and answers print err.name.
    // Measured: no difference in cold start within the noise, with or without the code cache.
    keepNames: true,
    legalComments: 'none',
    // urllib (ali-oss, pulled in by @alicloud/fc2) requires proxy-agent lazily, only when an HTTP proxy is
    // configured; FC functions run without one, so it is left out of the bundle.
    external: ['proxy-agent'],
    plugins: [declareImplicitGlobals(patched), lazySdkModels()],
  });
  // Every function bundles the Tablestore adapter: a file not found means the SDK changed, so check it again.
  const missed = Object.keys(IMPLICIT_GLOBALS).filter((k) => !patched.has(k));
  if (missed.length > 0) {
    throw new AutoscalerError(
      `build: ${name}: files to declare implicit globals in were not bundled: ${missed.join(', ')}`,
    );
  }
}

export async function buildFunctions(
  outDir = join(root, 'dist'),
  configFile?: string,
  options: BuildFunctionsOptions = {},
): Promise<BuildResult[]> {
  const config =
    configFile ?? [join(root, 'config/autoscaler.yaml'), join(root, 'config/autoscaler.example.yaml')].find(existsSync);
  const scratch = mkdtempSync(join(tmpdir(), 'autoscaler-build-'));
  const producer = options.codeCache === false ? undefined : join(scratch, 'produce-code-cache.cjs');
  if (producer) await writeCacheProducer(producer);
  try {
    const results: BuildResult[] = [];
    const names = functionNames().filter((n) => !options.only || options.only.includes(n));
    for (const name of names) results.push(await buildOne(name, join(outDir, name), config, producer));
    return results;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The files FC needs next to the bundle. */
function copySideFiles(name: string, dir: string, config: string | undefined): void {
  if (config) copyFileSync(config, join(dir, 'autoscaler.yaml'));
  // The bundle is CommonJS: say so next to it, so Node never reads it as ESM from an outer package.json.
  writeFileSync(join(dir, 'package.json'), '{ "type": "commonjs" }\n');
  // The optimiser (tick) prices recommendations from the table shipped next to the bundle.
  if (name === 'tick') cpSync(join(root, 'config/prices'), join(dir, 'prices'), { recursive: true });
  // The dashboard function serves its front end from static/ next to the bundle.
  if (name === 'dashboard') cpSync(join(root, 'src/dashboard/static'), join(dir, 'static'), { recursive: true });
}

/** One function directory: bundle, entry, side files, then the code cache (taken from the final bundle). */
async function buildOne(
  name: string,
  dir: string,
  config: string | undefined,
  producer?: string,
): Promise<BuildResult> {
  // Start empty: a file of an earlier build (a cache of another bundle, the old 19 MiB index.js.map) would
  // otherwise be deployed with this one.
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await bundleFunction(name, dir);
  await writeEntry(dir);
  copySideFiles(name, dir, config);
  const cacheBytes = producer ? produceCache(producer, dir) : 0;
  return { name, file: join(dir, 'index.js'), bytes: statSync(join(dir, BUNDLE_FILE)).size, cacheBytes };
}

/**
 * Every s.yaml function must point at a directory under dist/ whose module, loaded by a fresh Node process
 * the way FC loads it (CommonJS, from that directory, no flags), exports the named handler function. A code
 * cache next to it must be accepted by this Node: the build took it moments ago, so a rejection is a bug.
 */
export function checkSYamlHandlers(outDir = join(root, 'dist')): string[] {
  const problems: string[] = [];
  const rendered = renderSYaml(join(root, 's.yaml'));
  for (const [logical, res] of Object.entries(rendered.resources)) {
    const code = String(res.props.code);
    const [file, exported] = String(res.props.handler).split('.');
    if (!code.startsWith('./dist/')) problems.push(`${logical}: code ${code} is not under ./dist/`);
    const dir = join(outDir, basename(code));
    const modulePath = join(dir, `${file}.js`);
    if (!existsSync(modulePath)) {
      problems.push(`${logical}: ${modulePath} does not exist`);
      continue;
    }
    const probe = `const m = require(${JSON.stringify(modulePath)});
      process.exit(typeof m[${JSON.stringify(exported)}] !== 'function' ? 3 : m.codeCache === 'rejected' ? 4 : 0);`;
    const run = spawnSync(process.execPath, ['-e', probe], {
      cwd: dir,
      env: cleanEnv(),
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (run.status === 4) problems.push(`${logical}: V8 rejected the code cache next to ${modulePath}`);
    else if (run.status !== 0) {
      problems.push(
        `${logical}: ${modulePath} does not export ${exported}() (exit ${run.status}) ${run.stderr.slice(0, 300)}`,
      );
    }
  }
  return problems;
}

async function main(): Promise<void> {
  mkdirSync(join(root, 'dist'), { recursive: true });
  const started = Date.now();
  for (const r of await buildFunctions()) {
    const cache = r.cacheBytes ? `, code cache ${(r.cacheBytes / 1024).toFixed(0)} KiB` : '';
    process.stdout.write(
      `built ${r.name.padEnd(10)} ${(r.bytes / 1024).toFixed(0).padStart(6)} KiB${cache}  ${r.file}\n`,
    );
  }
  const problems = checkSYamlHandlers();
  for (const p of problems) process.stderr.write(`s.yaml: ${p}\n`);
  process.stdout.write(`build ${problems.length ? 'FAILED' : 'ok'} in ${Date.now() - started} ms\n`);
  if (problems.length) process.exitCode = 1;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) await main();
