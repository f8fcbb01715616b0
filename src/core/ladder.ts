/**
 * Instance-type ladders: an ordered list of types (smallest → largest) an instance moves along one rung
 * at a time, except when a schedule's floor asks for a larger type (then it goes straight to the floor,
 * because every type change costs a stop/start).
 */
import type { Direction } from './types.js';

/** Position of `instanceType` on the ladder, or -1 when it is not on it. */
export function ladderIndex(ladder: readonly string[], instanceType: string): number {
  return ladder.indexOf(instanceType);
}

/** The neighbouring rung in `direction`, or undefined at the top/bottom or when the type is not on the ladder. */
export function ladderStep(ladder: readonly string[], instanceType: string, direction: Direction): string | undefined {
  const index = ladderIndex(ladder, instanceType);
  if (index < 0) return undefined;
  return ladder[direction === 'up' ? index + 1 : index - 1];
}

/**
 * Apply a floor rung to a wanted rung index: never below the floor. An unknown floor type (not on the
 * ladder) is no floor at all; the config validator reports it.
 */
export function withFloor(ladder: readonly string[], wantedIndex: number, floorType: string | undefined): number {
  const floorIndex = floorType === undefined ? -1 : ladderIndex(ladder, floorType);
  return Math.max(wantedIndex, floorIndex);
}
