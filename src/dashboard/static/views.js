// Small DOM builders shared by the dashboard views. Every value goes in as text, never as HTML.
import { reasonLabel } from './reasons.js';

/** Create an element: attributes (on* = listeners, false/null = absent) and children (nodes or text). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false || c === '') continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

// Times are shown in one named time zone (the API's `timeZone`: the config's), dates as ISO YYYY-MM-DD.
let zone = 'UTC';
let zoneFormat = null;

/** Show every time in `name` (an IANA zone such as Asia/Shanghai). */
export function setTimeZone(name) {
  const next = name || 'UTC';
  if (next === zone && zoneFormat) return;
  zone = next;
  zoneFormat = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
}

export function timeZoneName() {
  return zone;
}

/** The wall-clock fields of `ms` in the zone: date `YYYY-MM-DD`, `HH:MM`, `HH:MM:SS`, and the numbers. */
export function zoneParts(ms) {
  if (!zoneFormat) setTimeZone(zone);
  const p = {};
  for (const part of zoneFormat.formatToParts(new Date(ms))) p[part.type] = part.value;
  const n = (k) => Number(p[k]);
  return {
    date: `${p.year}-${p.month}-${p.day}`,
    hm: `${p.hour}:${p.minute}`,
    hms: `${p.hour}:${p.minute}:${p.second}`,
    hour: n('hour'),
    minute: n('minute'),
    utcMs: Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')),
  };
}

/** The zone's offset from UTC at `ms`, in ms (Asia/Shanghai: +8 h). */
export function zoneOffsetMs(ms) {
  return zoneParts(ms).utcMs - Math.floor(ms / 1000) * 1000;
}

/** `2026-11-23 08:41:00` in the zone. */
export function formatDateTime(ms) {
  const p = zoneParts(ms);
  return `${p.date} ${p.hms}`;
}

/** A <time> in the zone, with the exact UTC instant as its machine value and tooltip. */
export function time(ms) {
  const iso = new Date(ms).toISOString();
  return h('time', { datetime: iso, title: `${iso} (UTC), shown in ${zone}` }, formatDateTime(ms));
}

/** A time of day in the zone, with the ISO date in front when it is not today there. */
export function clockTime(ms) {
  const p = zoneParts(ms);
  return p.date === zoneParts(Date.now()).date ? p.hms : `${p.date} ${p.hms}`;
}

function signalValue(s) {
  if (s.value === undefined) return '';
  if (/InternetOutRate$/.test(s.metric ?? '')) return `${(s.value / 1e6).toFixed(2)} Mbps`;
  if (s.metric === 'CPUUtilization') return `${s.value} %`;
  return String(s.value);
}

function signalCell(s) {
  const what = [s.metric, signalValue(s), s.state].filter(Boolean).join(' ');
  return h('td', {}, h('span', { class: 'source' }, s.source), what ? h('div', { class: 'sub' }, what) : '');
}

/** before → after for whatever the entry changed (bandwidth, type or billing method). */
export function changeText(e) {
  const b = e.before ?? {};
  const a = e.after ?? {};
  if (a.bandwidthOutMbps !== undefined) return `${b.bandwidthOutMbps ?? '?'} → ${a.bandwidthOutMbps} Mbps`;
  if (a.instanceType !== undefined) return `${b.instanceType ?? '?'} → ${a.instanceType}`;
  if (a.internetChargeType !== undefined) return `${b.internetChargeType ?? '?'} → ${a.internetChargeType}`;
  return '';
}

function idsCell(e) {
  const ids = [
    e.clientToken ? h('div', {}, 'token ', h('code', {}, e.clientToken)) : '',
    ...(e.requestIds ?? []).map((r) => h('div', {}, 'request ', h('code', {}, r))),
  ];
  return h('td', { class: 'ids' }, ...ids);
}

/** The reason: its label, its exact code, and the sentence. */
function reasonCell(e) {
  return h(
    'td',
    { class: 'reason', 'data-reason': e.reason },
    h('strong', { class: 'reason-label' }, reasonLabel(e.reason)),
    ' ',
    h('code', { class: 'reason-code' }, e.reason),
    h('div', { class: 'message' }, e.message),
  );
}

/** One row of the audit trail. */
export function auditRow(e) {
  const error = e.error ? h('div', { class: 'sub error-code' }, `${e.error.code}: ${e.error.message}`) : '';
  return h(
    'tr',
    { 'data-audit-id': e.id, class: `result-${e.result}` },
    h('td', {}, time(e.atMs)),
    signalCell(e.signal),
    h('td', {}, e.decision),
    reasonCell(e),
    h('td', { class: 'change' }, changeText(e)),
    h('td', {}, h('span', { class: `badge result ${e.result}` }, e.result), error),
    idsCell(e),
  );
}

function recommended(r) {
  return [
    r.recommendedMbps !== undefined ? `${r.recommendedMbps} Mbps` : '',
    r.recommendedType ?? '',
    r.recommendedChargeType ?? '',
  ]
    .filter(Boolean)
    .join(', ');
}

/** One optimiser recommendation; the instance id opens the instance view. */
export function recommendationCard(e, select) {
  const r = e.recommendation ?? {};
  const saving =
    r.monthlySaving !== undefined
      ? `saves ≈ ${r.monthlySaving.toFixed(2)} ${r.currency ?? ''} / month`
      : 'saving not stated';
  const confidence = r.confidence !== undefined ? `confidence ${Math.round(r.confidence * 100)} %` : '';
  return h(
    'li',
    { class: 'card', 'data-instance-id': e.instanceId },
    h(
      'div',
      { class: 'card-head' },
      h('button', { type: 'button', class: 'link', onclick: () => select(e.instanceId) }, e.instanceId),
      h('span', { class: 'badge', title: e.reason }, reasonLabel(e.reason)),
    ),
    h('p', {}, e.message),
    h('p', { class: 'saving' }, [recommended(r), saving, confidence].filter(Boolean).join(' · ')),
    h('p', { class: 'sub' }, 'recorded ', time(e.atMs)),
  );
}
