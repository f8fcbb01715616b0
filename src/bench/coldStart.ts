/**
 * Benchmark (c): cold start. Each bundled FC handler (dist/<fn>/index.js, CommonJS, as FC loads it) is required
 * by a fresh `node` process, against `node -e ''` as the floor. Then a fresh `node` requires it AND calls its
 * handler once against the emulators (coldCloud.ts): the first invocation, what a caller waits for after a
 * cold start. Runs are interleaved so that load on a shared machine hits every candidate alike. By default
 * the bundles are built first into a temporary directory with the project's own build (scripts/build.ts), so
 * the figures match the current source; `distDir` measures an existing build instead.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AutoscalerError } from '../core/errors.js';
import { type ColdCloud, startColdCloud } from './coldCloud.js';
import { type FirstInvocation, type InvocationSample, runInvocation, summariseInvocations } from './firstInvocation.js';
import { round, type Summary, summarise } from './stats.js';

export interface ColdStartOptions {
  /** Processes per candidate. Default 10. */
  runs?: number;
  /** An existing build (directory holding <fn>/index.js); absent = build into a temporary directory. */
  distDir?: string;
  /** Also time require + one handler call against the emulators (default true). */
  invoke?: boolean;
}

export interface HandlerColdStart {
  name: string;
  /** The code FC loads: bundle.js when the entry is a loader, else index.js. */
  bundleBytes: number;
  /** The V8 code cache shipped next to it (bundle.cache), bytes; absent when there is none. */
  cacheBytes?: number;
  /** Why the bundle could not be loaded (then it is not timed further). */
  error?: string;
  importMs: Summary;
  /** Median import time ÷ median `node -e ''`. */
  ratio: number;
  /** Median import time − median `node -e ''`, ms. */
  extraMs: number;
  /** Require + one handler call against the emulators (absent when not asked for). */
  firstInvocation?: FirstInvocation;
}

export interface ColdStartResult {
  runs: number;
  /** Where the bundles came from. */
  source: string;
  buildSec?: number;
  baselineMs: Summary;
  handlers: HandlerColdStart[];
}

/** The environment of a child: without NODE_OPTIONS, so no loader or flag of this process leaks in. */
function childEnv(): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _ignored, ...env } = process.env;
  return env;
}

/** Wall ms of one `node -e <code>` run in `cwd`. @throws when the child fails. */
export function timeNode(code: string, cwd: string): number {
  const start = performance.now();
  const run = spawnSync(process.execPath, ['-e', code], { cwd, env: childEnv(), encoding: 'utf8', timeout: 60_000 });
  const ms = performance.now() - start;
  if (run.status !== 0) {
    throw new AutoscalerError(
      `cold start: node -e ${JSON.stringify(code)} in ${cwd} exited ${run.status}: ${run.stderr.slice(0, 400)}`,
    );
  }
  return ms;
}

/** The code that loads a bundle the way FC does and checks it exports `handler`. */
export function requireProbe(file: string): string {
  return `const m = require(${JSON.stringify(file)}); if (typeof m.handler !== 'function') process.exit(3);`;
}

interface Bundle {
  name: string;
  /** The entry FC loads. */
  file: string;
}

