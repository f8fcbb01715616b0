/**
 * The guards every planned change passes, for either dimension: the cooldown of its direction, then, for a
 * downgrade, the downgrade budget (rolling window with reserve, spacing, subscription limit). Reactive decisions
 * never spend the LAST of a subscription instance's 3 lifetime downgrades, whatever the configured reserve: the
 * window budget is an anti-flapping knob (its reserve defaults to 0), the lifetime quota is not renewable.
 */
import { budgetAllows } from '../budget.js';
import { type CooldownPolicy, cooldownUntilMs, type Dimension } from '../cooldown.js';
import { bandwidthChargeType } from '../link.js';
import { describeCooldown } from '../message.js';
import { PREPAID_DOWNGRADE_LIMIT } from '../platform.js';
import type { Direction } from '../types.js';
import type { DecisionInput } from './index.js';
import { type Skip, skip, untilText } from './plan.js';

const LABEL: Record<Dimension, string> = { bandwidth: 'bandwidth', instanceType: 'instance-type' };

/** The skip that blocks a change of `dimension` in `direction` now, or undefined when it may go ahead. */
export function guardChange(
  input: DecisionInput,
  dimension: Dimension,
  direction: Direction,
  cooldown: CooldownPolicy,
  nowMs: number,
): Skip | undefined {
  const untilMs = cooldownUntilMs(input.state.lastChange, dimension, direction, cooldown, nowMs);
  if (untilMs !== undefined) {
    const lengthSec = direction === 'up' ? cooldown.cooldownUpSec : cooldown.cooldownDownSec;
    return skip('cooldown', describeCooldown(LABEL[dimension], direction, lengthSec, untilMs), untilMs);
  }
  if (direction === 'down') {
    // A bandwidth change of a VPC link is billed pay-as-you-go: no lifetime quota, whatever the instance is.
    const charge = dimension === 'bandwidth' ? bandwidthChargeType(input.instance) : input.instance.instanceChargeType;
    const verdict = budgetAllows(input.group.downgradeBudget, input.state, charge, nowMs);
    if (!verdict.ok) {
      return skip('quota', `downgrade budget: ${verdict.why}${untilText(verdict.untilMs)}`, verdict.untilMs);
    }
    const used = input.state.platformDowngrades;
    if (charge === 'PrePaid' && used >= PREPAID_DOWNGRADE_LIMIT - 1) {
      return skip(
        'quota',
        `subscription downgrade limit: ${used} of ${PREPAID_DOWNGRADE_LIMIT} used, the last one is kept for the optimiser or an operator`,
      );
    }
  }
  return undefined;
}
