import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleSizes, bundlesIn, measure, requireProbe, timeNode } from '../../src/bench/coldStart.js';
import { runInvocation, summariseInvocations } from '../../src/bench/firstInvocation.js';

const HTTP_ANSWER = `exports.handler = async (event, ctx) => {
  const e = JSON.parse(event.toString());
  const tokenOk = e.queryParameters.token === process.env.AUTOSCALER_WEBHOOK_TOKEN && !!process.env.AUTOSCALER_CONFIG;
  return { statusCode: tokenOk && ctx.requestId ? 200 : 401, body: JSON.stringify({ status: 'applied' }) };
};`;

// A fake dist/ of tiny CommonJS bundles: the measuring code runs for real without an esbuild build.
describe('benchmark (c): cold start', () => {
  let dir: string;
  const bundle = (name: string, files: Record<string, string>) => {
    mkdirSync(join(dir, name));
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, name, file), text);
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bench-cold-'));
    bundle('good', { 'index.js': 'exports.handler = async () => 1;' });
    bundle('nohandler', { 'index.js': 'exports.other = 1;' });
    bundle('broken', { 'index.js': 'throw new Error("boom at load");' });
    mkdirSync(join(dir, 'not-a-bundle'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds every <fn>/index.js', () => {
    expect(bundlesIn(dir).map((b) => b.name)).toEqual(['broken', 'good', 'nohandler']);
  });

  it('times the floor and each loadable bundle, and reports the ones that fail to load', async () => {
    const r = await measure(dir, 2, false);
    expect(r.runs).toBe(2);
    expect(r.baselineMs.n).toBe(2);
    const byName = Object.fromEntries(r.handlers.map((h) => [h.name, h]));
    expect(byName.good?.importMs.n).toBe(2);
    expect(byName.good?.error).toBeUndefined();
    expect(byName.good?.bundleBytes).toBe('exports.handler = async () => 1;'.length);
    expect(byName.good?.cacheBytes).toBeUndefined();
    expect(byName.good?.firstInvocation).toBeUndefined();
    expect(byName.good?.ratio).toBeGreaterThan(0);
    expect(byName.nohandler?.error).toContain('exited 3');
    expect(byName.broken?.error).toContain('boom at load');
    expect(byName.broken?.importMs.n).toBe(0);
  });

  it('sizes the bundle behind a loader entry, and its code cache', () => {
    const base = mkdtempSync(join(tmpdir(), 'bench-sizes-'));
    mkdirSync(join(base, 'fn'));
    writeFileSync(join(base, 'fn', 'index.js'), 'x');
    writeFileSync(join(base, 'fn', 'bundle.js'), 'xxxx');
    writeFileSync(join(base, 'fn', 'bundle.cache'), 'yy');
    expect(bundleSizes({ name: 'fn', file: join(base, 'fn', 'index.js') })).toEqual({ bundleBytes: 4, cacheBytes: 2 });
    rmSync(base, { recursive: true, force: true });
  });

  it.each([
    ['', true],
    [requireProbe('./missing.js'), false],
  ])('timeNode(%j) succeeds: %s', (code, ok) => {
    if (ok) expect(timeNode(code, dir)).toBeGreaterThan(0);
    else expect(() => timeNode(code, dir)).toThrow(/exited 1/);
  });

  it('names the directory when there is nothing to measure', async () => {
    await expect(measure(join(dir, 'not-a-bundle'), 1)).rejects.toThrow(
      /no <function>\/index.js bundle under .*not-a-bundle/,
    );
  });
});

describe('benchmark (c): first invocation', () => {
  let dir: string;
  const context = {
    requestId: 'r-1',
    accountId: '1',
    region: 'cn-hangzhou',
    credentials: { accessKeyId: 'a', accessKeySecret: 'b' },
  };
  const fn = (name: string, code: string) => {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, 'index.js'), code);
    return join(dir, name, 'index.js');
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bench-first-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    [
      'an HTTP answer',
      'async () => ({ statusCode: 200, body: JSON.stringify({ status: "applied" }) })',
      'HTTP 200 applied',
    ],
    ['a non-JSON HTTP body', 'async () => ({ statusCode: 503, body: "busy" })', 'HTTP 503'],
    [
      'a reconcile summary',
      'async () => ({ kind: "reconcile", result: { evaluated: 3, byStatus: { skipped: 3 } } })',
      'reconcile: 3 evaluated (skipped 3)',
    ],
    ['an orchestration outcome', 'async () => ({ status: "done", step: "verified" })', 'done verified'],
  ])('reports %s', async (name, handler, answer) => {
    const file = fn(name.replaceAll(' ', '-'), `exports.handler = ${handler};`);
    const s = await runInvocation(file, dir, process.env, { event: '{}', context, env: {} });
    expect(s).toMatchObject({ answer, codeCache: 'none' });
    expect(s.wallMs).toBeGreaterThanOrEqual(s.requireMs + s.callMs);
  });

  it('passes the event, the context and the environment, and keeps app log lines out of the result', async () => {
    const file = fn(
      'echo',
      `exports.handler = async (event, ctx) => {
      console.log(JSON.stringify({ level: 'info', msg: 'decision' }));
      return { status: [event.toString(), ctx.requestId, process.env.BENCH_X].join('|') };
    };`,
    );
    const s = await runInvocation(file, dir, { ...process.env, BENCH_X: 'x' }, { event: 'ev', context, env: {} });
    expect(s.answer).toBe('ev|r-1|x');
  });

  it('rejects with the failure when the handler throws', async () => {
    const file = fn('throws', 'exports.handler = async () => { throw new Error("handler failed"); };');
    await expect(runInvocation(file, dir, process.env, { event: '{}', context, env: {} })).rejects.toThrow(
      /exited 4 without a result: Error: handler failed/,
    );
  });

  it('summarises answers and cache states with counts', () => {
    const sample = (answer: string, codeCache: string, wallMs: number) => ({
      wallMs,
      requireMs: 1,
      callMs: 2,
      answer,
      codeCache,
    });
    const f = summariseInvocations(
      [sample('a', 'used', 100), sample('a', 'used', 300), sample('b', 'rejected', 200)],
      50,
    );
    expect(f).toMatchObject({
      extraMs: 150,
      requireMs: 1,
      callMs: 2,
      answers: { a: 2, b: 1 },
      codeCache: { used: 2, rejected: 1 },
    });
    expect(f.wallMs.median).toBe(200);
  });

  it('measures each function against the emulators with its own event and environment', async () => {
    const dist = join(dir, 'dist');
    mkdirSync(dist);
    mkdirSync(join(dist, 'alarm'));
    writeFileSync(join(dist, 'alarm', 'index.js'), HTTP_ANSWER);
    const r = await measure(dist, 2);
    const first = r.handlers[0]?.firstInvocation;
    expect(first?.error).toBeUndefined();
    expect(first?.answers).toEqual({ 'HTTP 200 applied': 2 });
    expect(first?.wallMs.n).toBe(2);
  });
});
