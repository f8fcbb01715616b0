import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The dependency rule, made executable: core ← app ← functions; adapters implement ports.
const root = resolve(import.meta.dirname, '../..');

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

function imports(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  const re = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  return [...src.matchAll(re)].map((m) => (m[1] ?? m[2]) as string);
}

/** Where an import points: a repo-relative path for relative imports, the package name otherwise. */
function target(file: string, spec: string): string {
  return spec.startsWith('.') ? relative(root, resolve(file, '..', spec)) : spec;
}

function breaches(dir: string, allowed: (t: string) => boolean): string[] {
  return files(join(root, dir)).flatMap((f) =>
    imports(f)
      .map((s) => target(f, s))
      .filter((t) => !allowed(t))
      .map((t) => `${relative(root, f)} imports ${t}`),
  );
}

describe('dependency rule', () => {
  it('src/core imports only src/core (no node:, no SDKs, no other layer)', () => {
    expect(breaches('src/core', (t) => t.startsWith('src/core/'))).toEqual([]);
  });

  it('src/core never reads the clock, the environment or randomness', () => {
    const offenders = files(join(root, 'src/core')).filter((f) =>
      /Date\.now\(|new Date\(\)|Math\.random\(|process\.env|performance\.now\(/.test(readFileSync(f, 'utf8')),
    );
    expect(offenders.map((f) => relative(root, f))).toEqual([]);
  });

  it('src/ports depend only on core', () => {
    expect(breaches('src/ports', (t) => t.startsWith('src/core/') || t.startsWith('src/ports/'))).toEqual([]);
  });

  it('src/app depends on core and ports only (never on adapters, local cloud or SDKs)', () => {
    const ok = (t: string) =>
      t.startsWith('src/core/') || t.startsWith('src/ports/') || t.startsWith('src/app/') || t.startsWith('node:');
    expect(breaches('src/app', ok)).toEqual([]);
  });

  it('adapters never import the app, the local cloud or functions', () => {
    const bad = (t: string) => t.startsWith('src/app/') || t.startsWith('src/local/') || t.startsWith('functions/');
    expect(breaches('src/adapters', (t) => !bad(t))).toEqual([]);
  });

  it('functions are thin: they reach the rest only through src/runtime (and app/core types)', () => {
    const ok = (t: string) =>
      t.startsWith('src/runtime/') ||
      t.startsWith('src/dashboard/') ||
      t.startsWith('src/app/') ||
      t.startsWith('src/core/') ||
      t.startsWith('node:');
    expect(breaches('functions', ok)).toEqual([]);
  });

  it('the dashboard reads through ports and the app, never adapters or the local cloud', () => {
    const ok = (t: string) =>
      t.startsWith('src/core/') ||
      t.startsWith('src/ports/') ||
      t.startsWith('src/app/') ||
      t.startsWith('src/dashboard/') ||
      t.startsWith('node:');
    expect(breaches('src/dashboard', ok)).toEqual([]);
  });

  it('the runtime (composition root) never depends on the local cloud', () => {
    expect(breaches('src/runtime', (t) => !t.startsWith('src/local/'))).toEqual([]);
  });

  it('the checker itself sees a breach', () => {
    // A guard against a regex that matches nothing: this very file imports node:fs.
    expect(imports(join(root, 'test/arch/dependencies.test.ts'))).toContain('node:fs');
  });
});
