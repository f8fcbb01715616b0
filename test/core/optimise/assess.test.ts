// The pure assessment of one instance: what is assessed, what is not and why, and the savings at list prices.
import { describe, expect, it } from 'vitest';
import { type AssessInput, assessInstance, cents, recentPeak } from '../../../src/core/optimise/index.js';
import type { InstanceSnapshot, InstanceState, MetricPoint } from '../../../src/core/types.js';
import { instance, T0, typePolicy } from '../../app/builders.js';
import { shippedPrices } from '../../app/optimise/emulators.js';
import { freshState, history, optimisedGroup, steadyMbps, typeGroup } from '../../app/optimise/fixtures.js';

const prices = shippedPrices();
const HOUR = 3_600_000;

function assess(over: Partial<AssessInput> = {}, inst: Partial<InstanceSnapshot> = {}) {
  return assessInstance({
    instance: instance({ bandwidthOutMbps: 100, ...inst }),
    group: optimisedGroup(),
    state: freshState(),
    history: { bandwidthOutBps: steadyMbps(10), cpuPercent: [] },
    periodSec: 300,
    prices,
    nowMs: T0,
    ...over,
  });
}

const point = (timestampMs: number, maximum: number): MetricPoint => ({
  timestampMs,
  average: maximum / 2,
  maximum,
  minimum: 0,
});

describe('cents and recentPeak', () => {
  it('rounds money to cents', () => {
    expect(cents(0.1 + 0.2)).toBe(0.3);
    expect(cents(1.005 * 1000)).toBe(1005);
    expect(cents(-2.345678)).toBe(-2.35);
  });

  it('the largest maximum of the hour before the newest point, scaled; undefined without points', () => {
    expect(recentPeak([])).toBeUndefined();
    const points = [point(T0 - 2 * HOUR, 90e6), point(T0 - 30 * 60_000, 40e6), point(T0, 20e6)];
    expect(recentPeak(points, 1e6)).toBe(40);
    expect(recentPeak(points)).toBe(40e6);
  });
});

describe('assessInstance: what is not assessed, and why', () => {
  it('an EIP bound: neither the bandwidth nor the billing method', () => {
    const a = assess({}, { eipBound: true });
    expect(a.bandwidth).toBeUndefined();
    expect(a.billing).toBeUndefined();
    expect(a.notes).toEqual([
      'bandwidth: an EIP is bound, its own bandwidth is changed through VPC, not here',
      'billing method: an EIP is bound, its billing is the EIP’s',
    ]);
    expect(a.historyDays).toBe(0);
  });

  it('a temporary upgrade active: both wait until it reverts', () => {
    const st: InstanceState = freshState('i-web1', {
      temporaryUpgrade: { baselineMbps: 50, upgradedMbps: 100, endMs: T0 + HOUR, actionKey: 'bw-x' },
    });
    const a = assess({ state: st });
    expect(a.bandwidth).toBeUndefined();
    expect(a.billing).toBeUndefined();
    expect(a.notes).toEqual([
      'bandwidth: a temporary upgrade is active; the baseline is assessed after it reverts',
      'billing method: a temporary upgrade is active; the method is assessed after it reverts',
    ]);
  });

  it('no history: no recommendation and no saving, and the billing priced statically', () => {
    const a = assess({ history: { bandwidthOutBps: [], cpuPercent: [] }, audited: { changes: [] } });
    expect(a.bandwidth?.kind).toBe('none');
    expect(a.bandwidthSaving).toBeUndefined();
    expect(a.billing?.kind).toBe('none');
  });
});

describe('assessInstance: savings at list prices', () => {
  it('a pay-by-bandwidth downsize saves the difference of the two bandwidth prices', () => {
    const a = assess();
    expect(a.bandwidth).toMatchObject({ kind: 'recommendation', direction: 'down', targetMbps: 15 });
    expect(a.bandwidthSaving).toBeGreaterThan(0);
  });

  it('a pay-by-traffic cap saves nothing when lowered', () => {
    const a = assess({}, { internetChargeType: 'PayByTraffic' });
    expect(a.bandwidth).toMatchObject({ kind: 'recommendation', direction: 'down' });
    expect(a.bandwidthSaving).toBe(0);
  });

  it('a type missing from the price table has no saving (unknown, not zero)', () => {
    const ladder = ['ecs.zz9.large', 'ecs.zz9.2xlarge'];
    const a = assess(
      {
        group: typeGroup({ instanceType: typePolicy({ ladder }) }),
        history: { bandwidthOutBps: [], cpuPercent: history(14, () => 5) },
      },
      { instanceType: 'ecs.zz9.2xlarge' },
    );
    expect(a.instanceType).toMatchObject({ kind: 'recommendation', instanceType: 'ecs.zz9.large' });
    expect(a.typeSaving).toBeUndefined();
    expect(a.historyDays).toBeCloseTo(14, 6);
  });
});
