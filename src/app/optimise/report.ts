/**
 * Per-instance reports (pure): current spec, recommended spec, monthly saving at list prices, confidence and
 * the sentences that explain them. What `recommend` prints and what the sweep returns.
 */
import { cents } from '../../core/optimise/assess.js';
import type { Assessment, SpecView } from '../../core/optimise/types.js';
import type { ChangeReport, InstanceReport } from './types.js';

/** Sentences of recommendations that could not be made (too little history, not on the ladder …). */
function noRecommendationNotes(a: Assessment): string[] {
  const out: string[] = [];
  if (a.bandwidth?.kind === 'none') out.push(`bandwidth: ${a.bandwidth.message}`);
  if (a.instanceType?.kind === 'none') out.push(`instance type: ${a.instanceType.message}`);
  if (a.billing?.kind === 'none') out.push(`billing method: ${a.billing.message}`);
  return out;
}

/** Sentences of dimensions assessed with nothing to change. */
function keepNotes(a: Assessment): string[] {
  const out: string[] = [];
  if (a.bandwidth?.kind === 'recommendation' && a.bandwidth.direction === 'none')
    out.push(`bandwidth: keep (${a.bandwidth.message})`);
  if (a.instanceType?.kind === 'recommendation' && a.instanceType.direction === 'none') {
    out.push(`instance type: keep (${a.instanceType.message})`);
  }
  if (a.billing?.kind === 'recommendation' && !a.billing.change) out.push(`billing method: keep ${a.billing.message}`);
  return out;
}

function changeSentence(c: ChangeReport): string {
  const state =
    c.outcome === 'applied' || c.outcome === 'dispatched'
      ? c.outcome
      : c.why
        ? `${c.outcome === 'reported' ? 'would not apply' : c.outcome}: ${c.why}`
        : c.outcome;
  return `${c.message} [${state}]`;
}

/**
 * The saving of the whole recommended spec. The changes' savings add up, except when a switch to pay-by-traffic
 * was priced against the provisioned cost of an autoscaled link: that cost is what the link costs today whatever
 * its size, and a pay-by-traffic bandwidth is only a cap, so the bandwidth rightsizing is already inside it.
 */
export function specSaving(changes: readonly ChangeReport[]): number {
  const overlapped = changes.some(
    (c) =>
      c.kind === 'billingMethod' &&
      c.byBandwidthPricing === 'provisioned' &&
      c.after.internetChargeType === 'PayByTraffic',
  );
  const counted = overlapped ? changes.filter((c) => c.kind !== 'bandwidth') : changes;
  return cents(counted.reduce((sum, c) => sum + (c.monthlySaving ?? 0), 0));
}

/** The report of one assessed instance given what became of its changes. */
export function instanceReport(a: Assessment, changes: readonly ChangeReport[], currency: string): InstanceReport {
  const { instance } = a;
  const mine = changes.filter((c) => c.instanceId === instance.instanceId);
  const current: SpecView = {
    bandwidthOutMbps: instance.bandwidthOutMbps,
    instanceType: instance.instanceType,
    internetChargeType: instance.internetChargeType,
  };
  const recommended: SpecView = Object.assign({ ...current }, ...mine.map((c) => c.after));
  return {
    instanceId: instance.instanceId,
    group: a.group.name,
    current,
    recommended,
    monthlySaving: specSaving(mine),
    currency,
    confidence: mine.length ? Math.min(...mine.map((c) => c.confidence)) : undefined,
    changes: [...mine],
    why: [...mine.map(changeSentence), ...keepNotes(a), ...noRecommendationNotes(a), ...a.notes],
  };
}