/** Bundles under `dir`: every <name>/index.js. */
export function bundlesIn(dir: string): Bundle[] {
  return readdirSync(dir)
    .map((name) => ({ name, file: join(dir, name, 'index.js') }))
    .filter((b) => existsSync(b.file))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The loaded code's size (bundle.js behind a loader entry, else index.js) and the code cache's, bytes. */
export function bundleSizes(b: Bundle): { bundleBytes: number; cacheBytes?: number } {
  const dir = resolve(b.file, '..');
  const bundle = join(dir, 'bundle.js');
  const cache = join(dir, 'bundle.cache');
  return {
    bundleBytes: statSync(existsSync(bundle) ? bundle : b.file).size,
    ...(existsSync(cache) ? { cacheBytes: statSync(cache).size } : {}),
  };
}

async function freshBuild(): Promise<{ dir: string; buildSec: number }> {
  const { buildFunctions } = await import('../../scripts/build.js');
  const dir = mkdtempSync(join(tmpdir(), 'autoscaler-bench-'));
  const start = performance.now();
  await buildFunctions(dir, undefined, { example: true }); // a measurement: the example config is as good as any
  return { dir, buildSec: round((performance.now() - start) / 1000, 2) };
}

/** Samples and the first failure of one candidate; a failure ends its measurement. */
interface Track<T> {
  samples: T[];
  error?: string;
}

function failed<T>(t: Track<T>, err: unknown): void {
  t.error = err instanceof Error ? err.message : String(err);
}

/** Time one require of a bundle. */
function timeRequire(b: Bundle, dir: string, t: Track<number>): void {
  if (t.error !== undefined) return;
  try {
    t.samples.push(timeNode(requireProbe(b.file), join(dir, b.name)));
  } catch (err) {
    failed(t, err);
  }
}

/** Time one first invocation of a bundle against the emulators. */
async function timeInvocation(b: Bundle, dir: string, cloud: ColdCloud, r: number, t: Track<InvocationSample>) {
  if (t.error !== undefined) return;
  try {
    const inv = await cloud.invocation(b.name, r);
    t.samples.push(await runInvocation(b.file, join(dir, b.name), { ...childEnv(), ...inv.env }, inv));
  } catch (err) {
    failed(t, err);
  }
}

function handlerResult(
  b: Bundle,
  req: Track<number>,
  inv: Track<InvocationSample> | undefined,
  floorMs: number,
): HandlerColdStart {
  const importMs = summarise(req.samples);
  return {
    name: b.name,
    ...bundleSizes(b),
    ...(req.error === undefined ? {} : { error: req.error }),
    importMs,
    ratio: round(importMs.median / Math.max(1e-9, floorMs), 2),
    extraMs: round(importMs.median - floorMs, 1),
    ...(inv ? { firstInvocation: summariseInvocations(inv.samples, floorMs, inv.error) } : {}),
  };
}

/**
 * Measure `runs` rounds; each round times the floor, every require and (with `invoke`) every first invocation
 * once. The emulators for the invocations run in this process for the whole measurement.
 */
export async function measure(
  distDir: string,
  runs: number,
  invoke = true,
): Promise<Omit<ColdStartResult, 'source' | 'buildSec'>> {
  const dir = resolve(distDir);
  const bundles = existsSync(dir) ? bundlesIn(dir) : [];
  if (bundles.length === 0) {
    throw new AutoscalerError(`cold start: no <function>/index.js bundle under ${dir} (run npm run build first)`);
  }
  const floor: number[] = [];
  const req = new Map(bundles.map((b): [string, Track<number>] => [b.name, { samples: [] }]));
  const inv = new Map(bundles.map((b): [string, Track<InvocationSample>] => [b.name, { samples: [] }]));
  const cloud = invoke ? await startColdCloud(runs) : undefined;
  try {
    for (let r = 0; r < runs; r++) {
      floor.push(timeNode('', dir));
      for (const b of bundles) timeRequire(b, dir, req.get(b.name) as Track<number>);
      for (const b of bundles)
        if (cloud) await timeInvocation(b, dir, cloud, r, inv.get(b.name) as Track<InvocationSample>);
    }
  } finally {
    await cloud?.close();
  }
  const baselineMs = summarise(floor);
  const handlers = bundles.map((b) =>
    handlerResult(b, req.get(b.name) as Track<number>, cloud ? inv.get(b.name) : undefined, baselineMs.median),
  );
  return { runs, baselineMs, handlers };
}

/** Run benchmark (c). */
export async function benchColdStart(o: ColdStartOptions = {}): Promise<ColdStartResult> {
  const runs = Math.max(1, o.runs ?? 10);
  const invoke = o.invoke ?? true;
  if (o.distDir) return { source: o.distDir, ...(await measure(o.distDir, runs, invoke)) };
  const built = await freshBuild();
  try {
    return {
      source: 'fresh esbuild bundles (scripts/build.ts) in a temporary directory',
      buildSec: built.buildSec,
      ...(await measure(built.dir, runs, invoke)),
    };
  } finally {
    rmSync(built.dir, { recursive: true, force: true });
  }
}
