/**
 * The optimiser sweep (timer payload `optimise`, daily): for each managed instance of groups with
 * `optimisation.enabled`, read days of history, assess (rightsizing, billing method, savings at list prices),
 * plan the fleet against the downgrade budget, then APPLY what may be applied now (through the ordinary
 * execution path) and RECORD the rest as recommendations in the audit trail. One failing instance is logged
 * and counted, never fatal. `readOnly` (the `recommend` command) assesses and reports without writing.
 * History is read and assessed in chunks (bounded memory); the per-instance advice runs last, inline for a small
 * fleet and on the worker in batches for a large one (fanout.ts).
 */
import type { PriceTable } from '../../core/cost.js';
import { assessInstance } from '../../core/optimise/assess.js';
import { planChanges } from '../../core/optimise/plan.js';
import type { Assessment, InstanceHistory, PlannedChange } from '../../core/optimise/types.js';
import type { InstanceState } from '../../core/types.js';
import type { StateStore } from '../../ports/StateStore.js';
import { listManagedInstances, type ManagedInstance } from '../groups.js';
import { mapBounded } from '../concurrency.js';
import type { AppDeps, Outcome } from '../types.js';
import { applyChange } from './apply.js';
import { auditedBandwidth, needsAuditedBandwidth } from './audited.js';
import { adviceTargets, adviseFleet, advisesInline } from './fanout.js';
import { clampHistoryDays, fetchHistory, historyPeriodSec, historyStartMs } from './history.js';
import { resolvePriceTable } from './prices.js';
import { recommendationEntry } from './record.js';
import { instanceReport } from './report.js';
import type { ChangeReport, OptimiseOptions, OptimiseSummary } from './types.js';

function defaultState(instanceId: string): InstanceState {
  return { instanceId, version: 0, lastChange: {}, downgradesMs: [], platformDowngrades: 0, paused: false };
}

async function loadStates(store: StateStore, ids: readonly string[]): Promise<Map<string, InstanceState>> {
  const wanted = new Set(ids);
  const rows = (await store.listInstanceStates()).filter((s) => wanted.has(s.instanceId));
  const out = new Map(rows.map((s) => [s.instanceId, s]));
  for (const id of ids) if (!out.has(id)) out.set(id, defaultState(id));
  return out;
}

function targetsOf(fleet: readonly ManagedInstance[], only: readonly string[] | undefined): ManagedInstance[] {
  const ids = only && only.length > 0 ? new Set(only) : undefined;
  return fleet.filter((m) => m.group.optimisation.enabled && (!ids || ids.has(m.instance.instanceId)));
}

function outcomeOf(change: PlannedChange, o: Outcome): ChangeReport {
  if (o.status === 'applied' || o.status === 'dispatched') return { ...change, outcome: o.status, detail: o.message };
  const outcome = o.status === 'failed' ? 'failed' : 'skipped';
  return { ...change, outcome, detail: `${o.reason}: ${o.message}` };
}

async function applyAll(
  deps: AppDeps,
  changes: PlannedChange[],
  prices: PriceTable,
  errors: OptimiseSummary['errors'],
) {
  const reports: ChangeReport[] = [];
  for (const change of changes) {
    try {
      reports.push(outcomeOf(change, await applyChange(deps, change, prices)));
    } catch (err) {
      const error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      errors.push({ instanceId: change.instanceId, error });
      reports.push({ ...change, outcome: 'failed', detail: error });
    }
  }
  return reports;
}

