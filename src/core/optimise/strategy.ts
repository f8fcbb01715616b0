/**
 * The per-instance strategy, chosen by backtest on the instance's OWN recent history (pure). Candidates:
 * - `traffic`: pay-by-traffic with the cap at the upper bound (the bandwidth is only a ceiling; every GB served
 *   is billed): serves any demand up to the cap, costs in proportion to what is served;
 * - `reactive`: pay-by-bandwidth with the reactive policy (target tracking, saturation steps, peak hold);
 * - `forecast`: the same plus the seasonal forecast (only with `forecast.mode: on` and where the history has a
 *   significant period; the backtest rebuilds the profile every day from the history before that day, so it
 *   never sees the future);
 * - `static`: pay-by-bandwidth held at one level: the smallest that leaves half the objective unserved on the
 *   history, plus 10 %, set every night from the last `historyDays`; its backtest holds each day at the level the
 *   days before it gave (as the product would have), so it never picks its level with hindsight.
 * An instance routed to its EIP (docs/eip.md) keeps the EIP's metering method (ModifyEipAddressAttribute has none):
 * on a pay-by-bandwidth EIP the candidates are the pay-by-bandwidth ones, priced at the EIP prices; a pay-by-traffic
 * EIP has no choice to make (`unsupported`).
 * A subscription (PrePaid, pay-by-bandwidth) has its base bandwidth paid for the term and no billing switch; its
 * candidates are `static` at the base (no temporary upgrade) and `reactive` / `forecast` with temporary upgrades,
 * each priced at what the upgrades add above the base (pay-as-you-go pay-by-bandwidth prices: an estimate).
 * The two pay-by-bandwidth policies are replayed through the fast engine (the same decide, alarms and ticks);
 * traffic and static are closed forms. The winner is the cheapest whose unmet demand stays within the
 * objective (`maxUnmetFraction`); none within it → the one that serves most (of equals, the cheapest: on an
 * overloaded link every candidate serves the cap). A change away from the current strategy must save
 * `minSavingFraction` of its cost (the figures are estimates from the past), unless the current one breaks the
 * objective.
 *
 * Caveat: history measured on a saturated pay-by-bandwidth link is censored (served < demand), which flatters
 * the bandwidth candidates; history on pay-by-traffic at the cap is not. The cold start (pay-by-traffic until a
 * day of history exists) keeps the first backtests honest.
 */
import { runBacktest } from '../backtest/engine.js';
import type { BandwidthPolicy, GroupPolicy, StrategyPolicy } from '../config/types.js';
import type { PriceTable } from '../cost.js';
import { buildForecast } from '../forecast/profile.js';
import type { ForecastProfile } from '../forecast/types.js';
import { bandwidthChargeType, resourceLabel } from '../link.js';
import { formatPercent } from '../message.js';
import type { InstanceSnapshot, MetricPoint, StrategyChoice } from '../types.js';
import { linkPrices, linkRange, noBillingSwitch, packagePriceMissing } from './link.js';
import { constantRun, levelFor, recencyWeights, staticLevels } from './staticLevel.js';
import { priceRun, type RunFigures } from './strategyCost.js';

export type StrategyName = StrategyChoice['name'];

export interface StrategyInput {
  instance: InstanceSnapshot;
  group: GroupPolicy;
  evaluation: { periodSec: number; lookbackSec: number };
  /** Served outbound rate (bit/s), oldest first, at `historyPeriodSec`. */
  history: readonly MetricPoint[];
  historyPeriodSec: number;
  prices: PriceTable;
  nowMs: number;
  current?: StrategyChoice;
  /** Whether the sweep's own forecast found a significant period in this history (absent = detected here). */
  hasPeriod?: boolean;
  /** A subscription's base bandwidth (without a temporary upgrade), Mbps; absent = the instance's bandwidth now. */
  baseMbps?: number;
}

export interface CandidateFigures extends RunFigures {
  name: StrategyName;
  staticMbps?: number;
  /** Within the service objective. */
  feasible: boolean;
}

export type StrategyVerdict =
  | { kind: 'none'; reason: 'no-policy' | 'insufficient-history' | 'unsupported'; message: string }
  | { kind: 'choice'; choice: StrategyChoice; candidates: CandidateFigures[]; changed: boolean };

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Less than this much history: no backtest (the cold start keeps pay-by-traffic). */
export const MIN_STRATEGY_HISTORY_DAYS = 1;

/** Demand per minute from the history (each point's average for its minutes; gaps are no demand). */
export function minuteDemand(history: readonly MetricPoint[], periodSec: number, fromMs: number, toMs: number) {
  const minutes = Math.max(0, Math.floor((toMs - fromMs) / MINUTE_MS));
  const out = new Float64Array(minutes);
  for (const p of history) {
    const first = Math.floor((p.timestampMs - fromMs) / MINUTE_MS);
    for (let m = Math.max(0, first); m < Math.min(minutes, first + periodSec / 60); m++) out[m] = p.average / 1e6;
  }
  return out;
}

