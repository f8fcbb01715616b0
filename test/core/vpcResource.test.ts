// EIPs and shared bandwidth packages managed as resources: their bandwidth-only snapshots, and what one change
// becomes on a package (read before write).
import { describe, expect, it } from 'vitest';
import {
  type EipResourceFacts,
  eipResourceSnapshot,
  PACKAGE_BANDWIDTH_RANGE,
  type PackageResourceFacts,
  packageResourceSnapshot,
  planPackageWrite,
} from '../../src/core/vpcResource.js';

const eip = (over: Partial<EipResourceFacts> = {}): EipResourceFacts => ({
  allocationId: 'eip-1',
  ipAddress: '47.96.1.1',
  bandwidthMbps: 10,
  internetChargeType: 'PayByBandwidth',
  chargeType: 'PostPaid',
  status: 'InUse',
  instanceId: 'i-1',
  lockReasons: [],
  tags: { team: 'edge' },
  ...over,
});

const pkg = (over: Partial<PackageResourceFacts> = {}): PackageResourceFacts => ({
  bandwidthPackageId: 'cbwp-1',
  bandwidthMbps: 200,
  internetChargeType: 'PayByBandwidth',
  chargeType: 'PostPaid',
  status: 'Available',
  tags: { team: 'edge' },
  ...over,
});

describe('eipResourceSnapshot', () => {
  it('is a bandwidth-only link billed as the EIP, carrying its own allocation id and tags', () => {
    expect(eipResourceSnapshot(eip({ name: 'web' }), 'cn-hangzhou')).toEqual({
      instanceId: 'eip-1',
      instanceName: 'web',
      regionId: 'cn-hangzhou',
      zoneId: '',
      status: 'Running',
      instanceType: '',
      instanceTypeFamily: '',
      cpu: 0,
      memoryMiB: 0,
      instanceChargeType: 'PostPaid',
      internetChargeType: 'PayByBandwidth',
      bandwidthOutMbps: 10,
      bandwidthInMbps: 0,
      publicIp: '47.96.1.1',
      eipBound: false,
      eipAllocationId: 'eip-1',
      securityLocked: false,
      tags: { team: 'edge' },
      resource: 'eip',
    });
  });

  it('an unbound (Available) EIP without a name or address can be changed too', () => {
    const s = eipResourceSnapshot(eip({ status: 'Available', instanceId: undefined, ipAddress: '' }), 'r');
    expect(s.linkRefusal).toBeUndefined();
    expect('instanceName' in s || 'publicIp' in s).toBe(false);
  });

  it.each([
    ['in a package', eip({ bandwidthPackageId: 'cbwp-9' }), /shared bandwidth package cbwp-9/],
    ['a subscription', eip({ chargeType: 'PrePaid' }), /subscription/],
    ['locked', eip({ lockReasons: ['financial'] }), /locked \(financial\)/],
    ['busy', eip({ status: 'Associating' }), /Associating, not InUse or Available/],
  ])('an EIP %s carries why it cannot be changed', (_name, facts, why) => {
    expect(eipResourceSnapshot(facts, 'r').linkRefusal).toMatch(why);
  });

  it('a security lock shows as securityLocked', () => {
    expect(eipResourceSnapshot(eip({ lockReasons: ['security'] }), 'r')).toMatchObject({
      securityLocked: true,
      linkRefusal: expect.stringMatching(/locked \(security\)/),
    });
  });
});

