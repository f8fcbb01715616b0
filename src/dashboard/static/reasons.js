// Human labels for the reason codes of audit entries (src/core/types.ts SKIP_REASONS and SCALE_REASONS, plus
// the app's own). The exact code is always shown next to its label; an unknown code is shown as it is.

export const REASON_LABELS = {
  // Why something changed (scale).
  'target-tracking': 'target tracking',
  saturated: 'link saturated',
  'step-rule': 'step rule',
  'cpu-high': 'CPU high',
  'cpu-low': 'CPU low',
  schedule: 'schedule',
  rightsizing: 'rightsizing',
  'billing-method': 'billing method',
  'temporary-extend': 'temporary upgrade extended',
  'traffic-cap': 'traffic cap raised',
  forecast: 'forecast',
  // Why nothing changed (skip).
  cooldown: 'cooling down',
  'in-progress': 'in progress',
  quota: 'downgrade quota exhausted',
  'no-permanent-downgrade': 'no permanent downgrade (subscription)',
  'at-bound': 'at a bound',
  'maintenance-window': 'waiting for a maintenance window',
  paused: 'paused',
  'kill-switch': 'kill switch on',
  'insufficient-data': 'not enough data',
  'within-tolerance': 'within tolerance',
  'cut-too-small': 'cut too small to be worth a downgrade',
  'at-traffic-cap': 'already at the traffic cap',
  stabilizing: 'stabilizing',
  'not-running': 'not running',
  'security-locked': 'security lock',
  'eip-bound': 'EIP bound',
  unsupported: 'not supported',
  'no-policy': 'no policy',
  'plan-outdated': 'plan outdated',
  'not-cheaper': 'no longer cheaper',
  // The app's own.
  strategy: 'strategy chosen',
  'already-attempted': 'already attempted',
  duplicate: 'duplicate signal',
  'no-action': 'no action',
};

/** The label of a reason code, or the code itself when it has none. */
export function reasonLabel(code) {
  return Object.hasOwn(REASON_LABELS, code) ? REASON_LABELS[code] : code;
}

/** The fleet's state badges. */
export const ACTIVITY_LABELS = {
  idle: 'idle',
  'cooling-down': 'cooling down',
  'in-progress': 'in progress',
  blocked: 'blocked',
  paused: 'paused',
};
