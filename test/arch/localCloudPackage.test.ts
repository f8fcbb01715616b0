import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// packages/local-cloud is its own package: its sources reach nothing outside it (no relative path leaving the
// package, no product path, no package it does not declare). The product reaches the package, never the reverse;
// the local cloud sees the product only through what is deployed into its FC runtime (functions/*).
const root = resolve(import.meta.dirname, '../..');
const pkgDir = join(root, 'packages/local-cloud');
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};
const declared = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.[cm]?[jt]s$/.test(p) ? [p] : [];
  });
}

/** Every module specifier of a file: static and dynamic imports, re-exports, and `new URL(…, import.meta.url)`. */
function specifiers(src: string): string[] {
  const re =
    /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]|new URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url/gm;
  return [...src.matchAll(re)].map((m) => (m[1] ?? m[2] ?? m[3] ?? m[4]) as string);
}

/** The package a bare specifier names (`@scope/name/x` → `@scope/name`, `name/x` → `name`). */
function packageOf(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}

function breach(file: string, spec: string): string | undefined {
  if (spec.startsWith('.')) {
    const target = resolve(file, '..', spec);
    const rel = relative(pkgDir, target);
    return rel.startsWith('..') ? `leaves the package: ${relative(root, target)}` : undefined;
  }
  if (spec.startsWith('node:') || builtinModules.includes(spec)) return undefined;
  if (spec.startsWith('/') || spec.startsWith('file:')) return 'absolute path';
  const name = packageOf(spec);
  if (name === '@ecs-autoscaler/local-cloud') return 'imports itself by name (use a relative path)';
  if (name.startsWith('@ecs-autoscaler/') || /^(src|functions|test|scripts)\//.test(spec)) return 'product path';
  return declared.has(name) ? undefined : `package not declared in packages/local-cloud/package.json`;
}

function breaches(dir: string): string[] {
  return files(dir).flatMap((f) =>
    specifiers(readFileSync(f, 'utf8'))
      .map((s) => ({ s, why: breach(f, s) }))
      .filter((b) => b.why !== undefined)
      .map((b) => `${relative(root, f)}: '${b.s}' ${b.why}`),
  );
}

describe('packages/local-cloud is self-contained', () => {
  it('imports nothing outside the package: no relative path leaving it, no product path, no undeclared package', () => {
    expect(breaches(join(pkgDir, 'src'))).toEqual([]);
  });

  it('the check sees each kind of breach', () => {
    const f = join(pkgDir, 'src/fc/example.ts');
    // From packages/local-cloud/src/fc/, four levels up is the repository root (built, not spelt, so that
    // selfContained.test.ts does not read these examples as paths of this file).
    const up = '../'.repeat(4);
    const src = [
      `import { decide } from '${up}src/core/decide/index.js';`,
      `import type { Clock } from '${up}src/ports/Clock.js';`,
      "export { x } from '../../package.json';",
      `const m = await import('${up}functions/alarm/index.js');`,
      "import 'left-pad';",
      `const u = new URL('${up}s.yaml', import.meta.url);`,
      "import { y } from '@ecs-autoscaler/product/x.js';",
      "import { ok } from './engine.js';",
      "import { Cron } from 'croner';",
      "import { join } from 'node:path';",
    ].join('\n');
    const found = specifiers(src).map((s) => [s, breach(f, s) !== undefined]);
    expect(found).toEqual([
      [`${up}src/core/decide/index.js`, true],
      [`${up}src/ports/Clock.js`, true],
      ['../../package.json', false],
      [`${up}functions/alarm/index.js`, true],
      ['left-pad', true],
      [`${up}s.yaml`, true],
      ['@ecs-autoscaler/product/x.js', true],
      ['./engine.js', false],
      ['croner', false],
      ['node:path', false],
    ]);
  });
});
