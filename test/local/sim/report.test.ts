// The HTML report: well-formed, self-contained (no http/https references, no scripts), the comparison table
// with every strategy, the two charts with downsampled series, and the actions with their reasons.
import { describe, expect, it } from 'vitest';
import { cumulative } from '../../../src/local/sim/accounting.js';
import { downsample } from '../../../src/local/sim/downsample.js';
import { MAX_CHART_POINTS, renderReport } from '../../../src/local/sim/report.js';
import { type SimulationResult, summaryOf } from '../../../src/local/sim/result.js';
import { niceMax } from '../../../src/local/sim/svgChart.js';
import { SIM_JSON_KEYS } from './fixtures.js';

const VOID = new Set(['meta', 'br', 'hr', 'img', 'input', 'link']);

/** Minimal well-formedness: every non-void tag closes in order; returns the tag names seen. */
function checkTags(html: string): string[] {
  const body = html.replace(/^<!DOCTYPE html>\s*/i, '');
  const stack: string[] = [];
  const seen: string[] = [];
  for (const m of body.matchAll(/<(\/?)([a-zA-Z][\w-]*)([^>]*?)(\/?)>/g)) {
    const [, closing, name, , selfClosing] = m as unknown as [string, string, string, string, string];
    seen.push(name);
    if (closing) {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}>`);
    } else if (!selfClosing && !VOID.has(name)) stack.push(name);
  }
  if (stack.length) throw new Error(`unclosed: ${stack.join(', ')}`);
  return seen;
}

const summary = (costPerDay: number, unmetFraction: number, changes: number) => ({
  costPerDay,
  unmetFraction,
  unavoidableUnmetFraction: 0.001,
  changes,
  downgrades: Math.floor(changes / 2),
});

function result(intervals: number, over: Partial<SimulationResult> = {}): SimulationResult {
  const demand = Array.from({ length: intervals }, (_, i) => 20 + 15 * Math.sin(i / 30));
  const capacity = demand.map((d) => Math.ceil(d / 0.7));
  const cost = capacity.map((c) => (c * 0.248) / 12);
  const startMs = Date.UTC(2013, 6, 1);
  return {
    trace: 'vm <35>.csv',
    series: 'bandwidth',
    days: (intervals * 300) / 86_400,
    intervals,
    ...summary(60, 0.004, 40),
    apiCalls: 41,
    duplicateApiCalls: 0,
    cooldownViolations: 0,
    quotaViolations: 0,
    initialChargeType: 'PayByBandwidth',
    chargeTypeChanges: 1,
    chargeTypeSwitches: [{ at: '2013-07-01T03:00:00Z', from: 'PayByBandwidth', to: 'PayByTraffic' }],
    finalChargeType: 'PayByTraffic',
    baselines: {
      lowerBound: { ...summary(40, 0.001, 900), chargeType: 'PayByBandwidth' },
      staticPeak: { ...summary(120, 0.01, 0), chargeType: 'PayByBandwidth' },
      naiveReactive: { ...summary(80, 0.02, 300), chargeType: 'PayByBandwidth' },
      optimum: { ...summary(50, 0.001, 200), chargeType: 'PayByBandwidth' },
      payByTraffic: { ...summary(30, 0.001, 0), chargeType: 'PayByTraffic' },
    },
    unit: 'Mbps',
    stepSec: 300,
    startMs,
    currency: 'CNY',
    chart: {
      demand,
      product: { capacity, cumulativeCost: cumulative(cost) },
      baselines: {
        optimum: { capacity: demand.map((d) => Math.ceil(d)), cumulativeCost: cumulative(demand.map((d) => d / 50)) },
      },
    },
    actions: [
      {
        atMs: startMs + 600_000,
        from: '20',
        to: '30',
        reason: 'target-tracking',
        message: 'utilisation 0.9 > 0.7 & "rising"',
      },
      { atMs: startMs + 7_200_000, from: '30', to: '25', reason: 'rightsizing' },
      {
        atMs: startMs + 10_800_000,
        kind: 'billingMethod',
        from: 'PayByBandwidth',
        to: 'PayByTraffic',
        reason: 'billing-method',
      },
    ],
    notes: ['spikes shorter than one alarm period are missed'],
    ...over,
  };
}

describe('renderReport', () => {
  const html = renderReport(result(8640));

  it('is a well-formed, self-contained page', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    const tags = checkTags(html);
    expect(tags).not.toContain('script');
    expect(tags).not.toContain('link');
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/\bsrc=/);
  });

  it('has the comparison table: product, four baselines and pay by traffic, with cost ratio and billing', () => {
    const table = /<table id="comparison">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
    const rows = [...table.matchAll(/<tr[^>]*><th scope="row">([^<]+)<\/th>((?:<td>[^<]*<\/td>)+)<\/tr>/g)];
    expect(rows.map((r) => r[1])).toEqual([
      'product',
      'optimum',
      'lower bound',
      'naive reactive',
      'static p99',
      'pay by traffic',
    ]);
    const cells = (i: number) => [...(rows[i]?.[2] ?? '').matchAll(/<td>([^<]*)<\/td>/g)].map((m) => m[1]);
    expect(cells(0)).toEqual([
      '60.00',
      '1.20 ×',
      '0.40 %',
      '0.10 %',
      '40',
      '20',
      'PayByBandwidth → PayByTraffic (1 switch)',
    ]);
    expect(cells(3)).toEqual(['80.00', '1.60 ×', '2.00 %', '0.10 %', '300', '150', 'PayByBandwidth']);
    expect(cells(5)).toEqual(['30.00', '0.60 ×', '0.10 %', '0.10 %', '0', '0', 'PayByTraffic']);
    expect(html).toContain('cooldown violations: <b>0</b>');
  });

  it('draws two SVG charts, each series downsampled to ≤ 2,000 points', () => {
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    expect(svgs).toHaveLength(2);
    for (const svg of svgs) {
      for (const m of svg.matchAll(/<path d="([^"]+)"/g)) {
        expect((m[1]?.match(/[MLH]/g) ?? []).length).toBeLessThanOrEqual(2 * MAX_CHART_POINTS + 2);
      }
    }
    expect(svgs[0]).toContain('Demand vs provisioned capacity');
    expect(svgs[1]).toContain('Cumulative cost');
    expect(html.length).toBeLessThan(400_000);
  });

  it('marks the actions with their reasons, escaped', () => {
    expect(html).toContain(
      '<title>2013-07-01T00:10:00Z: 20 → 30 (target-tracking) — utilisation 0.9 &gt; 0.7 &amp; &quot;rising&quot;</title>',
    );
    expect(html).toContain('<td>rightsizing</td>');
    // The billing switch is a dashed vertical rule, not a capacity dot.
    expect(html).toMatch(
      /<line [^>]*stroke="#bf8700"[^>]*><title>2013-07-01T03:00:00Z: PayByBandwidth → PayByTraffic \(billing-method\)<\/title><\/line>/,
    );
    expect(html).toContain('Simulation: vm &lt;35&gt;.csv');
    expect(html).toContain('spikes shorter than one alarm period are missed');
  });

  it('renders without series or actions (table only)', () => {
    const bare = renderReport(result(10, { chart: undefined, actions: undefined, notes: undefined }));
    checkTags(bare);
    expect(bare).not.toContain('<svg');
    expect(bare).toContain('The product made no changes.');
  });

  it('is deterministic', () => {
    expect(renderReport(result(100))).toBe(renderReport(result(100)));
  });

  it('summaryOf keeps exactly the JSON contract keys', () => {
    expect(Object.keys(summaryOf(result(10)))).toEqual(SIM_JSON_KEYS);
  });
});

describe('downsample', () => {
  it.each([
    ['max keeps spikes (buckets of 3)', [1, 9, 2, 3, 4, 5, 6], 3, 'max', [9, 5, 6]],
    ['last keeps the running total', [1, 2, 3, 4, 5, 6, 7], 3, 'last', [3, 6, 7]],
    ['short series unchanged', [1, 2], 10, 'max', [1, 2]],
  ] as const)('%s', (_name, values, maxPoints, rule, ys) => {
    const points = downsample(values, maxPoints, rule);
    expect(points.map((p) => p.y)).toEqual(ys);
    expect(points.length).toBeLessThanOrEqual(maxPoints);
  });

  it('bucket x is the first interval of the bucket', () => {
    expect(downsample([1, 2, 3, 4, 5], 2, 'max').map((p) => p.x)).toEqual([0, 3]);
  });
});

describe('niceMax', () => {
  it.each([
    [0, 1],
    [42.5, 50],
    [106, 120],
    [7.8, 8],
    [0.3, 0.3],
    [2301, 2400],
  ])('%d → %d', (max, nice) => {
    expect(niceMax(max)).toBeCloseTo(nice, 12);
  });
});
