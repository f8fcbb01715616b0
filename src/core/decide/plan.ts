/**
 * What one dimension (bandwidth or instance type) of an evaluation concludes, before the dimensions are
 * combined into one `Decision`: act with one action, or skip with a reason.
 */
import { formatTime } from '../message.js';
import type { Action, Decision, ScaleReason, SkipReason } from '../types.js';

export interface Skip {
  kind: 'skip';
  reason: SkipReason;
  message: string;
  untilMs?: number;
}

export interface Act {
  kind: 'act';
  reason: ScaleReason;
  message: string;
  action: Action;
}

export type Plan = Skip | Act;

/** A skip; `untilMs` is left out when unknown, so the object stays comparable with toEqual. */
export function skip(reason: SkipReason, message: string, untilMs?: number): Skip {
  return untilMs === undefined ? { kind: 'skip', reason, message } : { kind: 'skip', reason, message, untilMs };
}

/** `… until 2024-05-01T10:00:00Z` when the end is known. */
export function untilText(untilMs: number | undefined): string {
  return untilMs === undefined ? '' : ` until ${formatTime(untilMs)}`;
}

/**
 * Which skip explains best why nothing happens when both dimensions skip: a wanted change that is blocked
 * (cooldown, quota, maintenance window, bound) says more than "no data" or "nothing to do". Codes in one tier
 * rank the same (the first dimension evaluated wins a tie).
 */
const SKIP_RANK: readonly (readonly SkipReason[])[] = [
  ['cooldown'],
  ['quota', 'no-permanent-downgrade'],
  ['maintenance-window'],
  ['at-bound'],
  ['stabilizing'],
  ['unsupported', 'eip-bound'],
  ['insufficient-data'],
  ['within-tolerance', 'cut-too-small', 'at-traffic-cap'],
];

function rank(reason: SkipReason): number {
  const index = SKIP_RANK.findIndex((tier) => tier.includes(reason));
  return index < 0 ? SKIP_RANK.length : index;
}

/** Combine the skips of the evaluated dimensions (labelled) into one decision. */
export function combineSkips(skips: readonly { label: string; plan: Skip }[]): Decision {
  const sorted = [...skips].sort((a, b) => rank(a.plan.reason) - rank(b.plan.reason));
  const best = (sorted[0] as { plan: Skip }).plan;
  const message =
    skips.length === 1 ? best.message : skips.map(({ label, plan }) => `${label}: ${plan.message}`).join('; ');
  return best.untilMs === undefined
    ? { kind: 'skip', reason: best.reason, message }
    : { kind: 'skip', reason: best.reason, message, untilMs: best.untilMs };
}

/** An act plan as a scale decision. */
export function toDecision(plan: Act, dryRun: boolean): Decision {
  const message = dryRun ? `dry run, would do: ${plan.message}` : plan.message;
  return { kind: 'scale', reason: plan.reason, message, action: plan.action, dryRun };
}
