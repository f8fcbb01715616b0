// The simulation report for runs the report tests do not cover: no billing switch (the product's billing is its
// initial method), several switches, no pay-by-traffic baseline, an optimum that costs nothing (no ratio), more
// actions than the page lists, strategy sweeps that kept the strategy, and no recorded series.
import { describe, expect, it } from 'vitest';
import { MAX_LISTED_ACTIONS, renderReport } from '../../../src/local/sim/report.js';
import type { SimulationResult } from '../../../src/local/sim/result.js';

const summary = (costPerDay: number) => ({
  costPerDay,
  unmetFraction: 0.001,
  unavoidableUnmetFraction: 0,
  changes: 2,
  downgrades: 1,
});

function result(over: Partial<SimulationResult> = {}): SimulationResult {
  return {
    trace: 't.csv',
    series: 'bandwidth',
    days: 1,
    intervals: 288,
    ...summary(60),
    apiCalls: 2,
    duplicateApiCalls: 0,
    cooldownViolations: 0,
    quotaViolations: 0,
    initialChargeType: 'PayByBandwidth',
    chargeTypeChanges: 0,
    chargeTypeSwitches: [],
    finalChargeType: 'PayByBandwidth',
    baselines: {
      lowerBound: { ...summary(40), chargeType: 'PayByBandwidth' },
      staticPeak: { ...summary(120), chargeType: 'PayByBandwidth' },
      naiveReactive: { ...summary(80), chargeType: 'PayByBandwidth' },
      optimum: { ...summary(50), chargeType: 'PayByBandwidth' },
    },
    unit: 'Mbps',
    stepSec: 300,
    startMs: Date.UTC(2013, 6, 1),
    currency: 'CNY',
    ...over,
  } as SimulationResult;
}

/** The comparison table's rows as [strategy, …cells]. */
function comparison(html: string): string[][] {
  const table = /<table id="comparison">.*?<\/table>/s.exec(html)?.[0] ?? '';
  return [...table.matchAll(/<tr(?: class="product")?><th scope="row">(.*?)<\/th>(.*?)<\/tr>/g)].map((m) => [
    m[1] as string,
    ...[...(m[2] as string).matchAll(/<td>(.*?)<\/td>/g)].map((c) => c[1] as string),
  ]);
}

describe('renderReport variants', () => {
  it('without a billing switch or a pay-by-traffic baseline: the initial method, four baselines', () => {
    const rows = comparison(renderReport(result()));
    expect(rows.map((r) => r[0])).toEqual(['product', 'optimum', 'lower bound', 'naive reactive', 'static p99']);
    expect(rows[0]?.at(-1)).toBe('PayByBandwidth');
  });

  it('counts several billing switches, and shows no ratio when the optimum costs nothing', () => {
    const r = result({ chargeTypeChanges: 2, finalChargeType: 'PayByBandwidth' });
    r.baselines.optimum = { ...summary(0), chargeType: 'PayByBandwidth' };
    const rows = comparison(renderReport(r));
    expect(rows[0]?.at(-1)).toBe('PayByBandwidth → PayByBandwidth (2 switches)');
    expect(rows.every((row) => row[2] === '—')).toBe(true);
  });

  it('lists at most MAX_LISTED_ACTIONS actions and says how many more there were', () => {
    const actions = Array.from({ length: MAX_LISTED_ACTIONS + 3 }, (_, i) => ({
      atMs: Date.UTC(2013, 6, 1) + i * 300_000,
      from: String(10 + (i % 2)),
      to: String(11 - (i % 2)),
      reason: 'target-tracking',
    }));
    const html = renderReport(result({ actions }));
    expect(html).toContain(`<summary>${MAX_LISTED_ACTIONS + 3} actions</summary>`);
    expect(html).toContain('<p>… and 3 more.</p>');
    expect(html.match(/<tr><td>2013-/g)).toHaveLength(MAX_LISTED_ACTIONS);
  });

  it('marks a sweep that kept the strategy, and says when no series were recorded', () => {
    const html = renderReport(
      result({
        strategySwitches: [
          { at: '2013-07-01T01:00Z', strategy: 'reactive', changed: true, why: 'cheapest' },
          { at: '2013-07-02T01:00Z', strategy: 'reactive', changed: false, why: 'still cheapest' },
        ],
      }),
    );
    expect(html).toContain('<td>reactive</td><td>cheapest</td>');
    expect(html).toContain('<td>reactive (unchanged)</td><td>still cheapest</td>');
    expect(html).toContain('No series were recorded for this run.');
  });
});
