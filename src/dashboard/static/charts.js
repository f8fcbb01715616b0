// The instance's charts: outbound bandwidth against provisioned capacity, and CPU against the type ladder's
// thresholds. The chart of what the group scales comes first: CPU for a group with an instance-type ladder and no
// bandwidth policy, bandwidth otherwise. Text only, never HTML.
import { forecastLegend, forecastLine } from './advice.js';
import { renderChart } from './chart.js';

const $ = (id) => document.getElementById(id);

/** `auto`: a day of data, but the chart starts where the data starts (a fresh local cloud has minutes). */
function chartWindow(m, hours) {
  if (hours !== 'auto') return { fromMs: m.fromMs, toMs: m.toMs };
  const first = Math.min(
    m.outboundMbps[0]?.atMs ?? m.toMs,
    m.cpuPercent[0]?.atMs ?? m.toMs,
    m.capacity.marks[0]?.atMs ?? m.toMs,
  );
  return { fromMs: Math.max(m.fromMs, Math.min(first, m.toMs - 3_600_000) - 300_000), toMs: m.toMs };
}

/** Whether the CPU chart leads: the group scales the instance type on CPU and does not manage bandwidth. */
export function cpuLeads(policy) {
  return Boolean(policy?.instanceType) && !policy?.bandwidth;
}

/** The type ladder's thresholds as chart lines, with the words decide uses. */
function cpuThresholds(t) {
  if (!t) return [];
  return [
    {
      v: t.scaleUpCpuPercent,
      cls: 'up',
      label: `scale up: average ≥ ${t.scaleUpCpuPercent} % over ${t.scaleUpStabilizationSec} s`,
    },
    {
      v: t.scaleDownCpuPercent,
      cls: 'down',
      label: `scale down: max ≤ ${t.scaleDownCpuPercent} % over ${t.scaleDownStabilizationSec} s`,
    },
  ];
}

/** One label per instance type held, from when it was set (the closing point at the right edge adds none). */
function typeSegments(steps) {
  const out = [];
  for (const p of steps) {
    if (out.length === 0 || out[out.length - 1].label !== p.instanceType)
      out.push({ t: p.atMs, label: p.instanceType });
  }
  return out;
}

function bandwidthChart(m, policy, base, id, height) {
  $('bw-title').textContent = policy?.bandwidth
    ? 'Outbound bandwidth vs provisioned capacity'
    : 'Outbound bandwidth (not scaled by this group)';
  renderChart($('chart'), {
    ...base,
    unit: 'Mbps',
    height,
    label: `Outbound Mbps and provisioned bandwidth of ${id}`,
    lines: [
      forecastLine(m),
      { cls: 'capacity', stepped: true, points: m.capacity.bandwidthMbps.map((p) => ({ t: p.atMs, v: p.mbps })) },
      { cls: 'peak', points: m.outboundMbps.map((p) => ({ t: p.atMs, v: p.maximum })) },
      { cls: 'measured', points: m.outboundMbps.map((p) => ({ t: p.atMs, v: p.average })) },
    ].filter(Boolean),
  });
  forecastLegend($('legend-forecast'), m);
}

function cpuChart(m, policy, base, id, height) {
  const t = policy?.instanceType;
  $('cpu-title').textContent = t
    ? `CPU utilisation vs the thresholds of the type ladder (${t.ladder.join(' → ')})`
    : 'CPU utilisation (not scaled by this group)';
  renderChart($('cpu-chart'), {
    ...base,
    unit: 'CPU %',
    height,
    yMax: 100,
    label: `CPU utilisation of ${id}${t ? ' with the scale-up and scale-down thresholds' : ''}`,
    lines: [
      { cls: 'cpu-peak', points: m.cpuPercent.map((p) => ({ t: p.atMs, v: p.maximum })) },
      { cls: 'cpu', points: m.cpuPercent.map((p) => ({ t: p.atMs, v: p.average })) },
    ],
    thresholds: cpuThresholds(t),
    segments: t ? typeSegments(m.capacity.instanceType) : [],
  });
  $('legend-thresholds').hidden = !t;
}

/** Draw both charts for the metrics `m` of instance `id` under its group's `policy`. */
export function renderCharts(m, policy, id, hours) {
  const marks = m.capacity.marks.map((k) => ({
    t: k.atMs,
    cls: k.result,
    label: `${k.label} (${k.reason}, ${k.result})`,
  }));
  const base = { ...chartWindow(m, hours), marks };
  const leadCpu = cpuLeads(policy);
  $('charts').prepend(leadCpu ? $('cpu-panel') : $('bw-panel'));
  $('charts').dataset.lead = leadCpu ? 'cpu' : 'bandwidth';
  bandwidthChart(m, policy, base, id, leadCpu ? 150 : 260);
  cpuChart(m, policy, base, id, leadCpu ? 260 : 150);
  const series = leadCpu ? m.cpuPercent : m.outboundMbps;
  const noData = series.length === 0 ? ['No metric data in this window.'] : [];
  $('chart-warnings').textContent = [...noData, ...m.warnings].join(' ');
}
