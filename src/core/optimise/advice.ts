/**
 * What the daily sweep writes into one instance's state row (pure): the forecast profile built from its history
 * (when the group's forecast is not off) and, where strategies are applied, the strategy chosen by backtest.
 * The app sweep stores it (StateStore.setAdvice) and audits it; the backtest engine replays the same sweep.
 */
import type { Forecast, ForecastProfile } from '../forecast/types.js';
import { buildForecast } from '../forecast/profile.js';
import type { InstanceState, StrategyChoice } from '../types.js';
import { chooseStrategy, type StrategyInput, type StrategyVerdict } from './strategy.js';

export interface AdviceInput extends Omit<StrategyInput, 'current'> {
  state: InstanceState;
}

export interface Advice {
  /** The profile to store; null clears a stored one (no significant period any more); absent = leave as is. */
  forecast?: ForecastProfile | null;
  /** The strategy to store (`apply` only, and only when it changed); absent = leave as is. */
  strategy?: StrategyChoice | null;
  /** What the forecast build said (for the audit trail); absent when the forecast is off. */
  forecastResult?: Forecast;
  /** The backtest's verdict (for the audit trail); absent when strategies are off. */
  verdict?: StrategyVerdict;
  /** Both in words: the verdict's sentence, then the forecast's. */
  message: string;
}

export function adviseInstance(a: AdviceInput): Advice {
  const policy = a.group.bandwidth;
  const out: Advice = { message: '' };
  if (!policy) return { message: `group ${a.group.name} has no bandwidth policy` };
  if ((policy.forecast?.mode ?? 'on') !== 'off') {
    const points = a.history.map((p) => ({ timestampMs: p.timestampMs, value: p.average / 1e6 }));
    const f = buildForecast(points, { nowMs: a.nowMs, margin: policy.forecast?.margin ?? 0.1 });
    out.forecastResult = f;
    out.forecast = f.kind === 'profile' ? f : null;
  }
  const mode = a.group.optimisation.strategy.mode;
  const forecastWords = out.forecastResult ? `forecast: ${out.forecastResult.message}` : 'forecast off';
  out.message = forecastWords;
  if (mode === 'off') return out;
  const upgrade = a.state.temporaryUpgrade;
  const verdict = chooseStrategy({
    ...a,
    // A subscription's base: what it reverts to when a temporary upgrade in force ends.
    ...(upgrade && upgrade.endMs > a.nowMs ? { baseMbps: upgrade.baselineMbps } : {}),
    ...(a.state.strategy ? { current: a.state.strategy } : {}),
    // The profile just built says whether there is a period: the backtest does not detect it again.
    ...(out.forecastResult ? { hasPeriod: out.forecastResult.kind === 'profile' } : {}),
  });
  out.verdict = verdict;
  if (mode === 'apply' && verdict.kind === 'choice' && verdict.changed) out.strategy = verdict.choice;
  const said = verdict.kind === 'choice' ? verdict.choice.why : verdict.message;
  out.message = `strategy (${mode}): ${said}; ${forecastWords}`;
  return out;
}
