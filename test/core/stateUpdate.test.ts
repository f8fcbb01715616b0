import { describe, expect, it } from 'vitest';
import { mergeUpdates } from '../../src/core/stateUpdate.js';
import { stateUpdateFor } from '../../src/core/stateUpdate.js';
import type { Action, InstanceState } from '../../src/core/types.js';
import * as b from '../app/builders.js';

const NOW = b.T0;
const WINDOW = 86_400;
const state = (over: Partial<InstanceState> = {}): InstanceState => ({
  instanceId: 'i-web1',
  version: 3,
  lastChange: {},
  downgradesMs: [],
  platformDowngrades: 0,
  paused: false,
  ...over,
});
const billing: Action = b.billingAction({ bandwidthMbps: 10, clientToken: 't' });
const downgrade = { addDowngradeAtMs: NOW, trimDowngradesBeforeMs: NOW - WINDOW * 1000 };

describe('stateUpdateFor', () => {
  it.each([
    ['bandwidth up', b.bandwidthAction(), 'PostPaid', { lastChange: { bandwidthUpMs: NOW } }],
    [
      'bandwidth down PostPaid',
      b.bandwidthAction({ direction: 'down' }),
      'PostPaid',
      { lastChange: { bandwidthDownMs: NOW }, ...downgrade },
    ],
    [
      'bandwidth down PrePaid spends platform quota',
      b.bandwidthAction({ direction: 'down' }),
      'PrePaid',
      { lastChange: { bandwidthDownMs: NOW }, ...downgrade, platformDowngradesIncrement: 1 },
    ],
    ['type up', b.typeAction(), 'PostPaid', { lastChange: { typeUpMs: NOW } }],
    [
      'type down PostPaid',
      b.typeAction({ direction: 'down' }),
      'PostPaid',
      { lastChange: { typeDownMs: NOW }, ...downgrade },
    ],
    [
      'type down PrePaid',
      b.typeAction({ direction: 'down', api: 'ModifyPrepayInstanceSpec' }),
      'PrePaid',
      { lastChange: { typeDownMs: NOW }, ...downgrade, platformDowngradesIncrement: 1 },
    ],
    ['billing method', billing, 'PostPaid', { lastChange: { billingMs: NOW } }],
  ] as const)('%s', (_name, action, charge, expected) => {
    expect(stateUpdateFor(action, b.instance({ instanceChargeType: charge }), state(), WINDOW, NOW)).toEqual(expected);
  });

  it('extending a temporary upgrade keeps the original baseline; an expired one is forgotten', () => {
    const temporary = { startTime: '2025-01-06T03:01Z', endTime: '2025-01-06T09:00Z' };
    const active = { baselineMbps: 5, upgradedMbps: 10, endMs: NOW + 1_000, actionKey: 'bw-old' };
    const up = b.bandwidthAction({ fromMbps: 10, toMbps: 20, temporary });
    expect(stateUpdateFor(up, b.instance(), state({ temporaryUpgrade: active }), WINDOW, NOW).temporaryUpgrade).toEqual(
      {
        baselineMbps: 5,
        upgradedMbps: 20,
        endMs: Date.UTC(2025, 0, 6, 9),
        actionKey: up.actionKey,
      },
    );
    const expired = { ...active, endMs: NOW - 1 };
    expect(
      stateUpdateFor(billing, b.instance(), state({ temporaryUpgrade: expired }), WINDOW, NOW).temporaryUpgrade,
    ).toBeNull();
  });

  it('mergeUpdates combines several applied actions into one commit', () => {
    const merged = mergeUpdates([
      { lastChange: { bandwidthDownMs: 1 }, addDowngradeAtMs: 1, platformDowngradesIncrement: 1 },
      { lastChange: { billingMs: 2 }, platformDowngradesIncrement: 1, temporaryUpgrade: null },
    ]);
    expect(merged).toEqual({
      lastChange: { bandwidthDownMs: 1, billingMs: 2 },
      addDowngradeAtMs: 1,
      platformDowngradesIncrement: 2,
      temporaryUpgrade: null,
    });
  });
});
