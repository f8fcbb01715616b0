/**
 * The simulation report: one self-contained HTML page (inline CSS and SVG, no scripts, no network) with the
 * baseline comparison table, demand vs provisioned capacity, cumulative cost, and the product's actions
 * marked with their reasons.
 */
import { downsample } from './downsample.js';
import type { SimAction, SimulationResult, StrategySummary } from './result.js';
import { type ChartLine, type ChartMarker, esc, renderChart } from './svgChart.js';
import type { BaselineKey, BaselineName } from './types.js';

/** Most points per charted series: keeps a 30-day page around 200 KB. */
export const MAX_CHART_POINTS = 2000;
/** Most actions listed in the table and marked on the chart. */
export const MAX_LISTED_ACTIONS = 500;

const STYLES: Record<'product' | BaselineKey, { label: string; color: string; dash?: string }> = {
  product: { label: 'product', color: '#1f6feb' },
  optimum: { label: 'optimum', color: '#2da44e', dash: '6 3' },
  lowerBound: { label: 'lower bound', color: '#8c959f', dash: '2 3' },
  naiveReactive: { label: 'naive reactive', color: '#d1242f', dash: '4 2' },
  staticPeak: { label: 'static p99', color: '#8250df', dash: '1 3' },
  payByTraffic: { label: 'pay by traffic', color: '#bf8700', dash: '3 3' },
};
/** Colour of the vertical rules marking the product's billing-method switches. */
const BILLING_COLOR = '#bf8700';
const ORDER: BaselineName[] = ['optimum', 'lowerBound', 'naiveReactive', 'staticPeak'];

const pct = (f: number) => `${(f * 100).toFixed(2)} %`;
const money = (v: number) => v.toFixed(2);

function row(name: 'product' | BaselineKey, s: StrategySummary, optimumCost: number, billing: string): string {
  const ratio = optimumCost > 0 ? `${(s.costPerDay / optimumCost).toFixed(2)} ×` : '—';
  const cells = [
    money(s.costPerDay),
    ratio,
    pct(s.unmetFraction),
    pct(s.unavoidableUnmetFraction),
    String(s.changes),
    String(s.downgrades),
    billing,
  ];
  const cls = name === 'product' ? ' class="product"' : '';
  return `<tr${cls}><th scope="row">${esc(STYLES[name].label)}</th>${cells.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`;
}

function comparisonTable(r: SimulationResult): string {
  const optimumCost = r.baselines.optimum.costPerDay;
  const head = [
    'strategy',
    `cost / day (${r.currency})`,
    'cost ÷ optimum',
    'unmet demand',
    'unavoidable',
    'changes',
    'downgrades',
    'network billing',
  ];
  const billingOf = (b: BaselineKey) => r.baselines[b]?.chargeType ?? '—';
  const keys: BaselineKey[] = r.baselines.payByTraffic ? [...ORDER, 'payByTraffic'] : ORDER;
  const rows = [
    row('product', r, optimumCost, productBilling(r)),
    ...keys.map((b) => row(b, r.baselines[b] as StrategySummary, optimumCost, billingOf(b))),
  ];
  return `<table id="comparison"><thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** `PayByBandwidth`, or `PayByBandwidth → PayByTraffic (1 switch)` when the product switched. */
function productBilling(r: SimulationResult): string {
  if (r.chargeTypeChanges === 0) return r.initialChargeType;
  const n = r.chargeTypeChanges;
  return `${r.initialChargeType} → ${r.finalChargeType} (${n} switch${n === 1 ? '' : 'es'})`;
}

function checks(r: SimulationResult): string {
  const items: [string, number][] = [
    ['API calls', r.apiCalls],
    ['duplicate API calls', r.duplicateApiCalls],
    ['cooldown violations', r.cooldownViolations],
    ['quota violations', r.quotaViolations],
  ];
  return `<ul class="checks">${items.map(([k, v]) => `<li>${esc(k)}: <b>${v}</b></li>`).join('')}</ul>`;
}

function dayTicks(r: SimulationResult): { x: number; label: string }[] {
  const perDay = 86_400 / r.stepSec;
  const every = Math.max(1, Math.ceil(r.days / 12));
  const ticks = [];
  for (let day = 0; day * perDay <= r.intervals; day += every) ticks.push({ x: day * perDay, label: `day ${day}` });
  return ticks;
}

function actionMarkers(r: SimulationResult, capacity: readonly number[]): ChartMarker[] {
  return (r.actions ?? []).slice(0, MAX_LISTED_ACTIONS).map((a) => {
    const x = Math.max(0, Math.min(r.intervals - 1, Math.floor((a.atMs - r.startMs) / (r.stepSec * 1000))));
    if (a.kind === 'billingMethod')
      return { x, y: capacity[x] ?? 0, color: BILLING_COLOR, title: actionText(a), rule: true };
    const up = a.direction ? a.direction === 'up' : Number.parseFloat(a.to) >= Number.parseFloat(a.from);
    return { x, y: capacity[x] ?? 0, color: up ? '#1a7f37' : '#bc4c00', title: actionText(a) };
  });
}

function actionText(a: SimAction): string {
  const at = new Date(a.atMs).toISOString().replace('.000Z', 'Z');
  return `${at}: ${a.from} → ${a.to} (${a.reason})${a.message ? ` — ${a.message}` : ''}`;
}

function seriesLines(r: SimulationResult, pick: 'capacity' | 'cumulativeCost'): ChartLine[] {
  const chart = r.chart;
  if (!chart) return [];
  const rule = pick === 'capacity' ? 'max' : 'last';
  const line = (name: 'product' | BaselineKey, values: readonly number[]): ChartLine => {
    const { label, color, dash } = STYLES[name];
    return {
      name: label,
      color,
      points: downsample(values, MAX_CHART_POINTS, rule),
      step: pick === 'capacity',
      ...(dash ? { dash } : {}),
    };
  };
  // The pay-by-traffic cap is always the platform top: only its cost is worth a line.
  const keys: BaselineKey[] = pick === 'capacity' ? ORDER : [...ORDER, 'payByTraffic'];
  const baselines = keys.flatMap((b) => {
    const s = chart.baselines?.[b];
    return s ? [line(b, s[pick])] : [];
  });
  return [line('product', chart.product[pick]), ...baselines];
}

/** The product's stored forecast (predicted peak per interval), where it had one. */
function forecastLine(r: SimulationResult): ChartLine[] {
  const values = r.chart?.forecast;
  if (!values?.some(Number.isFinite)) return [];
  const points = downsample(values, MAX_CHART_POINTS, 'max').filter((p) => Number.isFinite(p.y));
  return [{ name: 'forecast', color: '#bf3989', points, dash: '2 2', step: true }];
}

/** The optimiser's strategy sweeps that changed the strategy, and the last one, with the backtest's sentence. */
function strategyTable(r: SimulationResult): string {
  const rows = r.strategySwitches ?? [];
  if (rows.length === 0) return '<p>No strategy sweep ran in this simulation.</p>';
  const body = rows
    .map(
      (s) =>
        `<tr><td>${esc(s.at)}</td><td>${esc(s.strategy)}${s.changed ? '' : ' (unchanged)'}</td><td>${esc(s.why)}</td></tr>`,
    )
    .join('');
  return `<table id="strategy"><thead><tr><th>sweep (UTC)</th><th>strategy</th><th>backtest and reason</th></tr></thead><tbody>${body}</tbody></table>`;
}

function charts(r: SimulationResult): string {
  if (!r.chart) return '<p>No series were recorded for this run.</p>';
  const demand: ChartLine = {
    name: 'demand',
    color: '#57606a',
    points: downsample(r.chart.demand, MAX_CHART_POINTS, 'max'),
    fill: true,
  };
  const capacity = renderChart({
    title: 'Demand vs provisioned capacity',
    yLabel: r.unit,
    xMax: r.intervals,
    xTicks: dayTicks(r),
    lines: [demand, ...forecastLine(r), ...seriesLines(r, 'capacity')],
    markers: actionMarkers(r, r.chart.product.capacity),
  });
  const cost = renderChart({
    title: 'Cumulative cost',
    yLabel: r.currency,
    xMax: r.intervals,
    xTicks: dayTicks(r),
    lines: seriesLines(r, 'cumulativeCost'),
  });
  return `<figure>${capacity}<figcaption>Each point is the maximum of its bucket; dots mark the product's actions, vertical rules its network billing switches (hover for the reason).</figcaption></figure><figure>${cost}</figure>`;
}

