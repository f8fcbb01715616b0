// A fleet file (`autoscaler emulate --fleet`) of the wrong shape is refused with every problem named by its path:
// not an object, no instances or stock arrays, null entries, unknown stock types or zones, a region that is not a
// string, a negative platform downgrade count. A minimal valid file keeps its region.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@ecs-autoscaler/local-cloud/errors.js';
import { validateFleet } from '@ecs-autoscaler/local-cloud/ecs/fleet.js';

function problemsOf(doc: unknown): { path: string; rule: string }[] {
  try {
    validateFleet(doc, 'fleet.json');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems.map(({ path, rule }) => ({ path, rule }));
  }
  throw new Error('expected the fleet to be refused');
}

const INSTANCE = {
  instanceId: 'i-a',
  zoneId: 'cn-hangzhou-h',
  instanceType: 'ecs.g7.large',
  instanceChargeType: 'PostPaid',
  internetChargeType: 'PayByBandwidth',
  bandwidthOutMbps: 5,
};

describe('validateFleet: the shape of the file', () => {
  it.each([[null], [[]], ['fleet'], [7]])('refuses %j as a whole', (doc) => {
    expect(problemsOf(doc)).toEqual([{ path: '', rule: 'must be an object {regionId?, instances, stock}' }]);
  });

  it('names missing instances and stock arrays and a region that is not a string', () => {
    expect(problemsOf({ regionId: 42 })).toEqual([
      { path: 'instances', rule: 'must be an array' },
      { path: 'stock', rule: 'must be an array' },
      { path: 'regionId', rule: 'must be a string' },
    ]);
  });

  it('names each bad field of null and malformed entries', () => {
    const problems = problemsOf({
      instances: [{ ...INSTANCE, platformDowngrades: -1 }, null],
      stock: [null, { instanceType: 'ecs.nope', zoneId: 'cn-hangzhou-h', available: 1 }],
    });
    expect(problems.map((p) => p.path)).toEqual([
      'instances[0].platformDowngrades',
      'instances[1].instanceId',
      'instances[1].zoneId',
      'instances[1].instanceType',
      'instances[1].instanceChargeType',
      'instances[1].internetChargeType',
      'instances[1].bandwidthOutMbps',
      'stock[0].instanceType',
      'stock[0].zoneId',
      'stock[0].available',
      'stock[1].instanceType',
    ]);
  });

  it('accepts a minimal file and keeps its region', () => {
    const fleet = validateFleet(
      { regionId: 'cn-shanghai', instances: [{ ...INSTANCE, platformDowngrades: 2 }], stock: [] },
      'fleet.json',
    );
    expect(fleet).toEqual({
      regionId: 'cn-shanghai',
      instances: [{ ...INSTANCE, platformDowngrades: 2 }],
      stock: [],
    });
  });
});
