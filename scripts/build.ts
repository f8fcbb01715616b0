/**
 * `npm run build [-- --config FILE | --example] [--source-maps]`: bundle each FC function with esbuild into
 * dist/<name>/bundle.js (CommonJS, Node 20, minified), write the tiny entry dist/<name>/index.js that loads it
 * with a V8 code cache (src/runtime/bundleLoader.ts), take that cache (dist/<name>/bundle.cache) in a fresh
 * `node`, copy the autoscaler config next to it, then check that every function s.yaml names exists in the build
 * and exports its handler. Prints one line per function with its sizes.
 *
 * The config is config/autoscaler.yaml (or --config FILE); without one the build refuses: the example config is
 * bundled only when asked (--example). Source maps (5 MiB a function) only with --source-maps.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { type BuildOptions as EsbuildOptions, build, type Plugin } from 'esbuild';
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
  /** Size of the source map (bundle.js.map), bytes; 0 without --source-maps. */
  mapBytes: number;
  /** Every file of the function directory (what `s deploy` uploads), bytes. */
  dirBytes: number;
  /** The same files gzip-compressed one by one: about the size of the zip `s deploy` uploads, bytes. */
  compressedBytes: number;
}

export interface BuildFunctionsOptions {
  /** Take a V8 code cache for each bundle (default true). */
  codeCache?: boolean;
  /** Build only these functions (default: every functions/<name>). */
  only?: readonly string[];
  /** Write bundle.js.map next to each bundle (default false: 5 MiB a function that FC never reads). */
  sourceMaps?: boolean;
  /** Without a config file given or config/autoscaler.yaml: bundle config/autoscaler.example.yaml (default false). */
  example?: boolean;
}

export const CONFIG_FILE = join(root, 'config/autoscaler.yaml');
export const EXAMPLE_CONFIG_FILE = join(root, 'config/autoscaler.example.yaml');

/**
 * The config to bundle: `configFile` when given (it must exist), else `<base>/config/autoscaler.yaml`, else —
 * only with `example` — the example config. @throws AutoscalerError naming the missing file and what to do.
 */
export function resolveBuildConfig(configFile?: string, example = false, base = root): string {
  if (configFile !== undefined) {
    if (!existsSync(configFile)) throw new AutoscalerError(`build: --config ${configFile}: no such file`);
    return configFile;
  }
  const own = join(base, 'config/autoscaler.yaml');
  if (existsSync(own)) return own;
  if (example) return join(base, 'config/autoscaler.example.yaml');
  throw new AutoscalerError(
    'build: config/autoscaler.yaml does not exist: copy config/autoscaler.recommended.yaml there and set its ' +
      'match and bounds, or pass --config FILE (the example config is bundled only with --example)',
  );
}

/**
 * `@alicloud/fc2` requires ali-oss (with urllib and iconv-lite), axios and ws at load, but uses them only to
 * upload code and layers and for WebSocket sessions; the functions only call invokeFunction. Each is bundled as
 * a stub that throws if it is ever used: about 0.9 MiB less per function.
 */
const FC2_UNUSED = /^(ali-oss|axios|ws)$/;

export function omitFc2Uploads(): Plugin {
  return {
    name: 'omit-fc2-uploads',
    setup(b) {
      b.onResolve({ filter: FC2_UNUSED }, (args) =>
        /[\\/]@alicloud[\\/]fc2[\\/]/.test(args.importer) ? { path: args.path, namespace: 'fc2-unused' } : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: 'fc2-unused' }, (args) => ({
        contents: `module.exports = function unbundled() { throw new Error(${JSON.stringify(
          `${args.path} is not bundled (the functions only call fc2 invokeFunction)`,
        )}); };`,
        loader: 'js',
      }));
    },
  };
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

