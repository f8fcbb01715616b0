// Pay-by-bandwidth of an autoscaled link priced as it was provisioned: the billing recommendation of the pure
// assessment made against what the reactive policy really cost (the trail read back by the app).
import { describe, expect, it } from 'vitest';
import { HOURS_PER_MONTH } from '../../../src/core/cost.js';
import type { GroupPolicy } from '../../../src/core/config/types.js';
import { assessInstance } from '../../../src/core/optimise/assess.js';
import type { AuditedBandwidth } from '../../../src/core/optimise/types.js';
import type { InstanceSnapshot } from '../../../src/core/types.js';
import { instance, T0 } from '../../app/builders.js';
import { DAY_MS, freshState, optimisedGroup } from '../../app/optimise/fixtures.js';
import { BUSY, changesOf, cycle, HOUR_MS, IDLE, perHour, prices, trafficHour } from './trail.js';

function assess(
  c: ReturnType<typeof cycle>,
  inst: InstanceSnapshot,
  g: GroupPolicy = optimisedGroup(),
  audited: AuditedBandwidth = { changes: [] },
) {
  return assessInstance({
    instance: inst,
    group: g,
    state: freshState(inst.instanceId),
    history: { bandwidthOutBps: c.points, cpuPercent: [] },
    periodSec: 300,
    prices,
    nowMs: T0,
    audited,
  });
}

describe('assess: pay-by-bandwidth of an autoscaled link priced as provisioned', () => {
  it.each<[string, typeof BUSY, 'PayByBandwidth' | 'PayByTraffic']>([
    ['provisioned cost below the traffic cost: stays, although the static price would switch', BUSY, 'PayByBandwidth'],
    ['provisioned cost above the traffic cost: switches', IDLE, 'PayByTraffic'],
  ])('%s', (_label, shape, expected) => {
    const c = cycle(shape);
    const a = assess(c, instance({ bandwidthOutMbps: shape.lowMbps }), optimisedGroup(), {
      changes: changesOf(c.entries),
    });
    if (a.billing?.kind !== 'recommendation') throw new Error('expected a billing recommendation');
    expect(a.billing.provisionedDays).toBeCloseTo(14, 6);
    expect(a.billing.monthlyCost.PayByBandwidth).toBeCloseTo(c.provisionedHour * HOURS_PER_MONTH, 4);
    expect(a.billing.monthlyCost.PayByTraffic).toBeCloseTo(trafficHour(c.meanMbps) * HOURS_PER_MONTH, 4);
    expect(a.billing.recommended).toBe(expected);
    expect(a.billing.message).toContain('pay-by-bandwidth as provisioned over 14.0 days');
    // The static price at the recommended bandwidth would have switched both.
    const target = a.bandwidth?.kind === 'recommendation' ? a.bandwidth.targetMbps : 0;
    expect(target).toBe(58);
    expect(trafficHour(c.meanMbps)).toBeLessThan(perHour(target));
  });

  it.each<[string, Partial<InstanceSnapshot>, Partial<GroupPolicy>, boolean, string]>([
    ['no bandwidth policy: static, at the current bandwidth', {}, { bandwidth: undefined }, true, 'at 6 Mbps'],
    ['on pay-by-traffic: a forecast, static', { internetChargeType: 'PayByTraffic' }, {}, true, 'at 58 Mbps'],
    ['no audit trail: static, at the recommended bandwidth', {}, {}, false, 'at 58 Mbps'],
  ])('%s', (_label, inst, over, trail, basis) => {
    const c = cycle(BUSY);
    const a = assessInstance({
      instance: instance({ bandwidthOutMbps: 6, ...inst }),
      group: optimisedGroup(over),
      state: freshState(),
      history: { bandwidthOutBps: c.points, cpuPercent: [] },
      periodSec: 300,
      prices,
      nowMs: T0,
      ...(trail ? { audited: { changes: changesOf(c.entries) } } : {}),
    });
    if (a.billing?.kind !== 'recommendation') throw new Error('expected a billing recommendation');
    expect(a.billing.provisionedDays).toBeUndefined();
    expect(a.billing.message).toContain(`pay-by-bandwidth ${basis}:`);
  });

  it('an incomplete trail: the timeline starts at the oldest known bandwidth', () => {
    const c = cycle(BUSY);
    // Only yesterday's 16:00 change (50 → 6 Mbps, 11 h ago) survives: 50 Mbps reaches back over the 325 h before.
    const a = assess(c, instance({ bandwidthOutMbps: 6 }), optimisedGroup(), {
      changes: changesOf(c.entries.slice(1, 2)),
    });
    const b = a.billing?.kind === 'recommendation' ? a.billing : undefined;
    const hour = (11 * perHour(6) + 325 * perHour(50)) / (14 * 24);
    expect(b?.monthlyCost.PayByBandwidth).toBeCloseTo(hour * HOURS_PER_MONTH, 4);
    expect(b?.recommended).toBe('PayByTraffic');
  });

  it('less than a day on pay-by-bandwidth since the last billing switch: no recommendation yet', () => {
    const c = cycle(BUSY);
    const a = assess(c, instance({ bandwidthOutMbps: 6 }), optimisedGroup(), {
      changes: [],
      billingSwitchMs: T0 - 6 * HOUR_MS,
    });
    expect(a.billing).toEqual({
      kind: 'none',
      reason: 'insufficient-history',
      historyDays: 0.25,
      message: 'only 0.25 days on PayByBandwidth since the last billing switch, at least 1 needed',
    });
  });

  it('a switch back to pay-by-bandwidth 3 days ago: weighed over those 3 days only', () => {
    const c = cycle(BUSY);
    const a = assess(c, instance({ bandwidthOutMbps: 6 }), optimisedGroup(), {
      changes: changesOf(c.entries.slice(0, 6)),
      billingSwitchMs: T0 - 3 * DAY_MS,
    });
    expect(a.billing?.kind === 'recommendation' && a.billing.provisionedDays).toBeCloseTo(3, 10);
    expect(a.billing?.kind === 'recommendation' && a.billing.monthlyCost.PayByBandwidth).toBeCloseTo(
      c.provisionedHour * HOURS_PER_MONTH,
      4,
    );
  });
});
