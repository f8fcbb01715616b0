// Small DOM builders shared by the dashboard views. Every value goes in as text, never as HTML.

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

/** A <time> in the reader's locale, with the exact UTC instant as its machine value and tooltip. */
export function time(ms) {
  const d = new Date(ms);
  const text = d.toLocaleString([], { dateStyle: 'short', timeStyle: 'medium', hour12: false });
  return h('time', { datetime: d.toISOString(), title: d.toISOString() }, text);
}

/** A time of day (with the date when it is not today), in the reader's locale. */
export function clockTime(ms) {
  const d = new Date(ms);
  const t = d.toLocaleTimeString([], { hour12: false });
  return d.toDateString() === new Date().toDateString() ? t : `${d.toLocaleDateString()} ${t}`;
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

/** One row of the audit trail. */
export function auditRow(e) {
  const error = e.error ? h('div', { class: 'sub error-code' }, `${e.error.code}: ${e.error.message}`) : '';
  return h(
    'tr',
    { 'data-audit-id': e.id, class: `result-${e.result}` },
    h('td', {}, time(e.atMs)),
    signalCell(e.signal),
    h('td', {}, e.decision),
    h('td', { class: 'reason' }, h('strong', {}, e.reason), h('div', { class: 'message' }, e.message)),
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
      h('span', { class: 'badge' }, e.reason),
    ),
    h('p', {}, e.message),
    h('p', { class: 'saving' }, [recommended(r), saving, confidence].filter(Boolean).join(' · ')),
    h('p', { class: 'sub' }, 'recorded ', time(e.atMs)),
  );
}
