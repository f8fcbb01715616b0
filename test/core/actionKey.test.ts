import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACTION_SLOT_MS,
  type ActionKeyParts,
  actionKeyFor,
  actionSlotMs,
  isValidClientToken,
} from '../../src/core/actionKey.js';
import { T0 } from './builders.js';

const base: ActionKeyParts = {
  instanceId: 'i-bp1h4adlltjc1d48goaq',
  kind: 'bandwidth',
  params: [10, 20, false, null, null],
  epochMs: 0,
  nowMs: T0,
};

describe('actionKeyFor', () => {
  it('gives FC-task-id-safe keys and short ASCII tokens', () => {
    const keys = actionKeyFor(base);
    expect(keys.actionKey).toMatch(/^bw-i-bp1h4adlltjc1d48goaq-[0-9a-f]{16}$/);
    expect(keys.clientToken).toMatch(/^as-[0-9a-f]{40}$/);
    expect(isValidClientToken(keys.clientToken)).toBe(true);
  });

  it.each([
    [
      'instanceType',
      {
        kind: 'instanceType' as const,
        params: ['ecs.g7.large', 'ecs.g7.xlarge', 'ModifyInstanceSpec', 'KeepCharging'],
      },
      /^type-/,
    ],
    ['billingMethod', { kind: 'billingMethod' as const }, /^bill-/],
    ['odd instance ids are made safe', { instanceId: 'i.x/y z' }, /^bw-i_x_y_z-/],
  ])('%s', (_name, over, pattern) => {
    expect(actionKeyFor({ ...base, ...over }).actionKey).toMatch(pattern);
  });

  it.each([
    ['a retry later in the same hour', { nowMs: T0 + 59 * 60_000 }, true],
    ['another target', { params: [10, 30, false, null, null] }, false],
    ['another start time', { params: [10, 20, false, '2024-05-01T10:01Z', '2024-05-01T14:00Z'] }, false],
    ['after a committed change', { epochMs: T0 - 1 }, false],
    ['the next hour', { nowMs: T0 + ACTION_SLOT_MS }, false],
    ['another instance', { instanceId: 'i-other' }, false],
  ])('%s → same keys: %s', (_name, over, same) => {
    const a = actionKeyFor(base);
    const b = actionKeyFor({ ...base, ...over });
    expect(a.clientToken === b.clientToken).toBe(same);
    expect(a.actionKey === b.actionKey).toBe(same);
  });

  it('is stable for equal parts and distinct for distinct targets (1,000 runs)', () => {
    const parts = fc.record({
      instanceId: fc.stringMatching(/^i-[a-z0-9]{1,20}$/),
      from: fc.integer({ min: 0, max: 200 }),
      to: fc.integer({ min: 0, max: 200 }),
      epochMs: fc.integer({ min: 0, max: 2e12 }),
      nowMs: fc.integer({ min: 0, max: 2e12 }),
    });
    fc.assert(
      fc.property(parts, fc.integer({ min: 1, max: 200 }), (p, delta) => {
        const make = (to: number) =>
          actionKeyFor({
            instanceId: p.instanceId,
            kind: 'bandwidth',
            params: [p.from, to],
            epochMs: p.epochMs,
            nowMs: p.nowMs,
          });
        const first = make(p.to);
        expect(make(p.to)).toEqual(first);
        expect(make(p.to + delta).clientToken).not.toBe(first.clientToken);
        expect(isValidClientToken(first.clientToken)).toBe(true);
        expect(first.actionKey.length).toBeLessThanOrEqual(128);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('isValidClientToken and actionSlotMs', () => {
  it.each([
    ['a'.repeat(64), true],
    ['a'.repeat(65), false],
    ['', false],
    ['has space', false],
    ['ünïcode', false],
  ])('%s → %s', (token, ok) => {
    expect(isValidClientToken(token)).toBe(ok);
  });

  it('slots are whole hours', () => {
    expect(actionSlotMs(T0 + 1_234_567)).toBe(T0);
  });
});
