/** Builders for the contract suite: realistic audit entries and orchestrations with overridable fields. */
import type { AuditEntry, InstanceTypeAction, Orchestration } from '../../src/core/types.js';

/** A fixed epoch (2025-06-15T12:00:00Z) so day boundaries in the tests are deliberate. */
export const T0 = Date.UTC(2025, 5, 15, 12, 0, 0);
export const DAY_MS = 86_400_000;

export function auditEntry(over: Partial<AuditEntry> & Pick<AuditEntry, 'instanceId' | 'atMs'>): AuditEntry {
  return {
    seq: '0001',
    signal: {
      source: 'cms-alarm',
      dedupeKey: `d-${over.instanceId}-${over.atMs}`,
      metric: 'VPC_PublicIP_InternetOutRate',
    },
    decision: 'scale',
    reason: 'target-tracking',
    message: 'out rate 9.1 Mbit/s over target 70 % of 10 Mbps: 10 → 14 Mbps',
    before: { bandwidthOutMbps: 10 },
    after: { bandwidthOutMbps: 14 },
    result: 'applied',
    ...over,
  };
}

export function typeAction(instanceId: string, actionKey: string): InstanceTypeAction {
  return {
    kind: 'instanceType',
    instanceId,
    direction: 'up',
    fromType: 'ecs.g7.large',
    toType: 'ecs.g7.xlarge',
    api: 'ModifyInstanceSpec',
    stoppedMode: 'KeepCharging',
    clientToken: `tok-${actionKey}`,
    actionKey,
  };
}

export function orchestration(actionKey: string, over: Partial<Orchestration> = {}): Orchestration {
  const instanceId = over.instanceId ?? 'i-orch';
  return {
    actionKey,
    instanceId,
    action: typeAction(instanceId, actionKey),
    step: 'planned',
    version: 1,
    createdMs: T0,
    updatedMs: T0,
    attempts: 0,
    requestIds: [],
    ...over,
  };
}
