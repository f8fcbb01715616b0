// The network part of a fleet file (EIPs and shared bandwidth packages) refused field by field, with the VPC API's
// ranges per billing method: what fleet.test.ts does not reach. Every problem is named by path and rule, all of
// them at once; a valid declaration of each kind is accepted with the values it gave.
import { describe, expect, it } from 'vitest';
import { validateFleet } from '@ecs-autoscaler/local-cloud/ecs/fleet.js';
import { ConfigError } from '@ecs-autoscaler/local-cloud/errors.js';

const INSTANCE = {
  instanceId: 'i-a',
  zoneId: 'cn-hangzhou-h',
  instanceType: 'ecs.g7.large',
  instanceChargeType: 'PostPaid',
  internetChargeType: 'PayByBandwidth',
  bandwidthOutMbps: 5,
};
const STOCK = [{ instanceType: 'ecs.g7.large', zoneId: 'cn-hangzhou-h', available: 1 }];
const EIP = { allocationId: 'eip-a', ipAddress: '47.96.1.1', bandwidthMbps: 5 };
const PACKAGE = { bandwidthPackageId: 'cbwp-a', bandwidthMbps: 100 };

function fleet(over: Record<string, unknown>): Record<string, unknown> {
  return { instances: [INSTANCE], stock: STOCK, ...over };
}

/** `[path, rule]` of every problem, in the order found; [] when the fleet is accepted. */
function problemsOf(doc: unknown): [string, string][] {
  try {
    validateFleet(doc, 'fleet.json');
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems.map(({ path, rule }) => [path, rule]);
  }
}

describe('fleet EIPs', () => {
  it('accepts a full declaration: subscription, pay-by-bandwidth up to 500, in a package, named and tagged', () => {
    const eip = {
      ...EIP,
      bandwidthMbps: 500,
      internetChargeType: 'PayByBandwidth',
      chargeType: 'PrePaid',
      bandwidthPackageId: 'cbwp-a',
      name: 'gateway',
      tags: { team: 'web' },
    };
    const f = validateFleet(fleet({ eips: [eip], bandwidthPackages: [PACKAGE] }), 'fleet.json');
    expect(f.eips).toEqual([eip]);
    expect(f.bandwidthPackages).toEqual([PACKAGE]);
  });

  it('refuses what is not an object, and every bad field of one that is', () => {
    expect(
      problemsOf(
        fleet({
          eips: [
            null,
            'eip-x',
            { ...EIP, allocationId: 'eip-b', chargeType: 'Monthly', name: 7, tags: { team: 1 } },
            { ...EIP, allocationId: 'eip-c', ipAddress: '256.1.1.1', bandwidthMbps: 201 },
            { ...EIP, allocationId: 'eip-d', ipAddress: 47, tags: ['web'] },
          ],
        }),
      ),
    ).toEqual([
      ['eips[0]', 'must be an object {allocationId, ipAddress, bandwidthMbps, …}'],
      ['eips[1]', 'must be an object {allocationId, ipAddress, bandwidthMbps, …}'],
      ['eips[2].chargeType', 'must be PostPaid or PrePaid'],
      ['eips[2].name', 'must be a string'],
      ['eips[2].tags', 'must map tag keys to string values'],
      ['eips[3].ipAddress', 'must be an IPv4 address'],
      ['eips[3].bandwidthMbps', 'must be an integer 1-200 (PayByTraffic)'],
      ['eips[4].ipAddress', 'must be an IPv4 address'],
      ['eips[4].tags', 'must map tag keys to string values'],
    ]);
  });

  it('an unknown billing method is refused, and the bandwidth is checked against pay-by-traffic’s 1-200', () => {
    expect(problemsOf(fleet({ eips: [{ ...EIP, internetChargeType: 'PayBy95', bandwidthMbps: 300 }] }))).toEqual([
      ['eips[0].internetChargeType', 'must be PayByTraffic or PayByBandwidth'],
      ['eips[0].bandwidthMbps', 'must be an integer 1-200 (PayByTraffic)'],
    ]);
  });

  it('refuses `eips` that is not an array, and a package id that is not a string', () => {
    expect(problemsOf(fleet({ eips: { allocationId: 'eip-a' } }))).toEqual([['eips', 'must be an array']]);
    // Without an id, an EIP is refused for it once, and still checked for a duplicate address.
    expect(problemsOf(fleet({ eips: [{ ipAddress: '47.96.1.1', bandwidthMbps: 5 }, EIP] }))).toEqual([
      ['eips[0].allocationId', 'must match eip-[a-z0-9-]+'],
      ['eips[1].ipAddress', 'must be unique (EIPs and public IPs)'],
    ]);
    expect(problemsOf(fleet({ eips: [{ ...EIP, bandwidthPackageId: 7 }], bandwidthPackages: [PACKAGE] }))).toEqual([
      ['eips[0].bandwidthPackageId', 'must name a package of bandwidthPackages'],
    ]);
  });

  it('an EIP-bound instance has neither bandwidth nor a public IP of its own; addresses are unique fleet-wide', () => {
    const bound = { ...INSTANCE, instanceId: 'i-b', bandwidthOutMbps: 5, publicIp: '47.96.2.2', eip: EIP };
    const own = { ...INSTANCE, instanceId: 'i-c', publicIp: '47.96.3.3' };
    expect(
      problemsOf({
        instances: [null, own, bound],
        stock: STOCK,
        eips: [
          { ...EIP, ipAddress: '47.96.3.3' },
          { ...EIP, allocationId: 'eip-e', ipAddress: '47.96.2.2' },
        ],
      }).filter(([path]) => !path.startsWith('instances[0].')),
    ).toEqual([
      [
        'instances[2].bandwidthOutMbps',
        'must be 0 for an EIP-bound instance (its public traffic goes through the EIP)',
      ],
      ['instances[2].publicIp', 'must be absent for an EIP-bound instance'],
      ['eips[0].allocationId', 'must be unique'],
      ['eips[0].ipAddress', 'must be unique (EIPs and public IPs)'],
      ['eips[1].ipAddress', 'must be unique (EIPs and public IPs)'],
    ]);
  });
});

