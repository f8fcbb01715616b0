// The dashboard front end: plain DOM, no framework, no build step, nothing loaded from the network but
// this server's API. Data is only ever inserted as text (never as HTML).
import { adviceFacts } from './advice.js';
import { renderCharts } from './charts.js';
import { ACTIVITY_LABELS } from './reasons.js';
import { auditRow, clockTime, h, recommendationCard, setTimeZone, time, timeZoneName } from './views.js';

const token = new URLSearchParams(location.search).get('token') ?? '';
const $ = (id) => document.getElementById(id);
const state = {
  selected: null,
  policy: null,
  cursorMs: 0,
  seen: new Set(),
  nextBefore: null,
  pending: new Set(),
  timer: null,
};

async function api(path, query = {}) {
  const url = new URL(path, location.href);
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null) url.searchParams.set(k, String(v));
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body?.error?.message ?? `${res.status} ${res.statusText}`);
  return body;
}

function showError(err) {
  $('error').hidden = !err;
  $('error').textContent = err ? `Could not load: ${err.message ?? err}` : '';
}

const BILLING = { PrePaid: 'subscription', PostPaid: 'pay-as-you-go' };
const NETWORK = { PayByBandwidth: 'by bandwidth', PayByTraffic: 'by traffic' };

function bandwidthCell(i) {
  const t = i.temporaryUpgrade;
  const extra = t
    ? h('div', { class: 'sub' }, 'temporary until ', time(t.endMs), ` (baseline ${t.baselineMbps} Mbps)`)
    : '';
  return h('td', { class: 'num bandwidth' }, `${i.bandwidthOutMbps} Mbps`, extra, eipNote(i.eip));
}

/** A row that is a VPC resource a group manages, not an instance (docs/eip.md). */
const RESOURCE_KINDS = { eip: 'EIP', bandwidthPackage: 'shared bandwidth package' };
const RESOURCE_LINKS = {
  eip: 'its own bandwidth and billing, changed through VPC ModifyEipAddressAttribute',
  bandwidthPackage: 'shared by the EIPs in it, changed through VPC ModifyCommonBandwidthPackageSpec',
};

/** The type cell: the instance type, or what kind of resource the row is. */
function typeCell(i) {
  const status = i.status === 'Running' ? '' : h('span', { class: 'badge status' }, i.status);
  if (!i.resource) return h('td', { class: 'type' }, i.instanceType, ' ', status);
  const kind = RESOURCE_KINDS[i.resource] ?? i.resource;
  return h(
    'td',
    { class: 'type' },
    h('span', { class: `badge resource ${i.resource}`, title: RESOURCE_LINKS[i.resource] ?? '' }, kind),
  );
}

/** The EIP the instance reaches the internet through: routed (bandwidth and billing are the EIP's) or not. */
function eipNote(e) {
  if (!e) return '';
  const title = e.routed
    ? `bandwidth and billing of EIP ${e.allocationId}, scaled through ModifyEipAddressAttribute`
    : `EIP ${e.allocationId} not routed: ${e.reason ?? 'the instance’s own bandwidth is shown'}`;
  const text = e.routed ? `via EIP ${e.allocationId}` : `EIP ${e.allocationId}, not routed`;
  return h('div', { class: `sub eip${e.routed ? '' : ' not-routed'}`, title }, text);
}

function budgetText(b) {
  const kept = b.platform && b.platform.used === b.platform.limit - 1 ? ', the last kept back' : '';
  const platform = b.platform ? ` · platform ${b.platform.used}/${b.platform.limit}${kept}` : '';
  const left = b.remaining === null ? 'no count limit' : `${b.remaining} left (reserve ${b.reserve})`;
  return `${b.usedInWindow} used · ${left}${platform}`;
}

const DIMENSIONS = { bandwidth: 'bandwidth', instanceType: 'type' };

/** A block with its end, in the dashboard's zone. */
function blockText(b) {
  return b.untilMs === undefined ? b.message : `${b.message} until ${clockTime(b.untilMs)}`;
}

/** The state sentence with times in the dashboard's zone (the API's summary, in UTC, stays as the tooltip). */
function activityText(a) {
  if (a.kind === 'blocked') return a.blocks.map(blockText).join(' · ');
  if (a.kind === 'cooling-down') {
    return a.cooldowns
      .map((c) => `${DIMENSIONS[c.dimension]} ${c.direction} until ${clockTime(c.untilMs)}`)
      .join(' · ');
  }
  if (a.kind === 'in-progress' && !a.orchestration && a.lease) {
    return `${a.lease.actionKey}, lease until ${clockTime(a.lease.expiresAtMs)}`;
  }
  return a.kind === 'idle' ? '' : a.summary;
}

