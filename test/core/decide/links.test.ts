// The bandwidth link a decision is about (src/core/link.ts, docs/eip.md): an EIP or a shared bandwidth package
// managed by a group of its own, a link the VPC resources refuse, and a subscription instance routed to its
// pay-as-you-go EIP — pay-as-you-go for every bandwidth rule, while its instance type keeps the subscription's.
import { describe, expect, it } from 'vitest';
import { decide } from '../../../src/core/decide/index.js';
import { guardChange } from '../../../src/core/decide/guards.js';
import {
  bandwidthChargeType,
  bandwidthMetricSource,
  isVpcLink,
  linkBandwidthRange,
  resourceLabel,
} from '../../../src/core/link.js';
import { stateUpdateFor } from '../../../src/core/stateUpdate.js';
import { usesTemporaryUpgrade } from '../../../src/core/temporary.js';
import type { Decision, InstanceSnapshot } from '../../../src/core/types.js';
import { eipResourceSnapshot, packageResourceSnapshot } from '../../../src/core/vpcResource.js';
import { OPTIMISATION_DEFAULTS } from '../../../src/testing/builders.js';
import {
  bandwidthPolicy,
  group,
  input,
  instance,
  MIN,
  mbpsSeries,
  state,
  T0,
  typeAction,
  typePolicy,
} from '../builders.js';

const eip = (over: Partial<Parameters<typeof eipResourceSnapshot>[0]> = {}) =>
  eipResourceSnapshot(
    {
      allocationId: 'eip-bp1',
      ipAddress: '47.1.1.1',
      bandwidthMbps: 20,
      internetChargeType: 'PayByBandwidth',
      chargeType: 'PostPaid',
      status: 'Available',
      lockReasons: [],
      tags: { team: 'a' },
      ...over,
    },
    'cn-hangzhou',
  );
const pkg = (over: Partial<Parameters<typeof packageResourceSnapshot>[0]> = {}) =>
  packageResourceSnapshot(
    {
      bandwidthPackageId: 'cbwp-bp1',
      bandwidthMbps: 10,
      internetChargeType: 'PayByBandwidth',
      chargeType: 'PostPaid',
      status: 'Available',
      tags: {},
      ...over,
    },
    'cn-hangzhou',
  );
/** A subscription instance routed to its pay-as-you-go EIP (as the EIP routing shows it). */
const routedPrePaid = (over: Partial<InstanceSnapshot> = {}) =>
  instance({ instanceChargeType: 'PrePaid', eipAllocationId: 'eip-bp9', publicIp: '47.9.9.9', ...over });

/** `mbps` outbound over the last 10 minutes (covers the 60 s up and 300 s down windows). */
function at(mbps: number, inst: InstanceSnapshot, over: Parameters<typeof input>[0] = {}) {
  return input({
    instance: inst,
    group: group({ bandwidth: bandwidthPolicy({ minMbps: 0, maxMbps: 200 }) }),
    metrics: { bandwidthOutBps: mbpsSeries(Array(10).fill(mbps), { newestMs: T0 - MIN }), cpuPercent: [] },
    ...over,
  });
}

function action(d: Decision) {
  if (d.kind !== 'scale' || d.action.kind !== 'bandwidth') throw new Error(`not a bandwidth change: ${d.message}`);
  return d.action;
}

describe('link facts', () => {
  it('tell an instance, a routed EIP, an EIP-bound instance, an EIP resource and a package apart', () => {
    const own = instance({ instanceChargeType: 'PrePaid' });
    expect(
      [own, routedPrePaid(), instance({ eipBound: true, eipAllocationId: 'eip-x' }), eip(), pkg()].map(isVpcLink),
    ).toEqual([false, true, false, true, true]);
    expect(bandwidthChargeType(own)).toBe('PrePaid');
    expect(bandwidthChargeType(routedPrePaid())).toBe('PostPaid');
    expect(bandwidthChargeType(pkg({ chargeType: 'PrePaid' }))).toBe('PostPaid');
    expect(linkBandwidthRange(eip(), 'PayByBandwidth')).toEqual({ minMbps: 1, maxMbps: 500 });
    expect(linkBandwidthRange(routedPrePaid(), 'PayByTraffic')).toEqual({ minMbps: 1, maxMbps: 200 });
    expect(linkBandwidthRange(pkg(), 'PayByBandwidth')).toEqual({ minMbps: 2, maxMbps: 20000 });
    expect(linkBandwidthRange(own, 'PayByBandwidth')).toEqual({ minMbps: 0, maxMbps: 200 });
    expect(resourceLabel(eip())).toBe('EIP eip-bp1');
    expect(resourceLabel(pkg())).toBe('bandwidth package cbwp-bp1');
    expect(resourceLabel(own)).toBeUndefined();
  });

  it('the bandwidth metric follows the link; a routed instance keeps its own series (it carries the EIP traffic)', () => {
    expect(
      [instance(), instance({ networkType: 'classic' }), routedPrePaid(), eip(), pkg()].map(bandwidthMetricSource),
    ).toEqual(['vpc', 'classic', 'vpc', 'eip', 'bandwidthPackage']);
  });

  it('no temporary upgrade for a link, whatever temporaryUpgrade says; a subscription instance of its own has them', () => {
    expect(usesTemporaryUpgrade({ temporaryUpgrade: 'always' }, routedPrePaid())).toBe(false);
    expect(usesTemporaryUpgrade({ temporaryUpgrade: 'always' }, pkg({ chargeType: 'PrePaid' }))).toBe(false);
    expect(usesTemporaryUpgrade({ temporaryUpgrade: 'auto' }, instance({ instanceChargeType: 'PrePaid' }))).toBe(true);
  });
});

