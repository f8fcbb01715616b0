/**
 * The fleet view of one managed instance: ECS's current truth (type, bandwidth, charge types) joined with
 * what the store remembers (cooldowns, lease, orchestration, pause, downgrade budget). Pure: time is `nowMs`.
 */
import { budgetAllows, remainingDowngrades } from '../core/budget.js';
import type { Config, GroupPolicy } from '../core/config/types.js';
import { type CooldownPolicy, cooldownUntilMs, type Dimension } from '../core/cooldown.js';
import { bandwidthChargeType } from '../core/link.js';
import { PREPAID_DOWNGRADE_LIMIT } from '../core/platform.js';
import type { Direction, InstanceSnapshot, InstanceState, Orchestration } from '../core/types.js';
import type { Controls } from '../ports/StateStore.js';
import type { ActivityView, BlockView, BudgetView, CooldownView, InstanceView } from './types.js';

/** Everything one row needs; `orchestrations` may hold other instances' entries (they are filtered out). */
export interface FleetRowInput {
  instance: InstanceSnapshot;
  group: GroupPolicy;
  state: InstanceState;
  orchestrations: readonly Orchestration[];
  controls: Controls;
  config: Config;
  nowMs: number;
}

const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

/** Cooldowns still running at `nowMs`, per dimension the group manages and per direction. */
export function activeCooldowns(group: GroupPolicy, state: InstanceState, nowMs: number): CooldownView[] {
  const policies: [Dimension, CooldownPolicy | undefined][] = [
    ['bandwidth', group.bandwidth],
    ['instanceType', group.instanceType],
  ];
  const out: CooldownView[] = [];
  for (const [dimension, policy] of policies) {
    if (!policy) continue;
    for (const direction of ['up', 'down'] as Direction[]) {
      const untilMs = cooldownUntilMs(state.lastChange, dimension, direction, policy, nowMs);
      if (untilMs !== undefined) out.push({ dimension, direction, untilMs });
    }
  }
  return out;
}

function pausedBy(input: FleetRowInput): ActivityView['pausedBy'] {
  const { config, controls, group, state } = input;
  if (config.killSwitch || controls.killSwitch) return 'kill-switch';
  if (group.paused || controls.pausedGroups.includes(group.name)) return 'group';
  return state.paused ? 'instance' : undefined;
}

/**
 * What stops the autoscaler whatever the metrics say, as `decide` would skip: a security lock (every change), an
 * EIP not routed to (the bandwidth of a group that manages it, with the routing's reason), a VPC resource whose
 * bandwidth the platform would refuse to change (its `linkRefusal`), an exhausted downgrade budget (downgrades: the rolling window
 * or the subscription's lifetime limit, including the last downgrade reactive decisions keep back). The minimum
 * spacing between two downgrades is not a block: it lifts within minutes.
 */
export function blocksOf(input: FleetRowInput): BlockView[] {
  const { instance, group, state, nowMs } = input;
  const blocks: BlockView[] = [];
  if (instance.securityLocked) {
    const message = 'security lock: the platform refuses every change to this instance';
    blocks.push({ code: 'security-locked', scope: 'all', message });
  }
  if (instance.eipBound && group.bandwidth) {
    // Not routed to its EIP (docs/eip.md): the routing says why; without a reason, ECS was read unrouted.
    const message =
      instance.eipNotRoutedReason !== undefined
        ? `eip-bound, not routed to its EIP: ${instance.eipNotRoutedReason}`
        : 'EIP bound: the EIP’s own bandwidth limits traffic (change it through VPC)';
    blocks.push({ code: 'eip-bound', scope: 'bandwidth', message });
  }
  if (instance.linkRefusal !== undefined && group.bandwidth) {
    // A resource the platform would refuse to change: the decision skips it, the row says why.
    const message = `${resourceWords(instance)} cannot be changed: ${instance.linkRefusal}`;
    blocks.push({ code: 'link-refused', scope: 'bandwidth', message });
  }
  const charge = downgradeCharge(group, instance);
  const verdict = budgetAllows(group.downgradeBudget, state, charge, nowMs);
  if (!verdict.ok && verdict.remaining === 0) {
    const block: BlockView = { code: 'quota', scope: 'downgrades', message: `quota exhausted: ${verdict.why}` };
    if (verdict.untilMs !== undefined) block.untilMs = verdict.untilMs;
    blocks.push(block);
  } else if (charge === 'PrePaid' && state.platformDowngrades >= PREPAID_DOWNGRADE_LIMIT - 1) {
    const message = `quota exhausted: subscription downgrade limit, ${state.platformDowngrades} of ${PREPAID_DOWNGRADE_LIMIT} used, the last one is kept for the optimiser or an operator`;
    blocks.push({ code: 'quota', scope: 'downgrades', message });
  }
  return blocks;
}

/** `EIP eip-…`, `shared bandwidth package cbwp-…`, or `the link` of an instance. */
function resourceWords(instance: InstanceSnapshot): string {
  if (instance.resource === 'eip') return `EIP ${instance.instanceId}`;
  if (instance.resource === 'bandwidthPackage') return `shared bandwidth package ${instance.instanceId}`;
  return 'the link';
}

function describeBlocks(blocks: readonly BlockView[]): string {
  return blocks.map((b) => (b.untilMs === undefined ? b.message : `${b.message} until ${iso(b.untilMs)}`)).join('; ');
}

