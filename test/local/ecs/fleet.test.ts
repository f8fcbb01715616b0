import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@ecs-autoscaler/local-cloud/errors.js';
import { defaultFleet, loadFleet, validateFleet } from '@ecs-autoscaler/local-cloud/ecs/fleet.js';

const root = resolve(import.meta.dirname, '../../..');

describe('fleet files', () => {
  it('ships a default fleet covering the charge-type matrix, an EIP and a security lock', () => {
    const fleet = loadFleet(join(root, 'packages/local-cloud/fleet.json'));
    expect(defaultFleet()).toEqual(fleet);
    const combos = new Set(fleet.instances.map((i) => `${i.instanceChargeType}/${i.internetChargeType}`));
    expect(combos).toEqual(
      new Set(['PostPaid/PayByBandwidth', 'PostPaid/PayByTraffic', 'PrePaid/PayByBandwidth', 'PrePaid/PayByTraffic']),
    );
    expect(fleet.instances.some((i) => i.eip)).toBe(true);
    expect(fleet.instances.some((i) => i.lockReasons?.includes('security'))).toBe(true);
    const types = new Set(fleet.stock.map((s) => s.instanceType));
    for (const t of ['ecs.g7.large', 'ecs.g7.xlarge', 'ecs.g7.2xlarge', 'ecs.g7.4xlarge', 'ecs.c7.large'])
      expect(types).toContain(t);
  });

  it('reports every problem at once, naming the key, the rule and the value', () => {
    const bad = {
      instances: [
        {
          instanceId: 'web',
          zoneId: 'z',
          instanceType: 'ecs.g7.huge',
          instanceChargeType: 'Free',
          internetChargeType: 'PayByTraffic',
          bandwidthOutMbps: 101,
        },
        {
          instanceId: 'i-a',
          zoneId: 'z',
          instanceType: 'ecs.g7.large',
          instanceChargeType: 'PrePaid',
          internetChargeType: 'PayByBandwidth',
          bandwidthOutMbps: 200,
        },
        {
          instanceId: 'i-a',
          zoneId: 'z',
          instanceType: 'ecs.g7.large',
          instanceChargeType: 'PostPaid',
          internetChargeType: 'PayByBandwidth',
          bandwidthOutMbps: 1,
        },
      ],
      stock: [{ instanceType: 'ecs.g7.large', zoneId: 'z', available: -1 }],
      extra: true,
    };
    let err: unknown;
    try {
      validateFleet(bad, 'my-fleet.json');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const paths = (err as ConfigError).problems.map((p) => p.path);
    expect(paths).toEqual([
      'extra',
      'instances[0].instanceId',
      'instances[0].instanceType',
      'instances[0].instanceChargeType',
      'instances[0].bandwidthOutMbps',
      'instances[2].instanceId',
      'stock[0].available',
    ]);
    expect((err as ConfigError).message).toContain('my-fleet.json: 7 problems');
  });

  it('binds EIPs to instances and EIPs to shared bandwidth packages', () => {
    const fleet = defaultFleet();
    const bound = fleet.instances.find((i) => i.eip);
    expect(bound?.eip).toMatchObject({ internetChargeType: 'PayByBandwidth', bandwidthMbps: 5 });
    expect(bound?.tags?.['autoscaler-group']).toBe('web');
    expect(fleet.eips?.map((e) => e.bandwidthPackageId)).toEqual(['cbwp-local0001']);
    expect(fleet.bandwidthPackages?.map((p) => p.bandwidthPackageId)).toEqual(['cbwp-local0001']);
  });

  it('reports every EIP and package problem at once, with path, rule and value', () => {
    const inst = (over: Record<string, unknown>) => ({
      instanceId: 'i-a',
      zoneId: 'z',
      instanceType: 'ecs.g7.large',
      instanceChargeType: 'PostPaid',
      internetChargeType: 'PayByTraffic',
      bandwidthOutMbps: 0,
      ...over,
    });
    const bad = {
      instances: [
        inst({
          eip: { allocationId: 'eip-1', ipAddress: '47.96.20.1', bandwidthMbps: 201, extra: 1 },
          bandwidthOutMbps: 5,
          publicIp: '47.96.9.9',
        }),
        inst({
          instanceId: 'i-b',
          eip: {
            allocationId: 'eip-1',
            ipAddress: '47.96.20.1',
            bandwidthMbps: 300,
            internetChargeType: 'PayByBandwidth',
            bandwidthPackageId: 'cbwp-none',
          },
        }),
        inst({ instanceId: 'i-c', eip: { allocationId: 'nope', ipAddress: '1.2.3', bandwidthMbps: 0 } }),
      ],
      stock: [],
      eips: [{ allocationId: 'eip-2', ipAddress: '47.96.9.9', bandwidthMbps: 5, internetChargeType: 'Free' }],
      bandwidthPackages: [
        { bandwidthPackageId: 'cbwp-1', bandwidthMbps: 100, internetChargeType: 'PayBy95' },
        { bandwidthPackageId: 'cbwp-1', bandwidthMbps: 1 },
      ],
    };
    let err: unknown;
    try {
      validateFleet(bad, 'eip-fleet.json');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems.map((p) => [p.path, p.value]);
    expect(problems).toEqual([
      ['bandwidthPackages[0].bandwidthMbps', 100],
      ['bandwidthPackages[1].bandwidthMbps', 1],
      ['bandwidthPackages[1].bandwidthPackageId', 'cbwp-1'],
      ['instances[0].eip.extra', undefined],
      ['instances[0].eip.bandwidthMbps', 201],
      ['instances[0].bandwidthOutMbps', 5],
      ['instances[0].publicIp', '47.96.9.9'],
      ['instances[1].eip.bandwidthPackageId', 'cbwp-none'],
      ['instances[1].eip.allocationId', 'eip-1'],
      ['instances[1].eip.ipAddress', '47.96.20.1'],
      ['instances[2].eip.allocationId', 'nope'],
      ['instances[2].eip.ipAddress', '1.2.3'],
      ['instances[2].eip.bandwidthMbps', 0],
      ['eips[0].internetChargeType', 'Free'],
      ['eips[0].ipAddress', '47.96.9.9'],
    ]);
    const rules = new Map((err as ConfigError).problems.map((p) => [p.path, p.rule]));
    expect(rules.get('bandwidthPackages[0].bandwidthMbps')).toBe('must be an integer 200-20000 (PayBy95)');
    expect(rules.get('instances[0].eip.bandwidthMbps')).toBe('must be an integer 1-200 (PayByTraffic)');
    expect(rules.get('instances[1].eip.bandwidthMbps')).toBeUndefined(); // 300 is within 1-500 PayByBandwidth
    expect(rules.get('instances[1].eip.bandwidthPackageId')).toBe('must name a package of bandwidthPackages');
    expect(rules.get('instances[0].bandwidthOutMbps')).toMatch(/must be 0 for an EIP-bound instance/);
    expect((err as ConfigError).message).toContain('eip-fleet.json: 15 problems');
  });

  it.each([
    { name: 'unreadable', content: undefined, rule: /cannot be read/ },
    { name: 'not JSON', content: '{nope', rule: /must be valid JSON/ },
  ])('names the file when it is $name', ({ content, rule }) => {
    const dir = mkdtempSync(join(tmpdir(), 'fleet-'));
    const file = join(dir, 'fleet.json');
    if (content !== undefined) writeFileSync(file, content);
    expect(() => loadFleet(file)).toThrow(rule);
  });
});
