/**
 * Spawning and killing the app child (appChild.ts). The parent waits for the child's `AT <point>` line and
 * then kills it with SIGKILL: no handler, no cleanup, exactly like an FC instance that is torn down mid-call.
 * Every child is tracked so a failing test can still reap the ones it started (by pid, never by name).
 *
 * The child is appChild.ts bundled once per test process by esbuild, so each spawn costs a plain `node` start
 * instead of a tsx compile of src/. Installed packages (real directories under node_modules) stay external and
 * load from the project's node_modules at run time; a workspace package (`@ecs-autoscaler/local-cloud`, a
 * node_modules symlink to packages/local-cloud whose exports are raw .ts sources) is bundled like src/, since
 * plain `node` cannot load TypeScript.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { build, type Plugin } from 'esbuild';
import type { ChildSpec } from './appChild.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SOURCE = resolve(import.meta.dirname, 'appChild.ts');
const BUNDLE = resolve(ROOT, `node_modules/.cache/reliability/appChild-${process.pid}.mjs`);
const live = new Set<ChildProcessWithoutNullStreams>();
let bundled: Promise<string> | undefined;

const NODE_MODULES = `${sep}node_modules${sep}`;

/**
 * Bare imports that resolve (symlinks followed) into a node_modules directory stay external; the rest — the
 * workspace packages, whose real path is under packages/ — are bundled. `node:` built-ins are external.
 */
export const installedPackagesExternal: Plugin = {
  name: 'installed-packages-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === 'installed-packages-external') return undefined;
      if (args.path.startsWith('node:')) return { path: args.path, external: true };
      const r = await b.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: 'installed-packages-external',
      });
      if (r.errors.length > 0) return { errors: r.errors };
      if (r.external || r.path.includes(NODE_MODULES)) return { path: args.path, external: true };
      return r;
    });
  },
};

/** Bundle `entry` into `outfile`, one ESM file plain `node` runs (installed packages stay external). */
export async function bundleForNode(entry: string, outfile: string): Promise<string> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    plugins: [installedPackagesExternal],
    logLevel: 'error',
  });
  return outfile;
}

/** Bundle appChild.ts (once per process); resolves with the file to run. */
export function childBundle(): Promise<string> {
  bundled ??= bundleForNode(SOURCE, BUNDLE);
  return bundled;
}

export interface AppChild {
  pid: number | undefined;
  /** Lines the child wrote to stdout (protocol) and stderr (its JSON log lines). */
  stdout: string[];
  stderr: string[];
  /** Resolves with the first stdout line starting with one of `prefixes`; rejects on exit or timeout. */
  waitFor(prefixes: string[], timeoutMs: number): Promise<string>;
  /** SIGKILL, then wait for the exit; resolves with the signal that ended it. */
  kill(): Promise<NodeJS.Signals | null>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function lineReader(stream: NodeJS.ReadableStream, into: string[], onLine: (l: string) => void): void {
  let buf = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buf += chunk;
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      into.push(line);
      onLine(line);
    }
  });
}

/** Start the child (call `await childBundle()` first) with `spec` on its stdin. */
export function spawnAppChild(spec: ChildSpec): AppChild {
  const child = spawn(process.execPath, [BUNDLE], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  live.add(child);
  const stdout: string[] = [];
  const stderr: string[] = [];
  const waiters: { prefixes: string[]; resolve: (l: string) => void }[] = [];
  lineReader(child.stdout, stdout, (line) => {
    for (const w of waiters.filter((x) => x.prefixes.some((p) => line.startsWith(p)))) w.resolve(line);
  });
  lineReader(child.stderr, stderr, () => {});
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.once('exit', (code, signal) => {
      live.delete(child);
      r({ code, signal });
    }),
  );
  child.stdin.end(JSON.stringify(spec));
  return {
    pid: child.pid,
    stdout,
    stderr,
    exited,
    waitFor(prefixes, timeoutMs) {
      const seen = stdout.find((l) => prefixes.some((p) => l.startsWith(p)));
      if (seen) return Promise.resolve(seen);
      return new Promise<string>((res, rej) => {
        const timer = setTimeout(
          () =>
            rej(
              new Error(
                `child ${child.pid}: no ${prefixes} line in ${timeoutMs} ms; stderr: ${stderr.slice(-3).join(' | ')}`,
              ),
            ),
          timeoutMs,
        );
        waiters.push({
          prefixes,
          resolve: (l) => {
            clearTimeout(timer);
            res(l);
          },
        });
        void exited.then(({ code, signal }) => {
          clearTimeout(timer);
          rej(
            new Error(
              `child ${child.pid} exited (${code ?? signal}) before ${prefixes}; stdout: ${stdout.join(' | ')}; stderr: ${stderr.slice(-3).join(' | ')}`,
            ),
          );
        });
      });
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      return (await exited).signal;
    },
  };
}

/** Kill every child this process started that is still running, and remove the bundle (test teardown). */
export async function reapChildren(): Promise<void> {
  const running = [...live].filter((c) => c.exitCode === null && c.signalCode === null);
  await Promise.all(
    running.map((c) => {
      const gone = new Promise((r) => c.once('exit', r));
      c.kill('SIGKILL');
      return gone;
    }),
  );
  if (bundled) await rm(BUNDLE, { force: true });
  bundled = undefined;
}
