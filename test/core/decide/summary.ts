/** Compact views of decisions for table-driven assertions. */
import type { Decision } from '../../../src/core/types.js';

export interface Summary {
  kind: Decision['kind'];
  reason: string;
  from?: number | string;
  to?: number | string;
  direction?: string;
  untilMs?: number;
}

/** kind, reason, and for a scale the first action's from/to/direction; for a skip its untilMs. */
export function summary(decision: Decision): Summary {
  if (decision.kind === 'skip') {
    const s: Summary = { kind: 'skip', reason: decision.reason };
    if (decision.untilMs !== undefined) s.untilMs = decision.untilMs;
    return s;
  }
  const { action } = decision;
  if (action.kind === 'bandwidth') {
    return {
      kind: 'scale',
      reason: decision.reason,
      from: action.fromMbps,
      to: action.toMbps,
      direction: action.direction,
    };
  }
  if (action.kind === 'instanceType') {
    return {
      kind: 'scale',
      reason: decision.reason,
      from: action.fromType,
      to: action.toType,
      direction: action.direction,
    };
  }
  return { kind: 'scale', reason: decision.reason, from: action.from, to: action.to, direction: action.direction };
}
