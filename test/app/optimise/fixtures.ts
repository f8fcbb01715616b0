// Fixtures for optimiser tests: synthetic metric history, groups set up for the sweep, seeded state.
import type { GroupPolicy } from '../../../src/core/config/types.js';
import type { PlannedChange } from '../../../src/core/optimise/types.js';
import type { InstanceState, MetricPoint } from '../../../src/core/types.js';
import type { StateStore } from '../../../src/ports/StateStore.js';
import { bandwidthPolicy, group, T0, typePolicy } from '../builders.js';

export const DAY_MS = 86_400_000;

/** The state row of an instance that has never changed (version 1). */
export function freshState(instanceId = 'i-web1', over: Partial<InstanceState> = {}): InstanceState {
  return { instanceId, version: 1, lastChange: {}, downgradesMs: [], platformDowngrades: 0, paused: false, ...over };
}
export const PERIOD_SEC = 300;

/** `days` of 300 s points ending at `endMs` (newest first period starts at endMs − 300 s), value per point. */
export function history(days: number, value: (i: number, tMs: number) => number, endMs = T0): MetricPoint[] {
  const n = Math.round((days * 86_400) / PERIOD_SEC);
  const out: MetricPoint[] = [];
  for (let i = 0; i < n; i++) {
    const tMs = endMs - (n - i) * PERIOD_SEC * 1000;
    const v = value(i, tMs);
    out.push({ timestampMs: tMs, average: v, maximum: v, minimum: v });
  }
  return out;
}

/** Constant outbound rate in bit/s for `days`. */
export function steadyMbps(mbps: number, days = 14): MetricPoint[] {
  return history(days, () => mbps * 1e6);
}

/** A nightly 02:00–05:00 UTC window: T0 (Monday 03:00 UTC) is inside it. */
export const NIGHTLY = [{ cron: '0 0 2 * * *', durationMin: 180 }];

/** A group the sweep may apply in (window open at T0), with overrides. */
export function optimisedGroup(
  over: Partial<GroupPolicy> = {},
  optimisation: Partial<GroupPolicy['optimisation']> = {},
) {
  const base = group();
  return group({
    bandwidth: bandwidthPolicy({ minMbps: 1, maxMbps: 100 }),
    maintenanceWindows: NIGHTLY,
    ...over,
    optimisation: { ...base.optimisation, apply: true, ...optimisation },
  });
}

export function typeGroup(over: Partial<GroupPolicy> = {}, optimisation: Partial<GroupPolicy['optimisation']> = {}) {
  return optimisedGroup({ name: 'batch', bandwidth: undefined, instanceType: typePolicy(), ...over }, optimisation);
}

/** Record a past downgrade in the store (as a committed change would). */
export async function seedDowngrade(store: StateStore, instanceId: string, atMs: number): Promise<void> {
  const state = await store.getInstanceState(instanceId);
  const claim = await store.claimLease({
    instanceId,
    expectedVersion: state.version,
    holder: 'seed',
    actionKey: `seed-${atMs}`,
    nowMs: atMs,
    ttlMs: 60_000,
  });
  if (!claim.ok) throw new Error(`seed claim failed for ${instanceId}`);
  await store.commit({
    instanceId,
    holder: 'seed',
    actionKey: `seed-${atMs}`,
    update: { addDowngradeAtMs: atMs, lastChange: { bandwidthDownMs: atMs } },
  });
}

/** A planned bandwidth rightsizing 100 → 43 Mbps of i-web1, to apply. */
export const bandwidthChange: PlannedChange = {
  instanceId: 'i-web1',
  group: 'web',
  kind: 'bandwidth',
  reason: 'rightsizing',
  direction: 'down',
  before: { bandwidthOutMbps: 100 },
  after: { bandwidthOutMbps: 43 },
  monthlySaving: 10_000,
  confidence: 1,
  message: 'bandwidth 100 → 43 Mbps',
  verdict: 'apply',
  why: '',
};
