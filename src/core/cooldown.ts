/**
 * Cooldowns per dimension (bandwidth, instance type) and direction. The length depends on the direction of
 * the change being planned; it runs from the last applied change of the same dimension in EITHER direction,
 * so that a scale-down right after a scale-up (flapping) waits the down cooldown too.
 */
import type { Direction, InstanceState } from './types.js';

export type Dimension = 'bandwidth' | 'instanceType';

/** Cooldown lengths of one dimension, seconds. */
export interface CooldownPolicy {
  cooldownUpSec: number;
  cooldownDownSec: number;
}

/** Epoch ms of the last applied change of a dimension (either direction), or undefined when there was none. */
export function lastChangeMs(lastChange: InstanceState['lastChange'], dimension: Dimension): number | undefined {
  const [up, down] =
    dimension === 'bandwidth'
      ? [lastChange.bandwidthUpMs, lastChange.bandwidthDownMs]
      : [lastChange.typeUpMs, lastChange.typeDownMs];
  if (up === undefined) return down;
  if (down === undefined) return up;
  return Math.max(up, down);
}

/**
 * When a change of `dimension` in `direction` becomes allowed: undefined when it is allowed at `nowMs`,
 * otherwise the epoch ms at which the cooldown ends.
 */
export function cooldownUntilMs(
  lastChange: InstanceState['lastChange'],
  dimension: Dimension,
  direction: Direction,
  policy: CooldownPolicy,
  nowMs: number,
): number | undefined {
  const lastMs = lastChangeMs(lastChange, dimension);
  if (lastMs === undefined) return undefined;
  const lengthSec = direction === 'up' ? policy.cooldownUpSec : policy.cooldownDownSec;
  const untilMs = lastMs + lengthSec * 1000;
  return untilMs > nowMs ? untilMs : undefined;
}

/** The `lastChange` field an applied change of `dimension` in `direction` sets (where its cooldown starts). */
export function lastChangeField(dimension: Dimension, direction: Direction): keyof InstanceState['lastChange'] {
  if (dimension === 'bandwidth') return direction === 'up' ? 'bandwidthUpMs' : 'bandwidthDownMs';
  return direction === 'up' ? 'typeUpMs' : 'typeDownMs';
}