function actionsTable(r: SimulationResult): string {
  const actions = r.actions ?? [];
  if (actions.length === 0) return '<p>The product made no changes.</p>';
  const rows = actions.slice(0, MAX_LISTED_ACTIONS).map((a) => {
    const at = new Date(a.atMs).toISOString().replace('.000Z', 'Z');
    return `<tr><td>${esc(at)}</td><td>${esc(a.from)} → ${esc(a.to)}</td><td>${esc(a.reason)}</td><td>${esc(a.message ?? '')}</td></tr>`;
  });
  const more = actions.length > MAX_LISTED_ACTIONS ? `<p>… and ${actions.length - MAX_LISTED_ACTIONS} more.</p>` : '';
  return `<details><summary>${actions.length} actions</summary><table id="actions"><thead><tr><th>time (UTC)</th><th>change</th><th>reason</th><th>message</th></tr></thead><tbody>${rows.join('')}</tbody></table>${more}</details>`;
}

const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1000px;color:#1f2328}
table{border-collapse:collapse;margin:12px 0}th,td{border:1px solid #d0d7de;padding:4px 10px;text-align:right}
th[scope=row],#actions td,#strategy td{text-align:left}tr.product{background:#ddf4ff}figure{margin:16px 0}
figcaption,.meta{color:#57606a;font-size:12px}.checks{display:flex;gap:24px;list-style:none;padding:0}`;

/** Render the whole report page. Deterministic: the same result gives the same bytes. */
export function renderReport(r: SimulationResult): string {
  const start = new Date(r.startMs).toISOString().replace('.000Z', 'Z');
  const meta = `${r.series} (${r.unit}) · ${r.days.toFixed(2)} days · ${r.intervals} intervals of ${r.stepSec} s · from ${start}`;
  const notes = (r.notes ?? []).map((n) => `<li>${esc(n)}</li>`).join('');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(`Simulation: ${r.trace}`)}</title><style>${CSS}</style></head>
<body><h1>${esc(`Simulation: ${r.trace}`)}</h1><p class="meta">${esc(meta)}</p>
<h2>Comparison</h2>${comparisonTable(r)}${checks(r)}${notes ? `<ul class="notes">${notes}</ul>` : ''}
<h2>Charts</h2>${charts(r)}
<h2>Strategy</h2>${strategyTable(r)}
<h2>Actions</h2>${actionsTable(r)}
</body></html>
`;
}
