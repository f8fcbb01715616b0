// The optimiser on a group of EIPs or shared bandwidth packages (docs/eip.md): a package is priced with the table's
// bandwidthPackage section and, where that is null, its cost is not assessed (a note says so); a link the VPC
// resources refuse is neither sized nor backtested; no billing switch for a package either.
import { describe, expect, it } from 'vitest';
import type { PriceTable } from '../../../src/core/cost.js';
import type { DecisionInput } from '../../../src/core/decide/index.js';
import { changeDecider } from '../../../src/core/optimise/decider.js';
import { assessInstance } from '../../../src/core/optimise/index.js';
import { linkPrices, noBillingSwitch } from '../../../src/core/optimise/link.js';
import { chooseStrategy } from '../../../src/core/optimise/strategy.js';
import type { InstanceSnapshot } from '../../../src/core/types.js';
import { packageResourceSnapshot } from '../../../src/core/vpcResource.js';
import { OPTIMISATION_DEFAULTS } from '../../../src/testing/builders.js';
import { T0 } from '../../app/builders.js';
import { shippedPrices } from '../../app/optimise/emulators.js';
import { bandwidthChange, freshState, optimisedGroup, steadyMbps } from '../../app/optimise/fixtures.js';
import { bandwidthPolicy, group } from '../builders.js';
import { bursty, NOW, PRICES } from './strategyFixtures.js';

const pkg = (over: Partial<Parameters<typeof packageResourceSnapshot>[0]> = {}) =>
  packageResourceSnapshot(
    {
      bandwidthPackageId: 'cbwp-bp1',
      bandwidthMbps: 100,
      internetChargeType: 'PayByBandwidth',
      chargeType: 'PostPaid',
      status: 'Available',
      tags: {},
      ...over,
    },
    'cn-hangzhou',
  );
const priced = (t: PriceTable, perMbpsHour: number | null): PriceTable => ({
  ...t,
  bandwidthPackage: { payByBandwidthPerMbpsHour: perMbpsHour, payBy95PerMbpsMonth: null },
});

function assess(inst: InstanceSnapshot, prices: PriceTable) {
  return assessInstance({
    instance: inst,
    group: optimisedGroup({ bandwidth: bandwidthPolicy({ minMbps: 1, maxMbps: 200 }) }),
    state: freshState(inst.instanceId),
    history: { bandwidthOutBps: steadyMbps(10), cpuPercent: [] },
    periodSec: 300,
    prices,
    nowMs: T0,
  });
}

describe('link prices of a package', () => {
  it('the table’s per Mbps-hour price of the cap, flat; undefined where the table does not price packages', () => {
    const table = linkPrices(priced(PRICES, 0.5), pkg());
    expect(table?.bandwidth.payByBandwidthPerMbpsHour).toEqual([{ fromMbps: 0, toMbps: null, price: 0.5 }]);
    expect(linkPrices(priced(PRICES, null), pkg())).toBeUndefined();
    expect(linkPrices({ ...PRICES, bandwidthPackage: undefined }, pkg())).toBeUndefined();
    expect(noBillingSwitch(pkg())).toMatch(
      /^bandwidth package cbwp-bp1 \(PayByBandwidth\): a package's billing method/,
    );
  });
});

describe('assessInstance of a package', () => {
  it('priced: the saving at the package price; no billing assessment, with the reason', () => {
    const a = assess(pkg(), priced(shippedPrices(), 0.5));
    expect(a.bandwidth).toMatchObject({ kind: 'recommendation', targetMbps: 15 });
    // 85 Mbps less at 0.5 CNY per Mbps-hour, 730 h.
    expect(a.bandwidthSaving).toBe(85 * 0.5 * 730);
    expect(a.billing).toBeUndefined();
    expect(a.notes).toEqual([expect.stringMatching(/^billing method: bandwidth package cbwp-bp1/)]);
  });

  it('not priced (null): sized, but its saving is not guessed, and a note says why', () => {
    const a = assess(pkg(), priced(shippedPrices(), null));
    expect(a.bandwidth).toMatchObject({ kind: 'recommendation', targetMbps: 15 });
    expect(a.bandwidthSaving).toBeUndefined();
    expect(a.notes).toContainEqual(
      expect.stringMatching(/^bandwidth saving: bandwidth package cbwp-bp1 is not priced: .* no bandwidthPackage/),
    );
  });

  it('a refused link (enhanced 95th percentile) is not sized: the refusal is the note', () => {
    const a = assess(pkg({ internetChargeType: 'PayBy95' }), priced(shippedPrices(), 0.5));
    expect(a.bandwidth).toBeUndefined();
    expect(a.notes[0]).toMatch(/^bandwidth: package cbwp-bp1 is billed by enhanced 95th percentile/);
  });
});

describe('chooseStrategy of a package', () => {
  const inputOf = (inst: InstanceSnapshot, prices: PriceTable) => ({
    instance: inst,
    group: group({
      bandwidth: bandwidthPolicy({ minMbps: 2, maxMbps: 100 }),
      optimisation: {
        ...OPTIMISATION_DEFAULTS,
        strategy: { ...OPTIMISATION_DEFAULTS.strategy, mode: 'apply' as const },
      },
    }),
    evaluation: { periodSec: 60, lookbackSec: 3600 },
    history: bursty(),
    historyPeriodSec: 300,
    prices,
    nowMs: NOW,
  });

  it('priced: pay-by-bandwidth candidates only, named as the package', () => {
    const v = chooseStrategy(inputOf(pkg(), priced(PRICES, 0.5)));
    if (v.kind !== 'choice') throw new Error(`expected a choice, got ${v.message}`);
    expect(v.candidates.map((c) => c.name)).not.toContain('traffic');
    expect(v.choice.why).toContain('bandwidth package cbwp-bp1 at its own prices, pay-by-bandwidth only');
  });

  it('not priced: no backtest on guessed prices', () => {
    expect(chooseStrategy(inputOf(pkg(), priced(PRICES, null)))).toEqual({
      kind: 'none',
      reason: 'unsupported',
      message: expect.stringMatching(/^no strategy: bandwidth package cbwp-bp1 is not priced/),
    });
  });

  it('refused: no strategy, with the refusal', () => {
    const v = chooseStrategy(inputOf(pkg({ chargeType: 'PrePaid' }), priced(PRICES, 0.5)));
    expect(v).toMatchObject({ kind: 'none', reason: 'unsupported' });
    expect(v.kind === 'none' && v.message).toMatch(/^no strategy: package cbwp-bp1 is a subscription/);
  });
});

describe('changeDecider: a planned bandwidth change of a link refused since the plan', () => {
  it('is skipped unsupported with the refusal, without an action', () => {
    const inst = pkg({ internetChargeType: 'PayBy95' });
    const input: DecisionInput = {
      instance: inst,
      group: optimisedGroup(),
      dryRun: false,
      killSwitch: false,
      paused: false,
      metrics: { bandwidthOutBps: [], cpuPercent: [] },
      signal: { source: 'timer', instanceId: 'cbwp-bp1', atMs: T0, dedupeKey: 'optimise:cbwp-bp1:bandwidth:1' },
      state: freshState('cbwp-bp1', { version: 3 }),
      inMaintenanceWindow: true,
      periodSec: 60,
    };
    const change = { ...bandwidthChange, instanceId: 'cbwp-bp1', before: { bandwidthOutMbps: 100 } };
    expect(changeDecider(change, shippedPrices())(input, T0)).toEqual({
      kind: 'skip',
      reason: 'unsupported',
      message: expect.stringContaining('enhanced 95th percentile'),
    });
  });
});