/**
 * The group a pay-by-bandwidth candidate is replayed with: the forecast on or off, strategies not applied, and no
 * instance-type policy (a type change takes the instance offline for minutes, which would count as unmet demand
 * against the replayed candidates only, never against the closed forms).
 */
function noForecast(group: GroupPolicy, policy: BandwidthPolicy, on: boolean): GroupPolicy {
  const forecast = {
    mode: on ? 'on' : 'off',
    leadSec: policy.forecast?.leadSec ?? 900,
    margin: policy.forecast?.margin ?? 0.1,
  } as const;
  const optimisation = { ...group.optimisation, strategy: { ...group.optimisation.strategy, mode: 'off' as const } };
  const { instanceType: _types, ...bandwidthOnly } = group;
  return { ...bandwidthOnly, bandwidth: { ...policy, forecast }, optimisation };
}

/** The profile the product would have had at `nowMs`: rebuilt once a day from the history before then. */
function dailyForecast(history: readonly MetricPoint[], margin: number) {
  let builtDay = Number.NaN;
  let profile: ForecastProfile | undefined;
  return (nowMs: number): ForecastProfile | undefined => {
    const day = Math.floor(nowMs / DAY_MS);
    if (day !== builtDay) {
      builtDay = day;
      const points = history
        .filter((p) => p.timestampMs < day * DAY_MS)
        .map((p) => ({ timestampMs: p.timestampMs, value: p.average / 1e6 }));
      const f = buildForecast(points, { nowMs: day * DAY_MS, margin });
      profile = f.kind === 'profile' ? f : undefined;
    }
    return profile;
  };
}

/** The catalogue of a bandwidth replay: empty, since it makes no type changes (noForecast drops the policy). */
const noTypeSpec = (): undefined => undefined;

/**
 * A pay-by-bandwidth replay of the group's policy over the window: a pay-as-you-go instance starts at what the first
 * minute needs; a subscription starts at its base, and only what its temporary upgrades add is priced.
 */
function replay(
  input: StrategyInput,
  group: GroupPolicy,
  demand: Float64Array,
  startMs: number,
  withForecast: boolean,
  weight: Float64Array,
) {
  const policy = group.bandwidth as BandwidthPolicy;
  const first = demand[0] ?? 0;
  const range = linkRange(input.instance, 'PayByBandwidth');
  const prepaidMbps = prepaidBase(input);
  const startMbps =
    prepaidMbps ??
    Math.min(policy.maxMbps, range.maxMbps, Math.max(policy.minMbps, 1, Math.ceil(first / policy.targetUtilization)));
  const instance: InstanceSnapshot = {
    ...input.instance,
    internetChargeType: 'PayByBandwidth',
    bandwidthOutMbps: startMbps,
    status: 'Running',
  };
  const forecastAt = withForecast ? dailyForecast(input.history, policy.forecast?.margin ?? 0.1) : undefined;
  const rec = runBacktest({
    series: 'bandwidth',
    demand,
    startMs,
    instance,
    group,
    evaluation: input.evaluation,
    bandwidthBilling: input.prices.bandwidth.billing,
    typeSpec: noTypeSpec,
    ...(forecastAt
      ? {
          extras: (nowMs: number) => {
            const f = forecastAt(nowMs);
            return f ? { forecast: f } : {};
          },
        }
      : {}),
  });
  return priceRun(rec, demand, startMs, input.prices, { weight, ...(prepaidMbps ? { prepaidMbps } : {}) });
}

/** How a VPC link is named in the backtest's words. */
function linkLabel(instance: StrategyInput['instance']): string {
  return resourceLabel(instance) ?? `EIP ${instance.eipAllocationId}`;
}

/** A subscription's base bandwidth (paid for the term), or undefined for a pay-as-you-go link. */
function prepaidBase(input: StrategyInput): number | undefined {
  return bandwidthChargeType(input.instance) === 'PrePaid'
    ? (input.baseMbps ?? input.instance.bandwidthOutMbps)
    : undefined;
}

function figure(name: StrategyName, f: RunFigures, objective: number, staticMbps?: number): CandidateFigures {
  return { name, ...f, feasible: f.unmetFraction <= objective, ...(staticMbps === undefined ? {} : { staticMbps }) };
}