function describeCooldowns(cooldowns: readonly CooldownView[]): string {
  const names = { bandwidth: 'bandwidth', instanceType: 'instance type' };
  return cooldowns.map((c) => `${names[c.dimension]} ${c.direction} until ${iso(c.untilMs)}`).join('; ');
}

/** The state column: paused beats an action in flight, which beats a block, then a cooldown; otherwise idle. */
export function activityOf(input: FleetRowInput): ActivityView {
  const { instance, state, nowMs } = input;
  const cooldowns = activeCooldowns(input.group, state, nowMs);
  const blocks = blocksOf(input);
  const view: ActivityView = { kind: 'idle', summary: 'idle', cooldowns, blocks };
  const orchestration = input.orchestrations.find((o) => o.instanceId === instance.instanceId);
  if (orchestration) {
    const { actionKey, step, action, updatedMs } = orchestration;
    view.orchestration = { actionKey, step, fromType: action.fromType, toType: action.toType, updatedMs };
  }
  if (state.lease && state.lease.expiresAtMs > nowMs) view.lease = { ...state.lease };
  const by = pausedBy(input);
  if (by) {
    view.kind = 'paused';
    view.pausedBy = by;
    view.summary =
      by === 'kill-switch'
        ? 'paused by the kill switch'
        : by === 'group'
          ? `paused: group ${input.group.name} is paused`
          : 'paused: this instance is paused';
  } else if (view.orchestration) {
    const o = view.orchestration;
    view.kind = 'in-progress';
    view.summary = `in progress: ${o.fromType} → ${o.toType}, step ${o.step}`;
  } else if (view.lease) {
    view.kind = 'in-progress';
    view.summary = `in progress: ${view.lease.actionKey} (lease until ${iso(view.lease.expiresAtMs)})`;
  } else if (blocks.length > 0) {
    view.kind = 'blocked';
    view.summary = `blocked: ${describeBlocks(blocks)}`;
  } else if (cooldowns.length > 0) {
    view.kind = 'cooling-down';
    view.summary = `cooling down: ${describeCooldowns(cooldowns)}`;
  }
  return view;
}

/**
 * The charge type whose downgrade rules apply: the instance's when the group changes its type (a subscription's
 * lifetime quota), else its bandwidth link's (a routed EIP or a VPC resource is pay-as-you-go: core/link.ts).
 */
function downgradeCharge(group: GroupPolicy, instance: InstanceSnapshot) {
  return group.instanceType ? instance.instanceChargeType : bandwidthChargeType(instance);
}

/** Downgrades used and left, as reactive decisions (reserve kept) and the optimiser (reserve spent) see them. */
export function budgetOf(group: GroupPolicy, state: InstanceState, instance: InstanceSnapshot, nowMs: number) {
  const budget = group.downgradeBudget;
  const charge = downgradeCharge(group, instance);
  const fromMs = nowMs - budget.windowSec * 1000;
  const verdict = budgetAllows(budget, state, charge, nowMs);
  const finite = (n: number) => (Number.isFinite(n) ? n : null);
  const view: BudgetView = {
    ...(budget.maxDowngrades !== undefined ? { maxDowngrades: budget.maxDowngrades } : {}),
    reserve: budget.reserve,
    windowSec: budget.windowSec,
    usedInWindow: state.downgradesMs.filter((t) => t > fromMs).length,
    remaining: finite(remainingDowngrades(budget, state, charge, nowMs)),
    remainingWithReserve: finite(remainingDowngrades(budget, state, charge, nowMs, { keepReserve: false })),
  };
  if (!verdict.ok) {
    view.blockedBecause = verdict.why;
    if (verdict.untilMs !== undefined) view.nextAllowedMs = verdict.untilMs;
  }
  if (charge === 'PrePaid') view.platform = { used: state.platformDowngrades, limit: PREPAID_DOWNGRADE_LIMIT };
  return view;
}

function lastChangeOf(state: InstanceState): number | undefined {
  const times = Object.values(state.lastChange).filter((t): t is number => typeof t === 'number');
  return times.length > 0 ? Math.max(...times) : undefined;
}

/** One row of the fleet table. */
export function instanceView(input: FleetRowInput): InstanceView {
  const { instance, group, state, nowMs } = input;
  const view: InstanceView = {
    instanceId: instance.instanceId,
    group: group.name,
    zoneId: instance.zoneId,
    status: instance.status,
    instanceType: instance.instanceType,
    bandwidthOutMbps: instance.bandwidthOutMbps,
    instanceChargeType: instance.instanceChargeType,
    internetChargeType: instance.internetChargeType,
    activity: activityOf(input),
    budget: budgetOf(group, state, instance, nowMs),
  };
  if (instance.instanceName) view.instanceName = instance.instanceName;
  if (instance.resource !== undefined) view.resource = instance.resource;
  // A resource EIP carries its own allocation id: it is the link, not routed to one.
  else if (instance.eipAllocationId !== undefined) {
    const reason = instance.eipBound ? instance.eipNotRoutedReason : undefined;
    view.eip = { allocationId: instance.eipAllocationId, routed: !instance.eipBound, ...(reason ? { reason } : {}) };
  }
  const t = state.temporaryUpgrade;
  if (t && t.endMs > nowMs)
    view.temporaryUpgrade = { baselineMbps: t.baselineMbps, upgradedMbps: t.upgradedMbps, endMs: t.endMs };
  const last = lastChangeOf(state);
  if (last !== undefined) view.lastChangeMs = last;
  return view;
}