describe('packageResourceSnapshot', () => {
  it('is a pay-by-bandwidth link at the package bandwidth, with no allocation id', () => {
    expect(packageResourceSnapshot(pkg({ name: 'shared' }), 'cn-hangzhou')).toEqual({
      instanceId: 'cbwp-1',
      instanceName: 'shared',
      regionId: 'cn-hangzhou',
      zoneId: '',
      status: 'Running',
      instanceType: '',
      instanceTypeFamily: '',
      cpu: 0,
      memoryMiB: 0,
      instanceChargeType: 'PostPaid',
      internetChargeType: 'PayByBandwidth',
      bandwidthOutMbps: 200,
      bandwidthInMbps: 0,
      eipBound: false,
      securityLocked: false,
      tags: { team: 'edge' },
      resource: 'bandwidthPackage',
    });
  });

  it.each([
    ['enhanced 95th percentile', pkg({ internetChargeType: 'PayBy95' }), /enhanced 95th percentile/],
    ['dominant traffic', pkg({ internetChargeType: 'PayByDominantTraffic' }), /dominant traffic/],
    ['a subscription', pkg({ chargeType: 'PrePaid' }), /subscription/],
  ])('a package billed by %s carries the refusal', (_name, facts, why) => {
    expect(packageResourceSnapshot(facts, 'r').linkRefusal).toMatch(why);
  });
});

describe('planPackageWrite (on a fresh read of the package)', () => {
  const req = { instanceId: 'cbwp-1', bandwidthOutMbps: 300 };

  it('writes the absolute target once, and nothing when the package already has it', () => {
    expect(planPackageWrite('cbwp-1', pkg(), req)).toEqual({
      kind: 'modify',
      bandwidthPackageId: 'cbwp-1',
      bandwidthMbps: 300,
    });
    expect(planPackageWrite('cbwp-1', pkg({ bandwidthMbps: 300 }), req)).toEqual({ kind: 'none' });
    expect(planPackageWrite('cbwp-1', pkg(), { ...req, networkChargeType: 'PayByBandwidth' }).kind).toBe('modify');
  });

  it('a package still Modifying is a retryable refusal: the retry reads it again', () => {
    expect(planPackageWrite('cbwp-1', pkg({ status: 'Modifying', bandwidthMbps: 300 }), req)).toMatchObject({
      kind: 'refuse',
      code: 'IncorrectStatus.CbwpModifying',
      retryable: true,
    });
  });

  it.each([
    ['gone', undefined, 'InvalidBandwidthPackageId.NotFound', /not found/],
    ['enhanced 95', pkg({ internetChargeType: 'PayBy95' }), 'VpcResource.Unsupported', /enhanced 95th/],
    ['a subscription', pkg({ chargeType: 'PrePaid' }), 'Forbidden.ChargeTypeIsPrepaid', /subscription/],
    ['in an odd status', pkg({ status: 'Deleting' }), 'IncorrectStatus.ResourceStatus', /Deleting, not Available/],
    ['in no status', pkg({ status: '' }), 'IncorrectStatus.ResourceStatus', /unknown state/],
  ])('refuses, final, when the package is %s', (_name, facts, code, message) => {
    expect(planPackageWrite('cbwp-1', facts, req)).toEqual({
      kind: 'refuse',
      code,
      message: expect.stringMatching(message),
      retryable: false,
    });
  });

  it('refuses a temporary upgrade, a billing switch and a bandwidth outside 2–20000 Mbps', () => {
    const code = (over: object) => {
      const w = planPackageWrite('cbwp-1', pkg(), { ...req, ...over });
      return w.kind === 'refuse' ? w.code : w.kind;
    };
    expect(code({ startTime: 'x' })).toBe('VpcResource.NoTemporaryUpgrade');
    expect(code({ endTime: 'y' })).toBe('VpcResource.NoTemporaryUpgrade');
    expect(code({ networkChargeType: 'PayByTraffic' })).toBe('VpcResource.NoBillingSwitch');
    expect(code({ bandwidthOutMbps: PACKAGE_BANDWIDTH_RANGE.minMbps - 1 })).toBe('InvalidParameter');
    expect(code({ bandwidthOutMbps: PACKAGE_BANDWIDTH_RANGE.maxMbps + 1 })).toBe('InvalidParameter');
    expect(code({ bandwidthOutMbps: 2.5 })).toBe('InvalidParameter');
    expect(code({ bandwidthOutMbps: 2 })).toBe('modify');
    expect(code({ bandwidthOutMbps: 20000 })).toBe('modify');
  });
});
