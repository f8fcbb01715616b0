/**
 * Inline SVG line charts for the report: no scripts, no external references, tooltips as `<title>`. The
 * `xmlns` attribute is left out on purpose: HTML5 does not need it for inline SVG and the page must not
 * contain a single `http://` reference.
 */
import type { ChartPoint } from './downsample.js';

export interface ChartLine {
  name: string;
  color: string;
  points: readonly ChartPoint[];
  /** Draw as a step function (levels hold until the next point). */
  step?: boolean;
  /** SVG stroke-dasharray, e.g. `6 3`. */
  dash?: string;
  /** Fill the area under the line (demand). */
  fill?: boolean;
}

export interface ChartMarker {
  x: number;
  y: number;
  color: string;
  /** Tooltip text. */
  title: string;
  /** Draw a vertical rule across the plot instead of a dot (an event that is not a capacity change). */
  rule?: boolean;
}

export interface ChartSpec {
  title: string;
  yLabel: string;
  /** Number of intervals on the x axis. */
  xMax: number;
  /** Tick positions (interval indices) and their labels. */
  xTicks: readonly { x: number; label: string }[];
  lines: readonly ChartLine[];
  markers?: readonly ChartMarker[];
  width?: number;
  height?: number;
}

const MARGIN = { left: 64, right: 16, top: 40, bottom: 32 };

/** Escape text for HTML/SVG content and attribute values. */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A round axis maximum ≥ `max` whose quarters are readable (1, 1.2, 1.6, 2, 2.4, 3, 4, 5, 6, 8 × 10ⁿ). */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  const nice = [1, 1.2, 1.6, 2, 2.4, 3, 4, 5, 6, 8, 10].find((m) => m * power >= max * (1 - 1e-12)) ?? 10;
  return nice * power;
}

const r1 = (v: number) => Math.round(v * 10) / 10;

interface Frame {
  w: number;
  h: number;
  sx: (x: number) => number;
  sy: (y: number) => number;
  yMax: number;
}

function frame(spec: ChartSpec): Frame {
  const w = spec.width ?? 960;
  const h = spec.height ?? 320;
  const all = spec.lines.flatMap((l) => l.points.map((p) => p.y)).filter(Number.isFinite);
  const yMax = niceMax(all.length ? Math.max(...all) : 1);
  const plotW = w - MARGIN.left - MARGIN.right;
  const plotH = h - MARGIN.top - MARGIN.bottom;
  const sx = (x: number) => r1(MARGIN.left + (spec.xMax > 0 ? (x / spec.xMax) * plotW : 0));
  const sy = (y: number) => r1(MARGIN.top + plotH - (Math.min(y, yMax) / yMax) * plotH);
  return { w, h, sx, sy, yMax };
}

function pathOf(line: ChartLine, f: Frame, xEnd: number): string {
  const pts = line.points;
  if (pts.length === 0) return '';
  const parts = [`M${f.sx((pts[0] as ChartPoint).x)} ${f.sy((pts[0] as ChartPoint).y)}`];
  pts.forEach((p, i) => {
    if (i === 0) return;
    parts.push(line.step ? `H${f.sx(p.x)}V${f.sy(p.y)}` : `L${f.sx(p.x)} ${f.sy(p.y)}`);
  });
  if (line.step) parts.push(`H${f.sx(xEnd)}`);
  return parts.join('');
}

function axes(spec: ChartSpec, f: Frame): string {
  const yTicks = [0, 1, 2, 3, 4].map((i) => (f.yMax * i) / 4);
  const y = yTicks.map(
    (v) =>
      `<line x1="${MARGIN.left}" x2="${f.w - MARGIN.right}" y1="${f.sy(v)}" y2="${f.sy(v)}" stroke="#e5e5e5"/>` +
      `<text x="${MARGIN.left - 6}" y="${f.sy(v) + 4}" text-anchor="end">${esc(formatTick(v))}</text>`,
  );
  const x = spec.xTicks.map(
    (t) =>
      `<line x1="${f.sx(t.x)}" x2="${f.sx(t.x)}" y1="${f.h - MARGIN.bottom}" y2="${f.h - MARGIN.bottom + 4}" stroke="#999"/>` +
      `<text x="${f.sx(t.x)}" y="${f.h - MARGIN.bottom + 16}" text-anchor="middle">${esc(t.label)}</text>`,
  );
  const label = `<text x="12" y="${MARGIN.top - 10}" font-weight="bold">${esc(spec.yLabel)}</text>`;
  return `<g font-size="11" fill="#555">${y.join('')}${x.join('')}${label}</g>`;
}

function formatTick(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(v < 1 ? 2 : 1);
}

function legend(spec: ChartSpec): string {
  let x = MARGIN.left + spec.title.length * 7 + 20;
  const items = spec.lines.map((l) => {
    const item =
      `<rect x="${x}" y="${MARGIN.top - 22}" width="12" height="4" fill="${l.color}"/>` +
      `<text x="${x + 16}" y="${MARGIN.top - 17}">${esc(l.name)}</text>`;
    x += 24 + l.name.length * 6.5;
    return item;
  });
  const title = `<text x="${MARGIN.left}" y="${MARGIN.top - 17}" font-weight="bold">${esc(spec.title)}</text>`;
  return `<g font-size="11" fill="#333">${title}${items.join('')}</g>`;
}

function marker(m: ChartMarker, f: Frame): string {
  if (m.rule) {
    const x = f.sx(m.x);
    return `<line x1="${x}" x2="${x}" y1="${MARGIN.top}" y2="${f.sy(0)}" stroke="${m.color}" stroke-width="2" stroke-dasharray="5 3"><title>${esc(m.title)}</title></line>`;
  }
  return `<circle cx="${f.sx(m.x)}" cy="${f.sy(m.y)}" r="3" fill="${m.color}" stroke="#fff"><title>${esc(m.title)}</title></circle>`;
}

/** Render one chart as an inline `<svg>` element. */
export function renderChart(spec: ChartSpec): string {
  const f = frame(spec);
  const base = f.sy(0);
  const lines = spec.lines.map((l) => {
    const d = pathOf(l, f, spec.xMax);
    const area =
      l.fill && d
        ? `<path d="${d}V${base}H${f.sx(l.points[0]?.x ?? 0)}Z" fill="${l.color}" fill-opacity="0.25" stroke="none"/>`
        : '';
    const dash = l.dash ? ` stroke-dasharray="${l.dash}"` : '';
    return `${area}<path d="${d}" fill="none" stroke="${l.color}" stroke-width="1.3"${dash}><title>${esc(l.name)}</title></path>`;
  });
  const markers = (spec.markers ?? []).map((m) => marker(m, f)).join('');
  return (
    `<svg viewBox="0 0 ${f.w} ${f.h}" width="${f.w}" height="${f.h}" role="img" aria-label="${esc(spec.title)}">` +
    `${axes(spec, f)}${lines.join('')}<g>${markers}</g>${legend(spec)}</svg>`
  );
}