function fleetRow(i) {
  const open = h('button', { type: 'button', class: 'link', onclick: () => select(i.instanceId) }, i.instanceId);
  if (state.selected === i.instanceId) open.setAttribute('aria-current', 'true');
  return h(
    'tr',
    {
      'data-instance-id': i.instanceId,
      ...(i.resource ? { 'data-resource': i.resource } : {}),
      class: state.selected === i.instanceId ? 'selected' : '',
    },
    h('th', { scope: 'row' }, open, i.instanceName ? h('div', { class: 'sub' }, i.instanceName) : ''),
    h('td', {}, i.group),
    typeCell(i),
    bandwidthCell(i),
    h('td', {}, `${BILLING[i.instanceChargeType]}, ${NETWORK[i.internetChargeType]}`),
    h(
      'td',
      { class: 'activity', title: i.activity.summary },
      h('span', { class: `badge ${i.activity.kind}` }, ACTIVITY_LABELS[i.activity.kind] ?? i.activity.kind),
      h('div', { class: 'sub' }, activityText(i.activity)),
    ),
    h('td', { title: i.budget.blockedBecause ?? '' }, budgetText(i.budget)),
    h('td', {}, i.lastChangeMs ? time(i.lastChangeMs) : '—'),
  );
}

async function loadFleet() {
  const fleet = await api('api/instances');
  setTimeZone(fleet.timeZone);
  const flags = [fleet.dryRun ? 'DRY RUN' : '', fleet.killSwitch ? 'KILL SWITCH ON' : ''].filter(Boolean);
  const zone = `times in ${timeZoneName()}`;
  $('meta').textContent = [`${fleet.instances.length} instances`, fleet.regionId, zone, ...flags].join(' · ');
  $('zone-note').textContent = `(${zone})`;
  $('fleet').tBodies[0].replaceChildren(...fleet.instances.map(fleetRow));
  if (fleet.instances.length === 0) {
    $('fleet').tBodies[0].append(h('tr', {}, h('td', { colspan: 8 }, 'No managed instances.')));
  }
  return fleet;
}

async function loadRecommendations() {
  const { recommendations, monthlySavingTotals } = await api('api/recommendations');
  const total = monthlySavingTotals.map((t) => `${t.amount.toFixed(2)} ${t.currency}`.trim()).join(' + ');
  $('rec-summary').textContent = recommendations.length
    ? `Estimated saving if all are applied: ${total || 'not stated'} per month.`
    : 'No recommendations from the optimiser yet.';
  $('recommendations').replaceChildren(...recommendations.map((r) => recommendationCard(r, select)));
}

function facts(d) {
  const p = d.policy;
  const items = [
    d.resource ? ['Resource', RESOURCE_KINDS[d.resource] ?? d.resource] : ['Type', d.instanceType],
    ['Bandwidth', `${d.bandwidthOutMbps} Mbps`],
    ['Billing', `${BILLING[d.instanceChargeType]}, ${NETWORK[d.internetChargeType]}`],
    ['State', `${ACTIVITY_LABELS[d.activity.kind]}${activityText(d.activity) ? `: ${activityText(d.activity)}` : ''}`],
    ['Downgrade budget', budgetText(d.budget)],
  ];
  if (d.resource) {
    items.splice(2, 0, ['Link', `${d.instanceId}: ${RESOURCE_LINKS[d.resource] ?? ''}`]);
  } else if (d.eip) {
    const e = d.eip;
    const text = e.routed
      ? `EIP ${e.allocationId}: the bandwidth and billing above are the EIP’s`
      : `EIP ${e.allocationId}, not routed${e.reason ? `: ${e.reason}` : ''}`;
    items.splice(2, 0, ['Link', text]);
  }
  if (p.bandwidth) {
    const b = p.bandwidth;
    items.push([
      'Bandwidth policy',
      `${b.minMbps}–${b.maxMbps} Mbps, target ${Math.round(b.targetUtilization * 100)} %`,
    ]);
  }
  if (p.instanceType) {
    const t = p.instanceType;
    items.push(['Type ladder', t.ladder.join(' → ')]);
    items.push([
      'CPU thresholds',
      `up when the average ≥ ${t.scaleUpCpuPercent} % over ${t.scaleUpStabilizationSec} s, ` +
        `down when the max ≤ ${t.scaleDownCpuPercent} % over ${t.scaleDownStabilizationSec} s`,
    ]);
  }
  return [...items.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]), ...adviceFacts(d)];
}

