// The sweep's per-instance advice (app/optimise/advise.ts) on the memory store and the app fakes: what is written
// with setAdvice, the one `strategy` audit entry per bandwidth instance, readOnly, and per-instance failures.
import { describe, expect, it } from 'vitest';
import { optimise } from '../../../src/app/optimise/index.js';
import type { GroupPolicy, StrategyPolicy } from '../../../src/core/config/types.js';
import type { AuditEntry, InstanceSnapshot, MetricPoint } from '../../../src/core/types.js';
import type { Advice } from '../../../src/ports/StateStore.js';
import { config, instance, T0 } from '../builders.js';
import { type Harness, harness } from '../fakes.js';
import { shippedPrices } from './emulators.js';
import { DAY_MS, history, optimisedGroup, typeGroup } from './fixtures.js';

const prices = shippedPrices();
const M = 'VPC_PublicIP_InternetOutRate';

/** A group whose sweep only advises (no rightsizing applied, no billing recommendation), 2 days replayed. */
function adviceGroup(strategy: Partial<StrategyPolicy>, over: Partial<GroupPolicy> = {}): GroupPolicy {
  const base = optimisedGroup(over, { apply: false, billingMethod: false });
  return {
    ...base,
    optimisation: { ...base.optimisation, strategy: { ...base.optimisation.strategy, historyDays: 2, ...strategy } },
  };
}

/** 3 days of a clean daily curve (20–50 Mbps): a significant daily period. */
const dailyCurve = () =>
  history(3, (_i, t) => (20 + 30 * Math.max(0, Math.sin(((t % DAY_MS) / DAY_MS) * 2 * Math.PI))) * 1e6);
/** 3 days at a flat 40 Mbps: no period; a static level wins. */
const flat40 = () => history(3, () => 40e6);

function setup(groups: GroupPolicy[], instances: InstanceSnapshot[], series: Record<string, MetricPoint[]>) {
  const h = harness(config(groups), instances);
  for (const [id, points] of Object.entries(series)) h.metrics.set(M, id, points);
  const writes: [string, Advice][] = [];
  const setAdvice = h.store.setAdvice.bind(h.store);
  h.store.setAdvice = async (id, advice) => {
    writes.push([id, structuredClone(advice)]);
    return setAdvice(id, advice);
  };
  return { h, writes };
}

async function strategyEntries(h: Harness, id: string): Promise<AuditEntry[]> {
  return (await h.store.listAudit(id, { limit: 50 })).filter((e) => e.reason === 'strategy');
}

