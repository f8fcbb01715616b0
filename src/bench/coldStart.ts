/**
 * Benchmark (c): cold start. Each bundled FC handler (dist/<fn>/index.js, CommonJS, as FC loads it) is required
 * by a fresh `node` process, against `node -e ''` as the floor; runs are interleaved so that load on a shared
 * machine hits every candidate alike. By default the bundles are built first into a temporary directory with
 * the project's own build (scripts/build.ts), so the figures match the current source; `distDir` measures an
 * existing build instead.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AutoscalerError } from '../core/errors.js';
import { round, type Summary, summarise } from './stats.js';

export interface ColdStartOptions {
  /** Processes per candidate. Default 10. */
  runs?: number;
  /** An existing build (directory holding <fn>/index.js); absent = build into a temporary directory. */
  distDir?: string;
}

export interface HandlerColdStart {
  name: string;
  bundleBytes: number;
  /** Why the bundle could not be loaded (then it is not timed further). */
  error?: string;
  importMs: Summary;
  /** Median import time ÷ median `node -e ''`. */
  ratio: number;
  /** Median import time − median `node -e ''`, ms. */
  extraMs: number;
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

/** Bundles under `dir`: every <name>/index.js. */
export function bundlesIn(dir: string): { name: string; file: string }[] {
  return readdirSync(dir)
    .map((name) => ({ name, file: join(dir, name, 'index.js') }))
    .filter((b) => existsSync(b.file))
    .sort((a, b) => a.name.localeCompare(b.name));
}

async function freshBuild(): Promise<{ dir: string; buildSec: number }> {
  const { buildFunctions } = await import('../../scripts/build.js');
  const dir = mkdtempSync(join(tmpdir(), 'autoscaler-bench-'));
  const start = performance.now();
  await buildFunctions(dir);
  return { dir, buildSec: round((performance.now() - start) / 1000, 2) };
}

/** Time one bundle once; a failure is remembered and ends its measurement. */
function timeBundle(b: { name: string; file: string }, dir: string, times: number[], errors: Map<string, string>) {
  if (errors.has(b.name)) return;
  try {
    times.push(timeNode(requireProbe(b.file), join(dir, b.name)));
  } catch (err) {
    errors.set(b.name, err instanceof Error ? err.message : String(err));
  }
}

/** Measure `runs` rounds; each round times the floor and every bundle once. */
export function measure(distDir: string, runs: number): Omit<ColdStartResult, 'source' | 'buildSec'> {
  const dir = resolve(distDir);
  const bundles = existsSync(dir) ? bundlesIn(dir) : [];
  if (bundles.length === 0) {
    throw new AutoscalerError(`cold start: no <function>/index.js bundle under ${dir} (run npm run build first)`);
  }
  const floor: number[] = [];
  const times = new Map<string, number[]>(bundles.map((b) => [b.name, []]));
  const errors = new Map<string, string>();
  for (let r = 0; r < runs; r++) {
    floor.push(timeNode('', dir));
    for (const b of bundles) timeBundle(b, dir, times.get(b.name) ?? [], errors);
  }
  const baselineMs = summarise(floor);
  const handlers = bundles.map((b): HandlerColdStart => {
    const importMs = summarise(times.get(b.name) ?? []);
    const error = errors.get(b.name);
    return {
      name: b.name,
      bundleBytes: statSync(b.file).size,
      ...(error === undefined ? {} : { error }),
      importMs,
      ratio: round(importMs.median / Math.max(1e-9, baselineMs.median), 2),
      extraMs: round(importMs.median - baselineMs.median, 1),
    };
  });
  return { runs, baselineMs, handlers };
}

/** Run benchmark (c). */
export async function benchColdStart(o: ColdStartOptions = {}): Promise<ColdStartResult> {
  const runs = Math.max(1, o.runs ?? 10);
  if (o.distDir) return { source: o.distDir, ...measure(o.distDir, runs) };
  const built = await freshBuild();
  try {
    return {
      source: 'fresh esbuild bundles (scripts/build.ts) in a temporary directory',
      buildSec: built.buildSec,
      ...measure(built.dir, runs),
    };
  } finally {
    rmSync(built.dir, { recursive: true, force: true });
  }
}
