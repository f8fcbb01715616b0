/**
 * What an applied action records in the instance row: the cooldown start for its dimension and direction,
 * a downgrade against the budget (and the platform's lifetime counter for subscription instances), and the
 * temporary upgrade the platform will revert by itself. Pure: the caller passes `nowMs`.
 */
import { bandwidthChargeType } from './link.js';
import type { Action, InstanceSnapshot, InstanceState, StateUpdate } from './types.js';

function downgrade(budgetWindowSec: number, nowMs: number, platform: boolean): StateUpdate {
  return {
    addDowngradeAtMs: nowMs,
    trimDowngradesBeforeMs: nowMs - budgetWindowSec * 1000,
    ...(platform ? { platformDowngradesIncrement: 1 } : {}),
  };
}

function bandwidthUpdate(
  action: Extract<Action, { kind: 'bandwidth' }>,
  instance: InstanceSnapshot,
  state: InstanceState,
  budgetWindowSec: number,
  nowMs: number,
): StateUpdate {
  if (action.direction === 'down') {
    // A subscription bandwidth downgrade spends the platform's quota of 3; pay-as-you-go ones (a VPC link's too,
    // whatever the instance) do not.
    return {
      lastChange: { bandwidthDownMs: nowMs },
      ...downgrade(budgetWindowSec, nowMs, bandwidthChargeType(instance) === 'PrePaid'),
    };
  }
  if (!action.temporary) return { lastChange: { bandwidthUpMs: nowMs } };
  const active = state.temporaryUpgrade && state.temporaryUpgrade.endMs > nowMs ? state.temporaryUpgrade : undefined;
  return {
    lastChange: { bandwidthUpMs: nowMs },
    temporaryUpgrade: {
      // Extending keeps the original baseline: that is what the platform reverts to.
      baselineMbps: active?.baselineMbps ?? action.fromMbps,
      upgradedMbps: action.toMbps,
      endMs: Date.parse(action.temporary.endTime),
      actionKey: action.actionKey,
    },
  };
}

/**
 * The StateUpdate to commit once `action` has been applied at `nowMs`. `budgetWindowSec` is the group's
 * downgrade-budget window: remembered downgrades older than it are trimmed.
 */
export function stateUpdateFor(
  action: Action,
  instance: InstanceSnapshot,
  state: InstanceState,
  budgetWindowSec: number,
  nowMs: number,
): StateUpdate {
  let update: StateUpdate;
  switch (action.kind) {
    case 'bandwidth':
      update = bandwidthUpdate(action, instance, state, budgetWindowSec, nowMs);
      break;
    case 'instanceType':
      update =
        action.direction === 'up'
          ? { lastChange: { typeUpMs: nowMs } }
          : {
              lastChange: { typeDownMs: nowMs },
              ...downgrade(budgetWindowSec, nowMs, action.api === 'ModifyPrepayInstanceSpec'),
            };
      break;
    case 'billingMethod':
      update = { lastChange: { billingMs: nowMs } };
      break;
  }
  // Housekeeping: forget a temporary upgrade the platform has already reverted.
  if (update.temporaryUpgrade === undefined && state.temporaryUpgrade && state.temporaryUpgrade.endMs <= nowMs) {
    update.temporaryUpgrade = null;
  }
  return update;
}

/**
 * Merge the updates of several changes recorded in one commit (a lapsed lease's write-ahead: recover.ts):
 * later fields win, downgrades add up.
 */
export function mergeUpdates(updates: readonly StateUpdate[]): StateUpdate {
  const merged: StateUpdate = {};
  for (const u of updates) {
    merged.lastChange = { ...merged.lastChange, ...u.lastChange };
    if (u.addDowngradeAtMs !== undefined) merged.addDowngradeAtMs = u.addDowngradeAtMs;
    if (u.trimDowngradesBeforeMs !== undefined) merged.trimDowngradesBeforeMs = u.trimDowngradesBeforeMs;
    if (u.platformDowngradesIncrement) {
      merged.platformDowngradesIncrement = (merged.platformDowngradesIncrement ?? 0) + u.platformDowngradesIncrement;
    }
    if (u.temporaryUpgrade !== undefined) merged.temporaryUpgrade = u.temporaryUpgrade;
  }
  return merged;
}

/**
 * Apply an update to a row (without touching version or lease). Order: lastChange merged (undefined
 * fields ignored), the new downgrade appended and the list kept sorted oldest first, then the trim, then
 * the platform counter, then the temporary upgrade (null clears it).
 */
export function applyStateUpdate(state: InstanceState, update: StateUpdate): InstanceState {
  // Copy on write: only what an update changes is copied (the rest, e.g. a forecast profile of thousands of slots,
  // is shared and never mutated); this runs on every change of every backtest.
  const next: InstanceState = { ...state, lastChange: { ...state.lastChange }, downgradesMs: [...state.downgradesMs] };
  for (const [key, value] of Object.entries(update.lastChange ?? {})) {
    if (value !== undefined) next.lastChange[key as keyof InstanceState['lastChange']] = value;
  }
  if (update.addDowngradeAtMs !== undefined) {
    next.downgradesMs = [...next.downgradesMs, update.addDowngradeAtMs].sort((a, b) => a - b);
  }
  const trimBeforeMs = update.trimDowngradesBeforeMs;
  if (trimBeforeMs !== undefined) next.downgradesMs = next.downgradesMs.filter((ms) => ms >= trimBeforeMs);
  if (update.platformDowngradesIncrement) next.platformDowngrades += update.platformDowngradesIncrement;
  if (update.temporaryUpgrade === null) delete next.temporaryUpgrade;
  else if (update.temporaryUpgrade !== undefined) next.temporaryUpgrade = structuredClone(update.temporaryUpgrade);
  return next;
}
