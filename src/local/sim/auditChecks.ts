/**
 * What the product's audit trail says about a simulation: its changes as report actions, and its own invariants
 * checked independently (cooldowns per direction, the downgrade budget). A billing-method switch is neither a
 * capacity change nor a downgrade: it spends no budget and has no cooldown, so the checks leave it out.
 */
import type { BandwidthPolicy, GroupPolicy, InstanceTypePolicy } from '../../core/config/types.js';
import { isBillingSwitch } from '../../core/optimise/audited.js';
import type { AuditEntry } from '../../core/types.js';
import { INSTANCE_TYPES } from '@ecs-autoscaler/local-cloud/ecs/catalog.js';
import type { SimAction } from './result.js';

/** An applied switch of the network charge type is recognised as the optimiser recognises it. */
export { isBillingSwitch };

/** Applied changes of capacity (bandwidth or instance type), in time order. */
export function capacityChanges(applied: readonly AuditEntry[]): AuditEntry[] {
  return applied.filter((e) => !isBillingSwitch(e));
}

/** vCPUs of a type (the emulator's catalogue), for ordering sizes: `2xlarge` > `xlarge` although not as text. */
function vcpu(type: string): number {
  return INSTANCE_TYPES.get(type)?.cpu ?? 0;
}

const up = (e: AuditEntry) =>
  (e.after?.bandwidthOutMbps ?? 0) > (e.before?.bandwidthOutMbps ?? 0) ||
  (e.after?.instanceType !== undefined &&
    e.before?.instanceType !== undefined &&
    vcpu(e.after.instanceType) > vcpu(e.before.instanceType));

/** Changes closer than the policy's cooldown (per direction, from the previous change of the dimension). */
export function cooldownViolations(
  applied: readonly AuditEntry[],
  policy: BandwidthPolicy | InstanceTypePolicy,
): number {
  const changes = capacityChanges(applied);
  let violations = 0;
  for (let i = 1; i < changes.length; i++) {
    const gapSec = ((changes[i] as AuditEntry).atMs - (changes[i - 1] as AuditEntry).atMs) / 1000;
    const need = up(changes[i] as AuditEntry) ? policy.cooldownUpSec : policy.cooldownDownSec;
    if (gapSec + 1e-6 < need && (changes[i] as AuditEntry).reason !== 'temporary-extend') violations++;
  }
  return violations;
}

/** Downgrades beyond maxDowngrades (when set) in any rolling window, or closer than minIntervalSec. */
export function quotaViolations(applied: readonly AuditEntry[], group: GroupPolicy): number {
  const downs = capacityChanges(applied)
    .filter((e) => !up(e))
    .map((e) => e.atMs);
  const { windowSec, minIntervalSec } = group.downgradeBudget;
  const maxDowngrades = group.downgradeBudget.maxDowngrades ?? Number.POSITIVE_INFINITY;
  let violations = 0;
  downs.forEach((t, i) => {
    const inWindow = downs.filter((u) => u <= t && u > t - windowSec * 1000).length;
    const prev = downs[i - 1];
    if (inWindow > maxDowngrades || (prev !== undefined && t - prev < minIntervalSec * 1000)) violations++;
  });
  return violations;
}

function actionOf(e: AuditEntry): SimAction {
  const common = { atMs: e.atMs, reason: e.reason, message: e.message };
  if (isBillingSwitch(e)) {
    return {
      ...common,
      kind: 'billingMethod',
      from: e.before?.internetChargeType ?? '?',
      to: e.after?.internetChargeType ?? '?',
    };
  }
  const byType = Boolean(e.before?.instanceType && e.after?.instanceType);
  return {
    ...common,
    kind: byType ? 'instanceType' : 'bandwidth',
    from: byType ? (e.before?.instanceType as string) : `${e.before?.bandwidthOutMbps} Mbps`,
    to: byType ? (e.after?.instanceType as string) : `${e.after?.bandwidthOutMbps} Mbps`,
    direction: up(e) ? 'up' : 'down',
  };
}

/** The report's actions: every applied change, billing switches included. */
export function actionsOf(applied: readonly AuditEntry[]): SimAction[] {
  return applied.map(actionOf);
}
