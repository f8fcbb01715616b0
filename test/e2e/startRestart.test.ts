/**
 * `npm start` as a user runs it, several times on one data directory: start, Ctrl-C, start again; then kill -9
 * and start again; then --fresh. Each second run must resume virtual time after the last one and show a FRESH
 * applied action (stamped after the resume instant) within its first virtual hour (the first minute at the
 * default ×60), with the ECS fleet as the last run left it. Real processes, the real CLI; every wait is bounded
 * and fails only on a hang.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const SPEED = 120; // virtual seconds per real second (the demo's default is 60)
const WAIT_MS = 150_000; // generous: only a hang gets near it
const dataDir = mkdtempSync(join(tmpdir(), 'start-restart-'));
const running = new Set<ChildProcess>();

afterEach(() => {
  for (const p of running) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  running.clear();
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface Run {
  proc: ChildProcess;
  lines: string[];
  stderr: () => string;
  /** Resolves with the first line matching, or rejects when the process exits or WAIT_MS passes. */
  waitFor(test: (line: string) => boolean, what: string): Promise<string>;
}

function start(args: string[] = []): Run {
  const proc = spawn(
    process.execPath,
    ['bin/autoscaler.js', 'start', '--data-dir', dataDir, '--speed', String(SPEED), ...args],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  running.add(proc);
  let err = '';
  proc.stderr?.on('data', (c: Buffer) => {
    err += c.toString();
  });
  const lines: string[] = [];
  const waiters: { test: (l: string) => boolean; ok: (l: string) => void }[] = [];
  createInterface({ input: proc.stdout! }).on('line', (line) => {
    lines.push(line);
    for (const w of [...waiters]) if (w.test(line)) w.ok(line);
  });
  const exited = once(proc, 'exit');
  return {
    proc,
    lines,
    stderr: () => err,
    waitFor(test, what) {
      const seen = lines.find(test);
      if (seen) return Promise.resolve(seen);
      return new Promise((ok, fail) => {
        const timer = setTimeout(
          () => fail(new Error(`no ${what} within ${WAIT_MS} ms:\n${lines.join('\n')}`)),
          WAIT_MS,
        );
        waiters.push({
          test,
          ok: (l) => {
            clearTimeout(timer);
            ok(l);
          },
        });
        void exited.then(([code]) => {
          clearTimeout(timer);
          fail(new Error(`start exited (${code}) before ${what}:\n${lines.join('\n')}\n${err}`));
        });
      });
    },
  };
}

/** The banner's instant: `starting 2026-…Z` or `resuming the last run at 2026-…Z`. */
function bannerMs(run: Run): Promise<{ atMs: number; resumed: boolean }> {
  return run
    .waitFor((l) => l.startsWith('ECS vertical autoscaler'), 'banner')
    .then((l) => {
      const m = /(starting|resuming the last run at) (\S+Z)/.exec(l);
      if (!m) throw new Error(`unexpected banner: ${l}`);
      return { atMs: Date.parse(m[2] as string), resumed: m[1] !== 'starting' };
    });
}

/** `12-07 01:10  ✔ i-web…  applied  28 → 25 Mbps …` → its virtual time (the year from `nearMs`). */
function lineMs(line: string, nearMs: number): number {
  const m = /^(\d\d)-(\d\d) (\d\d):(\d\d) /.exec(line);
  if (!m) return Number.NaN;
  const [, mo, d, h, mi] = m.map(Number) as number[];
  return Date.UTC(new Date(nearMs).getUTCFullYear(), (mo as number) - 1, d, h, mi);
}

const APPLIED = /^\d\d-\d\d \d\d:\d\d\s+✔ (\S+)\s+applied\s+(\d+) → (\d+) Mbps/;

/** The first applied action of this run, checked to be fresh (after `sinceMs`) and within the first hour. */
async function freshApplied(run: Run, sinceMs: number) {
  const line = await run.waitFor(
    (l) => APPLIED.test(l) || lineMs(l, sinceMs) > sinceMs + 3_600_000,
    'applied action or a line past the first virtual hour',
  );
  const atMs = lineMs(line, sinceMs);
  expect(APPLIED.test(line), `no applied action in the first virtual hour:\n${run.lines.join('\n')}`).toBe(true);
  // Stamped by minute: a fresh action is at or after the resume instant's minute.
  expect(atMs).toBeGreaterThanOrEqual(Math.floor(sinceMs / 60_000) * 60_000);
  const [, instanceId, from, to] = APPLIED.exec(line) as unknown as [string, string, string, string];
  return { line, atMs, instanceId, from: Number(from), to: Number(to) };
}

async function interrupt(run: Run): Promise<void> {
  run.proc.kill('SIGINT');
  const [code] = await once(run.proc, 'exit');
  expect(code, run.stderr()).toBe(0);
  expect(run.lines.at(-1)).toMatch(/^stopped at \S+Z; local state kept in .* \(the next start resumes\)$/);
}

/**
 * The saved bandwidth of what the applied line names: an instance's link (its own, or its EIP's), or an EIP or a
 * shared bandwidth package a group manages (VPC holds those: docs/vpc-emulator.md).
 */
function savedBandwidth(instanceId: string): number {
  const data = JSON.parse(readFileSync(join(dataDir, 'tablestore.json'), 'utf8').split('\n')[1] ?? '{}');
  const vpc = data.companions.vpc as {
    eips: { allocationId: string; bandwidth: number }[];
    packages: { bandwidthPackageId: string; bandwidth: number }[];
  };
  if (instanceId.startsWith('eip-')) return vpc.eips.find((e) => e.allocationId === instanceId)?.bandwidth ?? 0;
  if (instanceId.startsWith('cbwp-'))
    return vpc.packages.find((p) => p.bandwidthPackageId === instanceId)?.bandwidth ?? 0;
  const inst = data.companions.ecs.instances.find((i: { instanceId: string }) => i.instanceId === instanceId);
  if (!inst.eip) return inst.bandwidthOutMbps;
  const eips = data.companions.vpc.eips as { instanceId?: string; bandwidth: number }[];
  return eips.find((e) => e.instanceId === instanceId)?.bandwidth ?? 0;
}

describe('npm start, restarted', () => {
  it('start, stop, start: the second run resumes and shows a fresh applied action in its first minute', async () => {
    const first = start();
    const one = await bannerMs(first);
    expect(one.resumed).toBe(false);
    const a1 = await freshApplied(first, one.atMs);
    await interrupt(first);
    // The ECS change survived with the store's state.
    expect(savedBandwidth(a1.instanceId)).toBeGreaterThan(0);

    const second = start();
    const two = await bannerMs(second);
    expect(two.resumed).toBe(true);
    expect(two.atMs).toBeGreaterThan(a1.atMs); // virtual time resumes after the last run
    const a2 = await freshApplied(second, two.atMs);
    expect(a2.atMs).toBeGreaterThan(a1.atMs);
    // No replay of old actions: every applied line of the second run is stamped after the resume instant.
    for (const l of second.lines.filter((x) => APPLIED.test(x))) {
      expect(lineMs(l, two.atMs)).toBeGreaterThanOrEqual(Math.floor(two.atMs / 60_000) * 60_000);
    }

    // Only one local cloud per data directory while it runs (and --fresh never wipes a running one's data).
    const intruder = start(['--fresh']);
    const [code] = await once(intruder.proc, 'exit');
    expect(code).toBe(1);
    expect(intruder.stderr()).toMatch(/is in use by another local cloud \(pid \d+\)/);
    expect(intruder.stderr()).not.toMatch(/\n\s+at /); // one line, no stack

    // kill -9 right after an acknowledged change: the third run starts from what was saved.
    second.proc.kill('SIGKILL');
    await once(second.proc, 'exit');
    const third = start();
    const three = await bannerMs(third);
    expect(three.resumed).toBe(true);
    expect(three.atMs).toBeGreaterThanOrEqual(a2.atMs);
    // Every acknowledged change is on disk: the ECS state was saved before the change was answered.
    const a3 = await freshApplied(third, three.atMs);
    expect(a3.atMs).toBeGreaterThan(a2.atMs);
    await interrupt(third);

    const fresh = start(['--fresh']);
    const four = await bannerMs(fresh);
    expect(four.resumed).toBe(false);
    expect(new Date(four.atMs).toISOString()).toMatch(/T00:40:00\.000Z$/);
    await interrupt(fresh);
  }, 600_000);
});