describe('decide: an EIP managed by a group of EIPs', () => {
  it('scales past ECS’s 100 Mbps within the EIP’s 1–500 range', () => {
    const d = decide(at(84, eip({ bandwidthMbps: 100 })), T0);
    expect(action(d)).toMatchObject({ instanceId: 'eip-bp1', fromMbps: 100, toMbps: 120, direction: 'up' });
    expect(action(d).temporary).toBeUndefined();
  });

  it('never below 1 Mbps (the EIP minimum), and never allocates a public IP', () => {
    const d = decide(at(0, eip({ bandwidthMbps: 20 })), T0);
    expect(action(d)).toMatchObject({ toMbps: 1, direction: 'down', allocatePublicIp: false });
  });

  it('a security-locked EIP is named as an EIP', () => {
    const d = decide(at(84, eip({ lockReasons: ['security'] })), T0);
    expect(d).toMatchObject({ kind: 'skip', reason: 'security-locked' });
    expect(d.message).toBe('EIP eip-bp1 is locked for security: the platform refuses changes');
  });

  it('a subscription EIP is refused with the reason, before any bandwidth rule', () => {
    const d = decide(at(126, eip({ chargeType: 'PrePaid' })), T0);
    expect(d).toMatchObject({ kind: 'skip', reason: 'unsupported' });
    expect(d.message).toMatch(/subscription|PrePaid/i);
  });

  it('an instance-type policy (refused by the schema) is never run for it: unsupported, no type action', () => {
    const g = group({ bandwidth: bandwidthPolicy({ minMbps: 0, maxMbps: 200 }), instanceType: typePolicy() });
    const d = decide(at(14, eip(), { group: g }), T0);
    expect(d).toMatchObject({ kind: 'skip' });
    expect(d.message).toContain('instance type: EIP eip-bp1 has no instance type');
  });
});

describe('decide: a shared bandwidth package', () => {
  it('pay-by-bandwidth, pay-as-you-go: scales down to the package minimum of 2 Mbps, no quota spent', () => {
    const d = decide(at(0.5, pkg()), T0);
    const a = action(d);
    expect(a).toMatchObject({ instanceId: 'cbwp-bp1', fromMbps: 10, toMbps: 2, direction: 'down' });
    expect(stateUpdateFor(a, pkg(), state(), 86_400, T0).platformDowngradesIncrement).toBeUndefined();
  });

  it('enhanced 95th percentile: refused with packageRefusal’s reason, even saturated', () => {
    const d = decide(at(30, pkg({ internetChargeType: 'PayBy95' })), T0);
    expect(d).toMatchObject({ kind: 'skip', reason: 'unsupported' });
    expect(d.message).toContain('enhanced 95th percentile');
  });

  it('under strategy apply: no billing switch (the cold start would switch an instance to pay-by-traffic)', () => {
    const g = group({ bandwidth: bandwidthPolicy({ minMbps: 0, maxMbps: 200 }) });
    g.optimisation = { ...OPTIMISATION_DEFAULTS, strategy: { ...OPTIMISATION_DEFAULTS.strategy, mode: 'apply' } };
    const d = decide(at(7, pkg(), { group: g }), T0);
    expect(d.kind === 'scale' ? d.action.kind : d.reason).not.toBe('billingMethod');
    expect(decide(at(7, instance(), { group: g }), T0)).toMatchObject({ kind: 'scale', reason: 'billing-method' });
  });
});

describe('decide: a subscription instance routed to its pay-as-you-go EIP', () => {
  it('up: a permanent EIP change, no temporary upgrade (its own public bandwidth would get one)', () => {
    const own = action(decide(at(14, instance({ instanceChargeType: 'PrePaid' })), T0));
    expect(own.temporary).toBeDefined();
    const d = action(decide(at(14, routedPrePaid()), T0));
    expect(d).toMatchObject({ fromMbps: 10, toMbps: 20, direction: 'up' });
    expect(d.temporary).toBeUndefined();
    expect(stateUpdateFor(d, routedPrePaid(), state(), 86_400, T0).temporaryUpgrade).toBeUndefined();
  });

  it('down: scales down with 2 of 3 lifetime downgrades used, and spends none of them', () => {
    const used = state({ platformDowngrades: 2 });
    const own = decide(at(5, instance({ instanceChargeType: 'PrePaid', bandwidthOutMbps: 50 }), { state: used }), T0);
    expect(own).toMatchObject({ kind: 'skip', reason: 'no-permanent-downgrade' });
    const inst = routedPrePaid({ bandwidthOutMbps: 50 });
    const a = action(decide(at(5, inst, { state: used }), T0));
    expect(a).toMatchObject({ fromMbps: 50, toMbps: 8, direction: 'down' });
    const update = stateUpdateFor(a, inst, used, 86_400, T0);
    expect(update.platformDowngradesIncrement).toBeUndefined();
    expect(update.addDowngradeAtMs).toBe(T0);
  });

  it('its instance type keeps the subscription quota: the guard holds the last one, a type downgrade spends one', () => {
    const inst = routedPrePaid();
    const used = state({ platformDowngrades: 2 });
    const policy = typePolicy();
    expect(guardChange(at(5, inst, { state: used }), 'bandwidth', 'down', bandwidthPolicy(), T0)).toBeUndefined();
    expect(guardChange(at(5, inst, { state: used }), 'instanceType', 'down', policy, T0)).toMatchObject({
      reason: 'quota',
    });
    const typeDown = typeAction({ direction: 'down', api: 'ModifyPrepayInstanceSpec' });
    expect(stateUpdateFor(typeDown, inst, state(), 86_400, T0).platformDowngradesIncrement).toBe(1);
  });
});