/** Every candidate's backtest over the window. */
function candidates(
  input: StrategyInput,
  policy: BandwidthPolicy,
  sp: StrategyPolicy,
  startMs: number,
): CandidateFigures[] {
  const demand = minuteDemand(input.history, input.historyPeriodSec, startMs, input.nowMs);
  const weight = recencyWeights(demand.length);
  const objective = sp.maxUnmetFraction;
  const base = prepaidBase(input);
  // The days before the window too: the static candidate's level for each day is chosen from the days before it.
  const priorMs = Math.max(
    Math.floor((input.history[0]?.timestampMs ?? startMs) / MINUTE_MS) * MINUTE_MS,
    startMs - sp.historyDays * DAY_MS,
  );
  const prior = minuteDemand(input.history, input.historyPeriodSec, Math.min(priorMs, startMs), startMs);
  const out: CandidateFigures[] =
    base === undefined
      ? payAsYouGo(input, policy, { demand, prior, days: sp.historyDays, weight }, objective, startMs)
      : [subscriptionStatic(input, base, { demand, weight }, objective, startMs)];
  out.push(
    figure(
      'reactive',
      replay(input, noForecast(input.group, policy, false), demand, startMs, false, weight),
      objective,
    ),
  );
  // Only where the forecast acts (mode `on`): under `forecast-only` decisions ignore it, so it would be priced for a
  // policy that never runs.
  if (
    (policy.forecast?.mode ?? 'on') === 'on' &&
    (input.hasPeriod ?? dailyForecast(input.history, 0)(input.nowMs) !== undefined)
  ) {
    out.push(
      figure(
        'forecast',
        replay(input, noForecast(input.group, policy, true), demand, startMs, true, weight),
        objective,
      ),
    );
  }
  return out;
}

/** A subscription held at its base: no temporary upgrade, nothing to pay beyond the term. */
function subscriptionStatic(
  input: StrategyInput,
  base: number,
  window: { demand: Float64Array; weight: Float64Array },
  objective: number,
  startMs: number,
): CandidateFigures {
  const { demand, weight } = window;
  const run = { capacity: constantRun(base, demand.length), chargeType: () => 'PayByBandwidth' as const };
  return figure('static', priceRun(run, demand, startMs, input.prices, { prepaidMbps: base, weight }), objective, base);
}

/** The closed-form candidates of a pay-as-you-go instance: pay-by-traffic at the cap, and a static level. */
function payAsYouGo(
  input: StrategyInput,
  policy: BandwidthPolicy,
  window: { demand: Float64Array; prior: Float64Array; days: number; weight: Float64Array },
  objective: number,
  startMs: number,
): CandidateFigures[] {
  const { demand, weight } = window;
  const cap = Math.min(policy.maxMbps, linkRange(input.instance, 'PayByTraffic').maxMbps);
  const out: CandidateFigures[] = [
    figure(
      'traffic',
      priceRun(
        { capacity: constantRun(cap, demand.length), chargeType: () => 'PayByTraffic' },
        demand,
        startMs,
        input.prices,
        { weight },
      ),
      objective,
    ),
  ];
  const bwMax = Math.min(policy.maxMbps, linkRange(input.instance, 'PayByBandwidth').maxMbps);
  const lo = Math.max(1, policy.minMbps);
  const levelOf = (d: Float64Array) => Math.min(bwMax, Math.ceil(levelFor(d, objective / 2, lo, bwMax) * 1.1));
  const capacity = staticLevels(window, levelOf);
  const byBandwidth = () => 'PayByBandwidth' as const;
  out.push(
    figure(
      'static',
      priceRun({ capacity, chargeType: byBandwidth }, demand, startMs, input.prices, { weight }),
      objective,
      levelOf(demand),
    ),
  );
  return out;
}

function percent2(x: number): string {
  return `${(x * 100).toFixed(2)} %`;
}

function money(x: number): string {
  return x.toFixed(2);
}

function words(c: CandidateFigures): string {
  const level = c.staticMbps === undefined ? '' : ` at ${c.staticMbps} Mbps`;
  return `${c.name}${level} ${money(c.costPerDay)}/day, unmet ${percent2(c.unmetFraction)}`;
}

/** Less unmet demand; as much (an overloaded link: every candidate at the cap) and cheaper. */
function servesMore(b: CandidateFigures, a: CandidateFigures): boolean {
  return b.unmetFraction < a.unmetFraction || (b.unmetFraction === a.unmetFraction && b.costPerDay < a.costPerDay);
}

/**
 * The strategy for one instance now, with every candidate's figures. `input.group` must have a bandwidth policy;
 * subscriptions choose between their base and temporary upgrades (never a billing switch).
 */
