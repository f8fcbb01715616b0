import { describe, expect, it } from 'vitest';
import { ladderIndex, ladderStep, withFloor } from '../../src/core/ladder.js';

const ladder = ['ecs.g7.large', 'ecs.g7.xlarge', 'ecs.g7.2xlarge'];

describe('ladder', () => {
  it.each([
    ['ecs.g7.large', 0],
    ['ecs.g7.2xlarge', 2],
    ['ecs.c7.large', -1],
  ])('index of %s is %i', (type, index) => {
    expect(ladderIndex(ladder, type)).toBe(index);
  });

  it.each([
    ['ecs.g7.large', 'up', 'ecs.g7.xlarge'],
    ['ecs.g7.xlarge', 'down', 'ecs.g7.large'],
    ['ecs.g7.2xlarge', 'up', undefined],
    ['ecs.g7.large', 'down', undefined],
    ['ecs.c7.large', 'up', undefined],
  ] as const)('%s %s → %s', (type, direction, next) => {
    expect(ladderStep(ladder, type, direction)).toBe(next);
  });

  it.each([
    [0, undefined, 0],
    [0, 'ecs.g7.xlarge', 1],
    [2, 'ecs.g7.xlarge', 2],
    [0, 'ecs.c7.large', 0],
  ])('wanted %i with floor %s → %i', (wanted, floor, expected) => {
    expect(withFloor(ladder, wanted, floor)).toBe(expected);
  });
});
