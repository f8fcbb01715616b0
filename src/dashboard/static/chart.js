// A tiny time-series chart drawn as inline SVG: lines (optionally stepped), vertical action marks, horizontal
// thresholds, labelled segments, axes. Times on the axis are in the dashboard's time zone (views.js), dates ISO.
// No library: the dashboard must work offline and without a build step.
import { zoneOffsetMs, zoneParts } from './views.js';

const NS = 'http://www.w3.org/2000/svg';
const PAD = { left: 52, right: 16, top: 24, bottom: 30 };
const TIME_STEPS_MIN = [5, 15, 30, 60, 120, 180, 360, 720, 1440, 2880];

function svg(tag, attrs = {}, text) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** A "nice" tick step (1, 2, 2.5 or 5 × 10^n) giving about `count` ticks up to `max`. */
function niceStep(max, count) {
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  const nice = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10;
  return nice * mag;
}

function timeLabel(ms, stepMin) {
  const p = zoneParts(ms);
  if (stepMin < 1440 && !(p.hour === 0 && p.minute === 0)) return p.hm;
  return p.date;
}

function pathOf(points, x, y, stepped) {
  let d = '';
  points.forEach((p, i) => {
    const px = x(p.t).toFixed(1);
    const py = y(p.v).toFixed(1);
    if (i === 0) d += `M${px},${py}`;
    else if (stepped) d += `H${px}V${py}`;
    else d += `L${px},${py}`;
  });
  return d;
}

function axes(root, o, x, y, yMax, yStep) {
  const { width, height } = o;
  for (let v = 0; v <= yMax + 1e-9; v += yStep) {
    const py = y(v);
    root.append(svg('line', { x1: PAD.left, x2: width - PAD.right, y1: py, y2: py, class: 'grid-line' }));
    const label = Number.isInteger(v) ? String(v) : v.toFixed(1);
    root.append(svg('text', { x: PAD.left - 6, y: py + 4, 'text-anchor': 'end', class: 'tick' }, label));
  }
  root.append(svg('text', { x: PAD.left - 6, y: 11, 'text-anchor': 'end', class: 'tick unit' }, o.unit));
  const spanMin = (o.toMs - o.fromMs) / 60000;
  const stepMin = TIME_STEPS_MIN.find((s) => spanMin / s <= 8) ?? 2880;
  const stepMs = stepMin * 60000;
  // Ticks on the zone's round times: local = UTC + offset.
  const offset = zoneOffsetMs(o.fromMs);
  for (let t = Math.ceil((o.fromMs + offset) / stepMs) * stepMs - offset; t <= o.toMs; t += stepMs) {
    const px = x(t);
    root.append(svg('line', { x1: px, x2: px, y1: height - PAD.bottom, y2: height - PAD.bottom + 4, class: 'axis' }));
    root.append(svg('text', { x: px, y: height - 10, 'text-anchor': 'middle', class: 'tick' }, timeLabel(t, stepMin)));
  }
  root.append(
    svg('line', {
      x1: PAD.left,
      x2: width - PAD.right,
      y1: height - PAD.bottom,
      y2: height - PAD.bottom,
      class: 'axis',
    }),
  );
}

function marks(root, o, x) {
  for (const m of o.marks ?? []) {
    if (m.t < o.fromMs || m.t > o.toMs) continue;
    const px = x(m.t);
    const g = svg('g', { class: `mark ${m.cls ?? ''}` });
    g.append(svg('title', {}, m.label));
    g.append(svg('line', { x1: px, x2: px, y1: PAD.top, y2: o.height - PAD.bottom }));
    g.append(svg('path', { d: `M${px - 6},${PAD.top - 2}h12l-6,9z` }));
    root.append(g);
  }
}

/** Dashed horizontal lines (e.g. CPU thresholds), each labelled at the right end. */
function thresholds(root, o, y) {
  for (const th of o.thresholds ?? []) {
    const py = y(th.v);
    const g = svg('g', { class: `threshold ${th.cls ?? ''}` });
    g.append(svg('title', {}, th.label));
    g.append(svg('line', { x1: PAD.left, x2: o.width - PAD.right, y1: py, y2: py }));
    g.append(svg('text', { x: o.width - PAD.right - 4, y: py - 4, 'text-anchor': 'end' }, th.label));
    root.append(g);
  }
}

/** A label at the start of each segment (e.g. the instance type from each change on), inside the plot. */
function segments(root, o, x) {
  const list = (o.segments ?? []).filter((s) => s.t <= o.toMs);
  list.forEach((s, i) => {
    const next = list[i + 1];
    if (next && next.t <= o.fromMs) return; // superseded before the window starts
    const px = x(Math.max(s.t, o.fromMs)) + 4;
    root.append(svg('text', { x: px, y: PAD.top - 8, class: 'segment' }, s.label));
  });
}

let clipSeq = 0;

/** Series are clipped to the plot area: a line that starts before the window never draws over the axis. */
function plotClip(root, width, height) {
  const id = `plot-clip-${++clipSeq}`;
  const clip = svg('clipPath', { id });
  // A few pixels of slack on each side, so a step at either edge keeps its whole stroke.
  const w = width - PAD.left - PAD.right + 6;
  clip.append(svg('rect', { x: PAD.left - 3, y: 0, width: w, height: height - PAD.bottom + 1 }));
  const defs = svg('defs');
  defs.append(clip);
  root.append(defs);
  return `url(#${id})`;
}

/**
 * Draw into `container`. o: { fromMs, toMs, unit, label, yMin?, yMax?, height?,
 *   lines: [{ points: [{t, v}], cls, stepped?, area? }], marks: [{ t, label, cls }],
 *   thresholds?: [{ v, label, cls }], segments?: [{ t, label }] }
 * A line with `area` is also filled down to 0 (class `area <cls>`), under every line.
 */
export function renderChart(container, o) {
  const width = 960;
  const height = o.height ?? 260;
  const all = o.lines.flatMap((l) => l.points.map((p) => p.v));
  const top = Math.max(o.yMin ?? 1, ...all) * 1.1;
  const yStep = niceStep(o.yMax ?? top, 4);
  const yMax = o.yMax ?? Math.ceil(top / yStep) * yStep;
  const span = Math.max(1, o.toMs - o.fromMs);
  const x = (t) => PAD.left + ((t - o.fromMs) / span) * (width - PAD.left - PAD.right);
  const y = (v) => height - PAD.bottom - (Math.min(v, yMax) / yMax) * (height - PAD.top - PAD.bottom);
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': o.label });
  root.append(svg('title', {}, o.label));
  axes(root, { ...o, width, height }, x, y, yMax, yStep);
  const clip = plotClip(root, width, height);
  for (const line of o.lines) {
    if (line.points.length === 0 || !line.area) continue;
    const first = line.points[0];
    const d = `${pathOf(line.points, x, y, line.stepped)}V${y(0).toFixed(1)}H${x(first.t).toFixed(1)}Z`;
    root.append(svg('path', { d, class: `area ${line.cls}`, 'clip-path': clip }));
  }
  for (const line of o.lines) {
    if (line.points.length === 0) continue;
    const d = pathOf(line.points, x, y, line.stepped);
    root.append(svg('path', { d, class: `series ${line.cls}`, 'clip-path': clip }));
  }
  thresholds(root, { ...o, width }, y);
  segments(root, o, x);
  marks(root, { ...o, height }, x);
  container.replaceChildren(root);
}
