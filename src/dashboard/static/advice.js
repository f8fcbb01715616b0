// The optimiser's advice in the instance view: the strategy it chose by backtest, the stored forecast profile,
// and the forecast band on the bandwidth chart. Text only, never HTML.
import { h, time } from './views.js';

const STRATEGIES = {
  traffic: 'pay by traffic, bandwidth held at the cap',
  reactive: 'pay by bandwidth, reactive policy only',
  forecast: 'pay by bandwidth, reactive policy + forecast',
  static: 'pay by bandwidth, held at one level',
};

function strategyFact(s) {
  const level = s.name === 'static' && s.staticMbps !== undefined ? ` at ${s.staticMbps} Mbps` : '';
  return h(
    'dd',
    { class: 'advice', 'data-strategy': s.name },
    h('strong', {}, s.name),
    ` — ${STRATEGIES[s.name] ?? s.name}${level} · chosen `,
    time(s.chosenAtMs),
    h('div', { class: 'sub why' }, s.why),
  );
}

function forecastFact(f) {
  const now = Date.now();
  const validity =
    now < f.builtAtMs
      ? ['valid from ', time(f.builtAtMs)]
      : [f.valid ? 'valid until ' : 'expired ', time(f.validUntilMs)];
  return h(
    'dd',
    { class: 'advice', 'data-forecast': f.period },
    h('strong', {}, `${f.period} profile`),
    ` · ${f.slotSec / 60} min slots · built `,
    time(f.builtAtMs),
    ' · ',
    ...validity,
    h('div', { class: 'sub forecast-message' }, f.message),
  );
}

/** dt/dd pairs for the instance facts: the strategy and the forecast, when the optimiser stored them. */
export function adviceFacts(d) {
  const out = [];
  out.push(h('dt', {}, 'Strategy'));
  out.push(
    d.strategy ? strategyFact(d.strategy) : h('dd', { class: 'muted' }, 'none chosen: the group policy as configured'),
  );
  if (d.forecast) out.push(h('dt', {}, 'Forecast'), forecastFact(d.forecast));
  return out;
}

/** The chart line of the forecast band (a shaded area under a dashed step), or null when there is none. */
export function forecastLine(m) {
  if (!m.forecast || m.forecast.points.length === 0) return null;
  return {
    cls: 'forecast',
    stepped: true,
    area: true,
    points: m.forecast.points.map((p) => ({ t: p.atMs, v: p.mbps })),
  };
}

/** Show the legend entry with the band's words (`forecast (daily profile)`), or hide it. */
export function forecastLegend(el, m) {
  el.hidden = !m.forecast;
  el.lastChild.textContent = m.forecast ? m.forecast.label : '';
}
