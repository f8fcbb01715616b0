/**
 * From assessments to planned changes for the whole sweep (pure): which recommendations are applied now and
 * which are only recorded, and why.
 *
 * Budget rule: downgrades are scarce, so candidate downgrades (applicable, cheaper, allowed to apply) are ranked
 * by monthly saving per downgrade, largest first, and funded from their group's pool: `maxDowngrades` minus
 * every downgrade its instances made in the rolling window (reactive ones included; the reserve is the
 * optimiser's to spend). Each instance must also pass its own budget (platform limit of 3 for subscriptions,
 * 5 minutes between downgrades), and gets at most one downgrade per sweep. A downgrade the budget cannot pay for
 * is never planned: it is recorded with the reason.
 */
import { budgetAllows } from '../budget.js';
import type { GroupPolicy } from '../config/types.js';
import { bandwidthChargeType } from '../link.js';
import { inWindow } from '../schedule.js';
import type { InstanceState, InternetChargeType } from '../types.js';
import { cents } from './assess.js';
import type { Assessment, PlannedChange } from './types.js';

export interface PlanContext {
  nowMs: number;
  /** config.dryRun */
  dryRun: boolean;
  /** The `recommend` command: report, never apply. */
  readOnly: boolean;
  /**
   * States of EVERY managed instance per group (the pool counts all their downgrades, also of instances the
   * sweep was not asked about). Default: the assessed instances' states.
   */
  groupStates?: ReadonlyMap<string, readonly InstanceState[]>;
}

type Draft = Omit<PlannedChange, 'verdict' | 'why'>;

/** One rightsizing draft per dimension whose recommendation moves it (bandwidth first, then the type). */
function rightsizingDrafts(a: Assessment): Draft[] {
  const bw = a.bandwidth;
  const t = a.instanceType;
  const moves = [
    bw?.kind === 'recommendation' && bw.direction !== 'none'
      ? {
          kind: 'bandwidth' as const,
          rec: bw,
          direction: bw.direction,
          label: 'bandwidth',
          before: { bandwidthOutMbps: a.instance.bandwidthOutMbps },
          after: { bandwidthOutMbps: bw.targetMbps },
          monthlySaving: a.bandwidthSaving,
        }
      : undefined,
    t?.kind === 'recommendation' && t.direction !== 'none'
      ? {
          kind: 'instanceType' as const,
          rec: t,
          direction: t.direction,
          label: 'instance type',
          before: { instanceType: a.instance.instanceType },
          after: { instanceType: t.instanceType },
          monthlySaving: a.typeSaving,
        }
      : undefined,
  ];
  return moves.flatMap((m) =>
    m
      ? [
          {
            instanceId: a.instance.instanceId,
            group: a.group.name,
            reason: 'rightsizing' as const,
            kind: m.kind,
            direction: m.direction,
            before: m.before,
            after: m.after,
            monthlySaving: m.monthlySaving,
            confidence: m.rec.confidence,
            message: `${m.label} ${m.rec.message}`,
          },
        ]
      : [],
  );
}

function billingDraft(a: Assessment): Draft | undefined {
  const b = a.billing;
  if (b?.kind !== 'recommendation' || !b.change) return undefined;
  return {
    instanceId: a.instance.instanceId,
    group: a.group.name,
    reason: 'billing-method',
    kind: 'billingMethod',
    // Only a label here: a billing switch is not a downgrade and spends no budget.
    direction: b.recommended === 'PayByTraffic' ? 'down' : 'up',
    before: { internetChargeType: a.instance.internetChargeType },
    after: { internetChargeType: b.recommended, ...switchBackMbps(a, b.recommended) },
    monthlySaving: cents(b.monthlySaving),
    currentMonthly: b.monthlyCost[a.instance.internetChargeType],
    confidence: b.confidence,
    message: `network billing ${a.instance.internetChargeType} → ${b.message}`,
    breakEvenUtilization: b.breakEvenUtilization,
    utilization: b.utilization,
    meanMbps: b.meanMbps,
    byBandwidthMonthly: b.monthlyCost.PayByBandwidth,
    byBandwidthPricing: b.provisionedDays !== undefined ? 'provisioned' : 'static',
  };
}

/**
 * Leaving pay-by-traffic, the link is at its cap (the upper bound): switched as it is, it would then pay for
 * that cap until the reactive policy can spend a downgrade. It switches at the bandwidth the assessment
 * recommends instead (never above the current cap); the reactive policy raises it within minutes if needed.
 */
function switchBackMbps(a: Assessment, to: InternetChargeType): { bandwidthOutMbps?: number } {
  if (to !== 'PayByBandwidth' || a.bandwidth?.kind !== 'recommendation') return {};
  return { bandwidthOutMbps: Math.min(a.bandwidth.targetMbps, a.instance.bandwidthOutMbps) };
}

/**
 * A billing switch must save at least this fraction of what the current method costs: the two costs are
 * estimates from past traffic, and a switch on a slim margin is undone by the next sweep (measured on
 * bitbrains/35.csv without it: six switches in 20 days on margins of 3–10 %).
 */
export const BILLING_MIN_SAVING_FRACTION = 0.1;

/** With strategies applied, the billing method is the strategy's: a billing recommendation is only recorded. */
function strategyOwnsBilling(d: Draft, a: Assessment): string | undefined {
  if (d.kind !== 'billingMethod' || a.group.optimisation.strategy.mode !== 'apply') return undefined;
  return 'the per-instance strategy decides the billing method (optimisation.strategy.mode: apply)';
}

