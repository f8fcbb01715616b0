/**
 * The guards every planned change passes, for either dimension: the cooldown of its direction, then, for a
 * downgrade, the downgrade budget (rolling window with reserve, spacing, subscription limit).
 */
import { budgetAllows } from '../budget.js';
import { type CooldownPolicy, cooldownUntilMs, type Dimension } from '../cooldown.js';
import { describeCooldown } from '../message.js';
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
    const verdict = budgetAllows(input.group.downgradeBudget, input.state, input.instance.instanceChargeType, nowMs);
    if (!verdict.ok) {
      return skip('quota', `downgrade budget: ${verdict.why}${untilText(verdict.untilMs)}`, verdict.untilMs);
    }
  }
  return undefined;
}
