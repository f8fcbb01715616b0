/**
 * `npm run build`: bundle each FC function with esbuild into dist/<name>/index.js (CommonJS, Node 20),
 * copy the autoscaler config next to it, then check that every function s.yaml names exists in the build
 * and exports its handler. Prints one line per bundle with its size.
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { basename, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { renderSYaml } from '../src/local/syaml.js';

const root = resolve(import.meta.dirname, '..');

export interface BuildResult {
  name: string;
  file: string;
  bytes: number;
}

/** The functions to bundle: every functions/<name>/index.ts. */
export function functionNames(): string[] {
  const dir = join(root, 'functions');
  return readdirSync(dir).filter((n) => existsSync(join(dir, n, 'index.ts')));
}

export async function buildFunctions(outDir = join(root, 'dist'), configFile?: string): Promise<BuildResult[]> {
  const config =
    configFile ?? [join(root, 'config/autoscaler.yaml'), join(root, 'config/autoscaler.example.yaml')].find(existsSync);
  const results: BuildResult[] = [];
  for (const name of functionNames()) {
    const file = join(outDir, name, 'index.js');
    await build({
      entryPoints: [join(root, 'functions', name, 'index.ts')],
      outfile: file,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      sourcemap: 'linked',
      minify: true,
      legalComments: 'none',
      logLevel: 'warning',
      // urllib (ali-oss, pulled in by @alicloud/fc2) requires proxy-agent lazily, only when an HTTP proxy is
      // configured; FC functions run without one, so it is left out of the bundle.
      external: ['proxy-agent'],
    });
    if (config) copyFileSync(config, join(outDir, name, 'autoscaler.yaml'));
    // The bundle is CommonJS: say so next to it, so Node never reads it as ESM from an outer package.json.
    writeFileSync(join(outDir, name, 'package.json'), '{ "type": "commonjs" }\n');
    // The optimiser (tick) prices recommendations from the table shipped next to the bundle.
    if (name === 'tick') cpSync(join(root, 'config/prices'), join(outDir, name, 'prices'), { recursive: true });
    // The dashboard function serves its front end from static/ next to the bundle.
    if (name === 'dashboard')
      cpSync(join(root, 'src/dashboard/static'), join(outDir, name, 'static'), { recursive: true });
    results.push({ name, file, bytes: statSync(file).size });
  }
  return results;
}

/**
 * Every s.yaml function must point at a directory under dist/ whose module, loaded by a fresh Node process
 * the way FC loads it (CommonJS, from that directory), exports the named handler function.
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
    const probe = `const m = require(${JSON.stringify(modulePath)}); process.exit(typeof m[${JSON.stringify(exported)}] === 'function' ? 0 : 3);`;
    const run = spawnSync(process.execPath, ['-e', probe], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    if (run.status !== 0) {
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
    process.stdout.write(`built ${r.name.padEnd(10)} ${(r.bytes / 1024).toFixed(0).padStart(6)} KiB  ${r.file}\n`);
  }
  const problems = checkSYamlHandlers();
  for (const p of problems) process.stderr.write(`s.yaml: ${p}\n`);
  process.stdout.write(`build ${problems.length ? 'FAILED' : 'ok'} in ${Date.now() - started} ms\n`);
  if (problems.length) process.exitCode = 1;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) await main();
