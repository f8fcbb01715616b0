import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdjustableWorkload } from '../../../src/local/workloadFile.js';

const T0 = Date.UTC(2026, 0, 1);
const root = resolve(import.meta.dirname, '../../..');
const vcpus = (id: string) => ({ 'i-a': 2, 'i-b': 4 })[id];
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'workload-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(doc: unknown): Promise<string> {
  const path = join(dir, `w-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(path, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return path;
}

describe('AdjustableWorkload', () => {
  it('constants, cpuPercent as busy vCPUs of the size at start, a default, and traces replayed from the origin', async () => {
    const w = new AdjustableWorkload(T0, vcpus);
    w.load(
      await file({
        default: { outboundMbps: 1, cpuVcpu: 0.2 },
        instances: {
          'i-a': { outboundMbps: 40, cpuPercent: 50 },
          'i-b': { outboundMbps: { trace: `${root}/config/demo/web-outbound-mbps.csv`, scale: 2 } },
        },
      }),
      vcpus,
    );
    expect(w.demandAt('i-a', T0)).toEqual({ outboundMbps: 40, cpuVcpu: 1 });
    expect(w.demandAt('i-z', T0)).toEqual({ outboundMbps: 1, cpuVcpu: 0.2 });
    // The demo trace starts 23.921, 18.987 Mbps at a 300 s step.
    expect(w.demandAt('i-b', T0).outboundMbps).toBeCloseTo(47.842, 3);
    expect(w.demandAt('i-b', T0 + 300_000).outboundMbps).toBeCloseTo(37.974, 3);
    expect(w.demandAt('i-b', T0).cpuVcpu).toBeUndefined();
  });

  it('set() changes one instance at run time; absent fields keep their value', () => {
    const w = new AdjustableWorkload(T0, vcpus);
    w.set({ instanceId: 'i-b', outboundMbps: 12 });
    w.set({ instanceId: 'i-b', cpuPercent: 25 });
    expect(w.demandAt('i-b', T0)).toEqual({ outboundMbps: 12, cpuVcpu: 1 });
    expect(() => w.set({ instanceId: 'i-nobody', cpuPercent: 5 })).toThrow(/no such instance/);
    expect(() => w.set({ instanceId: 'i-nobody', outboundMbps: 5 })).toThrow(/no such instance/);
    expect(() => w.set({ instanceId: 'i-b', outboundMbps: -3, cpuPercent: 101 })).toThrow(/2 problems/);
    expect(() => w.set({ instanceId: 'i-b' })).toThrow(/give outboundMbps and\/or cpuPercent/);
    expect(w.demandAt('i-b', T0)).toEqual({ outboundMbps: 12, cpuVcpu: 1 });
  });

  it.each([
    ['not JSON', '{', /readable JSON file/],
    ['an array', [], /must be a JSON object/],
    ['an unknown key', { instance: {} }, /instance: unknown key/],
    ['an unknown instance', { instances: { 'i-q': { outboundMbps: 1 } } }, /no such instance in the fleet/],
    ['an unknown field', { instances: { 'i-a': { mbps: 1 } } }, /unknown key/],
    ['both cpu forms', { instances: { 'i-a': { cpuPercent: 5, cpuVcpu: 1 } } }, /not both/],
    ['cpuPercent in default', { default: { cpuPercent: 5 } }, /use cpuVcpu in default/],
    ['a missing trace', { instances: { 'i-a': { outboundMbps: { trace: 'nope.csv' } } } }, /cannot read trace file/],
    ['a bad value', { instances: { 'i-a': { outboundMbps: 'lots' } } }, /must be a number or/],
  ])('refuses %s, naming it', async (_label, doc, why) => {
    const w = new AdjustableWorkload(T0, vcpus);
    const path = await file(doc);
    expect(() => w.load(path, vcpus)).toThrow(why);
  });
});
