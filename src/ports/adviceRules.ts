/**
 * The rules of `StateStore.setAdvice` that every implementation shares: what a well-formed forecast profile and
 * strategy are, how a profile is stored (peaks rounded UP to 0.01 Mbps, so a weekly profile at 300 s slots, 2016
 * peaks, is about 15 kB of JSON), the size bound of one stored value (well under Tablestore's 2 MB per cell),
 * and how advice changes a row.
 */
import type { ForecastProfile } from '../core/forecast/types.js';
import type { InstanceState, StrategyChoice } from '../core/types.js';
import type { Advice } from './StateStore.js';
import { requireArg } from './stateRules.js';

/** Longest JSON of one stored advice value: 256 KiB, an eighth of Tablestore's 2 MB cell limit. */
export const MAX_ADVICE_JSON_CHARS = 256 * 1024;

const STRATEGIES: ReadonlySet<StrategyChoice['name']> = new Set(['traffic', 'reactive', 'forecast', 'static']);

const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);

/** A peak rounded up to 0.01 Mbps: never below what was built (the epsilon keeps 12.35 at 12.35). */
export function ceilCentiMbps(mbps: number): number {
  return Math.ceil(mbps * 100 - 1e-6) / 100 + 0;
}

function checkProfile(p: ForecastProfile): void {
  const what = 'advice.forecast';
  requireArg(
    typeof p === 'object' && p !== null && p.kind === 'profile',
    what,
    "must be a profile (kind 'profile')",
    p,
  );
  const { periodSec, slotSec, peakMbps } = p;
  requireArg(Number.isInteger(slotSec) && slotSec > 0, `${what}.slotSec`, 'must be a positive integer', slotSec);
  requireArg(
    Number.isInteger(periodSec) && periodSec > 0 && periodSec % slotSec === 0,
    `${what}.periodSec`,
    'must be a positive multiple of slotSec',
    periodSec,
  );
  requireArg(
    Array.isArray(peakMbps) && peakMbps.length === periodSec / slotSec,
    `${what}.peakMbps`,
    `must hold periodSec / slotSec = ${periodSec / slotSec} peaks`,
    Array.isArray(peakMbps) ? `${peakMbps.length} peaks` : peakMbps,
  );
  const bad = peakMbps.findIndex((v) => !finite(v) || v < 0);
  requireArg(bad < 0, `${what}.peakMbps[${bad}]`, 'must be a finite number ≥ 0', peakMbps[bad]);
  for (const key of ['anchorMs', 'builtAtMs', 'validUntilMs', 'historyDays', 'score'] as const) {
    requireArg(finite(p[key]), `${what}.${key}`, 'must be a finite number', p[key]);
  }
  requireArg(typeof p.message === 'string', `${what}.message`, 'must be a string', p.message);
}

function checkStrategy(s: StrategyChoice): void {
  const what = 'advice.strategy';
  requireArg(typeof s === 'object' && s !== null, what, 'must be an object', s);
  requireArg(STRATEGIES.has(s.name), `${what}.name`, `must be one of ${[...STRATEGIES].join(', ')}`, s.name);
  requireArg(finite(s.chosenAtMs), `${what}.chosenAtMs`, 'must be a finite number', s.chosenAtMs);
  requireArg(typeof s.why === 'string', `${what}.why`, 'must be a string', s.why);
  if (s.name === 'static' || s.staticMbps !== undefined) {
    requireArg(
      finite(s.staticMbps) && s.staticMbps >= 0,
      `${what}.staticMbps`,
      "must be a finite number ≥ 0 (and is required by 'static')",
      s.staticMbps,
    );
  }
}

function checkSize(name: string, value: unknown): void {
  const chars = JSON.stringify(value).length;
  requireArg(
    chars <= MAX_ADVICE_JSON_CHARS,
    name,
    `must be at most ${MAX_ADVICE_JSON_CHARS} characters of JSON`,
    chars,
  );
}

/**
 * Advice as it is stored: validated (AutoscalerError naming the field, the rule and the value), deep-copied, the
 * profile's peaks rounded up to 0.01 Mbps. Absent and null fields pass through as they are.
 */
export function storedAdvice(advice: Advice): Advice {
  requireArg(typeof advice === 'object' && advice !== null, 'advice', 'must be an object', advice);
  const out: Advice = {};
  if (advice.forecast === null) out.forecast = null;
  else if (advice.forecast !== undefined) {
    checkProfile(advice.forecast);
    out.forecast = { ...structuredClone(advice.forecast), peakMbps: advice.forecast.peakMbps.map(ceilCentiMbps) };
    checkSize('advice.forecast', out.forecast);
  }
  if (advice.strategy === null) out.strategy = null;
  else if (advice.strategy !== undefined) {
    checkStrategy(advice.strategy);
    out.strategy = structuredClone(advice.strategy);
    checkSize('advice.strategy', out.strategy);
  }
  return out;
}

/** True when the advice changes nothing (every field absent): such a call writes nothing. */
export function isEmptyAdvice(advice: Advice): boolean {
  return advice.forecast === undefined && advice.strategy === undefined;
}

/** The row with stored advice applied: an object replaces, null deletes, absent keeps. Version untouched. */
export function applyAdvice(state: InstanceState, advice: Advice): InstanceState {
  const next = structuredClone(state);
  if (advice.forecast === null) delete next.forecast;
  else if (advice.forecast !== undefined) next.forecast = structuredClone(advice.forecast);
  if (advice.strategy === null) delete next.strategy;
  else if (advice.strategy !== undefined) next.strategy = structuredClone(advice.strategy);
  return next;
}
