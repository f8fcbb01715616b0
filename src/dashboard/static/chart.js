// A tiny time-series chart drawn as inline SVG: lines (optionally stepped), vertical action marks, axes.
// No library: the dashboard must work offline and without a build step.

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
  const d = new Date(ms);
  const hm = d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hour12: false });
  if (stepMin < 1440 && !(d.getHours() === 0 && d.getMinutes() === 0)) return hm;
  return d.toLocaleDateString([], { month: 'short', day: 'numeric' });
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
  const offset = new Date().getTimezoneOffset() * 60000;
  for (let t = Math.ceil((o.fromMs - offset) / stepMs) * stepMs + offset; t <= o.toMs; t += stepMs) {
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
 *   lines: [{ points: [{t, v}], cls, stepped?, area? }], marks: [{ t, label, cls }] }
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
  marks(root, { ...o, height }, x);
  container.replaceChildren(root);
}
