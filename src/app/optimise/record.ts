/**
 * Recommendations in the audit trail, in the convention the dashboard reads (src/dashboard/recommendations.ts,
 * docs/optimiser.md): decision `skip`, result `would-do`, reason `rightsizing` | `billing-method`, `before` = the
 * current spec, `after` = the recommended spec, and a message made of the human sentence followed by a
 * machine-readable trailer ` recommendation={…}` (monthlySaving, currency, confidence, recommended and current
 * values, break-even). One rightsizing entry per instance (bandwidth and type together) and one billing entry.
 */
import { cents } from '../../core/optimise/assess.js';
import type { PlannedChange, SpecView } from '../../core/optimise/types.js';
import type { AuditEntry } from '../../core/types.js';
import { auditSeq } from '../audit.js';
import type { AppDeps } from '../types.js';

export const TRAILER = ' recommendation=';

/** The machine-readable part of a recommendation entry (unknown keys are ignored by readers). */
export interface RecommendationTrailer {
  recommendedMbps?: number;
  recommendedType?: string;
  recommendedChargeType?: string;
  currentMbps?: number;
  currentType?: string;
  currentChargeType?: string;
  monthlySaving?: number;
  currency: string;
  confidence: number;
  breakEvenUtilization?: number;
  utilization?: number;
  /** Billing entries: the pay-by-bandwidth cost per month compared, and whether it is as provisioned or static. */
  byBandwidthMonthly?: number;
  byBandwidthPricing?: 'provisioned' | 'static';
}

/** The sentence followed by the trailer. */
export function recommendationMessage(sentence: string, trailer: RecommendationTrailer): string {
  return `${sentence}${TRAILER}${JSON.stringify(trailer)}`;
}

function merge(changes: readonly PlannedChange[], pick: (c: PlannedChange) => SpecView): SpecView {
  return Object.assign({}, ...changes.map(pick));
}

/** Sum of the known savings; undefined when none is known. */
export function totalSaving(changes: readonly PlannedChange[]): number | undefined {
  const known = changes.map((c) => c.monthlySaving).filter((s): s is number => s !== undefined);
  return known.length ? cents(known.reduce((a, b) => a + b, 0)) : undefined;
}

/** The trailer for one instance's changes of one reason. */
export function trailerFor(changes: readonly PlannedChange[], currency: string): RecommendationTrailer {
  const before = merge(changes, (c) => c.before);
  const after = merge(changes, (c) => c.after);
  const billing = changes.find((c) => c.kind === 'billingMethod');
  const saving = totalSaving(changes);
  const t: RecommendationTrailer = {
    currency,
    confidence: Math.min(...changes.map((c) => c.confidence)),
    ...(saving !== undefined ? { monthlySaving: saving } : {}),
  };
  if (after.bandwidthOutMbps !== undefined) t.recommendedMbps = after.bandwidthOutMbps;
  if (after.instanceType !== undefined) t.recommendedType = after.instanceType;
  if (after.internetChargeType !== undefined) t.recommendedChargeType = after.internetChargeType;
  if (before.bandwidthOutMbps !== undefined) t.currentMbps = before.bandwidthOutMbps;
  if (before.instanceType !== undefined) t.currentType = before.instanceType;
  if (before.internetChargeType !== undefined) t.currentChargeType = before.internetChargeType;
  if (billing?.breakEvenUtilization !== undefined && Number.isFinite(billing.breakEvenUtilization)) {
    t.breakEvenUtilization = Math.round(billing.breakEvenUtilization * 10_000) / 10_000;
  }
  if (billing?.utilization !== undefined) t.utilization = Math.round(billing.utilization * 10_000) / 10_000;
  if (billing?.byBandwidthMonthly !== undefined) t.byBandwidthMonthly = cents(billing.byBandwidthMonthly);
  if (billing?.byBandwidthPricing !== undefined) t.byBandwidthPricing = billing.byBandwidthPricing;
  return t;
}

/** The human sentence: each change's message, its saving, and why it is only recorded. */
export function sentenceFor(changes: readonly PlannedChange[], currency: string): string {
  const parts = changes.map((c) => {
    const saving =
      c.monthlySaving === undefined
        ? 'saving unknown'
        : c.monthlySaving >= 0
          ? `saves ${c.monthlySaving.toFixed(2)} ${currency}/month`
          : `costs ${(-c.monthlySaving).toFixed(2)} ${currency}/month more`;
    return `${c.message}; ${saving}${c.why ? `; not applied: ${c.why}` : ''}`;
  });
  return `recommendation: ${parts.join(' | ')}`;
}

/** One `would-do` audit entry for an instance's changes of one reason (all of them share the reason). */
export function recommendationEntry(
  deps: Pick<AppDeps, 'clock' | 'random'>,
  changes: readonly PlannedChange[],
  ctx: { currency: string; dedupeKey: string },
): AuditEntry {
  const first = changes[0] as PlannedChange;
  return {
    instanceId: first.instanceId,
    atMs: deps.clock.now(),
    seq: auditSeq(deps.random),
    group: first.group,
    signal: { source: 'timer', dedupeKey: ctx.dedupeKey },
    decision: 'skip',
    reason: first.reason,
    message: recommendationMessage(sentenceFor(changes, ctx.currency), trailerFor(changes, ctx.currency)),
    before: merge(changes, (c) => c.before),
    after: merge(changes, (c) => c.after),
    result: 'would-do',
  };
}
