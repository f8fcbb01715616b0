import { describe, expect, it } from 'vitest';
import type { InstanceState, Orchestration } from '../../src/core/types.js';
import { activityOf, blocksOf, budgetOf, instanceView } from '../../src/dashboard/fleet.js';
import type { Controls } from '../../src/ports/StateStore.js';
import { dashboardConfig, dashboardGroup, dashboardInstance, MIN, T0 } from './fakes.js';

function state(over: Partial<InstanceState> = {}): InstanceState {
  return {
    instanceId: 'i-web1',
    version: 3,
    lastChange: {},
    downgradesMs: [],
    platformDowngrades: 0,
    paused: false,
    ...over,
  };
}
const noControls: Controls = { killSwitch: false, pausedGroups: [] };

function orchestration(over: Partial<Orchestration> = {}): Orchestration {
  return {
    actionKey: 'type-i-web1-1',
    instanceId: 'i-web1',
    action: {
      kind: 'instanceType',
      instanceId: 'i-web1',
      direction: 'up',
      fromType: 'ecs.g7.large',
      toType: 'ecs.g7.xlarge',
      api: 'ModifyInstanceSpec',
      stoppedMode: 'KeepCharging',
      clientToken: 'tok',
      actionKey: 'type-i-web1-1',
    },
    step: 'stopping',
    version: 2,
    createdMs: T0 - MIN,
    updatedMs: T0 - 30_000,
    attempts: 1,
    requestIds: [],
    ...over,
  };
}

const row = (over: Partial<Parameters<typeof activityOf>[0]> = {}) => ({
  instance: dashboardInstance(),
  group: dashboardGroup(),
  state: state(),
  orchestrations: [],
  controls: noControls,
  config: dashboardConfig(),
  nowMs: T0,
  ...over,
});

describe('activityOf: the state column', () => {
  it.each([
    ['nothing remembered', row(), 'idle', []],
    // Up cooldown 300 s, down 900 s, both counted from the last change in either direction.
    [
      'bandwidth raised 2 min ago',
      row({ state: state({ lastChange: { bandwidthUpMs: T0 - 2 * MIN } }) }),
      'cooling-down',
      [
        { dimension: 'bandwidth', direction: 'up', untilMs: T0 + 3 * MIN },
        { dimension: 'bandwidth', direction: 'down', untilMs: T0 + 13 * MIN },
      ],
    ],
    [
      'bandwidth raised 10 min ago: only the down cooldown runs',
      row({ state: state({ lastChange: { bandwidthUpMs: T0 - 10 * MIN } }) }),
      'cooling-down',
      [{ dimension: 'bandwidth', direction: 'down', untilMs: T0 + 5 * MIN }],
    ],
    [
      'bandwidth raised 15 min ago: all over (boundary is exclusive)',
      row({ state: state({ lastChange: { bandwidthUpMs: T0 - 15 * MIN } }) }),
      'idle',
      [],
    ],
    [
      'a type change in a group without a type policy has no cooldown',
      row({ state: state({ lastChange: { typeUpMs: T0 - MIN } }) }),
      'idle',
      [],
    ],
  ])('%s → %s', (_name, input, kind, cooldowns) => {
    const view = activityOf(input);
    expect(view.kind).toBe(kind);
    expect(view.cooldowns).toEqual(cooldowns);
  });

  it.each([
    [
      'live lease',
      row({ state: state({ lease: { holder: 'inv-9', actionKey: 'bw-1', expiresAtMs: T0 + 1 } }) }),
      'in-progress',
    ],
    [
      'expired lease',
      row({ state: state({ lease: { holder: 'inv-9', actionKey: 'bw-1', expiresAtMs: T0 } }) }),
      'idle',
    ],
    ['orchestration of this instance', row({ orchestrations: [orchestration()] }), 'in-progress'],
    ['orchestration of another instance', row({ orchestrations: [orchestration({ instanceId: 'i-other' })] }), 'idle'],
    ['instance paused', row({ state: state({ paused: true }) }), 'paused'],
    ['group paused in the config', row({ group: dashboardGroup({ paused: true }) }), 'paused'],
    ['group paused by controls', row({ controls: { killSwitch: false, pausedGroups: ['web'] } }), 'paused'],
    ['kill switch in the config', row({ config: dashboardConfig([dashboardGroup()], { killSwitch: true }) }), 'paused'],
    [
      'paused beats in progress beats cooling down',
      row({
        state: state({ paused: true, lastChange: { bandwidthUpMs: T0 - MIN } }),
        orchestrations: [orchestration()],
      }),
      'paused',
    ],
    [
      'in progress beats cooling down',
      row({ state: state({ lastChange: { bandwidthUpMs: T0 - MIN } }), orchestrations: [orchestration()] }),
      'in-progress',
    ],
  ])('%s → %s', (_name, input, kind) => {
    expect(activityOf(input).kind).toBe(kind);
  });

  it('names who paused, the step in flight and the cooldown end in its sentence', () => {
    expect(activityOf(row({ controls: { killSwitch: true, pausedGroups: [] } }))).toMatchObject({
      pausedBy: 'kill-switch',
      summary: 'paused by the kill switch',
    });
    const busy = activityOf(row({ orchestrations: [orchestration({ step: 'stopped' })] }));
    expect(busy.summary).toBe('in progress: ecs.g7.large → ecs.g7.xlarge, step stopped');
    expect(busy.orchestration).toMatchObject({ step: 'stopped', toType: 'ecs.g7.xlarge' });
    const cooling = activityOf(row({ state: state({ lastChange: { bandwidthDownMs: T0 - 10 * MIN } }) }));
    expect(cooling.summary).toBe('cooling down: bandwidth down until 2025-01-06T03:05:00Z');
  });
});

