// When an EIP-bound instance's bandwidth is routed to its EIP, and what one change becomes on the EIP.
import { describe, expect, it } from 'vitest';
import {
  type EipFacts,
  eipStateRefusal,
  planEipResourceWrite,
  planEipWrite,
  routeToEip,
} from '../../src/core/eipLink.js';
import { instance } from './builders.js';

const bound = (over = {}) =>
  instance({
    instanceId: 'i-eip',
    instanceChargeType: 'PostPaid',
    internetChargeType: 'PayByTraffic',
    bandwidthOutMbps: 0,
    eipBound: true,
    eipAllocationId: 'eip-1',
    ...over,
  });

const eip = (over: Partial<EipFacts> = {}): EipFacts => ({
  allocationId: 'eip-1',
  ipAddress: '47.96.1.1',
  bandwidthMbps: 10,
  internetChargeType: 'PayByBandwidth',
  chargeType: 'PostPaid',
  status: 'InUse',
  instanceId: 'i-eip',
  lockReasons: [],
  ...over,
});

describe('routeToEip', () => {
  it('an instance without an EIP is its own link', () => {
    expect(routeToEip(instance({ eipBound: false }), undefined)).toEqual({ kind: 'none' });
    expect(routeToEip(instance({ eipBound: true }), eip())).toEqual({ kind: 'none' });
  });

  it('a pay-as-you-go instance with a scalable EIP looks like a pay-as-you-go link billed as its EIP', () => {
    const r = routeToEip(bound(), eip());
    expect(r).toEqual({
      kind: 'route',
      instance: expect.objectContaining({
        eipBound: false,
        eipAllocationId: 'eip-1',
        bandwidthOutMbps: 10,
        internetChargeType: 'PayByBandwidth',
        publicIp: '47.96.1.1',
        instanceChargeType: 'PostPaid',
      }),
    });
    const noIp = routeToEip(bound({ publicIp: '1.2.3.4' }), eip({ ipAddress: '' }));
    expect(noIp.kind === 'route' && noIp.instance.publicIp).toBe('1.2.3.4');
  });

  it.each([
    ['not found', undefined, /eip-1 bound to i-eip is not found/],
    ['bound elsewhere', eip({ instanceId: 'i-other' }), /bound to i-other now, not to i-eip/],
    ['bound to nothing', eip({ instanceId: undefined }), /bound to nothing now/],
    ['in a package', eip({ bandwidthPackageId: 'cbwp-9' }), /shared bandwidth package cbwp-9.*not scaled per instance/],
    ['a subscription EIP', eip({ chargeType: 'PrePaid' }), /subscription: its bandwidth changes through an order/],
    ['locked', eip({ lockReasons: ['financial'] }), /locked \(financial\)/],
    ['not in use', eip({ status: 'Unassociating' }), /is Unassociating, not InUse/],
    ['status unknown', eip({ status: '' }), /in an unknown state/],
  ])('an EIP %s stays eip-bound, with the reason', (_name, facts, reason) => {
    const r = routeToEip(bound(), facts);
    expect(r.kind).toBe('keep');
    expect(r.kind === 'keep' && r.reason).toMatch(reason);
  });

  it('a subscription instance with a pay-as-you-go EIP is routed (the core treats the link as pay-as-you-go)', () => {
    const r = routeToEip(bound({ instanceChargeType: 'PrePaid' }), eip());
    expect(r).toEqual({
      kind: 'route',
      instance: expect.objectContaining({ instanceChargeType: 'PrePaid', eipBound: false, eipAllocationId: 'eip-1' }),
    });
  });

  it("puts the EIP's tags on the routed snapshot (a copy), and none when VPC gave none", () => {
    const tags = { team: 'edge' };
    const r = routeToEip(bound(), eip({ tags }));
    expect(r.kind === 'route' && r.instance.eipTags).toEqual({ team: 'edge' });
    expect(r.kind === 'route' && r.instance.eipTags).not.toBe(tags);
    const none = routeToEip(bound(), eip());
    expect(none.kind === 'route' && 'eipTags' in none.instance).toBe(false);
  });
});

