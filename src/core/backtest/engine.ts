/**
 * The fast backtest engine: the product's own `decide` replayed minute by minute against a demand series, with
 * the same CloudMonitor model (cms.ts: one point per minute of what the instance SERVES, alarm rules with Times,
 * SilenceTime and OK), the same timer ticks and the same state rules (stateUpdateFor, applyStateUpdate) as the
 * deployed functions, but no HTTP, signatures, emulators or dedupe: one actor, one instance, in memory.
 * Pure and deterministic, so the optimiser can run it on an instance's own history (src/core/optimise) and the
 * simulator can replay a month in seconds (`simulate --engine fast`; the whole local cloud stays the
 * oracle, `--engine full`, and a test holds the two together).
 *
 * Order of events at each minute boundary T, as in the local cloud: CMS samples the minute that just ended on
 * the instance as it was, evaluates its rules and delivers the callbacks (each an evaluation), then the tick
 * evaluates (every `tickEverySec`); the minute starting at T is recorded as the instance is after all of it.
 *
 * A type change decided at T (stop → modify → start, by the worker) is modelled as the local cloud runs it
 * (`typeChange`, default TYPE_CHANGE_TIMING, measured there): the instance is stopping until T + 18 s (the old type),
 * modified after it (the new type), and not Running until T + 50 s (a 15 s stop and a 20 s start, each seen by the
 * worker's next poll; 46–58 s measured); a minute recorded in that span is offline. The orchestration holds the
 * instance's lease meanwhile (every evaluation skips as `in-progress`) and commits the change (cooldown and budget
 * clocks, the `applied` audit entry) at T + 50 s, as the worker does once it has verified the new type; the commit
 * is applied at the first minute boundary or recorded minute after it. It makes three ECS calls.
 */
import { bandwidthRuleModels, cpuRuleModel, RULE_SILENCE_SEC, type RuleModel } from '../alarmRules.js';
import { type DecisionInput, decide as coreDecide } from '../decide/index.js';
import { predictPeakMbps } from '../forecast/predict.js';
import { activeSchedule, inWindow } from '../schedule.js';
import { specChange } from '../specChange.js';
import { applyStateUpdate, stateUpdateFor } from '../stateUpdate.js';
import type {
  Action,
  AuditEntry,
  Decision,
  InstanceSnapshot,
  InstanceState,
  InstanceTypeAction,
  Signal,
} from '../types.js';
import { MetricSeries, type RuleNotification, RuleState } from './cms.js';
import type { BacktestOptions, BacktestRecord, HistoryView, SweepWrite } from './types.js';

/** The local cloud's type change (docs/engines.md): modified 18 s and Running again 50 s after the decision. */
export const TYPE_CHANGE_TIMING = { modifiedSec: 18, backSec: 50 } as const;

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** The row after the sweep's write: a value sets, null clears, absent leaves. */
function withAdvice(state: InstanceState, write: SweepWrite): InstanceState {
  const next = { ...state };
  if (write.forecast === null) delete next.forecast;
  else if (write.forecast !== undefined) next.forecast = write.forecast;
  if (write.strategy === null) delete next.strategy;
  else if (write.strategy !== undefined) next.strategy = write.strategy;
  return next;
}

interface Live {
  instance: InstanceSnapshot;
  state: InstanceState;
  /** The instance is not Running before this time (a type change in progress). */
  offlineUntilMs: number;
  /** A type change in flight: the new type from `modifiedMs`, committed at offlineUntilMs. */
  typeChange?: { action: InstanceTypeAction; entry: AuditEntry; modifiedMs: number };
}

/** The bandwidth the platform gives now: a temporary upgrade reverts to its baseline at its end. */
function effectiveMbps(live: Live, nowMs: number): number {
  const t = live.state.temporaryUpgrade;
  if (t && t.endMs <= nowMs && live.instance.bandwidthOutMbps === t.upgradedMbps) return t.baselineMbps;
  return live.instance.bandwidthOutMbps;
}

function rulesOf(o: BacktestOptions): RuleModel[] {
  const { bandwidth, instanceType } = o.group;
  if (o.series === 'bandwidth') return bandwidth ? bandwidthRuleModels(bandwidth) : [];
  return instanceType ? [cpuRuleModel(instanceType)] : [];
}