describe('blocksOf / activityOf: a blocked instance says why, never idle', () => {
  const budget = { maxDowngrades: 2, windowSec: 86_400, reserve: 0, minIntervalSec: 300 };
  it.each([
    [
      'a security lock blocks every change',
      row({ instance: dashboardInstance({ securityLocked: true }) }),
      [
        {
          code: 'security-locked',
          scope: 'all',
          message: 'security lock: the platform refuses every change to this instance',
        },
      ],
    ],
    [
      'an EIP blocks the bandwidth',
      row({ instance: dashboardInstance({ eipBound: true }) }),
      [
        {
          code: 'eip-bound',
          scope: 'bandwidth',
          message: 'EIP bound: the EIP’s own bandwidth limits traffic (change it through VPC)',
        },
      ],
    ],
    [
      'an exhausted rolling window blocks downgrades until the oldest ages out',
      row({
        group: dashboardGroup({ downgradeBudget: budget }),
        state: state({ downgradesMs: [T0 - 60 * MIN, T0 - 30 * MIN] }),
      }),
      [
        {
          code: 'quota',
          scope: 'downgrades',
          message: 'quota exhausted: 2 downgrades in the last 86400 s, budget 2 with 0 in reserve',
          untilMs: T0 - 60 * MIN + 86_400_000,
        },
      ],
    ],
    [
      'a subscription with 2 of 3 used keeps the last one back',
      row({
        instance: dashboardInstance({ instanceChargeType: 'PrePaid' }),
        group: dashboardGroup({ downgradeBudget: { windowSec: 86_400, reserve: 0, minIntervalSec: 300 } }),
        state: state({ platformDowngrades: 2 }),
      }),
      [
        {
          code: 'quota',
          scope: 'downgrades',
          message:
            'quota exhausted: subscription downgrade limit, 2 of 3 used, the last one is kept for the optimiser or an operator',
        },
      ],
    ],
  ])('%s', (_name, input, blocks) => {
    expect(blocksOf(input)).toEqual(blocks);
    const view = activityOf(input);
    expect(view.kind).toBe('blocked');
    expect(view.blocks).toEqual(blocks);
    expect(view.summary).toMatch(/^blocked: /);
  });

  it.each([
    [
      'an EIP in a group without a bandwidth policy',
      row({ instance: dashboardInstance({ eipBound: true }), group: dashboardGroup({ bandwidth: undefined }) }),
    ],
    [
      'the minimum spacing between downgrades (it lifts within minutes)',
      row({ state: state({ downgradesMs: [T0 - MIN] }) }),
    ],
    [
      'budget left',
      row({ group: dashboardGroup({ downgradeBudget: budget }), state: state({ downgradesMs: [T0 - 60 * MIN] }) }),
    ],
  ])('%s is no block', (_name, input) => {
    expect(blocksOf(input)).toEqual([]);
  });

  it('paused beats in progress beats blocked beats cooling down; blocks are reported whatever the kind', () => {
    const locked = { instance: dashboardInstance({ securityLocked: true }) };
    const cooling = state({ lastChange: { bandwidthUpMs: T0 - MIN } });
    expect(activityOf(row({ ...locked, state: cooling })).kind).toBe('blocked');
    const busy = activityOf(row({ ...locked, orchestrations: [orchestration()] }));
    expect(busy.kind).toBe('in-progress');
    expect(busy.blocks.map((b) => b.code)).toEqual(['security-locked']);
    expect(activityOf(row({ ...locked, state: state({ paused: true }) })).kind).toBe('paused');
  });

  it('says the end of a quota block in its summary, in UTC', () => {
    const input = row({
      group: dashboardGroup({ downgradeBudget: budget }),
      state: state({ downgradesMs: [T0 - 60 * MIN, T0 - 30 * MIN] }),
    });
    expect(activityOf(input).summary).toBe(
      'blocked: quota exhausted: 2 downgrades in the last 86400 s, budget 2 with 0 in reserve until 2025-01-07T02:00:00Z',
    );
  });

  it('names the paused group', () => {
    expect(activityOf(row({ group: dashboardGroup({ paused: true }) })).summary).toBe('paused: group web is paused');
    expect(activityOf(row({ state: state({ paused: true }) })).summary).toBe('paused: this instance is paused');
  });
});

