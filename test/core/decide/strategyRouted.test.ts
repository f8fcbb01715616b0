// A link routed to its EIP under optimisation.strategy.mode apply (docs/eip.md): never a billing switch, neither at
// the cold start (no strategy yet: pay-by-traffic at the cap) nor for a strategy stored before the EIP was routed.
import { describe, expect, it } from 'vitest';
import { decide } from '../../../src/core/decide/index.js';
import { applyStrategy } from '../../../src/core/decide/strategyStage.js';
import type { InstanceSnapshot, StrategyChoice } from '../../../src/core/types.js';
import { OPTIMISATION_DEFAULTS } from '../../../src/testing/builders.js';
import { bandwidthPolicy, group, HOUR, input, instance, MIN, mbpsSeries, state, T0 } from '../builders.js';

function build(inst: Partial<InstanceSnapshot>, strategy?: StrategyChoice) {
  const g = group({ bandwidth: bandwidthPolicy({ maxMbps: 60 }) });
  g.optimisation = { ...OPTIMISATION_DEFAULTS, strategy: { ...OPTIMISATION_DEFAULTS.strategy, mode: 'apply' } };
  return input({
    instance: instance(inst),
    group: g,
    metrics: { bandwidthOutBps: mbpsSeries([7, 7, 7, 7, 7], { newestMs: T0 - MIN }), cpuPercent: [] },
    state: state({ ...(strategy ? { strategy } : {}), lastChange: {} }),
  });
}

const routed = { eipAllocationId: 'eip-bp1', publicIp: '47.1.1.1' };

describe('strategy apply on a routed instance', () => {
  it('no strategy yet: no switch to pay-by-traffic (the instance not routed would switch)', () => {
    const own = decide(build({}), T0);
    expect(own).toMatchObject({ kind: 'scale', reason: 'billing-method' });
    const d = decide(build(routed), T0);
    expect(d.kind === 'scale' ? d.reason : d.kind).not.toBe('billing-method');
    expect(applyStrategy(build(routed), bandwidthPolicy({ maxMbps: 60 }), T0).plan).toBeUndefined();
  });

  it('a stored traffic strategy on a pay-by-bandwidth EIP: no plan, the configured policy decides', () => {
    const traffic: StrategyChoice = { name: 'traffic', chosenAtMs: T0 - 6 * HOUR, why: 'traffic won' };
    const view = applyStrategy(build(routed, traffic), bandwidthPolicy({ maxMbps: 60 }), T0);
    expect(view.plan).toBeUndefined();
    expect(view.input).toEqual(build(routed, traffic));
  });
});