async function loadChart(id) {
  const hours = $('hours').value;
  const m = await api(`api/instances/${encodeURIComponent(id)}/metrics`, { hours: hours === 'auto' ? 24 : hours });
  renderCharts(m, state.policy, id, hours);
}

async function loadAudit(id, append = false) {
  const query = { limit: 50, actions: $('actions-only').checked ? 1 : 0, before: append ? state.nextBefore : null };
  const page = await api(`api/instances/${encodeURIComponent(id)}/audit`, query);
  const rows = page.entries.map(auditRow);
  if (append) $('audit').tBodies[0].append(...rows);
  else $('audit').tBodies[0].replaceChildren(...rows);
  if (!append && rows.length === 0) $('audit').tBodies[0].append(h('tr', {}, h('td', { colspan: 7 }, 'No entries.')));
  state.nextBefore = page.nextBefore;
  $('older').hidden = page.nextBefore === null;
}

async function loadDetail(id) {
  const d = await api(`api/instances/${encodeURIComponent(id)}`);
  state.policy = d.policy;
  $('detail-title').textContent = `Instance ${d.instanceId}${d.instanceName ? ` (${d.instanceName})` : ''}`;
  $('detail-facts').replaceChildren(...facts(d));
  await Promise.all([loadChart(id), loadAudit(id)]);
}

async function select(id, focus = true) {
  state.selected = id;
  if (location.hash !== `#instance=${encodeURIComponent(id)}`)
    history.replaceState(null, '', `#instance=${encodeURIComponent(id)}`);
  $('detail').hidden = false;
  for (const row of $('fleet').tBodies[0].rows) row.classList.toggle('selected', row.dataset.instanceId === id);
  try {
    await loadDetail(id);
    showError(null);
    if (focus) $('detail-title').focus();
  } catch (err) {
    showError(err);
  }
}

/** Coalesce bursts of live events into one refresh per ~half second. */
function scheduleRefresh(entry) {
  state.pending.add(entry.instanceId);
  if (entry.reason === 'rightsizing' || entry.reason === 'billing-method') state.pending.add('*recommendations');
  clearTimeout(state.timer);
  state.timer = setTimeout(async () => {
    const pending = new Set(state.pending);
    state.pending.clear();
    try {
      await loadFleet();
      if (state.selected && pending.has(state.selected)) await loadDetail(state.selected);
      if (pending.has('*recommendations')) await loadRecommendations();
      showError(null);
    } catch (err) {
      showError(err);
    }
  }, 500);
}

function onEntry(entry) {
  if (state.seen.has(entry.id)) return;
  state.seen.add(entry.id);
  state.cursorMs = Math.max(state.cursorMs, entry.atMs);
  $('live').textContent = `live · last: ${entry.instanceId} ${entry.result} (${entry.reason})`;
  scheduleRefresh(entry);
}

function startPolling() {
  $('live').textContent = 'polling every 3 s';
  setInterval(async () => {
    try {
      const { entries } = await api('api/audit', { since: Math.max(0, state.cursorMs - 5000), limit: 200 });
      entries.reverse().forEach(onEntry);
    } catch (err) {
      $('live').textContent = `offline: ${err.message}`;
    }
  }, 3000);
}

function startLive() {
  if (!('EventSource' in window)) return startPolling();
  const url = new URL('api/events', location.href);
  url.searchParams.set('since', String(state.cursorMs));
  if (token) url.searchParams.set('token', token);
  const es = new EventSource(url);
  es.addEventListener('open', () => {
    if (!$('live').textContent.startsWith('live')) $('live').textContent = 'live';
  });
  es.addEventListener('audit', (ev) => onEntry(JSON.parse(ev.data)));
  es.addEventListener('error', () => {
    // CONNECTING = the browser reconnects by itself (normal for the FC host); CLOSED = no SSE here at all.
    if (es.readyState === EventSource.CLOSED) startPolling();
  });
}

async function init() {
  $('hours').addEventListener('change', () => state.selected && loadChart(state.selected).catch(showError));
  $('actions-only').addEventListener('change', () => state.selected && loadAudit(state.selected).catch(showError));
  $('older').addEventListener('click', () => state.selected && loadAudit(state.selected, true).catch(showError));
  try {
    const fleet = await loadFleet();
    state.cursorMs = fleet.nowMs;
    startLive();
    await loadRecommendations();
    const fromHash = /^#instance=(.+)$/.exec(location.hash);
    if (fromHash) await select(decodeURIComponent(fromHash[1]), false);
  } catch (err) {
    showError(err);
  }
}

init();
