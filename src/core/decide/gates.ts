/**
 * Global gates, checked before any metric is looked at, in this order: kill switch, pause, a live lease
 * (another invocation is acting), instance not Running, security lock, no policy.
 */
import { isLeaseLive } from '../lease.js';
import { resourceLabel } from '../link.js';
import type { Decision } from '../types.js';
import type { DecisionInput } from './index.js';
import { skip, untilText } from './plan.js';

/** The skip decision of the first gate that closes, or undefined when all are open. */
export function globalGate(input: DecisionInput, nowMs: number): Decision | undefined {
  const { instance, state, group } = input;
  if (input.killSwitch) return skip('kill-switch', 'kill switch is on: no changes are made');
  if (input.paused) return skip('paused', `instance ${instance.instanceId} or group ${group.name} is paused`);
  const lease = state.lease;
  if (isLeaseLive(lease, nowMs)) {
    const message = `action ${lease.actionKey} by ${lease.holder} is in progress${untilText(lease.expiresAtMs)}`;
    return skip('in-progress', message, lease.expiresAtMs);
  }
  if (instance.status !== 'Running') {
    return skip('not-running', `instance ${instance.instanceId} is ${instance.status}; changes start from Running`);
  }
  if (instance.securityLocked) {
    const what = resourceLabel(instance) ?? `instance ${instance.instanceId}`;
    return skip('security-locked', `${what} is locked for security: the platform refuses changes`);
  }
  if (group.bandwidth === undefined && group.instanceType === undefined) {
    return skip('no-policy', `group ${group.name} has neither a bandwidth nor an instance-type policy`);
  }
  return undefined;
}