/** Record changes as recommendations: one entry per instance and reason. */
async function recordAll(deps: AppDeps, changes: ChangeReport[], currency: string, nowMs: number): Promise<void> {
  const slot = Math.floor(nowMs / 3_600_000);
  const groups = new Map<string, ChangeReport[]>();
  for (const c of changes) {
    const key = `${c.instanceId}|${c.reason}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  for (const list of groups.values()) {
    const first = list[0] as ChangeReport;
    const dedupeKey = `optimise:${first.instanceId}:${first.reason}:${slot}`;
    await deps.store.appendAudit(recommendationEntry(deps, list, { currency, dedupeKey }));
  }
}

async function assessAll(
  deps: AppDeps,
  targets: ManagedInstance[],
  ctx: SweepContext,
  history: Map<string, InstanceHistory>,
) {
  const sinceMs = historyStartMs(ctx.days, ctx.nowMs);
  const assessments: Assessment[] = [];
  for (const { instance, group } of targets) {
    try {
      const audited = needsAuditedBandwidth(instance, group)
        ? await auditedBandwidth(deps.store, instance.instanceId, sinceMs)
        : undefined;
      assessments.push(
        assessInstance({
          instance,
          group,
          // loadStates holds every group member (targets are members); fetchHistory answers every target.
          state: ctx.states.get(instance.instanceId) as InstanceState,
          history: history.get(instance.instanceId) as InstanceHistory,
          periodSec: historyPeriodSec(ctx.days),
          prices: ctx.prices,
          nowMs: ctx.nowMs,
          ...(audited ? { audited } : {}),
        }),
      );
    } catch (err) {
      ctx.errors.push({ instanceId: instance.instanceId, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return assessments;
}

/**
 * Instances whose history is read and assessed together. 14 days of 300 s points take about 0.5 MB of heap per
 * instance and metric (src/bench/fanout.ts), so 1,000 instances at once would fill the tick's 512 MB; in chunks
 * the tick holds at most ASSESS_CONCURRENCY chunks' history (the assessments it keeps are small).
 */
export const ASSESS_CHUNK = 100;
/**
 * Chunks in flight: each chunk is 2 concurrent DescribeMetricList page chains per metric (50 instances a call), so 3
 * chunks keep about 6 calls in flight, enough for the CMS adapter's 40 calls/s at round trips up to ~150 ms.
 */
export const ASSESS_CONCURRENCY = 3;

/**
 * Read the history and assess `targets` chunk by chunk (results in target order). Only the history of `keep`
 * (the instances the sweep advises inline) outlives its chunk. A failed read is rethrown once every chunk is done.
 */
async function assessInChunks(
  deps: AppDeps,
  targets: ManagedInstance[],
  ctx: SweepContext,
  keep: ReadonlySet<string>,
): Promise<{ assessments: Assessment[]; history: Map<string, InstanceHistory> }> {
  const chunks: ManagedInstance[][] = [];
  for (let i = 0; i < targets.length; i += ASSESS_CHUNK) chunks.push(targets.slice(i, i + ASSESS_CHUNK));
  const history = new Map<string, InstanceHistory>();
  const done = await mapBounded(chunks, ASSESS_CONCURRENCY, async (chunk) => {
    const read = await fetchHistory(deps.metrics, chunk, ctx.days, ctx.nowMs);
    for (const [id, h] of read) if (keep.has(id)) history.set(id, h);
    const errors: OptimiseSummary['errors'] = [];
    return { assessments: await assessAll(deps, chunk, { ...ctx, errors }, read), errors };
  });
  const assessments: Assessment[] = [];
  for (const r of done) {
    if (!r.ok) throw r.error;
    assessments.push(...r.value.assessments);
    ctx.errors.push(...r.value.errors);
  }
  return { assessments, history };
}

interface SweepContext {
  days: number;
  nowMs: number;
  prices: PriceTable;
  states: Map<string, InstanceState>;
  errors: OptimiseSummary['errors'];
}

function groupStates(fleet: readonly ManagedInstance[], states: Map<string, InstanceState>) {
  const out = new Map<string, InstanceState[]>();
  for (const m of fleet) {
    const s = states.get(m.instance.instanceId);
    if (s) out.set(m.group.name, [...(out.get(m.group.name) ?? []), s]);
  }
  return out;
}

/** Everything the sweep knows before it plans. */
interface Assessed {
  assessments: Assessment[];
  groupStates: Map<string, InstanceState[]>;
  prices: PriceTable;
  days: number;
  nowMs: number;
  errors: OptimiseSummary['errors'];
  targets: ManagedInstance[];
  states: Map<string, InstanceState>;
  history: Map<string, InstanceHistory>;
}

async function assessFleet(deps: AppDeps, opts: OptimiseOptions, startedMs: number): Promise<Assessed> {
  const nowMs = opts.nowMs ?? startedMs;
  const days = clampHistoryDays(opts.historyDays ?? 14);
  const prices = opts.prices ?? deps.prices ?? (await resolvePriceTable(deps.config.regionId, opts.pricesPath));
  const fleet = await listManagedInstances(deps.config, deps.ecs);
  const targets = targetsOf(fleet, opts.instanceIds);
  // The group pools count every member's downgrades, also of instances this sweep was not asked about.
  const groupNames = new Set(targets.map((t) => t.group.name));
  const members = fleet.filter((m) => groupNames.has(m.group.name));
  const states = await loadStates(
    deps.store,
    members.map((m) => m.instance.instanceId),
  );
  const errors: OptimiseSummary['errors'] = [];
  const keep = advisesInline(targets, opts.readOnly === true, opts.advice)
    ? new Set(adviceTargets(targets).map((t) => t.instance.instanceId))
    : new Set<string>();
  const { assessments, history } = await assessInChunks(deps, targets, { days, nowMs, prices, states, errors }, keep);
  return {
    assessments,
    groupStates: groupStates(members, states),
    prices,
    days,
    nowMs,
    errors,
    targets,
    states,
    history,
  };
}

/** Apply what may be applied; everything else (and what could not be applied) becomes a recommendation. */
async function applyAndRecord(deps: AppDeps, planned: PlannedChange[], a: Assessed, readOnly: boolean) {
  const toApply = planned.filter((c) => c.verdict === 'apply');
  const applied = readOnly ? [] : await applyAll(deps, toApply, a.prices, a.errors);
  const toRecord: ChangeReport[] = [
    ...planned
      .filter((c) => c.verdict === 'record')
      .map((c): ChangeReport => ({ ...c, outcome: readOnly ? 'reported' : 'recorded' })),
    ...applied
      .filter((c) => c.outcome === 'skipped' || c.outcome === 'failed')
      .map((c): ChangeReport => ({ ...c, why: c.detail ?? c.outcome })),
  ];
  if (!readOnly) await recordAll(deps, toRecord, a.prices.currency, a.nowMs);
  return { applied, toRecord };
}

function summarise(a: Assessed, done: Awaited<ReturnType<typeof applyAndRecord>>, startedMs: number, endMs: number) {
  const { applied, toRecord } = done;
  const reports = [...applied.filter((c) => c.outcome === 'applied' || c.outcome === 'dispatched'), ...toRecord];
  const counts: OptimiseSummary['counts'] = {};
  for (const r of [...applied, ...toRecord.filter((c) => c.verdict === 'record')]) {
    counts[r.outcome] = (counts[r.outcome] ?? 0) + 1;
  }
  const summary: OptimiseSummary = {
    startedMs,
    durationMs: Math.max(0, endMs - startedMs),
    historyDays: a.days,
    periodSec: historyPeriodSec(a.days),
    currency: a.prices.currency,
    assessed: a.assessments.length,
    instances: a.assessments.map((x) => instanceReport(x, reports, a.prices.currency)),
    counts,
    errors: a.errors,
  };
  return summary;
}

/** One sweep. Listing, state and metric-read failures propagate (nothing was changed). */
export async function optimise(deps: AppDeps, opts: OptimiseOptions = {}): Promise<OptimiseSummary> {
  const startedMs = deps.clock.now();
  const assessed = await assessFleet(deps, opts, startedMs);
  const readOnly = opts.readOnly === true;
  const planned = planChanges(assessed.assessments, {
    nowMs: assessed.nowMs,
    dryRun: deps.config.dryRun,
    readOnly,
    groupStates: assessed.groupStates,
  });
  const done = await applyAndRecord(deps, planned, assessed, readOnly);
  // Last, inline or fanned out: advice bumps the state rows' versions, which would make the changes' claims stale.
  const advice = await adviseFleet(deps, assessed.targets, { ...assessed, readOnly, limits: opts.advice ?? {} });
  assessed.errors.push(...advice.errors);
  const summary: OptimiseSummary = {
    ...summarise(assessed, done, startedMs, deps.clock.now()),
    strategies: advice.reports,
    ...(advice.dispatched ? { dispatched: advice.dispatched } : {}),
  };
  deps.logger.log('info', 'optimise finished', {
    requestId: deps.holderId,
    assessed: summary.assessed,
    counts: summary.counts,
    ...(advice.dispatched ? { adviceBatches: advice.dispatched.length } : {}),
    errors: summary.errors.length,
    durationMs: summary.durationMs,
  });
  return summary;
}