describe('optimise: the strategy advice', () => {
  it('apply: the forecast profile and the chosen strategy are written, and audited once as applied', async () => {
    const { h, writes } = setup([adviceGroup({ mode: 'apply' })], [instance()], { 'i-web1': dailyCurve() });
    const summary = await optimise(h.deps, { prices });
    expect(writes).toHaveLength(1);
    const [id, advice] = writes[0] as [string, Advice];
    expect(id).toBe('i-web1');
    expect(advice.forecast).toMatchObject({ kind: 'profile', periodSec: 86_400 });
    expect(advice.strategy?.chosenAtMs).toBe(T0);
    const stored = await h.store.getInstanceState('i-web1');
    expect(stored.strategy).toEqual(advice.strategy);
    expect(stored.forecast).toEqual(advice.forecast);
    const [entry, ...more] = await strategyEntries(h, 'i-web1');
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      decision: 'skip',
      result: 'applied',
      group: 'web',
      signal: { source: 'timer', dedupeKey: `optimise:i-web1:strategy:${Math.floor(T0 / 3_600_000)}` },
      before: { bandwidthOutMbps: 10, internetChargeType: 'PayByBandwidth' },
    });
    // The sentence: each candidate's backtest, the winner, then the forecast.
    expect(entry?.message.startsWith(`strategy (apply): ${advice.strategy?.why}; forecast: `)).toBe(true);
    expect(entry?.message).toMatch(/traffic \d+\.\d\d\/day, unmet .*; forecast \d+\.\d\d\/day/);
    expect(summary.strategies).toEqual([
      { instanceId: 'i-web1', strategy: advice.strategy?.name, changed: true, message: entry?.message },
    ]);
    expect(summary.errors).toEqual([]);
  });

  it('apply, an hour later on the same load: the strategy is unchanged, so only the forecast is written', async () => {
    const later = T0 + 3_600_000;
    const { h, writes } = setup([adviceGroup({ mode: 'apply' })], [instance()], {
      'i-web1': history(3, () => 40e6, later),
    });
    await optimise(h.deps, { prices });
    const chosen = (await h.store.getInstanceState('i-web1')).strategy;
    expect(chosen).toMatchObject({ name: 'static', staticMbps: 44 });
    writes.length = 0;
    h.clock.ms = later;
    const summary = await optimise(h.deps, { prices });
    expect(writes).toEqual([['i-web1', { forecast: null }]]);
    expect((await h.store.getInstanceState('i-web1')).strategy).toEqual(chosen);
    expect(summary.strategies).toMatchObject([{ instanceId: 'i-web1', strategy: 'static', changed: false }]);
    const results = (await strategyEntries(h, 'i-web1')).map((e) => e.result);
    expect(results).toEqual(['would-do', 'applied']);
  });

  it('a second sweep in the same hour writes again but audits once', async () => {
    const { h, writes } = setup([adviceGroup({ mode: 'record' })], [instance()], { 'i-web1': flat40() });
    await optimise(h.deps, { prices });
    await optimise(h.deps, { prices });
    expect(writes).toHaveLength(2);
    expect(await strategyEntries(h, 'i-web1')).toHaveLength(1);
  });

  it('record: only the forecast is written; the choice is audited as would-do', async () => {
    const { h, writes } = setup([adviceGroup({ mode: 'record' })], [instance()], { 'i-web1': dailyCurve() });
    const summary = await optimise(h.deps, { prices });
    expect(writes).toHaveLength(1);
    expect(Object.keys(writes[0]?.[1] ?? {})).toEqual(['forecast']);
    expect((await h.store.getInstanceState('i-web1')).strategy).toBeUndefined();
    const [entry] = await strategyEntries(h, 'i-web1');
    expect(entry).toMatchObject({ result: 'would-do' });
    expect(entry?.message).toMatch(/^strategy \(record\): backtest of 2\.0 days: traffic /);
    expect(summary.strategies).toEqual([{ instanceId: 'i-web1', changed: false, message: entry?.message }]);
  });

  it('one strategy entry per instance with a bandwidth policy, none for a type-only group', async () => {
    const web = adviceGroup({ mode: 'record' });
    const batch = typeGroup({ match: { instanceIds: ['i-batch'], tags: {} } }, { apply: false });
    const { h } = setup(
      [web, batch],
      [instance(), instance({ instanceId: 'i-web2' }), instance({ instanceId: 'i-batch', tags: {} })],
      { 'i-web1': flat40(), 'i-web2': flat40() },
    );
    const summary = await optimise(h.deps, { prices });
    expect((await strategyEntries(h, 'i-web1')).length).toBe(1);
    expect((await strategyEntries(h, 'i-web2')).length).toBe(1);
    expect(await strategyEntries(h, 'i-batch')).toEqual([]);
    expect(summary.strategies?.map((s) => s.instanceId).sort()).toEqual(['i-web1', 'i-web2']);
  });

  it('readOnly (recommend): reported, nothing written, nothing audited', async () => {
    const { h, writes } = setup([adviceGroup({ mode: 'apply' })], [instance()], { 'i-web1': flat40() });
    const summary = await optimise(h.deps, { prices, readOnly: true });
    expect(writes).toEqual([]);
    expect(await h.store.listAudit('i-web1', { limit: 50 })).toEqual([]);
    expect((await h.store.getInstanceState('i-web1')).strategy).toBeUndefined();
    expect(summary.strategies).toMatchObject([{ instanceId: 'i-web1', strategy: 'static', changed: true }]);
    expect(summary.strategies?.[0]?.message).toMatch(/^strategy \(apply\): backtest of 2\.0 days: /);
  });

  it('a failure for one instance is reported in errors, and the others are still advised', async () => {
    const { h } = setup([adviceGroup({ mode: 'apply' })], [instance(), instance({ instanceId: 'i-web2' })], {
      'i-web1': flat40(),
      'i-web2': flat40(),
    });
    h.store.failNext('setAdvice', new Error('row too large'));
    const summary = await optimise(h.deps, { prices });
    expect(summary.errors).toEqual([{ instanceId: 'i-web1', error: 'row too large' }]);
    expect(await strategyEntries(h, 'i-web1')).toEqual([]);
    expect((await h.store.getInstanceState('i-web1')).strategy).toBeUndefined();
    // Not reported as changed: nothing was written.
    expect(summary.strategies?.map((s) => s.instanceId)).toEqual(['i-web2']);
    expect((await h.store.getInstanceState('i-web2')).strategy?.name).toBe('static');
    expect(await strategyEntries(h, 'i-web2')).toHaveLength(1);
  });
});
