/**
 * esbuild plugins for the official SDKs, used by scripts/build.ts. They change how the SDKs' own files are
 * bundled, never what they do: one declares variables a sloppy-mode file relies on being implicit globals,
 * the other defers the evaluation of model classes until the client uses them.
 */
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';

/**
 * Variables that sloppy-mode CommonJS files of the `tablestore` SDK (5.6.5) assign without declaring them
 * (`for (key in …)`, `size = …`). Node runs those files sloppy, so the assignments make globals; an esbuild
 * bundle of an ES module starts with "use strict", which turns each of them into a ReferenceError ("key is
 * not defined") on the first row operation. Declaring them at the top of their module restores the intended
 * (function-local) meaning. Found with Biome's noUndeclaredVariables over every bundled file that is not
 * already strict; the other hits there are `typeof define` guards and reads that throw in sloppy mode too.
 */
export const IMPLICIT_GLOBALS: Readonly<Record<string, readonly string[]>> = {
  'tablestore/lib/protocol/plian_buffer_builder.js': ['key', 'size'],
  'tablestore/lib/protocol/plain_buffer_coded_stream.js': ['cell_type'],
  'tablestore/lib/protocol/encoder.js': ['sub'],
  'tablestore/lib/filter.js': ['pro'],
};

/** The esbuild plugin that declares IMPLICIT_GLOBALS; `seen` collects the files it patched. */
export function declareImplicitGlobals(seen: Set<string> = new Set()): Plugin {
  return {
    name: 'declare-implicit-globals',
    setup(b) {
      b.onLoad({ filter: /[\\/]node_modules[\\/]tablestore[\\/]lib[\\/].*\.js$/ }, async (args) => {
        const key = Object.keys(IMPLICIT_GLOBALS).find((k) => args.path.replaceAll('\\', '/').endsWith(`/${k}`));
        if (!key) return undefined;
        seen.add(key);
        const contents = await readFile(args.path, 'utf8');
        return { contents: `var ${IMPLICIT_GLOBALS[key]?.join(', ')};\n${contents}`, loader: 'js' };
      });
    },
  };
}

const BARREL_REQUIRE = /^var (\w+) = require\("(\.\/[\w.-]+)"\);$/gm;

/**
 * An @alicloud SDK's models/model.js requires every model file up front (2,083 for ECS, 942 for CMS) only to
 * re-export each through a getter. Requiring inside the getter instead leaves each model's module (an
 * esbuild `__commonJS` wrapper) unevaluated until the client first touches that class. Returns undefined when
 * the file does not have that exact shape (then it is bundled as is).
 */
export function lazyBarrel(source: string): string | undefined {
  const paths = new Map<string, string>();
  for (const m of source.matchAll(BARREL_REQUIRE)) paths.set(m[1] as string, m[2] as string);
  if (paths.size === 0) return undefined;
  let replaced = 0;
  const out = source
    .replace(BARREL_REQUIRE, '')
    .replace(/return (\w+)\.(\w+); \}/g, (whole, v: string, name: string) => {
      const path = paths.get(v);
      if (path === undefined) return whole;
      replaced++;
      return `return require(${JSON.stringify(path)}).${name}; }`;
    });
  // Any other use of a removed variable would now be undefined: keep the file as it was.
  const left = [...paths.keys()].some((v) => new RegExp(`\\b${v}\\b`).test(out));
  return replaced === 0 || left ? undefined : out;
}

/** The esbuild plugin that applies lazyBarrel to the @alicloud SDKs' models/model.js. */
export function lazySdkModels(): Plugin {
  return {
    name: 'lazy-sdk-models',
    setup(b) {
      b.onLoad(
        { filter: /[\\/]node_modules[\\/]@alicloud[\\/][^\\/]+[\\/]dist[\\/]models[\\/]model\.js$/ },
        async (args) => {
          const contents = lazyBarrel(await readFile(args.path, 'utf8'));
          return contents === undefined ? undefined : { contents, loader: 'js' };
        },
      );
    },
  };
}
