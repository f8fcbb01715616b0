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

/** What the test support in src/testing (fakes, builders, clocks) may import: what it fakes and builds. */
const testingMayImport = (t: string) =>
  ['src/testing/', 'src/core/', 'src/ports/', 'src/adapters/memory/', '@ecs-autoscaler/local-cloud/'].some((p) =>
    t.startsWith(p),
  );
const isTesting = (t: string) => t === 'src/testing' || t.startsWith('src/testing/');
/** What is deployed or runs the product: none of it may reach test support. */
const PRODUCT = ['src/runtime', 'src/app', 'src/core', 'src/adapters', 'src/dashboard', 'functions'];

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

  it('src/testing imports only core, ports, the memory adapter and the local-cloud package', () => {
    expect(breaches('src/testing', testingMayImport)).toEqual([]);
  });

  it('nothing of the product (runtime, app, core, adapters, dashboard, functions) imports src/testing', () => {
    expect(PRODUCT.flatMap((dir) => breaches(dir, (t) => !isTesting(t)))).toEqual([]);
  });

  it('the src/testing rules bite', () => {
    // The bench is allowed to use the fakes: seen as an importer of src/testing, and as importing more than
    // src/testing may (the app, the local cloud's runtime).
    expect(breaches('src/bench', (t) => !isTesting(t))).toContain('src/bench/decision.ts imports src/testing/index.js');
    expect(breaches('src/bench', testingMayImport).some((b) => b.includes(' imports src/app/'))).toBe(true);
  });

  it('the checker itself sees a breach', () => {
    // A guard against a regex that matches nothing: this very file imports node:fs.
    expect(imports(join(root, 'test/arch/dependencies.test.ts'))).toContain('node:fs');
  });
});
