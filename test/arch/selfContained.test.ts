/**
 * The repository is self-contained: nothing under src, test, scripts or functions reads a path outside it (a
 * clone from a public repository has nothing beside it). Every relative path literal is resolved against its
 * file's directory and must stay inside the repository; a path built from the repository root must not climb
 * out of it; and the sibling `shared` folder the project once read is refused however its path is spelt. Vendored data
 * lives under vendor/ (vendor/README.md).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const DIRS = ['src', 'test', 'scripts', 'functions'];
const SOURCE = /\.(ts|js|mjs|cjs|json|ya?ml)$/;
/** The sibling folder, spelt in pieces so that this file does not itself read as a path to it. */
const SIBLING = ['..', 'shared'].join('/');

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (SOURCE.test(p)) out.push(p);
  }
  return out;
}

function inside(path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep));
}

/** Every way `text` (the file at `file`) reaches outside the repository, one line each. */
function escapes(file: string, text: string): string[] {
  const out: string[] = [];
  const lineOf = (index: number) => text.slice(0, index).split('\n').length;
  // A relative path literal ('../x', "../../y", `../z/${…}`), resolved against the file's directory.
  for (const m of text.matchAll(/['"`]((?:\.\.?\/)*\.\.(?:\/[^'"`$\s]*)?)['"`$]/g)) {
    const literal = m[1] as string;
    if (!inside(resolve(dirname(file), literal)))
      out.push(`line ${lineOf(m.index)}: '${literal}' leaves the repository`);
  }
  // A path climbing out of the repository root: resolve(root, '..'), join(ROOT, '../x').
  for (const m of text.matchAll(
    /(?:resolve|join)\(\s*(?:root|ROOT|repoRoot|REPO_ROOT)\s*,\s*['"`](\.\.)(?:\/|['"`])/g,
  )) {
    out.push(`line ${lineOf(m.index)}: a path above the repository root`);
  }
  // The sibling folder the project once read, however it is spelt.
  for (const m of text.matchAll(/\.\.[/\\]+shared\b|['"`]\.\.['"`]\s*,\s*['"`]shared['"`]/g)) {
    out.push(`line ${lineOf(m.index)}: reads ${SIBLING}`);
  }
  return out;
}

describe('self-contained', () => {
  it('nothing under src, test, scripts or functions reads a path outside the repository', () => {
    const self = resolve(import.meta.filename);
    const offenders = DIRS.flatMap((d) => files(join(root, d)))
      .filter((f) => f !== self)
      .flatMap((f) => escapes(f, readFileSync(f, 'utf8')).map((e) => `${relative(root, f)} ${e}`));
    expect(offenders).toEqual([]);
  });

  it('the check finds each way out (and leaves paths inside the repository alone)', () => {
    const file = join(root, 'src/bench/example.ts');
    expect(escapes(file, `const f = resolve(import.meta.dirname, '../../${SIBLING}/traces/x.csv');`)).toHaveLength(2);
    expect(escapes(file, "readFileSync(resolve(root, '../prices.json'))")).toEqual([
      'line 1: a path above the repository root',
    ]);
    expect(escapes(file, "join(root, '..', 'shared', 'x')")).toEqual([
      'line 1: a path above the repository root',
      `line 1: reads ${SIBLING}`,
    ]);
    expect(escapes(file, "import x from '../../../other/x.js';")).toEqual([
      "line 1: '../../../other/x.js' leaves the repository",
    ]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text under test holds a template literal
    expect(escapes(file, 'const d = `../../../${name}.csv`;')).toEqual(["line 1: '../../../' leaves the repository"]);
    // Inside the repository: fine.
    expect(escapes(file, "resolve(import.meta.dirname, '../..'); import y from '../local/sim/index.js';")).toEqual([]);
    expect(escapes(file, "resolve(root, 'vendor/traces/bitbrains')")).toEqual([]);
  });
});
