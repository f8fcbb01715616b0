import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Script } from 'node:vm';
import { build, type Plugin } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declareImplicitGlobals, IMPLICIT_GLOBALS, lazyBarrel } from '../../scripts/sdkPlugins.js';
import type { TablestoreStateStore } from '../../src/adapters/tablestore/stateStore.js';
import { RealClock } from '@ecs-autoscaler/local-cloud/clock.js';
import { startTablestoreEmulator, type TablestoreEmulator } from '@ecs-autoscaler/local-cloud/tablestore/index.js';

const root = resolve(import.meta.dirname, '../..');

describe('lazyBarrel (models/model.js of the @alicloud SDKs)', () => {
  const barrel = [
    '"use strict";',
    'exports.B = exports.A = void 0;',
    'var A_1 = require("./A");',
    'Object.defineProperty(exports, "A", { enumerable: true, get: function () { return A_1.A; } });',
    'var A_2 = require("./A");',
    'Object.defineProperty(exports, "AItem", { enumerable: true, get: function () { return A_2.AItem; } });',
    'var B_1 = require("./B-x.y");',
    'Object.defineProperty(exports, "B", { enumerable: true, get: function () { return B_1.B; } });',
  ].join('\n');

  it('moves every require into its getter', () => {
    const out = lazyBarrel(barrel) ?? '';
    expect(out).not.toMatch(/var \w+ = require/);
    expect(out).toContain('get: function () { return require("./A").A; }');
    expect(out).toContain('get: function () { return require("./A").AItem; }');
    expect(out).toContain('get: function () { return require("./B-x.y").B; }');
  });

  it.each([
    ['no barrel requires', '"use strict";\nexports.x = 1;'],
    ['a required module used elsewhere', `${barrel}\nA_1.A.touch();`],
  ])('leaves the file as it is with %s', (_name, source) => {
    expect(lazyBarrel(source)).toBeUndefined();
  });

  it.each(['ecs20140526', 'cms20190101'])('transforms the installed @alicloud/%s barrel completely', (sdk) => {
    const source = readFileSync(join(root, 'node_modules/@alicloud', sdk, 'dist/models/model.js'), 'utf8');
    const out = lazyBarrel(source);
    expect(out).toBeDefined();
    const getters = (out ?? '').match(/return require\("\.\/[\w.-]+"\)\.\w+; \}/g) ?? [];
    expect(getters.length).toBe((source.match(/^var \w+ = require\("\.\//gm) ?? []).length);
  });
});

// The bundle of an ES module starts with "use strict", and every bundled CommonJS file inherits it. The
// tablestore SDK assigns undeclared variables (sloppy mode only): without the plugin, the first row
// operation of the bundled adapter fails with "key is not defined", which is what the functions did.
describe('declareImplicitGlobals (tablestore under the bundle strict mode)', () => {
  const credentials = { accessKeyId: 'AK', accessKeySecret: 'SK' };
  let ots: TablestoreEmulator;
  let dir: string;
  beforeAll(async () => {
    ots = await startTablestoreEmulator({ clock: new RealClock(), credentials, instanceName: 'bundle' });
    dir = mkdtempSync(join(tmpdir(), 'sdk-plugins-'));
  });
  afterAll(async () => {
    await ots.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Bundle the Tablestore adapter like scripts/build.ts does, and load it as one strict script. */
  async function bundledStore(plugins: Plugin[], name: string): Promise<TablestoreStateStore> {
    const outfile = join(dir, `${name}.js`);
    await build({
      entryPoints: [join(root, 'src/adapters/tablestore/stateStore.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      logLevel: 'silent',
      plugins,
    });
    const source = readFileSync(outfile, 'utf8');
    expect(source.startsWith('"use strict";')).toBe(true);
    const mod = { exports: {} as Record<string, unknown> };
    const wrapped = new Script(`(function (exports, require, module) { ${source}\n})`, { filename: outfile });
    (wrapped.runInThisContext() as (...a: unknown[]) => void)(mod.exports, createRequire(outfile), mod);
    const create = mod.exports.createTablestoreStateStore as (o: object) => TablestoreStateStore;
    return create({ endpoint: ots.url, instanceName: 'bundle', credentials, tablePrefix: `${name}_` });
  }

  it('without the plugin a row operation fails in strict mode (the bug it fixes)', async () => {
    const store = await bundledStore([], 'plain');
    // The SDK builds the condition and encodes the key before sending anything: no table is needed to fail.
    await expect(store.putDedupe('k', Date.now(), 60)).rejects.toThrow(/\b(pro|key|size) is not defined/);
  });

  it('with it every patched file is bundled and row operations work', async () => {
    const seen = new Set<string>();
    const store = await bundledStore([declareImplicitGlobals(seen)], 'patched');
    expect([...seen].sort()).toEqual(Object.keys(IMPLICIT_GLOBALS).sort());
    await store.ensureTables(10_000);
    expect(await store.putDedupe('k', Date.now(), 60)).toBe(true);
    expect(await store.putDedupe('k', Date.now(), 60)).toBe(false);
    expect((await store.getInstanceState('i-1')).version).toBe(0);
  });
});