function metricName(rule: RuleModel): string {
  return rule.kind === 'cpu-up' ? 'CPUUtilization' : 'VPC_PublicIP_InternetOutRate_Percent';
}

function alarmSignal(n: RuleNotification, instanceId: string, nowMs: number): Signal {
  return {
    source: 'cms-alarm',
    instanceId,
    metric: metricName(n.rule),
    value: n.value,
    state: n.state,
    level: n.rule.level === 'critical' ? 'CRITICAL' : 'INFO',
    ruleId: `autoscaler-${instanceId}-${n.rule.kind}`,
    atMs: nowMs,
    dedupeKey: `cms:${n.rule.kind}:${n.sinceMs}:${n.state}:${nowMs}`,
  };
}

/** Record an applied action in the state row at `nowMs` (cooldowns, budget, temporary upgrade). */
function commit(o: BacktestOptions, live: Live, action: Action, nowMs: number): void {
  const update = stateUpdateFor(action, live.instance, live.state, o.group.downgradeBudget.windowSec, nowMs);
  live.state = applyStateUpdate(live.state, update);
}

/** Apply an action to the instance: bandwidth and billing at once; a type change starts its orchestration. */
function applyAction(o: BacktestOptions, live: Live, action: Action, entry: AuditEntry, nowMs: number): void {
  const { instance } = live;
  if (action.kind !== 'instanceType') commit(o, live, action, nowMs);
  if (action.kind === 'bandwidth') instance.bandwidthOutMbps = action.toMbps;
  else if (action.kind === 'billingMethod') {
    instance.internetChargeType = action.to;
    instance.bandwidthOutMbps = action.bandwidthMbps;
  } else {
    const spec = o.typeSpec(action.toType);
    instance.instanceType = action.toType;
    if (spec) {
      instance.cpu = spec.cpu;
      instance.memoryMiB = spec.memoryMiB;
    }
    const timing = o.typeChange ?? TYPE_CHANGE_TIMING;
    live.offlineUntilMs = nowMs + timing.backSec * 1000;
    live.typeChange = { action, entry, modifiedMs: nowMs + timing.modifiedSec * 1000 };
    const lease = { holder: `orchestration:${action.actionKey}`, actionKey: action.actionKey };
    live.state = { ...live.state, lease: { ...lease, expiresAtMs: live.offlineUntilMs + MINUTE_MS } };
  }
}

/** The worker's end of a type change, once `nowMs` has passed it: the new type verified, committed, the lease released. */
function finishTypeChange(o: BacktestOptions, live: Live, rec: BacktestRecord, nowMs: number): void {
  const change = live.typeChange;
  if (!change || nowMs < live.offlineUntilMs) return;
  live.typeChange = undefined;
  const doneMs = live.offlineUntilMs;
  commit(o, live, change.action, doneMs);
  delete live.state.lease;
  const { fromType, toType } = change.action;
  // The worker's `applied` entry (app/orchestration/finish.ts): what it verified, then the decision's sentence.
  rec.applied.push({
    ...change.entry,
    atMs: doneMs,
    message: `type changed ${fromType} → ${toType} (${change.entry.message})`,
  });
}

function appliedEntry(
  live: Live,
  action: Action,
  d: Extract<Decision, { kind: 'scale' }>,
  signal: Signal,
  nowMs: number,
): AuditEntry {
  const eip = live.instance.eipAllocationId;
  return {
    instanceId: live.instance.instanceId,
    atMs: nowMs,
    seq: action.actionKey,
    signal: { source: signal.source, dedupeKey: signal.dedupeKey },
    decision: 'scale',
    reason: d.reason,
    message: d.message,
    ...specChange(action),
    actionKey: action.actionKey,
    clientToken: action.clientToken,
    result: 'applied',
    // Named like the product's own entries (src/app/audit.ts): a routed change was the EIP's bandwidth.
    ...(eip === undefined ? {} : { eipAllocationId: eip }),
  };
}