/** Why the group's changes cannot be applied in this sweep, or undefined. */
export function groupBlocker(group: GroupPolicy, ctx: PlanContext): string | undefined {
  if (ctx.readOnly) return 'report only';
  if (!group.optimisation.apply) return `optimisation.apply is off for group ${group.name}`;
  if (ctx.dryRun) return 'dry run: nothing is applied';
  if (group.maintenanceWindows.length === 0) return `group ${group.name} has no maintenance window`;
  if (!inWindow(group.maintenanceWindows, ctx.nowMs)) return `outside the maintenance windows of group ${group.name}`;
  return undefined;
}

/** Why this change is not worth applying on its own merits, or undefined. */
export function changeBlocker(d: Draft, minHistoryDays: number): string | undefined {
  if (d.kind !== 'billingMethod' && d.direction === 'up') return 'increases are left to reactive scaling';
  if (d.confidence < 1) {
    return `confidence ${d.confidence.toFixed(2)} < 1: less than the ${minHistoryDays} days of history required`;
  }
  if (d.monthlySaving === undefined) return 'no list price for the current or the recommended spec';
  if (d.monthlySaving <= 0) return 'no saving at list prices';
  if (d.kind === 'billingMethod' && d.currentMonthly !== undefined) {
    const least = d.currentMonthly * BILLING_MIN_SAVING_FRACTION;
    if (d.monthlySaving < least) {
      return `saves ${d.monthlySaving.toFixed(2)} a month, less than ${BILLING_MIN_SAVING_FRACTION * 100} % of the current method's ${d.currentMonthly.toFixed(2)}: not worth a switch`;
    }
  }
  return undefined;
}

/** Downgrades the group's instances may still make in the rolling window, for the optimiser; Infinity without a limit. */
export function groupPool(group: GroupPolicy, states: readonly InstanceState[], nowMs: number): number {
  const { maxDowngrades, windowSec } = group.downgradeBudget;
  if (maxDowngrades === undefined) return Number.POSITIVE_INFINITY;
  const fromMs = nowMs - windowSec * 1000;
  const recent = states.reduce((n, s) => n + s.downgradesMs.filter((t) => t > fromMs).length, 0);
  return Math.max(0, maxDowngrades - recent);
}

/** Highest saving first; ties by instance id so that the plan is deterministic. */
function bySaving(a: Draft, b: Draft): number {
  const d = (b.monthlySaving ?? 0) - (a.monthlySaving ?? 0);
  return d !== 0 ? d : a.instanceId < b.instanceId ? -1 : a.instanceId > b.instanceId ? 1 : 0;
}

function fundDowngrades(candidates: Draft[], assessments: readonly Assessment[], ctx: PlanContext) {
  const byId = new Map(assessments.map((a) => [a.instance.instanceId, a]));
  const pools = new Map<string, number>();
  for (const a of assessments) {
    if (pools.has(a.group.name)) continue;
    const states =
      ctx.groupStates?.get(a.group.name) ??
      assessments.filter((x) => x.group.name === a.group.name).map((x) => x.state);
    pools.set(a.group.name, groupPool(a.group, states, ctx.nowMs));
  }
  const verdicts = new Map<Draft, string | undefined>();
  const served = new Set<string>();
  for (const d of [...candidates].sort(bySaving)) {
    const a = byId.get(d.instanceId) as Assessment;
    // A VPC link's bandwidth downgrade spends no lifetime quota, whatever the instance is (core/link.ts).
    const charge = d.kind === 'bandwidth' ? bandwidthChargeType(a.instance) : a.instance.instanceChargeType;
    const verdict = budgetAllows(a.group.downgradeBudget, a.state, charge, ctx.nowMs, {
      keepReserve: false,
    });
    const pool = pools.get(a.group.name) ?? 0;
    if (served.has(d.instanceId)) {
      verdicts.set(d, 'one downgrade per instance per sweep; the larger saving goes first');
    } else if (!verdict.ok) {
      verdicts.set(d, `downgrade budget of ${d.instanceId}: ${verdict.why}`);
    } else if (pool <= 0) {
      verdicts.set(d, `the downgrade budget of group ${a.group.name} is spent (on larger savings first)`);
    } else {
      pools.set(a.group.name, pool - 1);
      served.add(d.instanceId);
      verdicts.set(d, undefined);
    }
  }
  return verdicts;
}

/**
 * Every recommended change of the sweep with its verdict. Changes to apply come first, downgrades in the order
 * the budget funded them (largest saving first).
 */
export function planChanges(assessments: readonly Assessment[], ctx: PlanContext): PlannedChange[] {
  const drafts = assessments.flatMap((a) => {
    const billing = billingDraft(a);
    return [...rightsizingDrafts(a), ...(billing ? [billing] : [])].map((d) => ({ d, a }));
  });
  const blockers = new Map<Draft, string | undefined>();
  for (const { d, a } of drafts) {
    blockers.set(
      d,
      strategyOwnsBilling(d, a) ?? groupBlocker(a.group, ctx) ?? changeBlocker(d, a.group.optimisation.minHistoryDays),
    );
  }
  const candidates = drafts
    .filter(({ d }) => d.kind !== 'billingMethod' && blockers.get(d) === undefined)
    .map((x) => x.d);
  const funded = fundDowngrades(candidates, assessments, ctx);
  for (const [d, why] of funded) blockers.set(d, why);
  const planned = drafts.map(({ d }): PlannedChange => {
    const why = blockers.get(d);
    return why === undefined ? { ...d, verdict: 'apply', why: '' } : { ...d, verdict: 'record', why };
  });
  const rank = (c: PlannedChange) => (c.verdict === 'apply' ? (c.kind === 'billingMethod' ? 1 : 0) : 2);
  return planned.sort((x, y) => rank(x) - rank(y) || bySaving(x, y));
}
