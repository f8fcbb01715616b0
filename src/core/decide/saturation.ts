/**
 * The scale-up step of a saturated link. A full link hides its demand, so the plain step is current ×
 * saturationMultiplier, repeated until the link is no longer full. When history says more, one step goes straight
 * to what that evidence needs: step = max(current × multiplier, ceil(estimate ÷ target)), where estimate is the
 * larger of
 * - the highest point (its `maximum`) in the metric window measured BEFORE the last bandwidth change: it was
 *   measured on another link, not censored by this one, so the demand reached it recently (MetricWindow points
 *   do not carry their link; the points since the change are this saturated link's own and say nothing more
 *   than the recommendation already does);
 * - the forecast's predicted peak over the next `leadSec` (mode `on`).
 * Either is a lower bound of the demand (served traffic never exceeds it), so the step never overshoots what was
 * actually seen or predicted; without evidence nothing changes.
 */
import type { BandwidthPolicy } from '../config/types.js';
import { clock } from '../forecast/words.js';
import { formatMbps, formatPercent } from '../message.js';
import { forecastNeed, forecastSettings } from './forecastNeed.js';
import type { DecisionInput } from './index.js';

/** Float noise guard for ceil of ratios. */
const EPSILON = 1e-9;

interface Evidence {
  mbps: number;
  words: string;
}

/** The highest point of the window measured before `sinceMs` (the last change; the latest of equal ones), if any. */
function seenBefore(input: DecisionInput, sinceMs: number | undefined): Evidence | undefined {
  let best: Evidence | undefined;
  for (const p of input.metrics.bandwidthOutBps) {
    const mbps = Math.max(p.maximum, p.average) / 1e6;
    if (sinceMs === undefined || p.timestampMs >= sinceMs || (best !== undefined && mbps < best.mbps)) continue;
    best = { mbps, words: `${formatMbps(mbps)} was measured at ${clock(p.timestampMs)} UTC, before the last change` };
  }
  return best;
}

/**
 * The step for a saturated recommendation `stepMbps` (already ≥ current × multiplier), given when the link last
 * changed, with the words to append when the evidence raised it.
 */
export function saturatedStep(
  input: DecisionInput,
  policy: BandwidthPolicy,
  stepMbps: number,
  sinceMs: number | undefined,
  nowMs: number,
): { mbps: number; because?: string } {
  const ahead = forecastNeed(input, policy, input.instance.bandwidthOutMbps, nowMs, forecastSettings(policy).leadSec);
  const predicted: Evidence | undefined = ahead?.active ? { mbps: ahead.predictedMbps, words: ahead.words } : undefined;
  const seen = seenBefore(input, sinceMs);
  const estimate = [seen, predicted].reduce<Evidence | undefined>(
    (a, b) => (b !== undefined && (a === undefined || b.mbps > a.mbps) ? b : a),
    undefined,
  );
  if (estimate === undefined) return { mbps: stepMbps };
  const target = policy.targetUtilization;
  const wanted = Math.ceil(estimate.mbps / target - EPSILON);
  if (wanted <= stepMbps) return { mbps: stepMbps };
  const because = `the full link hides the demand, but ${estimate.words}: ceil(${formatMbps(estimate.mbps)} ÷ ${formatPercent(target)}) = ${wanted} Mbps instead of ${stepMbps} Mbps (×${policy.saturationMultiplier})`;
  return { mbps: wanted, because };
}