/** A record with nothing in it yet (the full simulator fills the same shape); a forecast line with a sweep. */
export function emptyRecord(withForecast = false): BacktestRecord {
  return {
    capacity: [],
    offline: [],
    instanceType: [],
    chargeType: [],
    applied: [],
    apiCalls: 0,
    duplicateApiCalls: 0,
    alarms: 0,
    evaluations: 0,
    sweeps: [],
    ...(withForecast ? { forecastMbps: [] } : {}),
  };
}

/** Run the policy over the whole demand series. */
export function runBacktest(o: BacktestOptions): BacktestRecord {
  const decide = o.decide ?? coreDecide;
  const minutes = o.demand.length;
  const tickMs = (o.tickEverySec ?? 300) * 1000;
  const { periodSec, lookbackSec } = o.evaluation;
  const live: Live = {
    instance: structuredClone(o.instance),
    state: {
      instanceId: o.instance.instanceId,
      version: 0,
      lastChange: {},
      downgradesMs: [],
      platformDowngrades: 0,
      paused: false,
    },
    offlineUntilMs: Number.NEGATIVE_INFINITY,
  };
  const bandwidth = new MetricSeries(periodSec);
  const sweepSeries = o.sweep ? new MetricSeries(300) : undefined;
  const sweepCpu = o.sweep && o.series === 'cpu' ? new MetricSeries(300) : undefined;
  const cpu = new MetricSeries(periodSec);
  const served: number[] = [];
  const view: HistoryView = { servedMbps: served, startMs: o.startMs };
  const rules = rulesOf(o).map((r) => new RuleState(r, RULE_SILENCE_SEC * 1000));
  const rec = emptyRecord(o.sweep !== undefined);
  const { group } = o;
  const hasWindows = group.maintenanceWindows.length > 0;
  const hasSchedules = group.schedules.length > 0;

  const evaluate = (signal: Signal, nowMs: number, decideWith: typeof decide = decide): void => {
    rec.evaluations++;
    const running = nowMs >= live.offlineUntilMs;
    live.instance.status = running ? 'Running' : 'Starting';
    live.instance.bandwidthOutMbps = effectiveMbps(live, nowMs);
    const input: DecisionInput = {
      instance: live.instance,
      group,
      dryRun: false,
      killSwitch: false,
      paused: group.paused,
      metrics: {
        bandwidthOutBps: o.series === 'bandwidth' ? bandwidth.window(nowMs - lookbackSec * 1000, nowMs) : [],
        cpuPercent: o.series === 'cpu' ? cpu.window(nowMs - lookbackSec * 1000, nowMs) : [],
      },
      signal,
      state: live.state,
      inMaintenanceWindow: hasWindows && inWindow(group.maintenanceWindows, nowMs),
      periodSec,
    };
    // Assigned, not spread: this runs on every evaluation of every backtest.
    if (o.bandwidthBilling) input.bandwidthBilling = o.bandwidthBilling;
    if (live.state.forecast) input.forecast = live.state.forecast;
    if (o.extras) Object.assign(input, o.extras(nowMs, view));
    if (hasSchedules) {
      const s = activeSchedule(group.schedules, nowMs);
      if (s) input.schedule = { name: s.name, set: s.set };
    }
    const d = decideWith(input, nowMs);
    if (d.kind !== 'scale' || d.dryRun) return;
    const action = d.action;
    const entry = appliedEntry(live, action, d, signal, nowMs);
    applyAction(o, live, action, entry, nowMs);
    // A type change is StopInstance, ModifyInstanceSpec and StartInstance; it is recorded when it commits.
    rec.apiCalls += action.kind === 'instanceType' ? 3 : 1;
    if (action.kind !== 'instanceType') rec.applied.push(entry);
  };

  const recordMinute = (nowMs: number): void => {
    const running = nowMs >= live.offlineUntilMs;
    const mbps = effectiveMbps(live, nowMs);
    const change = live.typeChange;
    const stopping = change !== undefined && nowMs < change.modifiedMs;
    rec.instanceType.push(stopping ? change.action.fromType : live.instance.instanceType);
    rec.chargeType.push(live.instance.internetChargeType);
    rec.offline.push(!running);
    const f = live.state.forecast;
    rec.forecastMbps?.push(f ? (predictPeakMbps(f, nowMs, nowMs + MINUTE_MS) ?? Number.NaN) : Number.NaN);
    if (o.series === 'bandwidth') rec.capacity.push(running ? mbps : 0);
    else rec.capacity.push(running ? (o.typeSpec(live.instance.instanceType)?.cpu ?? 0) : 0);
  };

  /** CMS's sample of the minute that ended at `nowMs`, on the instance as it was during that minute. */
  const sample = (nowMs: number): number => {
    const startMs = nowMs - MINUTE_MS;
    const k = Math.min(minutes - 1, Math.max(0, Math.floor((startMs - o.startMs) / MINUTE_MS)));
    const running = nowMs >= live.offlineUntilMs;
    const demand = Math.max(0, Number(o.demand[k]) || 0);
    if (o.series === 'bandwidth') {
      const cap = effectiveMbps(live, nowMs);
      const s = running ? Math.min(demand, Math.max(0, cap)) : 0;
      served.push(s);
      bandwidth.add(startMs, s * 1e6);
      sweepSeries?.add(startMs, s * 1e6);
      return cap > 0 ? (s / cap) * 100 : 0;
    }
    const vcpu = o.typeSpec(live.instance.instanceType)?.cpu ?? 0;
    const pct = running && vcpu > 0 ? Math.min(100, (demand / vcpu) * 100) : 0;
    served.push(0);
    cpu.add(startMs, pct);
    sweepCpu?.add(startMs, pct);
    return pct;
  };

  /** Everything that happens at one minute boundary (CMS's and FC's timers are aligned to the epoch). */
  const boundary = (nowMs: number): void => {
    const value = Math.round(sample(nowMs) * 1e4) / 1e4;
    for (const rule of rules) {
      const n = rule.step(value, nowMs - MINUTE_MS, nowMs);
      if (!n) continue;
      rec.alarms++;
      evaluate(alarmSignal(n, live.instance.instanceId, nowMs), nowMs);
    }
    if (nowMs % tickMs === 0) {
      evaluate(
        { source: 'timer', instanceId: live.instance.instanceId, atMs: nowMs, dedupeKey: `timer:${nowMs}` },
        nowMs,
      );
    }
    if (o.sweep && sweepSeries && nowMs % DAY_MS === o.sweep.offsetMs) {
      // As the sweep reads CMS: `historyDays` plus two periods (src/app/optimise/history.ts historyStartMs).
      const fromMs = nowMs - o.sweep.historyDays * DAY_MS - 600_000;
      const history = sweepSeries.window(fromMs, nowMs);
      const cpuHistory = sweepCpu?.window(fromMs, nowMs) ?? [];
      const view = { instance: live.instance, state: live.state, history, cpuHistory, applied: rec.applied };
      const write = o.sweep.run(nowMs, view);
      live.state = withAdvice(live.state, write);
      // The optimiser's planned changes go through the ordinary path, each with its own decision function.
      for (const [i, change] of (write.changes ?? []).entries()) {
        const dedupeKey = `optimise:${nowMs}:${i}`;
        evaluate({ source: 'timer', instanceId: live.instance.instanceId, atMs: nowMs, dedupeKey }, nowMs, change);
      }
      const strategy = live.state.strategy?.name;
      rec.sweeps.push({
        atMs: nowMs,
        ...(strategy ? { strategy } : {}),
        changed: write.strategy !== undefined,
        message: write.message ?? '',
      });
    }
  };

  // Minute k of the run is recorded at startMs + k min, after every boundary up to then (the run need not
  // start on a whole minute: the trace's clock does not, CMS's and FC's do).
  let nextBoundaryMs = (Math.floor(o.startMs / MINUTE_MS) + 1) * MINUTE_MS;
  for (let k = 0; k < minutes; k++) {
    const atMs = o.startMs + k * MINUTE_MS;
    for (; nextBoundaryMs <= atMs; nextBoundaryMs += MINUTE_MS) {
      finishTypeChange(o, live, rec, nextBoundaryMs);
      boundary(nextBoundaryMs);
    }
    finishTypeChange(o, live, rec, atMs);
    recordMinute(atMs);
    if (o.onProgress && (k + 1) % 60 === 0) o.onProgress(k + 1, minutes);
  }
  return rec;
}
