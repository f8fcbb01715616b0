/**
 * `npm run build`: bundle each FC function with esbuild into dist/<name>/index.js (CommonJS, Node 20),
 * copy the autoscaler config next to it, then check that every function s.yaml names exists in the build
 * and exports its handler. Prints one line per bundle with its size.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
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
    });
    if (config) copyFileSync(config, join(outDir, name, 'autoscaler.yaml'));
    results.push({ name, file, bytes: statSync(file).size });
  }
  return results;
}

/** Every s.yaml function must point at a built directory whose module exports the named handler. */
export function checkSYamlHandlers(outDir = join(root, 'dist')): string[] {
  const problems: string[] = [];
  const rendered = renderSYaml(join(root, 's.yaml'));
  const require = createRequire(import.meta.url);
  for (const [logical, res] of Object.entries(rendered.resources)) {
    const code = resolve(root, String(res.props.code));
    const [file, exported] = String(res.props.handler).split('.');
    const modulePath = join(code, `${file}.js`);
    if (!code.startsWith(outDir) && dirname(code) !== outDir)
      problems.push(`${logical}: code ${code} is not under ${outDir}`);
    if (!existsSync(modulePath)) {
      problems.push(`${logical}: ${modulePath} does not exist`);
      continue;
    }
    const mod = require(modulePath) as Record<string, unknown>;
    if (typeof mod[exported as string] !== 'function')
      problems.push(`${logical}: ${modulePath} does not export ${exported}()`);
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