export function chooseStrategy(given: StrategyInput): StrategyVerdict {
  const policy = given.group.bandwidth;
  if (!policy)
    return { kind: 'none', reason: 'no-policy', message: `group ${given.group.name} has no bandwidth policy` };
  if (given.instance.linkRefusal !== undefined) {
    return { kind: 'none', reason: 'unsupported', message: `no strategy: ${given.instance.linkRefusal}` };
  }
  // A VPC link is billed at its EIP's or package's prices; an unpriced package is not backtested on guesses.
  const prices = linkPrices(given.prices, given.instance);
  if (prices === undefined) {
    const message = `no strategy: ${packagePriceMissing(given.prices, given.instance)}`;
    return { kind: 'none', reason: 'unsupported', message };
  }
  const input = { ...given, prices };
  // A VPC link is pay-as-you-go even on a subscription instance: no temporary upgrades to weigh (core/link.ts).
  const prepaid = bandwidthChargeType(input.instance) === 'PrePaid';
  if (input.instance.eipBound || (prepaid && input.instance.internetChargeType !== 'PayByBandwidth')) {
    const why = input.instance.eipBound ? 'an EIP is bound' : 'a pay-by-traffic subscription has no temporary upgrades';
    return { kind: 'none', reason: 'unsupported', message: `no strategy switch: ${why}` };
  }
  const fixedBilling = noBillingSwitch(input.instance);
  if (fixedBilling !== undefined && input.instance.internetChargeType === 'PayByTraffic') {
    const message = `no strategy switch: ${fixedBilling}, so the link stays pay-by-traffic at the cap`;
    return { kind: 'none', reason: 'unsupported', message };
  }
  const sp = input.group.optimisation.strategy;
  const oldest = input.history[0]?.timestampMs;
  const startMs = Math.max(oldest ?? input.nowMs, input.nowMs - sp.historyDays * DAY_MS);
  const days = (input.nowMs - startMs) / DAY_MS;
  if (days < MIN_STRATEGY_HISTORY_DAYS) {
    const message = `only ${days.toFixed(2)} days of history, at least ${MIN_STRATEGY_HISTORY_DAYS} needed for a backtest`;
    return { kind: 'none', reason: 'insufficient-history', message };
  }
  // A routed pay-by-bandwidth EIP: no candidate that needs a billing switch (pay-by-traffic).
  const all = candidates(input, policy, sp, Math.floor(startMs / MINUTE_MS) * MINUTE_MS).filter(
    (c) => fixedBilling === undefined || c.name !== 'traffic',
  );
  const feasible = all.filter((c) => c.feasible);
  const best =
    feasible.length > 0
      ? feasible.reduce((a, b) => (b.costPerDay < a.costPerDay ? b : a))
      : all.reduce((a, b) => (servesMore(b, a) ? b : a));
  // The incumbent: the stored strategy, else what the instance runs without one — pay-by-traffic at the cap (the
  // cold start) for a pay-as-you-go instance, the configured (reactive) policy for a routed pay-by-bandwidth EIP; a
  // first move away from it must clear the same saving hurdle.
  const incumbent = input.current?.name ?? (prepaid ? undefined : fixedBilling !== undefined ? 'reactive' : 'traffic');
  const current = all.find((c) => c.name === incumbent);
  const keep =
    current !== undefined &&
    current !== best &&
    current.feasible &&
    best.costPerDay > current.costPerDay * (1 - sp.minSavingFraction);
  const winner = keep ? current : best;
  const reason = keep
    ? `${winner.name} stays: ${best.name} would save less than ${formatPercent(sp.minSavingFraction)}`
    : feasible.length === 0
      ? `no candidate within the ${percent2(sp.maxUnmetFraction)} unmet objective: ${winner.name} serves the most`
      : `${winner.name} is the cheapest within the ${percent2(sp.maxUnmetFraction)} unmet objective`;
  const terms = prepaid
    ? `subscription, base ${prepaidBase(input)} Mbps paid for the term, so each cost is what temporary upgrades add: `
    : fixedBilling !== undefined
      ? `${linkLabel(input.instance)} at its own prices, pay-by-bandwidth only (no billing switch): `
      : '';
  const why = `backtest of ${days.toFixed(1)} days: ${terms}${all.map(words).join('; ')}. ${reason}`;
  const choice: StrategyChoice = { name: winner.name, chosenAtMs: input.nowMs, why };
  if (winner.staticMbps !== undefined) choice.staticMbps = winner.staticMbps;
  const recentPeak = Math.max(
    0,
    ...input.history.filter((p) => p.timestampMs > input.nowMs - 3_600_000).map((p) => p.maximum / 1e6),
  );
  if (winner.name === 'reactive' || winner.name === 'forecast') {
    choice.startMbps = Math.max(
      policy.minMbps,
      1,
      Math.min(policy.maxMbps, Math.ceil(recentPeak / policy.targetUtilization)),
    );
  }
  return {
    kind: 'choice',
    choice,
    candidates: all,
    changed: winner.name !== input.current?.name || choice.staticMbps !== input.current?.staticMbps,
  };
}
