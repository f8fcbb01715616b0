// The crash tests' child runs as one esbuild bundle under plain `node`: the workspace package (raw .ts) must be
// bundled into it, installed packages must stay external and load from node_modules.
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleForNode, childBundle, reapChildren } from '../support/childRunner.js';

const ROOT = resolve(import.meta.dirname, '../..');
const DIR = resolve(ROOT, `node_modules/.cache/reliability/bundle-probe-${process.pid}`);
const run = promisify(execFile);

/** Bare specifiers the bundle still imports at run time. */
function bareImports(code: string): string[] {
  const found = [...code.matchAll(/^import\s[^'"]*?from\s+["']([^"'./][^"']*)["']/gm)].map((m) => m[1] as string);
  return [...new Set(found)].filter((p) => !p.startsWith('node:')).sort();
}

describe('reliability: the child bundle', () => {
  afterAll(async () => {
    await reapChildren();
    await rm(DIR, { recursive: true, force: true });
  });

  it('bundles @ecs-autoscaler/local-cloud (TypeScript sources) and leaves installed packages external', async () => {
    await mkdir(DIR, { recursive: true });
    const entry = resolve(DIR, 'entry.ts');
    await writeFile(
      entry,
      [
        "import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';",
        "import { parse } from 'yaml';",
        'const clock = new VirtualClock(Date.UTC(2025, 0, 1));',
        "console.log(JSON.stringify({ now: clock.now(), yaml: parse('a: 1') }));",
      ].join('\n'),
    );
    const out = await bundleForNode(entry, resolve(DIR, 'out.mjs'));
    const code = await readFile(out, 'utf8');
    expect(bareImports(code)).toEqual(['yaml']);
    const { stdout } = await run(process.execPath, [out], { cwd: ROOT });
    expect(JSON.parse(stdout)).toEqual({ now: Date.UTC(2025, 0, 1), yaml: { a: 1 } });
  });

  it('the app child loads under plain node: its only run-time imports are installed packages', async () => {
    const code = await readFile(await childBundle(), 'utf8');
    expect(bareImports(code).filter((p) => p.startsWith('@ecs-autoscaler/'))).toEqual([]);
    // An empty spec: every module loaded, then the invocation fails and the child reports it on its protocol.
    const child = execFile(process.execPath, [await childBundle()], { cwd: ROOT });
    child.stdin?.end('{}');
    const stdout = await new Promise<string>((res) => {
      let text = '';
      child.stdout?.on('data', (c) => {
        text += String(c);
      });
      child.once('exit', () => res(text));
    });
    expect(stdout).toMatch(/^ERROR /);
  });
});
