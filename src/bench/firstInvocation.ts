/**
 * Benchmark (c), first invocation: a fresh `node` requires a function's entry the way FC does, calls its
 * handler once (event and context from its environment) and exits. The wall time from spawn to exit is what a
 * caller waits for after a cold start, less FC's own instance start-up. The child also reports how long the
 * require and the call took inside it, what the handler answered and whether V8 used the code cache.
 */
import { spawn } from 'node:child_process';
import { AutoscalerError } from '../core/errors.js';
import type { Invocation } from './coldCloud.js';
import { round, type Summary, summarise } from './stats.js';

/** Prefix of the child's result line (the app's JSON log lines share its stdout). */
export const RESULT_MARK = 'BENCH_FIRST_INVOCATION ';

/** Require + one handler call in a fresh `node`, over the runs. */
export interface FirstInvocation {
  /** Wall ms from spawning `node` to its exit. */
  wallMs: Summary;
  /** Median wall ms − median `node -e ''`. */
  extraMs: number;
  /** Medians inside the child: ms to require the entry, ms of the handler call. */
  requireMs: number;
  callMs: number;
  /** What the calls answered (`HTTP 200 applied`, `done verified` …) and how often. */
  answers: Record<string, number>;
  /** The code cache as the child saw it (`used`, `rejected`, `absent`, `source-maps`; `none`: a plain bundle). */
  codeCache: Record<string, number>;
  /** Why the first failed call failed (then the function is not timed further). */
  error?: string;
}

export interface InvocationSample {
  wallMs: number;
  requireMs: number;
  callMs: number;
  answer: string;
  codeCache: string;
}

/** The code a child runs: require `file`, call `handler(event, context)` once, print one result line, exit. */
export function invokeProbe(file: string): string {
  return `const t0 = performance.now();
const m = require(${JSON.stringify(file)});
const t1 = performance.now();
const answerOf = (r) => {
  if (!r || typeof r !== 'object') return typeof r;
  if (typeof r.statusCode === 'number') {
    let s = '';
    try { s = JSON.parse(r.body).status ?? ''; } catch {}
    return ('HTTP ' + r.statusCode + ' ' + s).trim();
  }
  const res = r.result;
  if (res && typeof res.evaluated === 'number') {
    const by = Object.entries(res.byStatus ?? {}).map(([k, n]) => k + ' ' + n).join(', ');
    return r.kind + ': ' + res.evaluated + ' evaluated' + (by ? ' (' + by + ')' : '');
  }
  return [r.kind, r.status, r.step].filter(Boolean).join(' ') || 'object';
};
m.handler(Buffer.from(process.env.BENCH_EVENT), JSON.parse(process.env.BENCH_CONTEXT)).then((r) => {
  const t2 = performance.now();
  const line = { requireMs: t1 - t0, callMs: t2 - t1, answer: answerOf(r), codeCache: m.codeCache ?? 'none' };
  process.stdout.write('\\n' + ${JSON.stringify(RESULT_MARK)} + JSON.stringify(line) + '\\n', () => process.exit(0));
}, (err) => { process.stderr.write(String((err && err.stack) || err)); process.exit(4); });`;
}

function parseResult(stdout: string): Omit<InvocationSample, 'wallMs'> | undefined {
  const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARK));
  return line ? (JSON.parse(line.slice(RESULT_MARK.length)) as Omit<InvocationSample, 'wallMs'>) : undefined;
}

/**
 * Run one first invocation of `file` in `cwd` (asynchronously: the emulators answer from this process).
 * @throws AutoscalerError when the child fails, times out or prints no result.
 */
export function runInvocation(
  file: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  inv: Invocation,
  timeoutMs = 60_000,
): Promise<InvocationSample> {
  const childEnv = { ...env, BENCH_EVENT: inv.event, BENCH_CONTEXT: JSON.stringify(inv.context) };
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, ['-e', invokeProbe(file)], { cwd, env: childEnv, timeout: timeoutMs });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - start;
      const result = parseResult(Buffer.concat(out).toString('utf8'));
      if (code === 0 && result) return resolve({ wallMs, ...result });
      const why = Buffer.concat(err).toString('utf8').slice(0, 400);
      reject(
        new AutoscalerError(`first invocation of ${file} exited ${code}${result ? '' : ' without a result'}: ${why}`),
      );
    });
  });
}

function tally(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

/** Summarise the samples of one function against the floor's median. */
export function summariseInvocations(
  samples: readonly InvocationSample[],
  floorMedianMs: number,
  error?: string,
): FirstInvocation {
  const wallMs = summarise(samples.map((x) => x.wallMs));
  return {
    wallMs,
    extraMs: round(wallMs.median - floorMedianMs, 1),
    requireMs: round(summarise(samples.map((x) => x.requireMs)).median, 1),
    callMs: round(summarise(samples.map((x) => x.callMs)).median, 1),
    answers: tally(samples.map((x) => x.answer)),
    codeCache: tally(samples.map((x) => x.codeCache)),
    ...(error === undefined ? {} : { error }),
  };
}
