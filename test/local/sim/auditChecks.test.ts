// The audit-trail checks of a simulation: a billing-method switch is neither a capacity change nor a downgrade,
// so it never counts as a cooldown or quota violation, and it becomes a `billingMethod` action for the report.
import { describe, expect, it } from 'vitest';
import type { GroupPolicy } from '../../../src/core/config/types.js';
import type { AuditEntry } from '../../../src/core/types.js';
import {
  actionsOf,
  capacityChanges,
  cooldownViolations,
  isBillingSwitch,
  quotaViolations,
} from '../../../src/local/sim/auditChecks.js';

const MIN = 60_000;

function entry(atMin: number, change: Pick<AuditEntry, 'before' | 'after' | 'reason'>): AuditEntry {
  return {
    instanceId: 'i-sim-0',
    atMs: atMin * MIN,
    seq: '0',
    signal: { source: 'timer', dedupeKey: `k${atMin}` },
    decision: 'scale',
    message: `${change.reason} at ${atMin}`,
    result: 'applied',
    ...change,
  };
}

const bw = (atMin: number, from: number, to: number) =>
  entry(atMin, { before: { bandwidthOutMbps: from }, after: { bandwidthOutMbps: to }, reason: 'target-tracking' });
const billing = (atMin: number) =>
  entry(atMin, {
    before: { internetChargeType: 'PayByBandwidth' },
    after: { internetChargeType: 'PayByTraffic' },
    reason: 'billing-method',
  });

const policy = { cooldownUpSec: 60, cooldownDownSec: 600 } as Parameters<typeof cooldownViolations>[1];
const group = {
  downgradeBudget: { maxDowngrades: 1, windowSec: 86_400, minIntervalSec: 300, reserve: 0 },
} as unknown as GroupPolicy;

describe('audit checks', () => {
  it.each<[string, AuditEntry[], number, number]>([
    ['a downgrade and a billing switch at the same instant: no violation', [bw(0, 20, 10), billing(0)], 0, 0],
    ['a billing switch between two downgrades is not a downgrade', [bw(0, 20, 10), billing(30), bw(60, 10, 8)], 0, 1],
    ['two downgrades 5 minutes apart: cooldown violated', [bw(0, 20, 10), bw(5, 10, 8)], 1, 1],
  ])('%s', (_name, applied, cooldown, quota) => {
    expect(cooldownViolations(applied, policy)).toBe(cooldown);
    expect(quotaViolations(applied, group)).toBe(quota);
  });

  it('separates billing switches from capacity changes', () => {
    const applied = [bw(0, 20, 10), billing(1), bw(2, 10, 15)];
    expect(applied.map(isBillingSwitch)).toEqual([false, true, false]);
    expect(capacityChanges(applied)).toEqual([applied[0], applied[2]]);
  });

  it('reports a billing switch as a billingMethod action from one charge type to the other', () => {
    const [down, switched] = actionsOf([bw(0, 20, 10), billing(1)]);
    expect(down).toMatchObject({ kind: 'bandwidth', from: '20 Mbps', to: '10 Mbps', direction: 'down' });
    expect(switched).toMatchObject({
      kind: 'billingMethod',
      atMs: MIN,
      from: 'PayByBandwidth',
      to: 'PayByTraffic',
      reason: 'billing-method',
    });
    expect(switched?.direction).toBeUndefined();
  });
});

describe('type changes are ordered by size, not by name', () => {
  const type = (atMin: number, from: string, to: string) =>
    entry(atMin, { before: { instanceType: from }, after: { instanceType: to }, reason: 'cpu-high' });
  const typePolicy = { cooldownUpSec: 1800, cooldownDownSec: 3600 } as Parameters<typeof cooldownViolations>[1];

  it('xlarge → 2xlarge is an upgrade (its cooldown is the up one), 2xlarge → xlarge a downgrade', () => {
    // 54 minutes after a downgrade: allowed for an upgrade (30 min), not for a downgrade (60 min).
    const ups = [type(0, 'ecs.g7.2xlarge', 'ecs.g7.xlarge'), type(54, 'ecs.g7.xlarge', 'ecs.g7.2xlarge')];
    expect(cooldownViolations(ups, typePolicy)).toBe(0);
    expect(actionsOf(ups).map((a) => a.direction)).toEqual(['down', 'up']);
    const downs = [type(0, 'ecs.g7.xlarge', 'ecs.g7.2xlarge'), type(54, 'ecs.g7.2xlarge', 'ecs.g7.xlarge')];
    expect(cooldownViolations(downs, typePolicy)).toBe(1);
  });
});
