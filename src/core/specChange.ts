/** What an action changes in the visible spec of an instance: the audit trail's before → after. Pure. */
import type { Action, AuditEntry } from './types.js';

export type Spec = NonNullable<AuditEntry['before']>;

/** The instance's spec in the dimension an action changes (before) and what the action makes of it (after). */
export function specChange(action: Action): { before: Spec; after: Spec } {
  switch (action.kind) {
    case 'bandwidth':
      return { before: { bandwidthOutMbps: action.fromMbps }, after: { bandwidthOutMbps: action.toMbps } };
    case 'instanceType':
      return { before: { instanceType: action.fromType }, after: { instanceType: action.toType } };
    case 'billingMethod':
      return { before: { internetChargeType: action.from }, after: { internetChargeType: action.to } };
  }
}
