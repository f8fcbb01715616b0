/** The daily digest: actions by result, skips by reason, strategies, and cost as provisioned vs static. */
import { describe, expect, it } from 'vitest';
import { MemoryStateStore } from '../../../src/adapters/memory/stateStore.js';
import { buildDigest, digestFigures } from '../../../src/app/notify/digest.js';
import { bandwidthCostPerHour } from '../../../src/core/cost.js';
import type { AuditEntry } from '../../../src/core/types.js';
import type { EcsApi } from '../../../src/ports/EcsApi.js';
import { bandwidthPolicy, config, group, instance } from '../builders.js';
import { shippedPrices } from '../optimise/emulators.js';

const NOW = Date.UTC(2026, 11, 7, 1, 5);
const H = 3_600_000;
const prices = shippedPrices();
const web = group({
  match: { instanceIds: ['i-web1'], tags: {} },
  bandwidth: bandwidthPolicy({ minMbps: 5, maxMbps: 100 }),
});
const cfg = config([web]);
// The link is at 20 Mbps now; it was 10 until 12 h ago.
const ecs = {
  describeInstances: async (ids: string[]) =>
    ids.includes('i-web1')
      ? [instance({ instanceId: 'i-web1', bandwidthOutMbps: 20, internetChargeType: 'PayByBandwidth' })]
      : [],
  listInstances: async () => [],
} as unknown as EcsApi;

let seq = 0;
function e(over: Partial<AuditEntry>): AuditEntry {
  return {
    instanceId: 'i-web1',
    atMs: NOW - H,
    seq: String(seq++),
    group: 'web',
    signal: { source: 'timer', dedupeKey: `d${seq}` },
    decision: 'skip',
    reason: 'cooldown',
    message: 'm',
    result: 'skipped',
    ...over,
  };
}

async function store(): Promise<MemoryStateStore> {
  const s = new MemoryStateStore();
  for (const entry of [
    e({
      result: 'applied',
      decision: 'scale',
      reason: 'saturated',
      atMs: NOW - 12 * H,
      before: { bandwidthOutMbps: 10 },
      after: { bandwidthOutMbps: 20 },
    }),
    e({ result: 'failed', decision: 'scale', reason: 'saturated', error: { code: 'Throttling', message: 'x' } }),
    e({ reason: 'quota' }),
    e({ reason: 'quota' }),
    e({ reason: 'cooldown' }),
    e({ reason: 'cooldown', atMs: NOW - 25 * H }),
    e({
      instanceId: 'controls',
      result: 'applied',
      reason: 'kill-switch-on',
      signal: { source: 'manual', dedupeKey: 'c1' },
    }),
  ])
    await s.appendAudit(entry);
  return s;
}

describe('digest', () => {
  it('counts the last 24 h and prices the link as provisioned against static at maxMbps', async () => {
    const s = await store();
    const f = await digestFigures({ config: cfg, store: s, ecs, prices: async () => prices }, NOW);
    expect(f.results).toEqual({ applied: 1, failed: 1 });
    expect(f.skips).toEqual({ quota: 2, cooldown: 1 });
    expect(f.controls).toEqual({ 'kill-switch-on': 1 });
    const perDay = (mbps: number) => bandwidthCostPerHour(prices, 'PayByBandwidth', mbps) * 24;
    // 12 h at 10 Mbps, then 12 h at 20 Mbps; static holds 100 Mbps all day.
    expect(f.cost?.autoscaledPerDay).toBeCloseTo((perDay(10) + perDay(20)) / 2, 6);
    expect(f.cost?.staticPerDay).toBeCloseTo(perDay(100), 6);
    expect(f.cost).toMatchObject({ currency: 'CNY', instances: 1 });
  });

  it('reads as one message; without prices the cost line is left out', async () => {
    const s = await store();
    const m = await buildDigest({ config: cfg, store: s, ecs, prices: async () => prices }, NOW);
    expect(m.event).toBe('digest');
    expect(m.text).toContain('actions: applied 1, failed 1');
    expect(m.text).toContain('skips by reason: quota 2, cooldown 1');
    expect(m.text).toContain('operator controls: kill-switch-on 1');
    expect(m.text).toMatch(/as provisioned vs [\d.]+ CNY static at each group's maxMbps \([\d.]+ % less\)/);
    const bare = await buildDigest({ config: cfg, store: s, ecs, prices: async () => undefined }, NOW);
    expect(bare.text).not.toContain('cost of');
  });
});
