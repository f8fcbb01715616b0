import { describe, expect, it } from 'vitest';
import { cooldownUntilMs, lastChangeField, lastChangeMs } from '../../src/core/cooldown.js';
import { T0 } from './builders.js';

const policy = { cooldownUpSec: 60, cooldownDownSec: 600 };

describe('lastChangeMs', () => {
  it.each([
    [{}, 'bandwidth', undefined],
    [{ bandwidthUpMs: 5 }, 'bandwidth', 5],
    [{ bandwidthDownMs: 7 }, 'bandwidth', 7],
    [{ bandwidthUpMs: 5, bandwidthDownMs: 7 }, 'bandwidth', 7],
    [{ bandwidthUpMs: 9, bandwidthDownMs: 7 }, 'bandwidth', 9],
    [{ bandwidthUpMs: 9, typeDownMs: 3 }, 'instanceType', 3],
    [{ typeUpMs: 4, typeDownMs: 3 }, 'instanceType', 4],
  ] as const)('%o / %s → %s', (lastChange, dimension, expected) => {
    expect(lastChangeMs(lastChange, dimension)).toBe(expected);
  });
});

describe('cooldownUntilMs', () => {
  it.each([
    ['no change yet', {}, 'up', T0, undefined],
    ['up inside the up cooldown', { bandwidthUpMs: T0 - 30_000 }, 'up', T0, T0 + 30_000],
    ['up exactly at its end', { bandwidthUpMs: T0 - 60_000 }, 'up', T0, undefined],
    ['down after an up waits the down cooldown', { bandwidthUpMs: T0 - 60_000 }, 'down', T0, T0 + 540_000],
    ['up after a down waits the up cooldown', { bandwidthDownMs: T0 - 10_000 }, 'up', T0, T0 + 50_000],
    ['other dimension does not count', { typeUpMs: T0 }, 'up', T0, undefined],
  ] as const)('%s', (_name, lastChange, direction, nowMs, expected) => {
    expect(cooldownUntilMs(lastChange, 'bandwidth', direction, policy, nowMs)).toBe(expected);
  });
});

describe('lastChangeField', () => {
  it.each([
    ['bandwidth', 'up', 'bandwidthUpMs'],
    ['bandwidth', 'down', 'bandwidthDownMs'],
    ['instanceType', 'up', 'typeUpMs'],
    ['instanceType', 'down', 'typeDownMs'],
  ] as const)('%s %s → %s', (dimension, direction, field) => {
    expect(lastChangeField(dimension, direction)).toBe(field);
  });
});