describe('planEipWrite (on a fresh read of the EIP)', () => {
  const req = { instanceId: 'i-eip', bandwidthOutMbps: 20 };

  it('writes the absolute target once, and nothing when the EIP already has it', () => {
    expect(planEipWrite('eip-1', eip(), req)).toEqual({ kind: 'modify', allocationId: 'eip-1', bandwidthMbps: 20 });
    expect(planEipWrite('eip-1', eip({ bandwidthMbps: 20 }), req)).toEqual({ kind: 'none' });
    const same = { ...req, networkChargeType: 'PayByBandwidth' as const };
    expect(planEipWrite('eip-1', eip(), same).kind).toBe('modify');
  });

  it.each([
    ['gone', undefined, 'InvalidAllocationId.NotFound'],
    ['in a package', eip({ bandwidthPackageId: 'cbwp-9' }), 'Forbidden.InCommonBandwidthPackage'],
    ['a subscription', eip({ chargeType: 'PrePaid' }), 'Forbidden.ChargeTypeIsPrepaid'],
    ['moved', eip({ instanceId: 'i-other' }), 'EipRouting.NotBound'],
    ['busy', eip({ status: 'Associating' }), 'IncorrectEipStatus'],
    ['locked', eip({ lockReasons: ['security'] }), 'IncorrectEipStatus'],
  ])('refuses without a call when the EIP is %s', (_name, facts, code) => {
    expect(planEipWrite('eip-1', facts, req)).toMatchObject({ kind: 'refuse', code });
  });

  it('names the package of an EIP in a shared bandwidth package', () => {
    const w = planEipWrite('eip-1', eip({ bandwidthPackageId: 'cbwp-9' }), req);
    expect(w.kind === 'refuse' && w.message).toMatch(/cbwp-9/);
  });

  it('refuses a temporary upgrade, a billing switch and a bandwidth outside the EIP range', () => {
    expect(planEipWrite('eip-1', eip(), { ...req, startTime: '2025-01-01T00:00Z' })).toMatchObject({
      code: 'EipRouting.NoTemporaryUpgrade',
    });
    expect(planEipWrite('eip-1', eip(), { ...req, endTime: '2025-01-01T03:00Z' })).toMatchObject({
      code: 'EipRouting.NoTemporaryUpgrade',
    });
    expect(planEipWrite('eip-1', eip(), { ...req, networkChargeType: 'PayByTraffic' })).toMatchObject({
      code: 'EipRouting.NoBillingSwitch',
    });
    expect(planEipWrite('eip-1', eip(), { ...req, bandwidthOutMbps: 0 })).toMatchObject({ code: 'InvalidParameter' });
    expect(planEipWrite('eip-1', eip(), { ...req, bandwidthOutMbps: 2.5 })).toMatchObject({ code: 'InvalidParameter' });
    expect(planEipWrite('eip-1', eip(), { ...req, bandwidthOutMbps: 500 }).kind).toBe('modify');
    const traffic = eip({ internetChargeType: 'PayByTraffic' });
    expect(planEipWrite('eip-1', traffic, { ...req, bandwidthOutMbps: 201 })).toMatchObject({
      code: 'InvalidParameter',
      message: expect.stringMatching(/1–200 Mbps, not 201/),
    });
  });
});

describe('eipStateRefusal', () => {
  it('lists the usable statuses it was given', () => {
    expect(eipStateRefusal(eip({ status: 'Associating' }), ['InUse', 'Available'])).toMatch(
      /eip-1 is Associating, not InUse or Available/,
    );
    expect(eipStateRefusal(eip({ status: 'Available' }), ['InUse', 'Available'])).toBeUndefined();
  });
});

describe('planEipResourceWrite (an EIP managed as a resource: no binding)', () => {
  const req = { instanceId: 'eip-1', bandwidthOutMbps: 20 };

  it('changes an EIP bound to anything or to nothing, InUse or Available', () => {
    const modify = { kind: 'modify', allocationId: 'eip-1', bandwidthMbps: 20 };
    expect(planEipResourceWrite('eip-1', eip({ instanceId: 'i-other' }), req)).toEqual(modify);
    expect(planEipResourceWrite('eip-1', eip({ instanceId: undefined, status: 'Available' }), req)).toEqual(modify);
    expect(planEipResourceWrite('eip-1', eip({ bandwidthMbps: 20 }), req)).toEqual({ kind: 'none' });
  });

  it.each([
    ['gone', undefined, 'InvalidAllocationId.NotFound', /eip-1 is not found/],
    ['in a package', eip({ bandwidthPackageId: 'cbwp-9' }), 'Forbidden.InCommonBandwidthPackage', /cbwp-9/],
    ['a subscription', eip({ chargeType: 'PrePaid' }), 'Forbidden.ChargeTypeIsPrepaid', /subscription/],
    ['busy', eip({ status: 'Releasing' }), 'IncorrectEipStatus', /Releasing, not InUse or Available/],
    ['locked', eip({ lockReasons: ['financial'] }), 'IncorrectEipStatus', /locked/],
  ])('refuses without a call when the EIP is %s', (_name, facts, code, message) => {
    expect(planEipResourceWrite('eip-1', facts, req)).toMatchObject({ kind: 'refuse', code, message });
  });

  it('keeps the EIP rules: no temporary upgrade, no billing switch, the range of its metering method', () => {
    expect(planEipResourceWrite('eip-1', eip(), { ...req, endTime: 'x' })).toMatchObject({
      code: 'EipRouting.NoTemporaryUpgrade',
    });
    expect(planEipResourceWrite('eip-1', eip(), { ...req, networkChargeType: 'PayByTraffic' })).toMatchObject({
      code: 'EipRouting.NoBillingSwitch',
    });
    expect(planEipResourceWrite('eip-1', eip(), { ...req, bandwidthOutMbps: 501 })).toMatchObject({
      code: 'InvalidParameter',
    });
  });
});