/** Bundle one function into `dir`/bundle.js (+ .map with `sourceMaps`). */
async function bundleFunction(name: string, dir: string, sourceMaps: boolean): Promise<void> {
  const patched = new Set<string>();
  await build({
    ...NODE20,
    entryPoints: [join(root, 'functions', name, 'index.ts')],
    outfile: join(dir, BUNDLE_FILE),
    // On request only. The map without the sources' text: stack traces still map to file:line, and it is 5 MiB,
    // not 19 MiB (Node parses all of it at load when --enable-source-maps is on).
    sourcemap: sourceMaps ? 'linked' : false,
    sourcesContent: false,
    minify: true,
    // Error classes keep their names (`InvalidEventError`, not `z6`): the logs and answers print err.name.
    // Measured: no difference in cold start within the noise, with or without the code cache.
    keepNames: true,
    legalComments: 'none',
    // urllib (ali-oss, pulled in by @alicloud/fc2) requires proxy-agent lazily, only when an HTTP proxy is
    // configured; FC functions run without one, so it is left out of the bundle.
    external: ['proxy-agent'],
    plugins: [declareImplicitGlobals(patched), lazySdkModels(), omitFc2Uploads()],
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
  const config = resolveBuildConfig(configFile, options.example);
  const scratch = mkdtempSync(join(tmpdir(), 'autoscaler-build-'));
  const producer = options.codeCache === false ? undefined : join(scratch, 'produce-code-cache.cjs');
  if (producer) await writeCacheProducer(producer);
  try {
    const results: BuildResult[] = [];
    const names = functionNames().filter((n) => !options.only || options.only.includes(n));
    const sourceMaps = options.sourceMaps === true;
    for (const name of names) results.push(await buildOne(name, join(outDir, name), config, sourceMaps, producer));
    return results;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The files FC needs next to the bundle. */
function copySideFiles(name: string, dir: string, config: string): void {
  copyFileSync(config, join(dir, 'autoscaler.yaml'));
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
  config: string,
  sourceMaps: boolean,
  producer?: string,
): Promise<BuildResult> {
  // Start empty: a file of an earlier build (a cache of another bundle, the old 19 MiB index.js.map) would
  // otherwise be deployed with this one.
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await bundleFunction(name, dir, sourceMaps);
  await writeEntry(dir);
  copySideFiles(name, dir, config);
  const cacheBytes = producer ? produceCache(producer, dir) : 0;
  const map = join(dir, `${BUNDLE_FILE}.map`);
  return {
    name,
    file: join(dir, 'index.js'),
    bytes: statSync(join(dir, BUNDLE_FILE)).size,
    cacheBytes,
    mapBytes: existsSync(map) ? statSync(map).size : 0,
    ...directorySize(dir),
  };
}

/** Bytes of every file under `dir`, as is and gzip-compressed file by file. */
export function directorySize(dir: string): { dirBytes: number; compressedBytes: number } {
  let dirBytes = 0;
  let compressedBytes = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    dirBytes += statSync(file).size;
    compressedBytes += gzipSync(readFileSync(file)).length;
  }
  return { dirBytes, compressedBytes };
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

const USAGE = `usage: npm run build [-- --config FILE | --example] [--source-maps]

  --config FILE   the autoscaler config to bundle (default config/autoscaler.yaml, required to exist)
  --example       bundle config/autoscaler.example.yaml when there is no config/autoscaler.yaml
  --source-maps   also write bundle.js.map next to each bundle (5 MiB each; for --enable-source-maps)`;

const KIB = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KiB`;

/** One line of the build's output. */
export function describeBuild(r: BuildResult): string {
  const parts = [`bundle ${KIB(r.bytes)}`];
  if (r.cacheBytes) parts.push(`code cache ${KIB(r.cacheBytes)}`);
  if (r.mapBytes) parts.push(`source map ${KIB(r.mapBytes)}`);
  parts.push(`total ${KIB(r.dirBytes)} (≈ ${KIB(r.compressedBytes)} zipped)`);
  return `built ${r.name.padEnd(10)} ${parts.join(', ')}  ${relative(root, r.file)}`;
}

export interface BuildArgs {
  config?: string;
  example: boolean;
  sourceMaps: boolean;
}

/** The build's command-line options. @throws AutoscalerError with the usage on a bad option. */
export function parseBuildArgs(args: readonly string[]): BuildArgs {
  try {
    const { values } = parseArgs({
      args: [...args],
      options: {
        config: { type: 'string' },
        example: { type: 'boolean', default: false },
        'source-maps': { type: 'boolean', default: false },
      },
      strict: true,
    });
    if (values.config !== undefined && values.example) {
      throw new Error('--config and --example exclude each other');
    }
    return {
      ...(values.config === undefined ? {} : { config: resolve(values.config) }),
      example: values.example === true,
      sourceMaps: values['source-maps'] === true,
    };
  } catch (err) {
    throw new AutoscalerError(`build: ${(err as Error).message}\n\n${USAGE}`);
  }
}

/** Build every function into dist/ and check s.yaml against it; returns the results, or the problems. */
export async function buildAll(args: BuildArgs, out: (line: string) => void): Promise<BuildResult[]> {
  mkdirSync(join(root, 'dist'), { recursive: true });
  const started = Date.now();
  const config = resolveBuildConfig(args.config, args.example);
  if (config === EXAMPLE_CONFIG_FILE) out('build: bundling the EXAMPLE config (--example): not for a real account');
  out(`build: config ${relative(root, config) || config}`);
  const results = await buildFunctions(join(root, 'dist'), config, args);
  for (const r of results) out(describeBuild(r));
  const problems = checkSYamlHandlers();
  if (problems.length) throw new AutoscalerError(problems.map((p) => `s.yaml: ${p}`).join('\n'));
  out(`build ok in ${Date.now() - started} ms`);
  return results;
}

async function main(): Promise<void> {
  try {
    await buildAll(parseBuildArgs(process.argv.slice(2)), (line) => process.stdout.write(`${line}\n`));
  } catch (err) {
    if (!(err instanceof AutoscalerError)) throw err;
    process.stderr.write(`${err.message}\nbuild FAILED\n`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) await main();