describe('budgetOf: downgrades used and left', () => {
  const budget = { maxDowngrades: 3, windowSec: 86_400, reserve: 1, minIntervalSec: 300 };
  it.each([
    ['none used', [], 0, 'PostPaid' as const, { usedInWindow: 0, remaining: 2, remainingWithReserve: 3 }],
    [
      'one used an hour ago',
      [T0 - 60 * MIN],
      0,
      'PostPaid' as const,
      { usedInWindow: 1, remaining: 1, remainingWithReserve: 2 },
    ],
    ['one outside the window', [T0 - 86_400_000], 0, 'PostPaid' as const, { usedInWindow: 0, remaining: 2 }],
    [
      'two used: the reserve is all that is left',
      [T0 - 90 * MIN, T0 - 60 * MIN],
      0,
      'PostPaid' as const,
      { usedInWindow: 2, remaining: 0, remainingWithReserve: 1 },
    ],
    // Subscription: 3 lifetime downgrades, 2 already spent, 1 kept in reserve → none for reactive decisions.
    [
      'subscription near its platform limit',
      [],
      2,
      'PrePaid' as const,
      { remaining: 0, remainingWithReserve: 1, platform: { used: 2, limit: 3 } },
    ],
  ])('%s', (_name, downgradesMs, platformDowngrades, charge, expected) => {
    const view = budgetOf(
      dashboardGroup({ downgradeBudget: budget }),
      state({ downgradesMs, platformDowngrades }),
      dashboardInstance({ instanceChargeType: charge }),
      T0,
    );
    expect(view).toMatchObject({ maxDowngrades: 3, reserve: 1, windowSec: 86_400, ...expected });
  });

  it('says why a downgrade is blocked and until when', () => {
    const view = budgetOf(
      dashboardGroup({ downgradeBudget: budget }),
      state({ downgradesMs: [T0 - 2 * MIN] }),
      dashboardInstance(),
      T0,
    );
    expect(view.remaining).toBe(1);
    expect(view.blockedBecause).toBe('last downgrade less than 300 s ago');
    expect(view.nextAllowedMs).toBe(T0 + 3 * MIN);
    const full = budgetOf(
      dashboardGroup({ downgradeBudget: budget }),
      state({ downgradesMs: [T0 - 90 * MIN, T0 - 60 * MIN] }),
      dashboardInstance(),
      T0,
    );
    // The older of the two ages out of the rolling window first.
    expect(full.nextAllowedMs).toBe(T0 - 90 * MIN + 86_400_000);
  });

  it('without a maxDowngrades (the default) a pay-as-you-go instance has no count limit, a subscription its 3', () => {
    const platform = { windowSec: 86_400, reserve: 0, minIntervalSec: 300 };
    const downs = [T0 - 90 * MIN, T0 - 60 * MIN, T0 - 30 * MIN, T0 - 10 * MIN];
    const postPaid = budgetOf(
      dashboardGroup({ downgradeBudget: platform }),
      state({ downgradesMs: downs }),
      dashboardInstance(),
      T0,
    );
    expect(postPaid).toEqual({
      reserve: 0,
      windowSec: 86_400,
      usedInWindow: 4,
      remaining: null,
      remainingWithReserve: null,
    });
    expect(JSON.parse(JSON.stringify(postPaid))).toEqual(postPaid);
    const prePaid = budgetOf(
      dashboardGroup({ downgradeBudget: platform }),
      state({ downgradesMs: downs, platformDowngrades: 1 }),
      dashboardInstance({ instanceChargeType: 'PrePaid' }),
      T0,
    );
    expect(prePaid).toMatchObject({ remaining: 2, remainingWithReserve: 2, platform: { used: 1, limit: 3 } });
    expect(prePaid).not.toHaveProperty('maxDowngrades');
  });
});

describe('instanceView', () => {
  it('joins the ECS truth with the remembered state', () => {
    const view = instanceView(
      row({
        instance: dashboardInstance({ bandwidthOutMbps: 40, instanceChargeType: 'PrePaid' }),
        state: state({
          lastChange: { bandwidthUpMs: T0 - 30 * MIN, billingMs: T0 - 20 * MIN },
          temporaryUpgrade: { baselineMbps: 10, upgradedMbps: 40, endMs: T0 + 150 * MIN, actionKey: 'k' },
        }),
      }),
    );
    expect(view).toMatchObject({
      instanceId: 'i-web1',
      instanceName: 'web-1',
      group: 'web',
      bandwidthOutMbps: 40,
      instanceChargeType: 'PrePaid',
      temporaryUpgrade: { baselineMbps: 10, upgradedMbps: 40, endMs: T0 + 150 * MIN },
      lastChangeMs: T0 - 20 * MIN,
    });
  });

  it('drops a temporary upgrade that has already ended', () => {
    const ended = state({ temporaryUpgrade: { baselineMbps: 10, upgradedMbps: 40, endMs: T0, actionKey: 'k' } });
    expect(instanceView(row({ state: ended })).temporaryUpgrade).toBeUndefined();
  });
});