describe('fleet bandwidth packages', () => {
  it.each([
    ['PayByBandwidth', 2, 20000],
    ['PayBy95', 200, 20000],
    ['PayByDominantTraffic', 1, 2000],
  ])('%s: %i-%i Mbps (ModifyCommonBandwidthPackageSpec)', (method, min, max) => {
    const at = (bandwidthMbps: number) =>
      problemsOf(fleet({ bandwidthPackages: [{ ...PACKAGE, internetChargeType: method, bandwidthMbps }] }));
    const refused = [['bandwidthPackages[0].bandwidthMbps', `must be an integer ${min}-${max} (${method})`]];
    expect(at(min)).toEqual([]);
    expect(at(max)).toEqual([]);
    expect(at(min - 1)).toEqual(refused);
    expect(at(max + 1)).toEqual(refused);
  });

  it('refuses what is not an object, every bad field, an unknown method (checked as pay-by-bandwidth), duplicates', () => {
    expect(
      problemsOf(
        fleet({
          bandwidthPackages: [
            7,
            { ...PACKAGE, bandwidthPackageId: 'pkg-1', size: 'L' },
            { ...PACKAGE, internetChargeType: 'PayByTraffic', bandwidthMbps: 1, chargeType: 'Yearly' },
            { ...PACKAGE, name: ['p'], tags: 'web', chargeType: 'PostPaid' },
            { ...PACKAGE, bandwidthPackageId: 9 },
          ],
        }),
      ),
    ).toEqual([
      ['bandwidthPackages[0]', 'must be an object {bandwidthPackageId, bandwidthMbps, …}'],
      ['bandwidthPackages[1].size', 'is not a known key'],
      ['bandwidthPackages[1].bandwidthPackageId', 'must match cbwp-[a-z0-9-]+'],
      ['bandwidthPackages[2].internetChargeType', 'must be PayByBandwidth, PayBy95 or PayByDominantTraffic'],
      ['bandwidthPackages[2].chargeType', 'must be PostPaid or PrePaid'],
      ['bandwidthPackages[2].bandwidthMbps', 'must be an integer 2-20000 (PayByBandwidth)'],
      ['bandwidthPackages[3].name', 'must be a string'],
      ['bandwidthPackages[3].tags', 'must map tag keys to string values'],
      ['bandwidthPackages[3].bandwidthPackageId', 'must be unique'],
      ['bandwidthPackages[4].bandwidthPackageId', 'must match cbwp-[a-z0-9-]+'],
    ]);
  });

  it('refuses `bandwidthPackages` that is not an array', () => {
    expect(problemsOf(fleet({ bandwidthPackages: 'cbwp-a' }))).toEqual([['bandwidthPackages', 'must be an array']]);
  });
});
